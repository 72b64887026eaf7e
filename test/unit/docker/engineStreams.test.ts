// The one scaffolding under logs and events, driven by a fake response: started and done,
// stop, refusal, errors, the start timeout, and holding the stream back.
import * as assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { engineStream, type ChunkSink, type StreamPlan } from '../../../src/docker/engineStreams';
import { SwarmError } from '../../../src/model/errors';

/** A plan whose request the test answers: `respond()` accepts it, `refuse()` fails it. */
function fakePlan(extra: Partial<StreamPlan> = {}) {
  const got: string[] = [];
  const events: string[] = [];
  let respond: (res: IncomingMessage) => void = () => undefined;
  let refuse: (e: unknown) => void = () => undefined;
  let signal: AbortSignal | undefined;
  let isStopped: () => boolean = () => false;
  const plan: StreamPlan = {
    open: (s) => {
      signal = s;
      events.push('open');
      return new Promise<IncomingMessage>((resolve, reject) => {
        respond = resolve;
        refuse = reject;
      });
    },
    sink: (stopped): ChunkSink => {
      isStopped = stopped;
      return {
        push: (chunk) => {
          if (!stopped()) got.push(chunk.toString());
        },
        end: () => events.push('end'),
      };
    },
    normalise: (e) => (e instanceof SwarmError ? e : new SwarmError('api', String((e as Error).message))),
    ...extra,
  };
  return {
    plan,
    got,
    events,
    respond: (res: PassThrough) => respond(res as unknown as IncomingMessage),
    refuse: (e: unknown) => refuse(e),
    signal: () => signal,
    stopped: () => isStopped(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('engine streams', () => {
  it('starts when the Engine answers, passes the bytes on, and is done when the response ends', async () => {
    const f = fakePlan();
    const s = engineStream(f.plan);
    let started = false;
    void s.started.then(() => (started = true));
    await tick();
    assert.equal(started, false);
    const res = new PassThrough();
    f.respond(res);
    await s.started;
    res.write('a');
    res.end('b');
    await s.done;
    assert.deepEqual(f.got, ['a', 'b']);
    assert.deepEqual(f.events, ['open', 'end'], 'the sink is ended once');
  });

  it('fails started and done with the SwarmError when the Engine refuses', async () => {
    const f = fakePlan();
    const s = engineStream(f.plan);
    await tick();
    f.refuse(new Error('no such service'));
    const isRefusal = (e: unknown) => e instanceof SwarmError && e.message === 'no such service';
    await assert.rejects(s.started, isRefusal);
    await assert.rejects(s.done, isRefusal);
  });

  it('stop() aborts the request and ends quietly, passing nothing on after', async () => {
    const f = fakePlan();
    const s = engineStream(f.plan);
    await tick();
    const res = new PassThrough();
    f.respond(res);
    await s.started;
    res.write('before');
    await tick();
    s.stop();
    assert.equal(f.signal()!.aborted, true);
    assert.equal(f.stopped(), true);
    res.write('after');
    res.destroy(new Error('aborted'));
    await s.done;
    assert.deepEqual(f.got, ['before']);
    s.stop();
  });

  it('a refusal after stop() ends it quietly too; an error while it runs fails done', async () => {
    const f = fakePlan();
    const s = engineStream(f.plan);
    await tick();
    s.stop();
    f.refuse(new Error('aborted'));
    await s.done;
    await s.started;

    const g = fakePlan();
    const t = engineStream(g.plan);
    await tick();
    const res = new PassThrough();
    g.respond(res);
    await t.started;
    res.destroy(new Error('socket hang up'));
    await assert.rejects(t.done, (e: unknown) => e instanceof SwarmError && e.message === 'socket hang up');
    assert.deepEqual(g.events, ['open', 'end']);
  });

  it('checks before sending: a failed check fails the stream, a stop during it sends nothing', async () => {
    const f = fakePlan({ before: async () => Promise.reject(new SwarmError('logsUnsupported', 'none driver')) });
    const s = engineStream(f.plan);
    await assert.rejects(s.started, (e: unknown) => e instanceof SwarmError && e.kind === 'logsUnsupported');
    await assert.rejects(s.done);
    assert.deepEqual(f.events, []);

    let pass: () => void = () => undefined;
    const g = fakePlan({ before: () => new Promise<void>((resolve) => (pass = resolve)) });
    const t = engineStream(g.plan);
    t.stop();
    pass();
    await t.done;
    await t.started;
    assert.deepEqual(g.events, [], 'no request once stopped');
  });

  it('fails started with the timeout when the Engine accepts but does not answer, and stops', async () => {
    const f = fakePlan({ startTimeout: { ms: 20, error: () => new SwarmError('timeout', 'did not start sending') } });
    const s = engineStream(f.plan);
    await assert.rejects(s.started, (e: unknown) => e instanceof SwarmError && e.kind === 'timeout');
    assert.equal(f.signal()!.aborted, true);
    f.refuse(new Error('aborted'));
    await s.done;
  });

  it('without a start timeout waits for the Engine as long as it takes', async () => {
    const f = fakePlan();
    const s = engineStream(f.plan);
    await new Promise((resolve) => setTimeout(resolve, 30));
    f.respond(new PassThrough());
    await s.started;
    s.stop();
  });

  it('pause() holds the response back, before or after it started, until resume()', async () => {
    const f = fakePlan();
    const s = engineStream(f.plan);
    s.pause();
    await tick();
    const res = new PassThrough();
    f.respond(res);
    await s.started;
    res.write('held');
    await tick();
    assert.deepEqual(f.got, []);
    assert.equal(res.isPaused(), true);
    s.resume();
    await tick();
    assert.deepEqual(f.got, ['held']);
    s.pause();
    assert.equal(res.isPaused(), true);
    s.resume();
    res.end();
    await s.done;
  });
});
