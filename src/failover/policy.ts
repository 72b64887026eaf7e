// What to do once another manager can take over, by the dockerSwarm.failover setting: offer it
// (ask), switch by itself (auto) or leave the choice to the user entirely (off). A manager that
// just failed is not switched back to by itself, so the connection cannot flap between two
// managers that come and go; the user may still pick it. And how often the others are asked.
import type { Candidate } from './managers';

export type FailoverMode = 'ask' | 'auto' | 'off';

export const FAILOVER_MODES: readonly FailoverMode[] = ['ask', 'auto', 'off'];

export interface Timing {
  /** Another manager's time to answer GET /info. */
  statusMs: number;
  /** The views' reads during an outage ask the other managers again at most this often. */
  searchEveryMs: number;
  /**
   * A manager whose known endpoint did not answer is asked again this much later, up to
   * `retries` times, so that a switch need not wait for the views' next read. The other
   * managers hold GET /info while they elect a leader (about 10 s here) and answer once they
   * have one: a request is nearly always in flight then, and the switch follows at once.
   */
  retryMs: number;
  retries: number;
}

export const DEFAULT_TIMING: Timing = { statusMs: 3000, searchEveryMs: 3000, retryMs: 1000, retries: 60 };

/** How long a manager that failed is kept out of automatic switches. */
export const FLAP_GUARD_MS = 10 * 60_000;

/** The setting's value as a mode: anything unknown is `ask`, the default (the caller warns). */
export function failoverMode(value: unknown): FailoverMode {
  return FAILOVER_MODES.includes(value as FailoverMode) ? (value as FailoverMode) : 'ask';
}

export type Decision =
  /** Nothing to do: off, or no candidate (the view says why). */
  | { kind: 'none' }
  /** The view offers the switch (welcome content); the command picks among these. */
  | { kind: 'offer'; candidates: readonly Candidate[] }
  /** Switch to this one now, by itself. */
  | { kind: 'switch'; to: Candidate; candidates: readonly Candidate[] };

export interface DecisionInput {
  mode: FailoverMode;
  candidates: readonly Candidate[];
  /** This outage has had its automatic switch (tried once, whatever came of it). */
  switchedThisOutage: boolean;
  /** Whether a node failed recently enough to be kept out of automatic switches. */
  recentlyFailed(nodeId: string): boolean;
}

/**
 * With `auto`, the first candidate that has not failed recently, once per outage; otherwise
 * (or when every candidate failed recently, or the switch was tried) the offer.
 */
export function decide(d: DecisionInput): Decision {
  if (d.mode === 'off' || d.candidates.length === 0) return { kind: 'none' };
  if (d.mode === 'auto' && !d.switchedThisOutage) {
    const to = d.candidates.find((c) => !d.recentlyFailed(c.nodeId));
    if (to) return { kind: 'switch', to, candidates: d.candidates };
  }
  return { kind: 'offer', candidates: d.candidates };
}

/** The managers left because they stopped answering, and when: kept out of automatic switches for a while. */
export class FlapGuard {
  private readonly failedAt = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly guardMs = FLAP_GUARD_MS,
  ) {}

  failed(nodeId: string): void {
    this.failedAt.set(nodeId, this.now());
  }

  recentlyFailed(nodeId: string): boolean {
    const at = this.failedAt.get(nodeId);
    if (at === undefined) return false;
    if (this.now() - at < this.guardMs) return true;
    this.failedAt.delete(nodeId);
    return false;
  }

  /** The user chose this manager: their word, not the guard's. */
  forgive(nodeId: string): void {
    this.failedAt.delete(nodeId);
  }
}
