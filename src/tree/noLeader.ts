// What the views and commands say while the swarm has no leader: the Services view's message
// over the rows kept from the last read, and the refusal of changes once the quorum is known
// lost (the same words, so that what a command says matches what the view shows).
import { SwarmError } from '../model/errors';
import type { ConnectionState } from './storeTypes';
export interface StaleInput {
  /** When the services shown were read (ms since the epoch). */
  since: number;
  /** Managers in the swarm as last read. */
  managers: number;
  /** How long reads have found no leader, or no answer (ms). */
  noLeaderForMs: number;
  /** The failure: no leader, or no answer in time. */
  state: ConnectionState;
}

/** An election here takes seconds; a swarm without a leader for longer has lost its quorum. */
export const ELECTION_GRACE_MS = 20_000;

/**
 * The Services view's message while it shows what was last read because the swarm has no
 * leader: an election at first, a quorum lost once it lasts. A manager without a leader can
 * reach fewer than half of the managers (itself included): with three, only itself.
 */
export function staleMessage(v: StaleInput): string {
  const at = new Date(v.since).toLocaleTimeString();
  if (v.managers <= 1) return `The engine did not answer in time. Showing the services as last read at ${at}.`;
  const shown = `Showing the services as last read at ${at}.`;
  // "No quorum" only once the manager itself says it has no leader, as the refusal below: while
  // requests merely go unanswered, it may still be electing one.
  if (v.noLeaderForMs < ELECTION_GRACE_MS || v.state !== 'noLeader') return `No leader: the swarm is electing one. ${shown}`;
  return `${quorumWords(v.managers)}. ${shown}`;
}

/** "No quorum: 1 of 3 managers reachable", as exactly as the count of managers allows. */
export function quorumWords(managers: number): string {
  if (managers <= 1) return 'No quorum: the swarm has no leader';
  const most = Math.floor(managers / 2);
  return most === 1 ? `No quorum: 1 of ${managers} managers reachable` : `No quorum: at most ${most} of ${managers} managers reachable`;
}

/** The views read every 3 s while stale: a failure older than this is not taken as current. */
const REFUSAL_FRESH_MS = 10_000;

/** What the refusal reads of the store. */
export interface QuorumView {
  readonly state: ConnectionState;
  readonly readState: { readonly noLeaderForMs: number; readonly sinceFailureMs: number };
  readonly nodes: readonly { role: string }[];
}

export function managerCount(store: Pick<QuorumView, 'nodes'>): number {
  return store.nodes.filter((n) => n.role === 'manager').length;
}

/**
 * Why a change is refused before anything is sent: the manager has said for longer than an
 * election takes that the swarm has no leader. Undefined while it may still be electing one
 * (then writes wait it out, see src/docker/leaderWait.ts).
 */
export function quorumRefusal(store: QuorumView): SwarmError | undefined {
  // Only as fresh as the last read: while no view is shown nothing is read, and then the change is sent.
  if (store.state !== 'noLeader' || store.readState.noLeaderForMs < ELECTION_GRACE_MS || store.readState.sinceFailureMs > REFUSAL_FRESH_MS) return undefined;
  return new SwarmError('noLeader', `${quorumWords(managerCount(store))}: the swarm refuses changes until a majority of its managers is back. Nothing was sent.`);
}
