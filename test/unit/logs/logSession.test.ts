import * as assert from 'node:assert/strict';
import type { LogStream, SwarmClient } from '../../../src/docker/swarmClient';
import { LogSession, type LogChannel, type LogEnded } from '../../../src/logs/logSession';
import type { LogLine } from '../../../src/model/logDecoder';
import { DEFAULT_LOG_OPTIONS, type LogOptions } from '../../../src/model/logOptions';
import { ManualClock } from '../../support/manualClock';

/** A channel that keeps what was written, as the user would read it. */
class FakeChannel implements LogChannel {
  text = '';
  shown = 0;
  disposed = false;
  append(value: string): void {
    this.text += value;
  }
  appendLine(value: string): void {
    this.text += `${value}\n`;
  }
  clear(): void {
    this.text = '';
  }
  show(): void {
    this.shown++;
  }
  hide(): void {}
  dispose(): void {
    this.disposed = true;
  }
  get lines(): string[] {
    return this.text.split('\n').slice(0, -1);
  }
}

/** One Engine stream the test feeds and ends by hand. */
interface FakeStream extends LogStream {
  send(text: string): void;
  end(error?: Error): void;
  stopped: boolean;
  paused: number;
}

function fakeClient(streams: FakeStream[]): SwarmClient {
  const client = {
    logs(_kind: 'service' | 'task', _id: string, _options: LogOptions, onLine: (line: LogLine) => void): LogStream {
      let finish: (e?: Error) => void = () => undefined;
      const done = new Promise<void>((resolve, reject) => (finish = (e) => (e ? reject(e) : resolve())));
      const s: FakeStream = {
        started: Promise.resolve(),
        done,
        stopped: false,
        paused: 0,
        stop: () => {
          s.stopped = true;
          finish();
        },
        pause: () => s.paused++,
        resume: () => undefined,
        send: (text) => onLine({ stream: 'stdout', text }),
        end: (e) => finish(e),
      };
      streams.push(s);
      return s;
    },
  };
  return client as unknown as SwarmClient;
}

function setup(maxRate = 0) {
  const clock = new ManualClock();
  const channel = new FakeChannel();
  const streams: FakeStream[] = [];
  const ended: LogEnded[] = [];
  const errors: string[] = [];
  let changes = 0;
  const session = new LogSession('web', channel, {
    client: () => fakeClient(streams),
    log: { error: (m: string) => errors.push(m) },
    maxRate: () => maxRate,
    followingChanged: () => changes++,
    ended: (e) => ended.push(e),
    clock,
  });
  return { clock, channel, streams, ended, errors, session, changes: () => changes };
}

const target = { kind: 'service' as const, id: 'svc1', name: 'web' };
const follow: LogOptions = { ...DEFAULT_LOG_OPTIONS, follow: true };
const finite: LogOptions = { ...DEFAULT_LOG_OPTIONS, follow: false };

describe('LogSession', () => {
  it('batches lines into the channel, counts them, and a finite read says where it ends', async () => {
    const { clock, channel, streams, session, ended } = setup();
    await session.start(target, finite);
    assert.equal(session.follows, false);
    streams[0]!.send('one');
    streams[0]!.send('two \u001b[31mred\u001b[0m');
    assert.equal(channel.text, '', 'batched, not written line by line');
    await clock.advance(50);
    assert.deepEqual(channel.lines, ['one', 'two red']);
    streams[0]!.send('three');
    streams[0]!.end();
    await clock.advance(0);
    assert.deepEqual(channel.lines, ['one', 'two red', 'three', '--- end of the logs of web (3 lines) ---']);
    assert.deepEqual(session.written, { lines: 3, chars: 'one\ntwo red\nthree\n'.length, skippedLines: 0, skippedChars: 0 });
    assert.deepEqual(ended, [], 'a finite read ending is no surprise');
  });

  it('a new stream replaces the old one: the channel is cleared and nothing more of the old one arrives', async () => {
    const { clock, channel, streams, session, changes } = setup();
    await session.start(target, follow);
    assert.equal(session.follows, true);
    streams[0]!.send('old pending');
    await session.start(target, follow);
    assert.equal(streams[0]!.stopped, true);
    streams[0]!.send('old late');
    streams[1]!.send('new');
    await clock.advance(50);
    assert.deepEqual(channel.lines, ['new'], 'what was pending of the old stream is dropped with the clear');
    assert.equal(changes(), 3, 'started, detached, started');
  });

  it('stop: writes what is pending, then the note; false when not following', async () => {
    const { channel, streams, session, ended } = setup();
    assert.equal(session.stop(), false);
    await session.start(target, follow);
    streams[0]!.send('a');
    assert.equal(session.stop(), true);
    assert.deepEqual(channel.lines, ['a', '--- stopped following web ---']);
    assert.equal(session.follows, false);
    assert.equal(session.stop(), false);
    await Promise.resolve();
    assert.deepEqual(ended, [], 'a stopped stream did not end by itself');
  });

  it('a followed stream that ends or fails by itself: a note, the error logged, and the ended event', async () => {
    const { clock, channel, streams, session, ended, errors } = setup();
    await session.start(target, follow);
    streams[0]!.send('a');
    streams[0]!.end(new Error('connection reset'));
    await clock.advance(0);
    assert.deepEqual(channel.lines, ['a', '--- logs of web failed: connection reset ---']);
    assert.deepEqual(errors, ['Logs of web: connection reset']);
    assert.equal(ended.length, 1);
    assert.equal(ended[0]!.error?.message, 'connection reset');
    assert.equal(session.follows, false);
    await session.start(target, follow);
    streams[1]!.end();
    await clock.advance(0);
    assert.deepEqual(channel.lines, ['--- the log stream of web ended ---']);
    assert.equal(ended.length, 2);
    assert.equal('error' in ended[1]!, false);
  });

  it("ends a followed task's stream when its service is gone, not while it exists", async () => {
    const { channel, session, ended } = setup();
    await session.start({ kind: 'task', id: 't1', name: 'web.1', serviceId: 'svc1' }, follow);
    session.endIfServiceGone(new Set(['svc1']));
    assert.equal(session.follows, true);
    session.endIfServiceGone(new Set());
    assert.equal(session.follows, false);
    assert.deepEqual(channel.lines, ['--- the log stream of web ended: the service was removed ---']);
    assert.equal(ended[0]?.error?.message, 'the service was removed');
  });

  it('end(why): writes what is pending, one note with the reason and one ended event; only a live follow, only once', async () => {
    const { clock, channel, streams, session, ended, errors } = setup();
    assert.equal(session.end('the swarm has no leader'), false, 'nothing followed');
    await session.start(target, finite);
    assert.equal(session.end('the swarm has no leader'), false, 'a finite read is not ended');
    await session.start(target, follow);
    streams[1]!.send('a');
    assert.equal(session.end('the swarm has no leader; Follow Again once it has one'), true);
    assert.equal(streams[1]!.stopped, true, 'the Engine stream is closed');
    assert.equal(session.follows, false);
    assert.equal(session.end('again'), false, 'a second call notes nothing');
    // The old stream failing afterwards (the engine gave up on it) reaches nothing.
    streams[1]!.send('late');
    streams[1]!.end(new Error('connection reset'));
    await clock.advance(100);
    assert.deepEqual(channel.lines, ['a', '--- the log stream of web ended: the swarm has no leader; Follow Again once it has one ---']);
    assert.equal(ended.length, 1);
    assert.deepEqual(ended[0], { target, options: follow, error: new Error('the swarm has no leader; Follow Again once it has one') });
    assert.deepEqual(errors, [], 'not logged as a failure of the stream');
  });

  it('a follow ended from here before the Engine answered: its late failure to start reaches no one; not ended, it reaches the command', async () => {
    const opened = (failStart: (fail: (e: Error) => void) => void) => {
      const stream = { started: new Promise<void>((_, reject) => failStart(reject)), done: new Promise<void>(() => undefined), stop: () => undefined, pause: () => undefined, resume: () => undefined };
      const client = { logs: () => stream } as unknown as SwarmClient;
      return new LogSession('web', new FakeChannel(), { client: () => client, log: { error: () => undefined }, maxRate: () => 0, followingChanged: () => undefined, ended: () => undefined });
    };
    let fail: (e: Error) => void = () => undefined;
    const ended = opened((f) => (fail = f));
    const started = ended.start(target, follow);
    assert.equal(ended.end('the swarm has no leader'), true);
    fail(new Error('did not start sending logs within 15 s'));
    await started;
    const refused = opened((f) => (fail = f));
    const refusedStart = refused.start(target, follow);
    fail(new Error('did not start sending logs within 15 s'));
    await assert.rejects(refusedStart, /did not start/);
  });

  it('followed beyond maxRate: whole lines skipped, one note per gap with the count', async () => {
    const { clock, channel, streams, session } = setup(1000);
    await session.start(target, follow);
    const line = 'x'.repeat(99); // 100 characters with its newline
    for (let i = 0; i < 15; i++) streams[0]!.send(line);
    await clock.advance(600);
    streams[0]!.send('after');
    await clock.advance(50);
    assert.equal(channel.lines.filter((l) => l === line).length, 10);
    assert.deepEqual(channel.lines.slice(10), [
      "--- 5 lines (0.0 MB) of web not shown: it logs faster than 0.0 MB/s (dockerSwarm.logs.maxRate); they are in the engine's logs ---",
      'after',
    ]);
    assert.equal(session.written.skippedLines, 5);
    assert.equal(session.written.skippedChars, 500);
  });

  it('read without following beyond maxRate: the stream is held back and the channel says so once', async () => {
    const { clock, channel, streams, session } = setup(0.1 * 2 ** 20);
    await session.start(target, finite);
    const big = 'y'.repeat(100 * 1024);
    for (let i = 0; i < 3; i++) streams[0]!.send(big);
    await clock.advance(50);
    assert.equal(streams[0]!.paused, 1);
    assert.equal(channel.lines.filter((l) => l.startsWith('---')).length, 1);
    assert.equal(channel.lines.at(-1), '--- web logs faster than 0.10 MB/s (setting dockerSwarm.logs.maxRate): shown at that pace, in order, nothing dropped ---');
  });

  it('close ends the stream, writing what is pending, and resolves once it closed; dispose drops and disposes', async () => {
    const { channel, streams, session, changes } = setup();
    await session.start(target, finite);
    streams[0]!.send('pending');
    await session.close();
    assert.equal(streams[0]!.stopped, true);
    assert.deepEqual(channel.lines, ['pending'], 'a finite read gets no "stopped following" note');
    await session.start(target, follow);
    streams[1]!.send('dropped');
    const before = changes();
    session.dispose();
    assert.equal(streams[1]!.stopped, true);
    assert.equal(channel.disposed, true);
    assert.deepEqual(channel.lines, []);
    assert.equal(changes(), before, 'no change event while shutting down');
  });
});
