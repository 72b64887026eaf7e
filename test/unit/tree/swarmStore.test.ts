// SwarmStore over a fake of the client: refreshes coalesce, each view's expansions decide
// whose tasks a refresh reads, a reloaded service shows in its stack at once, and the
// connection state and task filter reach the context keys.
import * as assert from 'node:assert/strict';
import { ContextKeys } from '../../../src/constants';
import type { Snapshot, SnapshotScope, SwarmClient } from '../../../src/docker/swarmClient';
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';
import { SwarmError } from '../../../src/model/errors';
import type { TaskFilter } from '../../../src/model/taskFilter';
import { readChanges, type ChangeReading, type ChangeRequest } from '../../../src/docker/changePlan';
import type { SnapshotReads } from '../../../src/docker/snapshotPlan';
import { ChangeSet, type SwarmChange } from '../../../src/model/changes';
import { SwarmStore, type StoreChange } from '../../../src/tree/swarmStore';
import { ManualClock } from '../../support/manualClock';

const NODE: EngineNode = { ID: 'node1aaaaaaaaaaaaa', Description: { Hostname: 'alpha' }, Spec: { Role: 'manager', Availability: 'active' }, Status: { State: 'ready' } };

function service(id: string, name: string, replicas: number, running: number, stack?: string): EngineService {
  return {
    ID: id,
    Version: { Index: 1 },
    Spec: { Name: name, Labels: stack ? { 'com.docker.stack.namespace': stack } : {}, Mode: { Replicated: { Replicas: replicas } }, TaskTemplate: { ContainerSpec: { Image: 'busybox' } } },
    ServiceStatus: { RunningTasks: running, DesiredTasks: replicas },
  };
}

function task(id: string, serviceId: string, slot: number, state = 'running'): EngineTask {
  return { ID: id, ServiceID: serviceId, NodeID: NODE.ID, Slot: slot, DesiredState: 'running', Status: { State: state } };
}

/** Lets a read that was asked for start (reads begin on the next microtask). */
async function settleReads(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** A fake client: answers from `services`/`tasks`/`nodes`, records every call, and can hold a snapshot or a change's read back. */
class FakeClient {
  services: EngineService[] = [];
  tasks: EngineTask[] = [];
  nodes: EngineNode[] = [NODE];
  failWith: Error | undefined;
  failChangesWith: Error | undefined;
  holdingChanges = false;
  /** How many of the next change reads answer with data no patch expects. */
  garbledChanges = 0;
  private heldChanges: (() => void)[] = [];
  /** What the real change plan asked of the engine, one line per request. */
  readonly reads: SnapshotReads = {
    services: async (filters) => {
      this.calls.push(`services ${JSON.stringify(filters ?? {})}`);
      return this.services.filter((s) => !filters?.['id'] || filters['id'].some((id) => s.ID.startsWith(id))).map((s) => ({ ...s }));
    },
    nodes: async (filters) => {
      this.calls.push(`nodes ${JSON.stringify(filters ?? {})}`);
      return this.nodes.filter((n) => !filters?.['id'] || filters['id'].includes(n.ID)).map((n) => ({ ...n }));
    },
    tasks: async (filters) => {
      this.calls.push(`tasks ${JSON.stringify(filters)}`);
      return this.tasks
        .filter(
          (t) =>
            (!filters['id'] || filters['id'].includes(t.ID)) &&
            (!filters['service'] || filters['service'].includes(t.ServiceID ?? '')) &&
            (!filters['node'] || filters['node'].includes(t.NodeID ?? '')) &&
            (!filters['desired-state'] || filters['desired-state'].includes(t.DesiredState ?? '')),
        )
        .map((t) => ({ ...t }));
    },
  };

  /** The real plan (src/docker/changePlan.ts) over the reads above. */
  async readChanges(filter: TaskFilter, request: ChangeRequest): Promise<ChangeReading> {
    this.calls.push('readChanges');
    if (this.holdingChanges) await new Promise<void>((resolve) => this.heldChanges.push(resolve));
    if (this.failChangesWith) throw this.failChangesWith;
    if (this.garbledChanges > 0) {
      this.garbledChanges--;
      return {} as ChangeReading; // engine data the patch does not expect
    }
    return readChanges(this.reads, filter, request);
  }

  releaseChanges(): void {
    this.holdingChanges = false;
    for (const r of this.heldChanges.splice(0)) r();
  }
  readonly scopes: SnapshotScope[] = [];
  readonly filters: TaskFilter[] = [];
  readonly calls: string[] = [];
  private held: (() => void)[] = [];
  holding = false;

  async snapshot(filter: TaskFilter, scope: SnapshotScope): Promise<Snapshot> {
    this.calls.push('snapshot');
    this.scopes.push({ services: [...(scope.services ?? [])], nodes: [...(scope.nodes ?? [])] });
    this.filters.push({ ...filter });
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failWith) throw this.failWith;
    const shownFor = [...(scope.services ?? [])];
    const nodeTasksFor = [...(scope.nodes ?? [])];
    return {
      services: this.services.map((s) => ({ ...s })),
      shownTasks: this.tasks.filter((t) => shownFor.includes(t.ServiceID ?? '')),
      shownFor,
      nodeTasks: this.tasks.filter((t) => nodeTasksFor.includes(t.NodeID ?? '')),
      nodeTasksFor,
      nodes: this.nodes.map((n) => ({ ...n })),
    };
  }

  release(): void {
    this.holding = false;
    for (const r of this.held.splice(0)) r();
  }

  async inspectService(id: string): Promise<EngineService> {
    this.calls.push(`inspect ${id}`);
    return this.services.find((s) => s.ID === id)!;
  }

  async serviceTasks(id: string): Promise<EngineTask[]> {
    this.calls.push(`tasks ${id}`);
    return this.tasks.filter((t) => t.ServiceID === id);
  }

  async listNodes(): Promise<EngineNode[]> {
    return this.nodes;
  }

  async tasksToRunOn(nodeIds: string[]): Promise<EngineTask[]> {
    this.calls.push(`tasksOn ${nodeIds.join(',')}`);
    return this.tasks.filter((t) => nodeIds.includes(t.NodeID ?? ''));
  }
}

describe('SwarmStore', () => {
  let fake: FakeClient;
  let store: SwarmStore;
  let contexts: [string, unknown][];
  let warnings: string[];
  let changes: StoreChange[];

  beforeEach(() => {
    fake = new FakeClient();
    fake.services = [service('api1', 'shop_api', 1, 1, 'shop'), service('wrk1', 'shop_worker', 0, 0, 'shop'), service('solo1', 'solo', 2, 2)];
    fake.tasks = [task('t1', 'api1', 1), task('t2', 'solo1', 1), task('t3', 'solo1', 2)];
    contexts = [];
    warnings = [];
    changes = [];
    store = new SwarmStore(() => fake as unknown as SwarmClient, { warn: (m) => warnings.push(m) }, {
      connection: (v) => contexts.push([ContextKeys.connection, v]),
      taskFilterActive: (v) => contexts.push([ContextKeys.taskFilterActive, v]),
      taskHistoryShown: (v) => contexts.push([ContextKeys.taskHistoryShown, v]),
    });
    store.onDidChange((e) => changes.push(e));
  });

  afterEach(() => store.dispose());

  it('refreshes requested while one runs share it, and run once more after it', async () => {
    fake.holding = true;
    const first = store.refresh();
    await settleReads();
    const second = store.refresh();
    const third = store.refresh();
    assert.equal(third, second, 'one promise for the read after the one going on');
    assert.notEqual(second, first);
    fake.release();
    await second;
    assert.equal(fake.calls.filter((c) => c === 'snapshot').length, 2, 'the first, then one for the two asked meanwhile');
    assert.deepEqual(changes, [{ kind: 'refreshed' }, { kind: 'refreshed' }]);
    await store.refresh();
    assert.equal(fake.calls.filter((c) => c === 'snapshot').length, 3, 'a later call runs again');
  });

  it('loads once for the first rows, and not again once loaded', async () => {
    await store.ensureLoaded();
    await store.ensureLoaded();
    assert.equal(fake.calls.filter((c) => c === 'snapshot').length, 1);
    assert.deepEqual(store.services.map((s) => s.name), ['shop_api', 'shop_worker', 'solo']);
    assert.equal(store.state, 'ok');
    assert.deepEqual(contexts, [[ContextKeys.connection, 'ok']]);
  });

  it('a failed refresh empties the store, keeps the error, sets the state once and logs it once', async () => {
    await store.refresh();
    fake.failWith = new SwarmError('unreachable', 'Cannot reach the Docker engine');
    await store.refresh();
    await store.refresh();
    assert.equal(store.state, 'unreachable');
    assert.equal(store.lastError?.message, 'Cannot reach the Docker engine');
    assert.deepEqual([store.services, store.nodes, store.snapshot, store.stacks()], [[], [], undefined, []]);
    assert.deepEqual(contexts, [[ContextKeys.connection, 'ok'], [ContextKeys.connection, 'unreachable']]);
    assert.equal(warnings.length, 1);
    fake.failWith = undefined;
    await store.refresh();
    assert.equal(store.state, 'ok');
    assert.equal(store.lastError, undefined);
  });

  it('a swarm without a leader keeps what was last read, marked stale since that read, until a read succeeds', async () => {
    const before = Date.now();
    await store.refresh();
    const shown = store.services.map((s) => s.name);
    fake.failWith = new SwarmError('noLeader', 'The swarm has no leader right now');
    await store.refresh();
    await store.refresh();
    assert.equal(store.state, 'noLeader');
    assert.deepEqual(store.services.map((s) => s.name), shown, 'the services stay');
    assert.ok(store.nodes.length > 0, 'the nodes stay');
    const since = store.readState.staleSince;
    assert.ok(since !== undefined && since >= before && since <= Date.now(), 'stale since the last good read');
    await assert.rejects(store.reloadService('solo1'), (e: unknown) => e instanceof SwarmError && e.kind === 'noLeader', 'a reload does not pass a stale row off as read');
    assert.deepEqual(contexts, [[ContextKeys.connection, 'ok'], [ContextKeys.connection, 'noLeader']]);
    // Another kind of failure (the engine gone) empties the views as before.
    fake.failWith = new SwarmError('unreachable', 'Cannot reach the Docker engine');
    await store.refresh();
    assert.deepEqual([store.services, store.readState.staleSince], [[], undefined]);
    // With nothing read before, there is nothing to keep.
    fake.failWith = new SwarmError('noLeader', 'The swarm has no leader right now');
    await store.refresh();
    assert.deepEqual([store.services, store.readState.staleSince], [[], undefined]);
    fake.failWith = undefined;
    await store.refresh();
    assert.deepEqual([store.state, store.readState.staleSince], ['ok', undefined]);
  });

  it('stale rows: the first read that works reads everything and clears the marks, so a reload right after a change is not refused', async () => {
    await store.refresh();
    fake.failWith = new SwarmError('noLeader', 'The swarm has no leader right now');
    await store.refresh();
    assert.ok(store.readState.staleSince !== undefined);
    fake.failWith = undefined;
    const reloaded = await store.reloadService('solo1');
    assert.equal(reloaded.name, 'solo');
    assert.deepEqual([store.state, store.readState.staleSince], ['ok', undefined]);
  });

  it('one manager that stops answering: no stale rows (the views empty, as before); another endpoint: nothing of the last one kept', async () => {
    await store.refresh();
    fake.failWith = new SwarmError('timeout', 'The Docker engine did not answer within 15 s.');
    await store.refresh();
    assert.deepEqual([store.services, store.readState.staleSince], [[], undefined]);
    fake.failWith = undefined;
    await store.refresh();
    store.readState.forgetShown();
    fake.failWith = new SwarmError('noLeader', 'The swarm has no leader right now');
    await store.refresh();
    assert.deepEqual([store.services, store.readState.staleSince], [[], undefined], "the new endpoint's failure does not show the old swarm");
  });

  it("reads the tasks of the services expanded in the Services view and of the nodes expanded in the Nodes view, each in its own scope", async () => {
    store.setServiceExpanded('solo1', true);
    store.setNodeExpanded(NODE.ID, true);
    await store.refresh();
    assert.deepEqual(fake.scopes.at(-1), { services: ['solo1'], nodes: [NODE.ID] });
    store.setServiceExpanded('solo1', false);
    await store.refresh();
    assert.deepEqual(fake.scopes.at(-1), { services: [], nodes: [NODE.ID] });
    store.setNodeExpanded(NODE.ID, false);
    await store.refresh();
    assert.deepEqual(fake.scopes.at(-1), { services: [], nodes: [] });
  });

  it('forgets an expanded service or node that is no longer listed', async () => {
    store.setServiceExpanded('gone', true);
    store.setNodeExpanded('gone-node', true);
    await store.refresh();
    await store.refresh();
    assert.deepEqual(fake.scopes.at(-1), { services: [], nodes: [] });
  });

  it('reads the tasks of a service expanded between refreshes at once, and with every refresh after', async () => {
    await store.refresh();
    const solo = store.findService('solo')!;
    const tasks = await store.tasksOfService(solo);
    assert.deepEqual(tasks.map((t) => t.name), ['solo.1', 'solo.2']);
    assert.ok(fake.calls.includes('tasks solo1'));
    await store.refresh();
    assert.deepEqual(fake.scopes.at(-1)?.services, ['solo1']);
    const calls = fake.calls.length;
    assert.deepEqual((await store.tasksOfService(solo)).map((t) => t.name), ['solo.1', 'solo.2']);
    assert.equal(fake.calls.length, calls, 'the refresh read them: no request');
  });

  it('reads the tasks on a node expanded between refreshes once, then has them', async () => {
    await store.refresh();
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.name), ['shop_api.1', 'solo.1', 'solo.2']);
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.name), ['shop_api.1', 'solo.1', 'solo.2']);
    assert.equal(fake.calls.filter((c) => c.startsWith('tasksOn')).length, 1);
    await store.refresh();
    assert.deepEqual(fake.scopes.at(-1)?.nodes, [NODE.ID]);
  });

  it('groups services by stack, sorted, and a reloaded service counts in its stack at once, with no refresh', async () => {
    fake.services.push(service('b1', 'alpha_b', 1, 1, 'alpha'));
    await store.refresh();
    assert.deepEqual(store.stacks(), ['alpha', 'shop']);
    assert.deepEqual(store.servicesInStack('shop').map((s) => [s.name, s.running, s.desired]), [['shop_api', 1, 1], ['shop_worker', 0, 0]]);
    // The engine's counts, as a re-read through the filtered listing gives them.
    fake.services[0] = service('api1', 'shop_api', 3, 2, 'shop');
    fake.tasks.push(task('t4', 'api1', 2), task('t5', 'api1', 3, 'starting'));
    changes.length = 0;
    const snapshots = fake.calls.filter((c) => c === 'snapshot').length;
    const reloaded = await store.reloadService('api1');
    assert.deepEqual([reloaded.running, reloaded.desired], [2, 3]);
    assert.deepEqual(store.servicesInStack('shop').map((s) => [s.name, s.running, s.desired]), [['shop_api', 2, 3], ['shop_worker', 0, 0]]);
    assert.equal(store.findService('api1'), reloaded);
    assert.deepEqual(changes, [{ kind: 'patched', changed: ['api1'], added: [], removed: [], nodes: false, everyRow: false }]);
    assert.equal(fake.calls.filter((c) => c === 'snapshot').length, snapshots, 'no refresh');
  });

  it('a reloaded service whose stack label changed moves to its new stack', async () => {
    await store.refresh();
    fake.services[2] = service('solo1', 'solo', 2, 2, 'shop');
    await store.reloadService('solo1');
    assert.deepEqual(store.servicesInStack('shop').map((s) => s.name), ['shop_api', 'shop_worker', 'solo']);
  });

  it('the task filter: a copy out, described, set in the context keys, and used by the next refresh', async () => {
    assert.equal(store.describeFilter(), undefined);
    await store.setTaskFilter({ node: 'alpha' });
    assert.deepEqual(fake.filters.at(-1), { node: 'alpha' });
    assert.equal(store.describeFilter(), 'tasks: node=alpha');
    assert.deepEqual(contexts.slice(0, 2), [[ContextKeys.taskFilterActive, true], [ContextKeys.taskHistoryShown, true]]);
    const copy = store.taskFilter;
    copy.node = 'beta';
    assert.deepEqual(store.taskFilter, { node: 'alpha' }, 'a copy: changing it changes nothing');
  });

  it('finds services by id or name and nodes by id or hostname', async () => {
    await store.refresh();
    assert.equal(store.findService('solo1')?.name, 'solo');
    assert.equal(store.findService('solo')?.id, 'solo1');
    assert.equal(store.findService('nope'), undefined);
    assert.equal(store.findNode('alpha')?.id, NODE.ID);
    assert.equal(store.findNode(NODE.ID)?.hostname, 'alpha');
    assert.equal(store.findNode('beta'), undefined);
  });
});

describe('SwarmStore.update (a change read alone, through the real change plan)', () => {
  let fake: FakeClient;
  let store: SwarmStore;
  let clock: ManualClock;
  let changes: StoreChange[];
  const NODE2: EngineNode = { ID: 'node2bbbbbbbbbbbbb', Description: { Hostname: 'beta' }, Spec: { Role: 'worker', Availability: 'active' }, Status: { State: 'ready' } };
  const serviceChange = (id: string, o: Partial<Extract<SwarmChange, { kind: 'service' }>> = {}): ChangeSet => ChangeSet.of({ kind: 'service', id, removed: false, ...o });
  const reads = () => fake.calls.filter((c) => /^(services|nodes|tasks) /.test(c));
  const count = (call: string) => fake.calls.filter((c) => c === call).length;

  beforeEach(async () => {
    fake = new FakeClient();
    fake.nodes = [NODE, NODE2];
    fake.services = [service('api1', 'shop_api', 1, 1, 'shop'), service('wrk1', 'shop_worker', 0, 0, 'shop'), service('solo1', 'solo', 2, 2)];
    fake.tasks = [task('t1', 'api1', 1), task('t2', 'solo1', 1), { ...task('t3', 'solo1', 2), NodeID: NODE2.ID }];
    clock = new ManualClock();
    changes = [];
    store = new SwarmStore(() => fake as unknown as SwarmClient, { warn: () => undefined }, undefined, clock);
    store.onDidChange((e) => changes.push(e));
    await store.refresh();
    fake.calls.length = 0;
    changes.length = 0;
  });

  afterEach(() => store.dispose());

  it('one collapsed service changed: one request (the filtered listing), no snapshot, and a patch naming it', async () => {
    fake.services[2] = service('solo1', 'solo', 3, 2);
    await store.update(serviceChange('solo1'));
    assert.deepEqual(reads(), ['services {"id":["solo1"]}']);
    assert.equal(count('snapshot'), 0);
    assert.deepEqual(changes, [{ kind: 'patched', changed: ['solo1'], added: [], removed: [], nodes: false, everyRow: false }]);
    assert.deepEqual([store.findService('solo1')?.desired, store.stats.partial, store.stats.full], [3, 1, 1]);
    // Read again and found as it was (a follow-up): nothing to redraw, nothing said.
    changes.length = 0;
    await store.update(serviceChange('solo1'));
    assert.equal(store.stats.partial, 2);
    assert.deepEqual(changes, []);
  });

  it('a service created is added in its place; a remove event drops one with no read at all', async () => {
    fake.services.push(service('new1', 'alpha', 1, 0));
    await store.update(serviceChange('new1'));
    assert.deepEqual(changes.at(-1), { kind: 'patched', changed: [], added: ['new1'], removed: [], nodes: false, everyRow: false });
    assert.deepEqual(store.services.map((s) => s.name), ['alpha', 'shop_api', 'shop_worker', 'solo']);
    fake.calls.length = 0;
    fake.services = fake.services.filter((s) => s.ID !== 'api1');
    await store.update(ChangeSet.of({ kind: 'service', id: 'api1', removed: true }));
    assert.deepEqual(reads(), [], 'nothing read for a removal');
    assert.deepEqual(changes.at(-1), { kind: 'patched', changed: [], added: [], removed: ['api1'], nodes: false, everyRow: false });
    assert.deepEqual(store.servicesInStack('shop').map((s) => s.name), ['shop_worker']);
    assert.equal(count('snapshot'), 0);
  });

  it('changes asked while a read is held go into exactly one next read', async () => {
    // Each changed on the engine, so each row differs from what the store holds.
    fake.services = [service('api1', 'shop_api', 2, 1, 'shop'), service('wrk1', 'shop_worker', 1, 0, 'shop'), service('solo1', 'solo', 3, 2)];
    fake.holdingChanges = true;
    const first = store.update(serviceChange('api1'));
    await settleReads();
    const second = store.update(serviceChange('solo1'));
    const third = store.update(serviceChange('wrk1'));
    assert.equal(third, second, 'one promise for the read after the one going on');
    assert.notEqual(second, first);
    fake.releaseChanges();
    await second;
    assert.equal(count('readChanges'), 2);
    assert.deepEqual(reads(), ['services {"id":["api1"]}', 'services {"id":["solo1","wrk1"]}']);
    assert.deepEqual(changes.map((c) => (c.kind === 'patched' ? [...c.changed].sort() : c.kind)), [['api1'], ['solo1', 'wrk1']]);
  });

  it('a change read that fails reads everything instead', async () => {
    fake.failChangesWith = new SwarmError('notFound', 'service gone');
    await store.update(serviceChange('api1'));
    assert.deepEqual([count('readChanges'), count('snapshot')], [1, 1]);
    assert.deepEqual(changes, [{ kind: 'refreshed' }]);
    assert.deepEqual([store.stats.partial, store.stats.full], [0, 2]);
  });

  it("a node whose state or spec changed in its re-read: everything is read; its description alone: patched", async () => {
    fake.nodes[1] = { ...NODE2, Description: { ...NODE2.Description, Engine: { EngineVersion: '99.0' } } as EngineNode['Description'] };
    await store.update(ChangeSet.of({ kind: 'node', id: NODE2.ID, removed: false }));
    assert.equal(count('snapshot'), 0);
    assert.deepEqual(changes, [{ kind: 'patched', changed: [], added: [], removed: [], nodes: true, everyRow: true }]);
    assert.equal(store.findNode('beta')?.engineVersion, '99.0');
    // Labels (or availability, or role): tasks may move or become placeable with no event here.
    fake.nodes[1] = { ...fake.nodes[1]!, Spec: { ...NODE2.Spec, Labels: { zone: 'eu' } } };
    await store.update(ChangeSet.of({ kind: 'node', id: NODE2.ID, removed: false }));
    assert.equal(count('snapshot'), 1);
    assert.deepEqual(store.findNode('beta')?.labels, { zone: 'eu' });
    fake.nodes[1] = { ...fake.nodes[1]!, Status: { State: 'down' } };
    await store.update(ChangeSet.of({ kind: 'node', id: NODE2.ID, removed: false }));
    assert.equal(count('snapshot'), 2);
    assert.equal(store.findNode('beta')?.state, 'down');
  });

  it('a node removed or an event not attributed: everything', async () => {
    await store.update(ChangeSet.of({ kind: 'node', id: NODE2.ID, removed: true }));
    await store.update(ChangeSet.everything());
    assert.deepEqual([count('readChanges'), count('snapshot')], [0, 2]);
  });

  it("a task's start not yet recorded: its service read again on the clock until the manager reports it running", async () => {
    fake.tasks[1] = task('t2', 'solo1', 1, 'starting');
    await store.update(serviceChange('solo1', { task: { id: 't2', expect: 'running' } }));
    assert.equal(count('readChanges'), 1);
    await clock.advance(24);
    assert.equal(count('readChanges'), 1);
    await clock.advance(1);
    assert.equal(count('readChanges'), 2, 'again at 25 ms');
    fake.tasks[1] = task('t2', 'solo1', 1, 'running');
    await clock.advance(50);
    assert.equal(count('readChanges'), 3, 'again at 75 ms: now running');
    await clock.advance(10_000);
    assert.equal(count('readChanges'), 3, 'met: no more');
    assert.equal(store.stats.full, 1);
  });

  it("the tasks under an expanded service and on an expanded node are read with its change, and survive later patches", async () => {
    const solo = store.findService('solo1')!;
    assert.deepEqual((await store.tasksOfService(solo)).map((t) => t.id), ['t2', 't3']);
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.id), ['t1', 't2']);
    fake.services[2] = service('solo1', 'solo', 3, 3);
    fake.tasks.push(task('t4', 'solo1', 3));
    fake.calls.length = 0;
    await store.update(serviceChange('solo1'));
    assert.deepEqual(reads(), ['services {"id":["solo1"]}', 'tasks {"desired-state":["running"],"service":["solo1"]}'], 'one tasks request for both views');
    assert.deepEqual(store.knownTasksOf('solo1')?.map((t) => t.id), ['t2', 't3', 't4']);
    assert.deepEqual(store.knownTasksOn(NODE.ID)?.map((t) => t.id), ['t1', 't2', 't4']);
    // A change elsewhere, then a node's description (the models built again from the snapshot).
    await store.update(serviceChange('api1'));
    fake.nodes[1] = { ...NODE2, Description: { ...NODE2.Description, Engine: { EngineVersion: '99.0' } } as EngineNode['Description'] };
    await store.update(ChangeSet.of({ kind: 'node', id: NODE2.ID, removed: false }));
    assert.deepEqual(store.knownTasksOf('solo1')?.map((t) => t.id), ['t2', 't3', 't4']);
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.id), ['t1', 't2', 't4']);
    assert.equal(store.stats.full, 1);
  });

  it('a node collapsed and expanded again after a change to a service on it shows that change', async () => {
    await store.tasksOnNode(NODE.ID);
    store.setNodeExpanded(NODE.ID, false);
    fake.services[2] = service('solo1', 'solo', 3, 3);
    fake.tasks.push(task('t4', 'solo1', 3));
    await store.update(serviceChange('solo1'));
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.id), ['t1', 't2', 't4']);
  });

  it('a node or service collapsed while a full read runs is not kept as shown: expanded again, it is read anew', async () => {
    await store.tasksOnNode(NODE.ID);
    await store.tasksOfService(store.findService('solo1')!);
    fake.holding = true;
    const full = store.refresh();
    await settleReads();
    store.setNodeExpanded(NODE.ID, false);
    store.setServiceExpanded('solo1', false);
    fake.release();
    await full;
    assert.equal(store.knownTasksOn(NODE.ID), undefined, 'the node is not covered');
    assert.equal(store.knownTasksOf('solo1'), undefined, 'the service shows no tasks it would not keep current');
    fake.tasks.push(task('t4', 'solo1', 3));
    fake.services[2] = service('solo1', 'solo', 3, 3);
    await store.update(serviceChange('solo1'));
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.id), ['t1', 't2', 't4']);
  });

  it('a node expanded while a change is read keeps its tasks through that patch and the next', async () => {
    fake.holdingChanges = true;
    const pending = store.update(serviceChange('api1'));
    await settleReads();
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.id), ['t1', 't2']);
    fake.releaseChanges();
    await pending;
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.id), ['t1', 't2']);
    fake.tasks.push(task('t4', 'solo1', 3));
    await store.update(serviceChange('solo1'));
    assert.deepEqual((await store.tasksOnNode(NODE.ID)).map((t) => t.id), ['t1', 't2', 't4']);
    assert.equal(store.stats.full, 1);
  });

  it('a service expanded while a change is read keeps its tasks through that patch and a node re-read', async () => {
    fake.holdingChanges = true;
    const pending = store.update(serviceChange('api1'));
    await settleReads();
    await store.tasksOfService(store.findService('solo1')!);
    fake.releaseChanges();
    await pending;
    fake.nodes[1] = { ...NODE2, Spec: { ...NODE2.Spec, Labels: { zone: 'us' } } };
    await store.update(ChangeSet.of({ kind: 'node', id: NODE2.ID, removed: false }));
    assert.deepEqual(store.knownTasksOf('solo1')?.map((t) => t.id), ['t2', 't3']);
  });

  it('a change read that the store cannot apply (unexpected engine data) turns into a full read; the change queued behind it is still read', async () => {
    fake.services[2] = service('solo1', 'solo', 3, 3);
    fake.services[0] = service('api1', 'shop_api', 2, 2, 'shop');
    fake.garbledChanges = 1;
    fake.holdingChanges = true;
    const first = store.update(serviceChange('solo1'));
    await settleReads();
    const second = store.update(serviceChange('api1'));
    fake.releaseChanges();
    await first;
    await second;
    assert.equal(store.findService('solo1')?.desired, 3, 'the full read shows what the engine holds');
    assert.deepEqual([count('readChanges'), count('snapshot')], [2, 1], 'one full read, then the queued change read alone');
    assert.equal(store.findService('api1')?.desired, 2);
  });

  it("a follow-up read the store cannot apply leaves no rejection unhandled, and the view is put right", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      fake.tasks[1] = task('t2', 'solo1', 1, 'starting');
      await store.update(serviceChange('solo1', { task: { id: 't2', expect: 'running' } }));
      fake.garbledChanges = 1;
      fake.services[2] = service('solo1', 'solo', 3, 3);
      await clock.advance(25);
      await new Promise(setImmediate);
      assert.deepEqual(unhandled, []);
      assert.equal(count('snapshot'), 1, 'the follow-up turned into a full read');
      assert.equal(store.findService('solo1')?.desired, 3);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it("a reload's promise settles once the read covering it is done, even while events keep queuing reads", async () => {
    const settled: string[] = [];
    fake.holdingChanges = true;
    void store.update(serviceChange('api1'));
    await settleReads();
    const reloaded = store.reloadService('solo1').then((s) => (settled.push('reload'), s));
    // Each read ends as the next event arrives: a large rolling update's stream.
    for (const next of ['wrk1', 'api1', 'wrk1']) {
      fake.releaseChanges();
      fake.holdingChanges = true;
      await new Promise(setImmediate);
      void store.update(serviceChange(next));
      await new Promise(setImmediate);
    }
    assert.deepEqual(settled, ['reload'], 'the reload is answered with a read still held behind it');
    assert.equal((await reloaded).name, 'solo');
    fake.releaseChanges();
  });

  it('a change that ended as a full read follows only the tasks that full read did not show as expected', async () => {
    await store.tasksOfService(store.findService('solo1')!); // t2, t3 shown: the full read lists them
    fake.tasks[0] = task('t1', 'api1', 1, 'starting'); // api1 collapsed: its task is not listed
    fake.calls.length = 0;
    const merged = store.update(ChangeSet.of({ kind: 'service', id: 'solo1', removed: false, task: { id: 't2', expect: 'running' } }, { kind: 'service', id: 'api1', removed: false, task: { id: 't1', expect: 'running' } }));
    void store.refresh(); // in the same turn: one full read covers both
    await merged;
    assert.deepEqual([count('snapshot'), count('readChanges')], [1, 0]);
    await clock.advance(10_000);
    assert.deepEqual(
      reads().filter((r) => r.startsWith('services')),
      Array(6).fill('services {"id":["api1"]}'),
      "only api1 read again (t1's state was not read; t2 was listed running)",
    );
  });

  it('a service gone with no remove event seen is followed no more once a full read does not list it', async () => {
    fake.services[2] = service('solo1', 'solo', 3, 1); // counts unmet: followed
    await store.update(serviceChange('solo1'));
    assert.equal(clock.pending, 1);
    fake.services.splice(2, 1); // its remove event lost in a gap of the stream
    await store.refresh();
    assert.equal(clock.pending, 0, 'its timer gone with its entry');
    fake.calls.length = 0;
    await clock.advance(100_000);
    assert.deepEqual(fake.calls, [], 'nothing read for it');
  });
});
