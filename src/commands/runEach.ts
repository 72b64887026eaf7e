// Runs a command over several targets (a multi-selection): every target is tried whatever
// happened to the others, and the user is told what was done and, for each that failed, why;
// some may have changed on the engine and others not.
import { toSwarmError } from '../docker/errors';
import type { Host } from '../host';
import type { SwarmError } from '../model/errors';

export interface EachOutcome<T, R> {
  done: { target: T; result: R }[];
  failed: { target: T; error: SwarmError }[];
}

/** One after another, in order (a progress notification names each as it goes). */
export async function runEach<T, R>(targets: readonly T[], run: (target: T) => Promise<R>): Promise<EachOutcome<T, R>> {
  const outcome: EachOutcome<T, R> = { done: [], failed: [] };
  for (const target of targets) {
    try {
      outcome.done.push({ target, result: await run(target) });
    } catch (e) {
      outcome.failed.push({ target, error: toSwarmError(e) });
    }
  }
  return outcome;
}

/** How a command words its outcome, e.g. `Removed a, b.` / `Could not remove c: why`. */
export interface EachWording {
  /** The sentence for the targets done, given their names joined. */
  done(names: string): string;
  /** The verb after "Could not". */
  couldNot: string;
  /** The verb that starts each failure's line in the extension's log. */
  logAs: string;
}

export interface EachReporter {
  host: Pick<Host, 'showInformationMessage' | 'showErrorMessage'>;
  log: { error(message: string): void };
}

/**
 * All done: one information message. Anything failed: one error message that says which were
 * done and, for each failure, its name and the engine's reason (the detail goes to the log).
 */
export function reportEach<T, R>(out: EachReporter, outcome: EachOutcome<T, R>, nameOf: (target: T) => string, wording: EachWording): void {
  const doneNames = outcome.done.map((d) => nameOf(d.target)).join(', ');
  if (outcome.failed.length === 0) {
    void out.host.showInformationMessage(wording.done(doneNames));
    return;
  }
  for (const f of outcome.failed) {
    out.log.error(`${wording.logAs} ${nameOf(f.target)}: ${f.error.message}${f.error.detail ? ` (${f.error.detail})` : ''}`);
  }
  const done = outcome.done.length ? `${wording.done(doneNames)} ` : '';
  const notDone = outcome.failed.map((f) => `${nameOf(f.target)}: ${f.error.message}`).join('; ');
  void out.host.showErrorMessage(`${done}Could not ${wording.couldNot} ${notDone}`);
}
