// Waiting out a leader election. While a swarm elects a leader (its leader's engine stopped or
// cut off), every manager refuses what needs the leader with "no leader"; the election takes
// seconds. A call refused that way was not applied, so it may be sent again; one that timed out
// or lost its connection may or may not have been (the leader may have taken it before it went),
// so only a write the Engine guards by version is sent again then (see writes.ts), never one
// that could be applied twice.
import type { Clock } from '../clock';
import { SwarmError, mayHaveBeenApplied } from '../model/errors';

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
  /** A reason to send nothing at all (the swarm is known to have lost its quorum), checked first. */
  refusal?(): SwarmError | undefined;
}

export function electionWait(
  clock: Clock,
  waiting: (note: string) => void = () => undefined,
  refusal: () => SwarmError | undefined = () => undefined,
  delaysMs = ELECTION_DELAYS_MS,
): ElectionWait {
  return {
    refusal,
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
 * delays run out: then the last failure, said as the swarm having had no leader that long.
 */
export async function untilLeader<T>(wait: ElectionWait, op: (attempt: number) => Promise<T>, retryable: (e: unknown) => boolean = isNoLeader): Promise<T> {
  const refused = wait.refusal?.();
  if (refused) throw refused;
  let told = false;
  let toldSlow = false;
  let unsure = false;
  const start = wait.now();
  for (let attempt = 0; ; attempt++) {
    const cancel = wait.after(SLOW_AFTER_MS, () => {
      if (told || toldSlow) return;
      toldSlow = true;
      wait.waiting(SLOW_NOTE);
    });
    try {
      return await op(attempt);
    } catch (e) {
      const delay = wait.delaysMs[attempt];
      const over = delay === undefined || wait.now() - start + delay > wait.budgetMs;
      if (!retryable(e) || over) throw attempt > 0 ? lastFailure(e, wait, start, unsure || isAmbiguous(e)) : e;
      unsure ||= isAmbiguous(e);
      // A manager without a leader holds requests until it has one (up to its own 20 s deadline):
      // on this path (swarm requests to a manager) a timeout is most likely that.
      if (!told) {
        wait.waiting(ELECTION_NOTE);
        told = true;
      }
      await wait.sleep(delay);
    } finally {
      cancel();
    }
  }
}

/**
 * The failure of the last try, saying what became of the change; `unsure`: some try failed in
 * a way that leaves open whether it was applied.
 */
function lastFailure(e: unknown, wait: ElectionWait, start: number, unsure: boolean): unknown {
  if (!(e instanceof SwarmError) || !(isNoLeader(e) || isAmbiguous(e))) return e;
  const seconds = Math.round((wait.now() - start) / 1000);
  const outcome = unsure ? 'The change may or may not have been applied: check it once the swarm answers again.' : 'Nothing was changed.';
  const what = isNoLeader(e) && !mayHaveBeenApplied(e) ? `The swarm still has no leader after ${seconds} s of retrying: fewer than half of its managers may be online.` : `${e.message} (tried for ${seconds} s)`;
  return new SwarmError(e.kind, `${what} ${outcome}`, e.detail ?? e.message);
}
