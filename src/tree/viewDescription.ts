// What the Services view shows beside its title. VS Code shows a view's welcome content only
// while it has no message: the welcome content explains each state, and where the engine's
// own words matter, they go here (and always to the log).
import type { ConnectionState } from './swarmStore';

/** States whose engine message is worth showing; 'permission' too: the socket and an SSH login refusing need different remedies. */
const SPOKEN: readonly ConnectionState[] = ['api', 'invalid', 'untrusted', 'timeout', 'permission'];

export interface ViewDescriptionInput {
  /** The endpoint's label (context or host), if resolved. */
  endpoint: string | undefined;
  state: ConnectionState;
  error: { message: string } | undefined;
  /** The task filter in words, when not the default one. */
  filter: string | undefined;
}

/** The endpoint, then the engine's message for a failure worth spelling out, else the task filter. */
export function servicesViewDescription(v: ViewDescriptionInput): string {
  const failed = v.state !== 'ok' && v.state !== 'loading';
  const detail = failed && SPOKEN.includes(v.state) ? v.error?.message : undefined;
  return [v.endpoint, detail ?? v.filter].filter(Boolean).join(' · ');
}

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
  const shown = `Showing the services as last read at ${at}; changes wait until the swarm has a leader again.`;
  if (v.noLeaderForMs < ELECTION_GRACE_MS) return `No leader: the swarm is electing one. ${shown}`;
  return `${quorumWords(v.managers)}. ${shown}`;
}

/** "No quorum: 1 of 3 managers reachable", as exactly as the count of managers allows. */
export function quorumWords(managers: number): string {
  if (managers <= 1) return 'No quorum: the swarm has no leader';
  const most = Math.floor(managers / 2);
  return most === 1 ? `No quorum: 1 of ${managers} managers reachable` : `No quorum: at most ${most} of ${managers} managers reachable`;
}
