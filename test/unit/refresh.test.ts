import * as assert from 'node:assert/strict';
import { EventLineParser, affectsSwarmView, type EngineEvent } from '../../src/model/events';
import { RefreshController, type Subscription } from '../../src/tree/refreshController';

describe('EventLineParser', () => {
  it('reassembles events cut anywhere and reports malformed lines', () => {
    const events: EngineEvent[] = [];
    const bad: string[] = [];
    const p = new EventLineParser((e) => events.push(e), (l) => bad.push(l));
    const text = '{"Type":"service","Action":"update"}\n{"Type":"node","Action":"update"}\nnot json\n{"Type":"container"';
    for (const ch of text) p.push(ch);
    p.push(',"Action":"start"}\n');
    p.end();
    assert.deepEqual(events.map((e) => e.Type), ['service', 'node', 'container']);
    assert.deepEqual(bad, ['not json']);
  });
});

describe('affectsSwarmView', () => {
  it('keeps service and node events and task containers, drops the rest', () => {
    assert.ok(affectsSwarmView({ Type: 'service', Action: 'update' }));
    assert.ok(affectsSwarmView({ Type: 'node', Action: 'update' }));
    assert.ok(affectsSwarmView({ Type: 'container', Action: 'die', Actor: { Attributes: { 'com.docker.swarm.task.id': 'x' } } }));
    assert.ok(affectsSwarmView({ Type: 'container', Action: 'health_status: healthy', Actor: { Attributes: { 'com.docker.swarm.task.id': 'x' } } }));
    assert.ok(!affectsSwarmView({ Type: 'container', Action: 'die', Actor: { Attributes: {} } }));
    assert.ok(!affectsSwarmView({ Type: 'container', Action: 'exec_start: sh', Actor: { Attributes: { 'com.docker.swarm.task.id': 'x' } } }));
    assert.ok(!affectsSwarmView({ Type: 'network', Action: 'connect' }));
  });
});

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RefreshController', () => {
  let refreshes = 0;
  let streams: FakeStream[] = [];
  let controller: RefreshController;
  const service: EngineEvent = { Type: 'service', Action: 'update' };

  beforeEach(() => {
    refreshes = 0;
    streams = [];
    controller = new RefreshController({
      refresh: async () => {
        refreshes++;
      },
      subscribe: (onEvent) => {
        const s = new FakeStream(onEvent);
        streams.push(s);
        return s;
      },
      debounceMs: 10,
      pollMs: 0,
      minBackoffMs: 20,
      maxBackoffMs: 80,
    });
  });
  afterEach(() => controller.dispose());

  it('does nothing until the view is visible, then subscribes and refreshes', async () => {
    assert.equal(streams.length, 0);
    controller.setActive(true);
    assert.equal(streams.length, 1);
    assert.equal(refreshes, 1);
  });

  it('turns a burst of events into one refresh, and ignores unrelated events', async () => {
    controller.setActive(true);
    streams[0]!.connect();
    refreshes = 0;
    for (let i = 0; i < 20; i++) streams[0]!.emit(service);
    streams[0]!.emit({ Type: 'network', Action: 'create' });
    await sleep(40);
    assert.equal(refreshes, 1);
    streams[0]!.emit({ Type: 'image', Action: 'pull' });
    await sleep(40);
    assert.equal(refreshes, 1);
  });

  it('stops the stream and the refreshes when hidden', async () => {
    controller.setActive(true);
    controller.setActive(false);
    assert.ok(streams[0]!.stopped);
    refreshes = 0;
    streams[0]!.emit(service);
    await sleep(40);
    assert.equal(streams.length, 1, 'no reconnect after a deliberate stop');
  });

  it('reconnects with growing backoff when the stream ends, and refreshes', async () => {
    controller.setActive(true);
    streams[0]!.connect();
    streams[0]!.end(new Error('socket closed'));
    await sleep(5);
    assert.equal(streams.length, 1, 'waits before reconnecting');
    await sleep(30);
    assert.equal(streams.length, 2, 'reconnected after the first backoff');
    streams[1]!.end(); // fails again before connecting
    await sleep(30);
    assert.equal(streams.length, 2, 'the second wait is longer');
    await sleep(30);
    assert.equal(streams.length, 3);
    refreshes = 0;
    streams[2]!.connect();
    await sleep(30);
    assert.ok(refreshes >= 1, 'refreshes once connected again');
    assert.equal(controller.stats.reconnectsScheduled, 2);
  });

  it('polls as a safety net when asked to', async () => {
    controller.setPollMs(15);
    controller.setActive(true);
    refreshes = 0;
    await sleep(70);
    assert.ok(refreshes >= 3, `polled ${refreshes} times`);
  });
});
