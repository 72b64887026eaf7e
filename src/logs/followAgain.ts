// A followed log stream that ends by itself (service removed, engine restarted) says so in a
// notification that offers to follow it again.
import type * as vscode from 'vscode';
import { toSwarmError } from '../docker/errors';
import type { Host } from '../host';
import type { LogSessions } from './logSessions';

export const FOLLOW_AGAIN = 'Follow Again';

/** e.g. "The log stream of web stopped: the service was removed." */
export function unexpectedEndMessage(name: string, error: Error | undefined): string {
  const why = error ? `stopped: ${error.message}` : 'ended';
  // Engine messages may end a sentence already ("… Is it running?").
  return `The log stream of ${name} ${why}${/[.?!]$/.test(why) ? '' : '.'}`;
}

/** Listens for streams ending by themselves; `host` is read at each end (tests swap it). */
export function offerFollowAgain(logs: LogSessions, host: () => Host): vscode.Disposable {
  return logs.onDidEndUnexpectedly(({ target, options, error }) => {
    void host().showInformationMessage(unexpectedEndMessage(target.name, error), FOLLOW_AGAIN).then((choice) => {
      if (choice === FOLLOW_AGAIN) {
        logs.open(target, options).catch((e: unknown) => void host().showErrorMessage(toSwarmError(e).message));
      }
    });
  });
}
