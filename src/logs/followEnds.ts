// When followed log streams are ended from here rather than by the Engine. A manager without a
// leader (a quorum lost, a partition) may keep a log stream open and silent, and a stream
// opened on one engine goes on from it after the connection switched to another: either way
// the channel would show nothing and say nothing. Each live follow then ends with a note in its
// channel and the Follow Again offer (src/logs/followAgain.ts), which follows again through the
// connection in use. Free of the VS Code API, so that plain mocha can test the rule.
import { ELECTION_GRACE_MS, managerCount, quorumWords } from '../tree/noLeader';
import type { ConnectionState } from '../tree/storeTypes';

/** What the rule reads of the store (src/tree/swarmStore.ts). */
export interface SwarmReadView {
  readonly state: ConnectionState;
  readonly readState: { readonly staleSince: number | undefined; readonly noLeaderForMs: number };
  readonly nodes: readonly { role: string }[];
}

interface Subscribable<T> {
  (listener: (e: T) => void): { dispose(): void };
}

/**
 * Why live follows end after a read of the swarm; undefined while they go on. The rule: the rows
 * shown are stale (kept because the manager says it has no leader, or, in a swarm of several
 * managers, does not answer in time) and have been for longer than an election takes
 * (ELECTION_GRACE_MS, the same wait after which the view says "No quorum"). So an election over
 * within that time ends nothing, even though the rows were marked stale meanwhile; a read that
 * works ends nothing; a read that fails otherwise (the engine gone: the rows are emptied) ends
 * nothing here, as the stream then fails by itself and says so. Asked after every read, not only
 * when the swarm is first found lost: a follow started meanwhile (Follow Again clicked too early)
 * ends at the next read too (every 3 s while the rows are stale).
 */
export function swarmLostReason(store: SwarmReadView): string | undefined {
  const { staleSince, noLeaderForMs } = store.readState;
  if (staleSince === undefined || noLeaderForMs < ELECTION_GRACE_MS) return undefined;
  const again = 'Follow Again once it has one';
  if (store.state === 'noLeader') {
    const quorum = quorumWords(managerCount(store));
    return `the swarm has no leader (${quorum.charAt(0).toLowerCase()}${quorum.slice(1)}); ${again}`;
  }
  const seconds = Math.floor(noLeaderForMs / 1000);
  return `the manager has not answered for ${seconds} s (the swarm has no leader, or this manager is cut off from the others); ${again}`;
}

/** Why live follows end when the connection switched to another endpoint (`endpoint`: as the status bar's tooltip names it). */
export function switchedReason(endpoint: string | undefined): string {
  return endpoint === undefined
    ? 'the Docker endpoint changed and none is usable now'
    : `now connected to ${endpoint}; Follow Again to follow it there`;
}

export interface FollowEndsParts {
  logs: { endAll(why: string): number };
  store: SwarmReadView & { readonly onDidChange: Subscribable<{ kind: string }> };
  /** Fires when the endpoint changed (a context chosen, a setting, failover). */
  onDidSwitch: Subscribable<void>;
  /** The endpoint now in use, described; undefined when none is usable. */
  endpoint: () => string | undefined;
  /** The engine's address now in use: a switch that keeps it (another name for the same engine) ends nothing. */
  engineHost?: () => string | undefined;
}

/** Ends the live follows when the rule above says so after a full read, and when the connection switched. */
export function endFollowsWhenSwarmLost({ logs, store, onDidSwitch, endpoint, engineHost }: FollowEndsParts): { dispose(): void }[] {
  let host = engineHost?.();
  return [
    store.onDidChange((e) => {
      if (e.kind !== 'refreshed') return;
      const why = swarmLostReason(store);
      if (why !== undefined) logs.endAll(why);
    }),
    onDidSwitch(() => {
      const now = engineHost?.();
      const same = engineHost !== undefined && now !== undefined && now === host;
      host = now;
      if (!same) logs.endAll(switchedReason(endpoint()));
    }),
  ];
}
