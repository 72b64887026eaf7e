import * as assert from 'node:assert/strict';
import type { ChangeSet } from '../../../src/model/changes';
import type { EngineEvent } from '../../../src/model/events';
import { RefreshController, type RefreshControllerOptions, type Subscription } from '../../../src/tree/refreshController';
import { ManualClock, settle } from '../../support/manualClock';

/** A subscription whose life the test controls. */
class FakeStream implements Subscription {
  started: Promise<void>;
  done: Promise<void>;
  stopped = false;
  private resolveStarted!: () => void;
  private resolveDone!: () => void;
  private rejectDone!: (e: Error) => void;
  constructor(readonly emit: (e: EngineEvent) => void) {
    this.started = new Promise((r) => (this.resolveStarted = r));
    this.done = new Promise((res, rej) => {
      this.resolveDone = res;
      this.rejectDone = rej;
    });
  }
  connect(): void {
    this.resolveStarted();
  }
  end(error?: Error): void {
    if (error) this.rejectDone(error);
    else this.resolveDone();
  }
  stop(): void {
    this.stopped = true;
    this.resolveDone();
  }
}

describe('RefreshController', () => {
  let refreshes = 0;
  let applied: ChangeSet[] = [];
  let streams: FakeStream[] = [];
  let clock: ManualClock;
  let controller: RefreshController;
  const service: EngineEvent = { Type: 'service', Action: 'update', Actor: { ID: 'svc1' } };
  const serviceNamed = (id: string): EngineEvent => ({ Type: 'service', Action: 'update', Actor: { ID: id } });

  /** A controller over the fakes: every refresh counted, every change kept, every stream kept. */
  const newController = (o: Partial<RefreshControllerOptions> = {}) => new RefreshController({
    refresh: async () => {
      refreshes++;
    },
    apply: async (changes) => {
      applied.push(changes);
    },
    subscribe: (onEvent) => {
      const s = new FakeStream(onEvent);
      streams.push(s);
      return s;
    },
    pollMs: 0,
    minBackoffMs: 20,
    clock,
    ...o,
  });

  beforeEach(() => {
    refreshes = 0;
    applied = [];
    streams = [];
    clock = new ManualClock();
    controller = newController({ maxBackoffMs: 80 });
  });
  afterEach(() => controller.dispose());

  it('does nothing until the view is visible, then subscribes and refreshes', async () => {
    await clock.advance(1000);
    assert.deepEqual([streams.length, refreshes], [0, 0]);
    controller.setActive(true);
    assert.equal(streams.length, 1);
    assert.equal(refreshes, 1);
  });

  describe('a change made between the first read and the engine accepting the stream', () => {
    /** The engine's state, and what the last full read of it showed. */
    let engine: string;
    let shown: string | undefined;

    beforeEach(() => {
      controller.dispose();
      engine = 'v1';
      shown = undefined;
      refreshes = 0;
      controller = newController({
        refresh: async () => {
          refreshes++;
          shown = engine;
        },
        pollMs: 30_000,
      });
    });

    it('on activation: the first rows at once, and everything read again once the stream is connected', async () => {
      controller.setActive(true);
      await settle();
      assert.equal(shown, 'v1', 'the first rows do not wait for the stream');
      engine = 'v2'; // no event for it: the engine has not registered the stream yet
      streams[0]!.connect();
      await settle();
      assert.equal(shown, 'v2', 'not left wrong until the poll');
      assert.equal(refreshes, 2);
    });

    it('on another endpoint: one read now (its promise returned), and one once the new stream is connected', async () => {
      controller.setActive(true);
      streams[0]!.connect();
      await settle();
      refreshes = 0;
      const read = controller.restart();
      assert.ok(read instanceof Promise, 'the caller waits for this read, asking none of its own');
      await read;
      assert.deepEqual([refreshes, streams.length], [1, 2]);
      engine = 'v3';
      streams[1]!.connect();
      await settle();
      assert.deepEqual([shown, refreshes], ['v3', 2]);
    });

    it('another endpoint while nothing is watched: one read for the status, no stream', async () => {
      await controller.restart();
      assert.deepEqual([refreshes, streams.length], [1, 0]);
    });
  });

  it('hands the changes of one chunk of events over at once, in one set, and ignores unrelated events', async () => {
    controller.setActive(true);
    streams[0]!.connect();
    await settle();
    refreshes = 0;
    for (let i = 0; i < 20; i++) streams[0]!.emit(serviceNamed(`s${i % 10}`));
    streams[0]!.emit({ Type: 'network', Action: 'create', scope: 'local' });
    streams[0]!.emit({ Type: 'image', Action: 'pull' });
    assert.equal(applied.length, 0, 'not in the middle of a chunk');
    await settle();
    assert.equal(applied.length, 1, 'one hand-over for the chunk, with no timer');
    assert.deepEqual([...applied[0]!.services].sort(), ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9']);
    assert.equal(refreshes, 0, 'nothing read in full');
    assert.equal(clock.pending, 0, 'no debounce timer');
    streams[0]!.emit({ Type: 'secret', Action: 'create', scope: 'swarm', Actor: { ID: 'sec1' } });
    await settle();
    assert.equal(applied.length, 2, 'a later event is its own hand-over');
    assert.deepEqual([...applied[1]!.objects], ['secret']);
    assert.equal(applied[1]!.services.size, 0);
  });

  it('reads everything for an event it cannot attribute, or without an apply', async () => {
    controller.setActive(true);
    streams[0]!.connect();
    await settle();
    refreshes = 0;
    streams[0]!.emit({ Type: 'service', Action: 'update' });
    streams[0]!.emit(service);
    await settle();
    assert.deepEqual([refreshes, applied.length], [1, 0], 'one full read covers the chunk');
    controller.dispose();
    controller = new RefreshController({
      refresh: async () => {
        refreshes++;
      },
      subscribe: (onEvent) => {
        const s = new FakeStream(onEvent);
        streams.push(s);
        return s;
      },
      pollMs: 0,
      clock,
    });
    controller.setActive(true);
    streams[1]!.connect();
    await settle();
    refreshes = 0;
    streams[1]!.emit(service);
    streams[1]!.emit(serviceNamed('svc2'));
    await settle();
    assert.equal(refreshes, 1);
  });

  it('stops the stream and the refreshes when hidden', async () => {
    controller.setActive(true);
    streams[0]!.connect();
    await settle();
    streams[0]!.emit(service); // a change gathered when the view hides: dropped
    controller.setActive(false);
    await settle();
    assert.equal(applied.length, 0, 'nothing read for a hidden view');
    assert.ok(streams[0]!.stopped);
    refreshes = 0;
    streams[0]!.emit(service); // a late event from the stream being stopped
    await clock.advance(60_000);
    assert.equal(refreshes, 0, 'no refresh while hidden');
    assert.equal(streams.length, 1, 'no reconnect after a deliberate stop');
    assert.equal(clock.pending, 0, 'no timer left running');
  });

  it('reconnects with growing backoff, up to the maximum, when the stream ends; refreshes when it ends and once connected again', async () => {
    controller.setActive(true);
    streams[0]!.connect();
    await settle();
    refreshes = 0;
    streams[0]!.end(new Error('socket closed'));
    // Backoffs 20, 40, 80, then 80 (the maximum): each stream fails before connecting.
    for (const [i, wait] of [20, 40, 80, 80].entries()) {
      await clock.advance(wait - 1);
      assert.equal(streams.length, i + 1, `waits ${wait} ms before reconnect ${i + 1}`);
      await clock.advance(1);
      assert.equal(streams.length, i + 2, `reconnect ${i + 1} after ${wait} ms`);
      if (i < 3) streams[i + 1]!.end();
    }
    assert.equal(refreshes, 4, 'a refresh each time the stream ended (the view may be stale)');
    assert.equal(controller.stats.reconnectsScheduled, 4);
    refreshes = 0;
    streams[4]!.connect();
    await clock.advance(10);
    assert.equal(refreshes, 1, 'refreshes once connected again');
    // Connected: the next loss starts from the minimum backoff again.
    streams[4]!.end();
    await clock.advance(20);
    assert.equal(streams.length, 6);
  });

  it('polls as a safety net when asked to, and stops polling when hidden or turned off', async () => {
    controller.setPollMs(15);
    controller.setActive(true);
    refreshes = 0;
    await clock.advance(14);
    assert.equal(refreshes, 0);
    await clock.advance(31);
    assert.equal(refreshes, 3, 'at 15, 30 and 45 ms');
    controller.setPollMs(0);
    await clock.advance(1000);
    assert.equal(refreshes, 3, 'the poll is off');
    controller.setPollMs(15);
    controller.setActive(false);
    await clock.advance(1000);
    assert.equal(refreshes, 3, 'no poll while hidden');
  });
});
