// SwarmStore over a fake of the client: refreshes coalesce, each view's expansions decide
// whose tasks a refresh reads, a reloaded service shows in its stack at once, and the
// connection state and task filter reach the context keys.
import * as assert from 'node:assert/strict';
import { ContextKeys } from '../../../src/constants';
import type { Snapshot, SnapshotScope, SwarmClient } from '../../../src/docker/swarmClient';
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';
import { SwarmError } from '../../../src/model/errors';
import type { TaskFilter } from '../../../src/model/taskFilter';
import { SwarmStore, type StoreChange } from '../../../src/tree/swarmStore';

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

/** A fake client: answers from `services`/`tasks`, records every call, and can hold a snapshot back. */
class FakeClient {
  services: EngineService[] = [];
  tasks: EngineTask[] = [];
  failWith: Error | undefined;
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
      nodes: [NODE],
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
    return [NODE];
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
    assert.equal(second, first);
    assert.equal(third, first);
    fake.release();
    await first;
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
    fake.services[0] = service('api1', 'shop_api', 3, 1, 'shop');
    fake.tasks.push(task('t4', 'api1', 2), task('t5', 'api1', 3, 'starting'));
    changes.length = 0;
    const snapshots = fake.calls.filter((c) => c === 'snapshot').length;
    const reloaded = await store.reloadService('api1');
    assert.deepEqual([reloaded.running, reloaded.desired], [2, 3]);
    assert.deepEqual(store.servicesInStack('shop').map((s) => [s.name, s.running, s.desired]), [['shop_api', 2, 3], ['shop_worker', 0, 0]]);
    assert.equal(store.findService('api1'), reloaded);
    assert.deepEqual(changes, [{ kind: 'service', id: 'api1' }]);
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
