// The stats poller on a hand-moved clock, against fake node engines: the first reading has
// memory only and the second a CPU figure from the two samples; a poll's requests go out in
// parallel under the bound; no poll starts while one is in flight; stopping stops the requests
// and drops what a poll in flight brings back; tasks no longer shown are no longer read; a node
// without an endpoint or a failing read gives words in the row, said once in the log.
import * as assert from 'node:assert/strict';
import type { SwarmClient } from '../../../src/docker/swarmClient';
import type { StatsSample } from '../../../src/model/containers';
import { SwarmError } from '../../../src/model/errors';
import { noEndpointError, type NodeEngine, type NodeRef } from '../../../src/nodeEngines/nodeEngines';
import { StatsPoller, type ChangedReading, type StatsTarget } from '../../../src/stats/poller';
import { readingText } from '../../../src/stats/readings';
import { ManualClock, settle } from '../../support/manualClock';

const MiB = 1024 * 1024;

/** A container's counters: `busy` CPUs' worth of CPU time per second of the host's 2 CPUs. */
class FakeContainer {
  cpuNs = 0;
  systemNs = 1e12;
  memory = 3 * MiB;
  advance(seconds: number, busy: number): void {
    this.cpuNs += busy * seconds * 1e9;
    this.systemNs += 2 * seconds * 1e9;
  }
  sample(): StatsSample {
    return { readAt: this.systemNs / 1e6, cpuTotalNs: this.cpuNs, systemNs: this.systemNs, onlineCpus: 2, memoryBytes: this.memory, memoryLimitBytes: 8 * 1024 * MiB };
  }
}

/** One node's engine: answers stats of its containers, or holds every answer until released. */
class FakeEngine {
  readonly containers = new Map<string, FakeContainer>();
  readonly requests: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  holding = false;
  failWith: Error | undefined;
  private held: (() => void)[] = [];

  readonly client = {
    containerStats: async (id: string): Promise<StatsSample> => {
      this.requests.push(id);
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      try {
        if (this.holding) await new Promise<void>((r) => this.held.push(r));
        if (this.failWith) throw this.failWith;
        const c = this.containers.get(id);
        if (!c) throw new SwarmError('notFound', `No such container: ${id}`);
        return c.sample();
      } finally {
        this.inFlight--;
      }
    },
  } as unknown as SwarmClient;

  release(): void {
    this.holding = false;
    for (const r of this.held.splice(0)) r();
  }
}

function setup(o: { parallel?: number; nodes?: Record<string, FakeEngine | undefined> } = {}) {
  const clock = new ManualClock();
  const engine = new FakeEngine();
  const nodes: Record<string, FakeEngine | undefined> = o.nodes ?? { n1: engine };
  const engineCalls: string[] = [];
  const updates: ChangedReading[][] = [];
  const logs: string[] = [];
  let targets: StatsTarget[] = [];
  const poller = new StatsPoller({
    engines: {
      engineFor: async (node: NodeRef): Promise<NodeEngine> => {
        engineCalls.push(node.id);
        const e = nodes[node.id];
        if (!e) throw noEndpointError(node);
        return { client: e.client, route: { kind: 'connected' } };
      },
    },
    targets: () => targets,
    clock,
    onDidUpdate: (c) => updates.push([...c]),
    log: (m) => logs.push(m),
    ...(o.parallel ? { parallel: o.parallel } : {}),
  });
  const setTargets = (t: StatsTarget[]) => (targets = t);
  const text = (taskId: string) => {
    const r = poller.reading(taskId);
    return r && readingText(r);
  };
  return { clock, engine, poller, engineCalls, updates, logs, setTargets, text };
}

function target(taskId: string, containerId = `c-${taskId}`, nodeId = 'n1', serviceId = 's1'): StatsTarget {
  return { taskId, serviceId, containerId, node: { id: nodeId, hostname: `host-${nodeId}` } };
}

describe('the stats poller', () => {
  it('polls at once when started, every 2 s after: memory first, then CPU % from two samples (100 % is one CPU)', async () => {
    const { clock, engine, poller, updates, setTargets, text } = setup();
    const busy = new FakeContainer();
    const idle = new FakeContainer();
    engine.containers.set('c-busy', busy);
    engine.containers.set('c-idle', idle);
    setTargets([target('busy'), target('idle')]);
    poller.setRunning(true);
    await clock.advance(0);
    assert.equal(text('busy'), 'CPU … 3 MiB / 8 GiB');
    assert.deepEqual(updates, [[{ taskId: 'busy', serviceId: 's1' }, { taskId: 'idle', serviceId: 's1' }]]);
    busy.advance(2, 1);
    idle.advance(2, 0.01);
    await clock.advance(1999);
    assert.equal(engine.requests.length, 2, 'not before 2 s');
    await clock.advance(1);
    assert.equal(engine.requests.length, 4);
    assert.equal(text('busy'), '100% 3 MiB / 8 GiB');
    assert.equal(text('idle'), '1.0% 3 MiB / 8 GiB');
    assert.equal(poller.pollCount, 2);
    // Nothing changed in what the rows say: nothing to redraw.
    busy.advance(2, 1);
    idle.advance(2, 0.01);
    await clock.advance(2000);
    assert.equal(updates.length, 2);
    poller.dispose();
  });

  it('the same sample twice (two polls within the engine\'s 1 s sampling): the CPU figure is kept, not "CPU …"', async () => {
    const { clock, engine, poller, setTargets, text } = setup();
    const c = new FakeContainer();
    engine.containers.set('c-a', c);
    setTargets([target('a')]);
    poller.setRunning(true);
    await clock.advance(0);
    c.advance(2, 0.5);
    await clock.advance(2000);
    assert.equal(text('a'), '50% 3 MiB / 8 GiB');
    await clock.advance(2000); // no new sample
    assert.equal(text('a'), '50% 3 MiB / 8 GiB');
    // Counted from the last sample that moved on.
    c.advance(2, 1.5);
    await clock.advance(2000);
    assert.equal(text('a'), '150% 3 MiB / 8 GiB');
    poller.dispose();
  });

  it("a poll's requests go out in parallel, never more than the bound, and one engine per node is asked for", async () => {
    const { clock, engine, poller, engineCalls, setTargets } = setup({ parallel: 3 });
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    for (const id of ids) engine.containers.set(`c-${id}`, new FakeContainer());
    setTargets(ids.map((id) => target(id)));
    engine.holding = true;
    poller.setRunning(true);
    await clock.advance(0);
    assert.equal(engine.inFlight, 3, 'three at once');
    engine.release();
    await settle();
    await settle();
    assert.equal(engine.requests.length, 7);
    assert.equal(engine.maxInFlight, 3);
    assert.deepEqual(engineCalls, ['n1'], 'the node engine once for the poll');
    poller.dispose();
  });

  it('no poll starts while the previous is in flight; the next follows it', async () => {
    const { clock, engine, poller, setTargets } = setup();
    engine.containers.set('c-a', new FakeContainer());
    setTargets([target('a')]);
    engine.holding = true;
    poller.setRunning(true);
    await clock.advance(0);
    await clock.advance(10_000);
    assert.equal(engine.requests.length, 1, 'a slow engine: still the one request');
    poller.pollSoon();
    await clock.advance(0);
    assert.equal(engine.requests.length, 1, 'not even when asked to poll soon');
    engine.release();
    await settle();
    await clock.advance(0);
    assert.equal(engine.requests.length, 2, 'it took longer than 2 s: the next poll at once');
    await clock.advance(1999);
    assert.equal(engine.requests.length, 2);
    await clock.advance(1);
    assert.equal(engine.requests.length, 3);
    poller.dispose();
  });

  it('stopped: no request, the readings go (rows redrawn without them), and a poll in flight writes nothing', async () => {
    const { clock, engine, poller, updates, setTargets, text } = setup();
    engine.containers.set('c-a', new FakeContainer());
    setTargets([target('a')]);
    poller.setRunning(true);
    await clock.advance(0);
    assert.ok(text('a'));
    engine.holding = true;
    await clock.advance(2000);
    assert.equal(engine.requests.length, 2);
    poller.setRunning(false);
    assert.equal(text('a'), undefined);
    assert.deepEqual(updates.at(-1), [{ taskId: 'a', serviceId: 's1' }]);
    const redraws = updates.length;
    engine.release();
    await settle();
    await clock.advance(30_000);
    assert.equal(engine.requests.length, 2, 'no request after the stop');
    assert.equal(text('a'), undefined, 'the poll in flight wrote nothing');
    assert.equal(updates.length, redraws);
    assert.equal(clock.pending, 0, 'no timer left');
    // Started again: at once, CPU counted afresh.
    poller.setRunning(true);
    await clock.advance(0);
    assert.equal(engine.requests.length, 3);
    assert.match(text('a') ?? '', /^CPU … /);
    poller.dispose();
  });

  it('stopped in the middle of a poll: the requests not yet sent are not sent', async () => {
    const { clock, engine, poller, setTargets } = setup({ parallel: 2 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) engine.containers.set(`c-${id}`, new FakeContainer());
    setTargets(['a', 'b', 'c', 'd', 'e'].map((id) => target(id)));
    engine.holding = true;
    poller.setRunning(true);
    await clock.advance(0);
    assert.equal(engine.requests.length, 2);
    poller.setRunning(false);
    engine.release();
    await settle();
    await settle();
    assert.equal(engine.requests.length, 2);
    poller.dispose();
  });

  it('stopped and started again while a poll is in flight: one poll at a time still, and polling goes on', async () => {
    const { clock, engine, poller, setTargets } = setup();
    engine.containers.set('c-a', new FakeContainer());
    setTargets([target('a')]);
    engine.holding = true;
    poller.setRunning(true);
    await clock.advance(0);
    poller.setRunning(false);
    poller.setRunning(true);
    await clock.advance(0);
    assert.equal(engine.requests.length, 1);
    engine.release();
    await settle();
    // The poll in flight was the earlier start's: the new start reads at once, then every 2 s.
    await clock.advance(0);
    assert.equal(engine.requests.length, 2);
    await clock.advance(1999);
    assert.equal(engine.requests.length, 2);
    await clock.advance(1);
    assert.equal(engine.requests.length, 3);
    poller.dispose();
  });

  it('tasks no longer shown are no longer read, and their readings go', async () => {
    const { clock, engine, poller, updates, setTargets, text } = setup();
    engine.containers.set('c-a', new FakeContainer());
    engine.containers.set('c-b', new FakeContainer());
    setTargets([target('a'), target('b', 'c-b', 'n1', 's2')]);
    poller.setRunning(true);
    await clock.advance(0);
    setTargets([target('a')]);
    await clock.advance(2000);
    assert.deepEqual(engine.requests, ['c-a', 'c-b', 'c-a']);
    assert.equal(text('b'), undefined);
    assert.ok(updates.at(-1)?.some((c) => c.taskId === 'b' && c.serviceId === 's2'), "b's row redrawn");
    setTargets([]);
    await clock.advance(10_000);
    assert.equal(engine.requests.length, 3, 'nothing shown: no request');
    assert.equal(poller.pollCount, 2);
    poller.dispose();
  });

  it('a node without an endpoint: "no endpoint"; a failing read: a short reason; each said once in the log, never thrown', async () => {
    const engine = new FakeEngine();
    const { clock, poller, logs, setTargets, text, engineCalls } = setup({ nodes: { n1: engine, n2: undefined } });
    engine.containers.set('c-a', new FakeContainer());
    setTargets([target('a'), target('w1', 'c-w1', 'n2'), target('w2', 'c-w2', 'n2'), target('gone', 'c-gone')]);
    poller.setRunning(true);
    await clock.advance(0);
    assert.equal(text('w1'), 'no endpoint');
    assert.equal(text('w2'), 'no endpoint');
    assert.equal(text('gone'), 'stats: not running');
    assert.match(text('a') ?? '', /^CPU … 3 MiB/);
    assert.deepEqual(engineCalls.sort(), ['n1', 'n2'], 'the node without an endpoint asked for once, not once per task');
    await clock.advance(2000);
    engine.failWith = new SwarmError('timeout', 'The Docker engine at unix:///x did not answer within 5 s.');
    await clock.advance(2000);
    assert.equal(text('a'), 'stats: timed out');
    await clock.advance(4000);
    assert.equal(logs.length, 3, logs.join('\n'));
    assert.match(logs[0]!, /^Task stats on node host-n2: No Docker endpoint is known for node "host-n2"/);
    assert.ok(logs.some((l) => /not answer within 5 s/.test(l)));
    poller.dispose();
  });
});
