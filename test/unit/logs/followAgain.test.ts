// The notification for a followed stream that ended by itself, and its Follow Again button.
import * as assert from 'node:assert/strict';
import type { Host } from '../../../src/host';
import { offerFollowAgain, unexpectedEndMessage } from '../../../src/logs/followAgain';
import type { LogSessions, LogTarget } from '../../../src/logs/logSessions';
import { DEFAULT_LOG_OPTIONS, type LogOptions } from '../../../src/model/logOptions';

type Ended = { target: LogTarget; options: LogOptions; error?: Error };

describe('a followed stream that ends by itself', () => {
  it('says ended, or stopped with the reason, ending the sentence once', () => {
    assert.equal(unexpectedEndMessage('web', undefined), 'The log stream of web ended.');
    assert.equal(unexpectedEndMessage('web', new Error('the service was removed')), 'The log stream of web stopped: the service was removed.');
    assert.equal(unexpectedEndMessage('web', new Error('Cannot connect to the Docker daemon. Is it running?')), 'The log stream of web stopped: Cannot connect to the Docker daemon. Is it running?');
    assert.equal(unexpectedEndMessage('web', new Error('gone!')), 'The log stream of web stopped: gone!');
  });

  function setUp(answer: string | undefined, openFails = false) {
    let listener: ((e: Ended) => void) | undefined;
    let disposed = false;
    const opened: [LogTarget, LogOptions][] = [];
    const logs = {
      onDidEndUnexpectedly: (l: (e: Ended) => void) => {
        listener = l;
        return { dispose: () => (disposed = true) };
      },
      open: async (target: LogTarget, options: LogOptions) => {
        opened.push([target, options]);
        if (openFails) throw new Error('no such service');
      },
    } as unknown as LogSessions;
    const told: { kind: string; message: string; items: string[] }[] = [];
    const host = {
      showInformationMessage: async (message: string, ...items: string[]) => (told.push({ kind: 'info', message, items }), answer),
      showErrorMessage: async (message: string, ...items: string[]) => (told.push({ kind: 'error', message, items }), undefined),
    } as unknown as Host;
    const subscription = offerFollowAgain(logs, () => host);
    return { fire: (e: Ended) => listener!(e), opened, told, subscription, disposed: () => disposed };
  }

  const target: LogTarget = { kind: 'service', id: 'abc', name: 'web' };
  const settle = () => new Promise((r) => setImmediate(r));

  it('Follow Again opens the same target with the same options', async () => {
    const s = setUp('Follow Again');
    const options = { ...DEFAULT_LOG_OPTIONS, tail: 5 };
    s.fire({ target, options, error: new Error('the service was removed') });
    await settle();
    assert.deepEqual(s.told, [{ kind: 'info', message: 'The log stream of web stopped: the service was removed.', items: ['Follow Again'] }]);
    assert.deepEqual(s.opened, [[target, options]]);
  });

  it('dismissed: nothing is opened; a failed reopen is shown as an error', async () => {
    const dismissed = setUp(undefined);
    dismissed.fire({ target, options: DEFAULT_LOG_OPTIONS });
    await settle();
    assert.deepEqual(dismissed.opened, []);
    const failing = setUp('Follow Again', true);
    failing.fire({ target, options: DEFAULT_LOG_OPTIONS });
    await settle();
    assert.equal(failing.told[1]?.kind, 'error');
    assert.match(failing.told[1]!.message, /no such service/);
  });

  it('the subscription it returns is the listener', () => {
    const s = setUp(undefined);
    s.subscription.dispose();
    assert.equal(s.disposed(), true);
  });
});
