// Waiting out a leader election. While a swarm elects a leader (its leader's engine stopped or
// cut off), every manager refuses what needs the leader with "no leader"; the election takes
// seconds. A call refused that way was not applied, so it may be sent again; one that timed out
// or lost its connection may or may not have been (the leader may have taken it before it went),
// so only a write the Engine guards by version is sent again then (see writes.ts), never one
// that could be applied twice.
import type { Clock } from '../clock';
import { SwarmError, markUnsure, mayHaveBeenApplied } from '../model/errors';

/** How long to wait between tries: about 30 s in all, longer than an election takes. */
export const ELECTION_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 3000, 3000, 4000, 4000, 4000, 4000, 4000];

/** What one user-visible wait is told, once, when it starts (a command's progress says it). */
export const ELECTION_NOTE = 'The swarm is electing a new leader, retrying…';

/**
 * Told once when a try has had no answer for SLOW_AFTER_MS: a manager holds every request while
 * the swarm elects a leader (10-16 s here), and answers only once it has one.
 */
export const SLOW_NOTE = 'The swarm has not answered for a few seconds: it may be electing a new leader, waiting…';
export const SLOW_AFTER_MS = 3000;

export interface ElectionWait {
  readonly delaysMs: readonly number[];
  /** No try starts later than this after the first (each try may take the call's own timeout). */
  readonly budgetMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Runs `run` after `ms` unless the returned function is called first. */
  after(ms: number, run: () => void): () => void;
  /** Told once per call that has to wait (not at every try). */
  waiting(note: string): void;
  /** A reason to send no change at all (the swarm is known to have lost its quorum), checked first. */
  refusal?(): SwarmError | undefined;
  /**
   * Whether the swarm has several managers, as last read. Only then is a timeout taken for an
   * election (one manager has none to wait for: a silent engine fails as before) and said so.
   */
  severalManagers?(): boolean;
}

export interface SwarmShape {
  refusal(): SwarmError | undefined;
  severalManagers(): boolean;
}

export function electionWait(
  clock: Clock,
  waiting: (note: string) => void = () => undefined,
  shape: SwarmShape = { refusal: () => undefined, severalManagers: () => true },
  delaysMs = ELECTION_DELAYS_MS,
): ElectionWait {
  return {
    refusal: () => shape.refusal(),
    severalManagers: () => shape.severalManagers(),
    delaysMs,
    budgetMs: delaysMs.reduce((a, b) => a + b, 0),
    now: () => clock.now(),
    sleep: (ms) => new Promise((resolve) => clock.setTimeout(resolve, ms)),
    after: (ms, run) => {
      const timer = clock.setTimeout(run, ms);
      return () => clock.clearTimeout(timer);
    },
    waiting,
  };
}

/**
 * Throws why no change may be sent now (the swarm's quorum known lost), in the words the view
 * shows; nothing has been sent then. Every write of EngineClient starts here (through untilLeader,
 * or at the start of a write made of several requests), so a write cannot be sent past it.
 */
export function refuseChange(wait: Pick<ElectionWait, 'refusal'>): void {
  const refused = wait.refusal?.();
  if (refused) throw refused;
}

/** A failure that says the swarm has no leader (whether or not the request may still be applied). */
export function isNoLeader(e: unknown): boolean {
  return e instanceof SwarmError && e.kind === 'noLeader';
}

/** What a read waits out: no leader, or no answer in time (a manager blocks reads while it has none). */
export function isLeaderWait(e: unknown): boolean {
  return e instanceof SwarmError && (e.kind === 'noLeader' || e.kind === 'timeout');
}

/**
 * A failure after which the request may or may not have been applied: no answer in time, or
 * the connection broken while it was sent (not one refused at the start, nothing was sent then).
 */
export function isAmbiguous(e: unknown): boolean {
  if (!(e instanceof SwarmError)) return false;
  return e.kind === 'timeout' || mayHaveBeenApplied(e) || (e.kind === 'unreachable' && /ECONNRESET|EPIPE|socket hang up/i.test(`${e.detail ?? ''}`));
}

/**
 * Runs `op` until it succeeds, or fails with anything but what `retryable` accepts, or the
 * budget runs out: then the last failure, saying what became of the change. `sends`: `op`
 * sends a change (it is refused while the quorum is known lost, and a try that got no answer
 * leaves its outcome open); otherwise it only reads.
 */
export async function untilLeader<T>(
  wait: ElectionWait,
  op: (attempt: number) => Promise<T>,
  retryable: (e: unknown) => boolean = isNoLeader,
  sends = true,
  /** Part of a change (the read before a write): refused as the change would be. */
  forChange = sends,
): Promise<T> {
  if (forChange) refuseChange(wait);
  const several = wait.severalManagers?.() !== false;
  // One manager has no election to wait out: a timeout there is a silent engine, failing as before.
  const retry = (e: unknown) => retryable(e) && (several || !(e instanceof SwarmError && e.kind === 'timeout'));
  let toldSlow = false;
  let toldRetry = false;
  let unsure = false;
  const start = wait.now();
  for (let attempt = 0; ; attempt++) {
    const cancel = several
      ? wait.after(SLOW_AFTER_MS, () => {
          if (toldSlow || toldRetry) return;
          toldSlow = true;
          wait.waiting(SLOW_NOTE);
        })
      : () => undefined;
    try {
      return await op(attempt);
    } catch (e) {
      const delay = wait.delaysMs[attempt];
      const over = delay === undefined || wait.now() - start + delay > wait.budgetMs;
      if (sends) unsure ||= isAmbiguous(e);
      if (!retry(e) || over) throw attempt > 0 || unsure ? lastFailure(e, wait, start, attempt, unsure, sends) : e;
      // A manager without a leader holds requests until it has one (up to its own 20 s deadline):
      // with several managers, a timeout here is most likely that.
      if (!toldRetry) wait.waiting(ELECTION_NOTE);
      toldRetry = true;
      await wait.sleep(delay);
    } finally {
      cancel();
    }
  }
}

/**
 * The failure of the last try, saying what became of the change; `unsure`: some try failed in a
 * way that leaves open whether it was applied.
 */
function lastFailure(e: unknown, wait: ElectionWait, start: number, attempt: number, unsure: boolean, sends: boolean): unknown {
  if (!(e instanceof SwarmError)) return e;
  const seconds = Math.round((wait.now() - start) / 1000);
  const outcome = unsure
    ? 'The change may or may not have been applied: check it once the swarm answers again.'
    : sends ? 'Nothing was changed.' : 'Nothing was sent.';
  const what = isNoLeader(e) && !mayHaveBeenApplied(e)
    ? `The swarm still has no leader after ${seconds} s of retrying: fewer than half of its managers may be online.`
    : attempt > 0 ? `${e.message.replace(/\.$/, '')} (tried for ${seconds} s).` : e.message;
  const told = new SwarmError(e.kind, `${what} ${outcome}`, e.detail ?? e.message);
  return unsure ? markUnsure(told) : told;
}
