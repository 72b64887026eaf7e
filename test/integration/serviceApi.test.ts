// The Engine client's service operations (EngineClient, through TestClient), against the real swarm. Every assertion is
// on what the engine reports afterwards.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../support/testClient';
import { modelFromSnapshot } from '../../src/model/snapshot';
import type { EngineService } from '../../src/model/engineTypes';
import { SwarmError } from '../../src/model/errors';
import { DEFAULT_TASK_FILTER } from '../../src/model/taskFilter';
import { startCountingProxy, type CountingProxy } from '../support/countingProxy';
import { createService, serviceSpec, uniqueName, waitFor, waitForRunning } from '../support/swarm';

const client = new TestClient();

/**
 * A request as seen on the wire: what it lists, and for a task listing its filters (the
 * services or nodes it names), e.g. `tasks service=ID desired-state=running`.
 */
function described(method: string, url: string): string {
  const u = new URL(url, 'http://engine');
  const what = u.pathname.replace(/^\/v[\d.]+/, '');
  if (what !== '/tasks') return `${method} ${what}`;
  const filters = JSON.parse(u.searchParams.get('filters') ?? '{}') as Record<string, string[] | Record<string, boolean>>;
  const values = (v: string[] | Record<string, boolean>) => (Array.isArray(v) ? v : Object.keys(v)).sort().join(',');
  return `${method} /tasks ${Object.keys(filters).sort().map((k) => `${k}=${values(filters[k]!)}`).join(' ')}`;
}

/** The spec without the fields an operation may change. */
function specWithout(s: EngineService, ...paths: string[][]): unknown {
  const copy = structuredClone(s.Spec) as Record<string, unknown>;
  for (const path of paths) {
    let at: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) at = at?.[key] as Record<string, unknown> | undefined;
    if (at) delete at[path[path.length - 1] as string];
  }
  return copy;
}

describe('SwarmClient against the real swarm', () => {
  let replicated: string;
  let global: string;
  const richOptions = {
    replicas: 1,
    labels: { team: 'payments', 'owner.email': 'a@example.org' },
    env: ['MODE=test', 'EMPTY='],
    mounts: [{ Type: 'tmpfs', Target: '/scratch' }],
    updateConfig: { Parallelism: 2, Delay: 1_000_000_000, FailureAction: 'pause', Order: 'stop-first' },
  };

  before(async () => {
    [replicated, global] = await Promise.all([
      createService(client, uniqueName('rich'), 'echo started; sleep 3600', richOptions),
      createService(client, uniqueName('global'), 'sleep 3600', { global: true }),
    ]);
  });

  it('knows it talks to a swarm manager', async () => {
    assert.equal((await client.swarmStatus()).role, 'manager');
    await client.requireManager();
  });

  it('inspects a service: id, short id, name, version and attrs', async () => {
    const s = await client.inspectService(replicated);
    assert.equal(s.ID, replicated);
    assert.ok((s.Version?.Index ?? 0) > 0);
    assert.deepEqual(s.Spec?.Labels?.['team'], 'payments');
    const model = await client.model();
    const summary = model.services.find((x) => x.id === replicated)!;
    assert.equal(summary.shortId, replicated.slice(0, 12));
    assert.equal(summary.name, s.Spec?.Name);
    assert.equal(summary.version, s.Version?.Index);
  });

  describe('requests counted on the wire', () => {
    let dir: string;
    let proxy: CountingProxy;
    let counted: TestClient;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'swarm-services-count-'));
      proxy = await startCountingProxy(join(dir, 'engine.sock'));
      counted = new TestClient({ dockerHost: `unix://${join(dir, 'engine.sock')}` });
    });
    after(async () => {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** What one call sent to the Engine, sorted (the listings go out in parallel). */
    async function sent<T>(call: (c: TestClient) => Promise<T>): Promise<{ result: T; requests: string[] }> {
      proxy.reset();
      const result = await call(counted);
      return { result, requests: proxy.requests.map((r) => described(r.method, r.url)).sort() };
    }

    it('builds the tree model in a constant number of requests, with counts from the task listing', async () => {
      await waitForRunning(client, replicated, 1);
      const all = await sent((c) => c.snapshot(DEFAULT_TASK_FILTER));
      assert.deepEqual(all.requests, ['GET /nodes', 'GET /services', 'GET /tasks desired-state=running']);
      const history = await sent((c) => c.snapshot({ 'desired-state': 'shutdown' }));
      assert.deepEqual(history.requests, ['GET /nodes', 'GET /services', 'GET /tasks desired-state=running', 'GET /tasks desired-state=shutdown']);
      // However many services there are: one more makes no more requests.
      const more = await createService(client, uniqueName('more'), 'sleep 3600', { replicas: 0 });
      assert.deepEqual((await sent((c) => c.snapshot(DEFAULT_TASK_FILTER))).requests, all.requests);
      assert.ok(all.result.services.length >= 2);
      await client.removeService(more);
      const model = await client.model();
      const s = model.services.find((x) => x.id === replicated)!;
      assert.deepEqual([s.mode, s.running, s.desired], ['replicated', 1, 1]);
      const g = await waitFor('global task running', async () => {
        const m = await client.model();
        const x = m.services.find((y) => y.id === global)!;
        return x.running === 1 ? x : undefined;
      });
      assert.deepEqual([g.mode, g.desired], ['global', 1]);
      assert.equal(model.tasksByService.get(replicated)![0]!.name.endsWith('.1'), true);
    });

    it("the view's refresh: counts from the services' ServiceStatus, tasks only for the expanded services", async () => {
      await waitForRunning(client, replicated, 1);
      // Nothing expanded: services and nodes only, and the same counts as from the tasks.
      const { result: bare, requests: bareSent } = await sent((c) => c.snapshot(DEFAULT_TASK_FILTER, { services: [] }));
      assert.deepEqual(bareSent, ['GET /nodes', 'GET /services']);
      assert.equal(bare.tasksToRun, undefined);
      assert.ok(bare.services.every((s) => s.ServiceStatus), 'this engine counts tasks (API 1.41)');
      const counted = modelFromSnapshot(bare);
      const full = await client.model();
      for (const id of [replicated, global]) {
        const a = counted.services.find((x) => x.id === id)!;
        const b = full.services.find((x) => x.id === id)!;
        assert.deepEqual([a.running, a.desired], [b.running, b.desired], `${a.name}: ServiceStatus and the task listing agree`);
      }
      assert.equal(counted.tasksByService.size, 0);
      // One service expanded: one more request, for its tasks alone.
      const { result: one, requests: oneSent } = await sent((c) => c.snapshot(DEFAULT_TASK_FILTER, { services: [replicated] }));
      assert.deepEqual(oneSent, ['GET /nodes', 'GET /services', `GET /tasks desired-state=running service=${replicated}`]);
      assert.deepEqual([...new Set(one.shownTasks.map((t) => t.ServiceID))], [replicated]);
      assert.deepEqual([...modelFromSnapshot(one).tasksByService.keys()], [replicated]);
      // A filter applies to them too, still in one request for both services.
      const { result: history, requests: historySent } = await sent((c) => c.snapshot({ 'desired-state': 'shutdown' }, { services: [replicated, global] }));
      assert.deepEqual(historySent, ['GET /nodes', 'GET /services', `GET /tasks desired-state=shutdown service=${[replicated, global].sort().join(',')}`]);
      assert.ok(history.shownTasks.every((t) => t.DesiredState === 'shutdown' && [replicated, global].includes(t.ServiceID!)));
      // An expanded service removed meanwhile (the Engine then refuses the whole listing): the
      // others' tasks are read again without it.
      const gone = await createService(client, uniqueName('gone'), 'sleep 3600', { replicas: 0 });
      await client.removeService(gone);
      const { result: without, requests: withoutSent } = await sent((c) => c.snapshot(DEFAULT_TASK_FILTER, { services: [replicated, gone] }));
      assert.deepEqual(withoutSent, ['GET /nodes', 'GET /services', `GET /tasks desired-state=running service=${[replicated, gone].sort().join(',')}`, `GET /tasks desired-state=running service=${replicated}`].sort());
      assert.deepEqual(without.shownFor, [replicated]);
      assert.ok(without.shownTasks.length >= 1 && without.shownTasks.every((t) => t.ServiceID === replicated));
      // Nodes expanded in the Nodes view: their tasks meant to run, in one more request; a node
      // that left the swarm is dropped the same way.
      const [manager] = await client.listNodes();
      const leftNode = 'nosuchnode0000000000000000';
      const { result: onNodes, requests: onNodesSent } = await sent((c) => c.snapshot(DEFAULT_TASK_FILTER, { nodes: [manager!.ID, leftNode] }));
      assert.deepEqual(onNodesSent, ['GET /nodes', 'GET /services', `GET /tasks desired-state=running node=${[manager!.ID, leftNode].sort().join(',')}`, `GET /tasks desired-state=running node=${manager!.ID}`].sort());
      assert.deepEqual(onNodes.nodeTasksFor, [manager!.ID]);
      assert.ok(onNodes.nodeTasks.some((t) => t.ServiceID === replicated) && onNodes.nodeTasks.every((t) => t.NodeID === manager!.ID && t.DesiredState === 'running'));
    });
  });

  it('scales: the engine runs the new count, the version moves, nothing else in the spec changes', async () => {
    const before = await client.inspectService(replicated);
    const after = await client.scaleService(replicated, 3);
    assert.equal(after.Spec?.Mode?.Replicated?.Replicas, 3);
    assert.ok((after.Version?.Index ?? 0) > (before.Version?.Index ?? 0));
    assert.deepEqual(specWithout(after, ['Mode']), specWithout(before, ['Mode']));
    const engine = await client.inspectService(replicated);
    assert.equal(engine.Spec?.Mode?.Replicated?.Replicas, 3);
    assert.deepEqual(engine.Spec?.TaskTemplate?.ContainerSpec?.Env, richOptions.env);
    assert.deepEqual((engine.Spec?.TaskTemplate?.ContainerSpec as { Mounts?: unknown[] }).Mounts, richOptions.mounts);
    assert.deepEqual((engine.Spec as { UpdateConfig?: unknown }).UpdateConfig, (before.Spec as { UpdateConfig?: unknown }).UpdateConfig);
    await waitForRunning(client, replicated, 3);
    await client.scaleService(replicated, 1);
    await waitForRunning(client, replicated, 1);
  });

  it('refuses to scale a global service, says why, and changes nothing', async () => {
    const before = await client.inspectService(global);
    await assert.rejects(client.scaleService(global, 3), (e: unknown) => e instanceof SwarmError && e.kind === 'notScalable' && /global/.test(e.message));
    const after = await client.inspectService(global);
    assert.equal(after.Version?.Index, before.Version?.Index);
  });

  it('force-updates: ForceUpdate goes up by one, tasks are replaced, nothing else changes', async () => {
    const before = await client.inspectService(replicated);
    const tasksBefore = await client.serviceTasks(replicated, DEFAULT_TASK_FILTER);
    const after = await client.forceUpdateService(replicated);
    assert.equal(after.Spec?.TaskTemplate?.ForceUpdate, (before.Spec?.TaskTemplate?.ForceUpdate ?? 0) + 1);
    assert.ok((after.Version?.Index ?? 0) > (before.Version?.Index ?? 0));
    assert.deepEqual(specWithout(after, ['TaskTemplate', 'ForceUpdate']), specWithout(before, ['TaskTemplate', 'ForceUpdate']));
    const oldIds = new Set(tasksBefore.map((t) => t.ID));
    await waitFor('a replacement task running', async () => {
      const now = await client.serviceTasks(replicated, DEFAULT_TASK_FILTER);
      return now.some((t) => !oldIds.has(t.ID) && t.Status?.State === 'running');
    });
  });

  it('retries once when another update lands between its read and its write, keeping both changes', async () => {
    const other = new TestClient();
    const before = await client.inspectService(replicated);
    let calls = 0;
    const result = await client.updateSpec(replicated, async (spec) => {
      calls++;
      // A real concurrent writer: after our read, it reads and updates the service itself,
      // so our write (carrying the older version) is out of sequence.
      if (calls === 1) await other.updateSpec(replicated, (s) => ({ ...s, Labels: { ...s.Labels, theirs: 'yes' } }));
      return { ...spec, Labels: { ...spec.Labels, ours: 'yes' } };
    });
    assert.equal(calls, 2, 'read again after the conflict');
    assert.equal(result.Spec?.Labels?.['ours'], 'yes');
    assert.equal(result.Spec?.Labels?.['theirs'], 'yes', "the other writer's change is kept");
    assert.ok((result.Version?.Index ?? 0) > (before.Version?.Index ?? 0) + 1);
  });

  it('lets a second conflict reach the caller', async () => {
    const other = new TestClient();
    let calls = 0;
    await assert.rejects(
      client.updateSpec(replicated, async (spec) => {
        calls++;
        await other.updateSpec(replicated, (s) => ({ ...s, Labels: { ...s.Labels, race: String(calls) } }));
        return { ...spec, Labels: { ...spec.Labels, loser: 'yes' } };
      }),
      (e: unknown) => e instanceof SwarmError && e.kind === 'conflict' && /^The service \S+ was changed by someone else at the same time/.test(e.message),
    );
    assert.equal(calls, 2);
    const engine = await client.inspectService(replicated);
    assert.equal(engine.Spec?.Labels?.['loser'], undefined);
    assert.equal(engine.Spec?.Labels?.['race'], '2');
  });

  it('scales a replicated job by its total completions, as the CLI does', async () => {
    const spec = serviceSpec(uniqueName('job'), 'echo done', { restart: { Condition: 'none' } });
    spec.Mode = { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } };
    const id = await client.createService(spec);
    const after = await client.scaleService(id, 3);
    assert.deepEqual(after.Spec?.Mode?.ReplicatedJob, { MaxConcurrent: 1, TotalCompletions: 3 });
    const model = await client.model();
    const summary = model.services.find((s) => s.id === id)!;
    assert.deepEqual([summary.mode, summary.desired], ['replicated-job', 3]);
  });

  it('removes a service: the engine no longer knows it', async () => {
    const id = await createService(client, uniqueName('doomed'), 'sleep 3600', { replicas: 0 });
    await client.removeService(id);
    await assert.rejects(client.inspectService(id), (e: unknown) => e instanceof SwarmError && e.kind === 'notFound');
    await assert.rejects(client.removeService(id), (e: unknown) => e instanceof SwarmError && e.kind === 'notFound');
  });
});
