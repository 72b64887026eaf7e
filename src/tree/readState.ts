// How the store's last full read went: the connection state the views and context keys show,
// the failure, and, while the swarm has no leader, since when the services shown are the last
// ones read. A manager without a leader (an election, a quorum lost, a partition) still knows
// the swarm it last saw; the views keep showing that, marked stale, instead of emptying.
import type { SwarmError } from '../model/errors';
import type { ConnectionState, StoreContextKeys } from './storeTypes';

/**
 * Whether what was last read stays shown after this failure, marked stale: no leader; and, in a
 * swarm of several managers, no answer in time (a manager holds requests for up to 20 s while
 * it has no leader, then says so). One manager that stops answering empties the views as before.
 */
function keepsLastRead(kind: string, severalManagers: boolean): boolean {
  return kind === 'noLeader' || (kind === 'timeout' && severalManagers);
}

export class ReadState {
  private current: ConnectionState = 'loading';
  private failure: SwarmError | undefined;
  private lastRead: number | undefined;
  private staleFrom: number | undefined;
  private leaderlessFrom: number | undefined;
  private failedAt: number | undefined;

  constructor(
    private readonly keys: StoreContextKeys,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  get error(): SwarmError | undefined {
    return this.failure;
  }

  /** When the services shown were read, while they are kept after a failed read (undefined otherwise). */
  get staleSince(): number | undefined {
    return this.staleFrom;
  }

  /** How long ago the last read failed (Infinity when it did not). */
  get sinceFailureMs(): number {
    return this.failedAt === undefined || this.current === 'ok' ? Infinity : this.now() - this.failedAt;
  }

  /** How long reads have found the swarm without a leader (0 when they have not). */
  get noLeaderForMs(): number {
    return this.leaderlessFrom === undefined ? 0 : this.now() - this.leaderlessFrom;
  }

  succeeded(): void {
    this.lastRead = this.now();
    this.staleFrom = undefined;
    this.leaderlessFrom = undefined;
    this.set('ok', undefined);
  }

  /** Whether what was read last stays shown (`hasShown`: something was read before). */
  failed(error: SwarmError, hasShown: boolean, severalManagers: boolean): boolean {
    const waiting = keepsLastRead(error.kind, severalManagers);
    const keep = hasShown && waiting && (this.current === 'ok' || this.staleFrom !== undefined);
    this.failedAt = this.now();
    this.staleFrom = keep ? (this.staleFrom ?? this.lastRead ?? this.now()) : undefined;
    this.leaderlessFrom = waiting ? (this.leaderlessFrom ?? this.now()) : undefined;
    this.set(error.kind, error);
    return keep;
  }

  /** Another engine: nothing read so far is kept for it (its first failed read empties the views). */
  forgetShown(): void {
    this.staleFrom = undefined;
    this.leaderlessFrom = undefined;
    this.lastRead = undefined;
    this.set('loading', undefined);
  }

  private set(state: ConnectionState, error: SwarmError | undefined): void {
    this.failure = error;
    if (this.current === state) return;
    this.current = state;
    this.keys.connection(state);
  }
}
