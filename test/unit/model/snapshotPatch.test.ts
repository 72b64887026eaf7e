// A snapshot patched with what a change's re-read returned must build the model a full read
// builds. A property test over seeded random swarms (stacks, replicated and global services,
// placement constraints on node labels, tasks in many states on two or three nodes, one node
// perhaps down): after each random burst of changes to the fake engine (scale, spec update,
// create, remove, rename, stack move, task state flips, node label changes), the re-read goes
// through the real plan (readChangeRound -> readChanges over the fake engine's reads) and
// applyPatch, and the result must deep-equal modelFromSnapshot / buildNodesModel of a full
// readSnapshot of the same engine for the same scope. Then direct cases of the patch itself.
import * as assert from 'node:assert/strict';
import { readChanges } from '../../../src/docker/changePlan';
import { readSnapshot, type SnapshotReads } from '../../../src/docker/snapshotPlan';
import type { SwarmClient } from '../../../src/docker/swarmClient';
import { ChangeSet } from '../../../src/model/changes';
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';
import { SwarmError } from '../../../src/model/errors';
import { buildNodesModel, type NodesModel } from '../../../src/model/nodeSummaries';
import { modelFromSnapshot, type Snapshot } from '../../../src/model/snapshot';
import { applyPatch } from '../../../src/model/snapshotPatch';
import type { SwarmModel } from '../../../src/model/summaries';
import { DEFAULT_TASK_FILTER, type TaskFilter } from '../../../src/model/taskFilter';
import { readChangeRound } from '../../../src/tree/changeReads';

/** A deterministic sequence for a given seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const NAMES = ['web', 'Web', 'WEB', 'api', 'Api', 'db', 'web1', 'web2', 'web10', 'a', 'b', 'B', 'x-y', 'x_y', 'été', 'shop_web', 'Shop_web', 'zeta9', 'zeta10'];
const STACKS = ['shop', 'Shop', 'infra', 'infra2', 'infra10'];
const CONSTRAINTS = [[], [], ['node.labels.zone==eu'], ['node.labels.zone!=eu'], ['node.labels.zone==mars'], ['node.role==manager'], ['node.labels.zone==us', 'node.role==worker']];
const TASK_STATES = ['running', 'running', 'running', 'starting', 'preparing', 'pending', 'assigned', 'failed', 'complete', 'rejected'];
const FILTERS: TaskFilter[] = [DEFAULT_TASK_FILTER, DEFAULT_TASK_FILTER, { 'desired-state': 'shutdown' }, {}];

/** An engine held in memory: what a full read and a change's read both see. */
class FakeEngine {
  nodes: EngineNode[] = [];
  /** Services without their counts (worked out from the tasks when listed, as the Engine does). */
  services: EngineService[] = [];
  tasks: EngineTask[] = [];
  private time = 0;
  private ids = 0;

  constructor(private readonly random: () => number) {}

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.random() * xs.length)]!;
  }

  newId(prefix: string): string {
    // s1 and s10..s19 share a prefix: an ID filter answers more than asked, as the Engine does.
    return `${prefix}${++this.ids}`;
  }

  stamp(): string {
    this.time++;
    return `2026-01-01T00:${String(Math.floor(this.time / 60)).padStart(2, '0')}:${String(this.time % 60).padStart(2, '0')}.${String(this.time).padStart(6, '0')}Z`;
  }

  /** The nodes that take a new task of the service (ready, and meeting its constraints). */
  eligible(s: EngineService): EngineNode[] {
    const constraints = ((s.Spec?.TaskTemplate?.['Placement'] as { Constraints?: string[] } | undefined)?.Constraints ?? []);
    return this.nodes.filter((n) => n.Status?.State === 'ready' && constraints.every((c) => meets(n, c)));
  }

  newTask(s: EngineService, slot: number | undefined, node: EngineNode | undefined): EngineTask {
    const state = node ? this.pick(TASK_STATES.filter((x) => x !== 'pending')) : 'pending';
    const t: EngineTask = {
      ID: this.newId('t'),
      ServiceID: s.ID,
      ...(slot !== undefined ? { Slot: slot } : {}),
      ...(node ? { NodeID: node.ID } : {}),
      DesiredState: state === 'failed' || state === 'complete' || state === 'rejected' ? 'shutdown' : 'running',
      Status: { State: state, Timestamp: this.stamp(), ...(node ? {} : { Err: 'no suitable node (scheduling constraints not satisfied on 3 nodes)' }) },
    };
    this.tasks.push(t);
    return t;
  }

  /** Brings a service's tasks to what its spec asks: a task per slot (or per eligible node), old ones shut down. */
  schedule(s: EngineService, replaceAll: boolean): void {
    const mine = this.tasks.filter((t) => t.ServiceID === s.ID && t.DesiredState === 'running');
    if (replaceAll) for (const t of mine) this.shutDown(t);
    const live = replaceAll ? [] : mine;
    const nodes = this.eligible(s);
    if (s.Spec?.Mode?.Global) {
      for (const t of live) if (!nodes.some((n) => n.ID === t.NodeID)) this.shutDown(t);
      for (const n of nodes) if (!live.some((t) => t.NodeID === n.ID)) this.newTask(s, undefined, n);
      return;
    }
    const replicas = s.Spec?.Mode?.Replicated?.Replicas ?? 0;
    for (const t of live) if ((t.Slot ?? 0) > replicas) this.shutDown(t);
    for (let slot = 1; slot <= replicas; slot++) {
      if (!live.some((t) => t.Slot === slot)) this.newTask(s, slot, nodes.length > 0 ? this.pick(nodes) : undefined);
    }
  }

  shutDown(t: EngineTask): void {
    t.DesiredState = 'shutdown';
    t.Status = { State: this.pick(['shutdown', 'complete', 'running']), Timestamp: this.stamp() };
  }

  create(names: Set<string>): EngineService {
    const free = NAMES.filter((n) => !names.has(n));
    const name = free.length > 0 ? this.pick(free) : `svc${this.ids + 1}`;
    const stack = this.random() < 0.5 ? this.pick(STACKS) : undefined;
    const global = this.random() < 0.25;
    const s: EngineService = {
      ID: this.newId('s'),
      Version: { Index: 1 },
      Spec: {
        Name: name,
        Labels: stack ? { 'com.docker.stack.namespace': stack } : {},
        Mode: global ? { Global: {} } : { Replicated: { Replicas: Math.floor(this.random() * 4) } },
        TaskTemplate: { ContainerSpec: { Image: 'busybox:latest@sha256:abc', Env: [] }, Placement: { Constraints: [...this.pick(CONSTRAINTS)] } },
      },
    };
    this.services.push(s);
    this.schedule(s, false);
    return s;
  }

  /** The Engine's counts: tasks meant to run, and those of them running (its last report, also on a node that is down). */
  counted(s: EngineService): EngineService {
    const mine = this.tasks.filter((t) => t.ServiceID === s.ID && t.DesiredState === 'running');
    return structuredClone({ ...s, ServiceStatus: { RunningTasks: mine.filter((t) => t.Status?.State === 'running').length, DesiredTasks: s.Spec?.Mode?.Global ? mine.length : (s.Spec?.Mode?.Replicated?.Replicas ?? 0) } });
  }

  /** The three reads, with the Engine's manners: ID filters match prefixes, a listing naming a missing service is refused. */
  reads(sent: string[] = []): SnapshotReads {
    const prefix = (ids: string[] | undefined, id: string) => !ids || ids.some((x) => id.startsWith(x));
    return {
      services: async (filters) => {
        sent.push(`services ${JSON.stringify(filters ?? {})}`);
        return this.services.filter((s) => prefix(filters?.['id'], s.ID)).map((s) => this.counted(s));
      },
      nodes: async (filters) => {
        sent.push(`nodes ${JSON.stringify(filters ?? {})}`);
        return structuredClone(this.nodes.filter((n) => prefix(filters?.['id'], n.ID)));
      },
      tasks: async (filters) => {
        sent.push(`tasks ${JSON.stringify(filters)}`);
        for (const id of filters['service'] ?? []) if (!this.services.some((s) => s.ID === id)) throw new SwarmError('notFound', `service ${id} not found`);
        return structuredClone(
          this.tasks.filter(
            (t) =>
              prefix(filters['id'], t.ID) &&
              (!filters['service'] || filters['service'].includes(t.ServiceID ?? '')) &&
              (!filters['node'] || filters['node'].includes(t.NodeID ?? '')) &&
              (!filters['desired-state'] || filters['desired-state'].includes(t.DesiredState ?? '')),
          ),
        );
      },
    };
  }
}

function meets(n: EngineNode, constraint: string): boolean {
  const [key, value] = constraint.split(/==|!=/).map((x) => x.trim()) as [string, string];
  const actual = key === 'node.role' ? (n.Spec?.Role ?? '') : (n.Spec?.Labels?.[key.slice('node.labels.'.length)] ?? '');
  return constraint.includes('==') ? actual === value : actual !== value;
}

/** What is compared: the rows, the tasks under each service shown, and the Nodes view. */
function view(model: SwarmModel, nodes: NodesModel) {
  return {
    services: model.services,
    tasksByService: [...model.tasksByService].sort(([a], [b]) => a.localeCompare(b)),
    nodes: nodes.nodes,
    tasksByNode: [...nodes.tasksByNode].sort(([a], [b]) => a.localeCompare(b)),
  };
}

const nodesModelOf = (s: Snapshot) => buildNodesModel(s.nodes, s.services, s.nodeTasks);

describe('applyPatch: the patched model equals a full read (property, seeded)', () => {
  const SEEDS = Number(process.env['SWARM_PATCH_SEEDS'] ?? 60);
  const STEPS = 15;

  for (let seed = 1; seed <= SEEDS; seed++) {
    it(`seed ${seed}`, async () => {
      const random = prng(seed * 7919);
      const engine = new FakeEngine(random);
      const log: string[] = [];
      // Two or three nodes, with labels; perhaps one down with its last tasks still "running".
      const nodeCount = 2 + Math.floor(random() * 2);
      for (let i = 0; i < nodeCount; i++) {
        const zone = engine.pick(['eu', 'us', undefined]);
        engine.nodes.push({
          ID: engine.newId('n'),
          Description: { Hostname: engine.pick(['alpha', 'Beta', 'gamma', 'delta']) + String(i) },
          Spec: { Role: i === 0 ? 'manager' : engine.pick(['worker', 'manager']), Availability: 'active', Labels: zone ? { zone } : {} },
          Status: { State: 'ready' },
        });
      }
      for (let i = 0; i < 4 + Math.floor(random() * 6); i++) engine.create(new Set(engine.services.map((s) => s.Spec!.Name!)));
      if (random() < 0.3) engine.nodes[nodeCount - 1]!.Status = { State: 'down' };
      const filter = engine.pick(FILTERS);
      const expandedServices = new Set(engine.services.filter(() => random() < 0.4).map((s) => s.ID));
      const expandedNodes = new Set(engine.nodes.filter(() => random() < 0.5).map((n) => n.ID));
      const scope = () => ({ services: [...expandedServices].filter((id) => engine.services.some((s) => s.ID === id)), nodes: [...expandedNodes] });
      const client = { readChanges: (f: TaskFilter, r: Parameters<SwarmClient['readChanges']>[1]) => readChanges(engine.reads(), f, r) } as unknown as SwarmClient;

      let snapshot = await readSnapshot(engine.reads(), filter, scope());
      let model = modelFromSnapshot(snapshot);
      for (let step = 0; step < STEPS; step++) {
        const changes = new ChangeSet();
        const live = () => engine.services;
        const names = () => new Set(live().map((s) => s.Spec!.Name!));
        const before = new Set(live().map((s) => s.ID));
        let nodeTouched = false;
        const touched = new Set<string>();
        const burst = 1 + Math.floor(random() * 3);
        for (let b = 0; b < burst; b++) {
          const roll = random();
          const s = live().length > 0 ? engine.pick(live()) : undefined;
          if (!s || roll < 0.15) {
            const created = engine.create(names());
            log.push(`create ${created.ID} ${created.Spec!.Name}`);
            changes.add({ kind: 'service', id: created.ID, removed: false });
            touched.add(created.ID);
          } else if (roll < 0.35) {
            if (s.Spec!.Mode!.Global) s.Spec!.TaskTemplate!['Placement'] = { Constraints: [...engine.pick(CONSTRAINTS)] };
            else s.Spec!.Mode!.Replicated!.Replicas = Math.floor(random() * 5);
            s.Version = { Index: (s.Version?.Index ?? 0) + 1 };
            engine.schedule(s, false);
            log.push(`scale ${s.ID}`);
            changes.add({ kind: 'service', id: s.ID, removed: false });
            touched.add(s.ID);
          } else if (roll < 0.5) {
            s.Spec!.TaskTemplate!.ContainerSpec!.Env = [`STEP=${step}`];
            s.Version = { Index: (s.Version?.Index ?? 0) + 1 };
            s.UpdateStatus = { State: engine.pick(['updating', 'completed']) };
            engine.schedule(s, true);
            log.push(`update ${s.ID}`);
            changes.add({ kind: 'service', id: s.ID, removed: false });
            touched.add(s.ID);
          } else if (roll < 0.6) {
            engine.services = engine.services.filter((x) => x !== s);
            engine.tasks = engine.tasks.filter((t) => t.ServiceID !== s.ID);
            // The remove event, or only a later container event naming it (read, not found).
            const byEvent = random() < 0.7;
            log.push(`remove ${s.ID}${byEvent ? '' : ' (found gone)'}`);
            changes.add({ kind: 'service', id: s.ID, removed: byEvent });
            touched.add(s.ID);
          } else if (roll < 0.67) {
            const free = NAMES.filter((n) => !names().has(n));
            if (free.length > 0) s.Spec!.Name = engine.pick(free);
            if (random() < 0.5) s.Spec!.Labels = random() < 0.3 ? {} : { 'com.docker.stack.namespace': engine.pick(STACKS) };
            log.push(`rename/restack ${s.ID} ${s.Spec!.Name}`);
            changes.add({ kind: 'service', id: s.ID, removed: false });
            touched.add(s.ID);
          } else if (roll < 0.9) {
            const tasks = engine.tasks.filter((t) => t.ServiceID === s.ID && t.DesiredState === 'running' && t.NodeID);
            if (tasks.length === 0) continue;
            const t = engine.pick(tasks);
            const state = engine.pick(['running', 'starting', 'failed', 'complete']);
            t.Status = { ...t.Status, State: state, Timestamp: engine.stamp(), Message: `now ${state}` };
            if (state === 'failed' || state === 'complete') {
              t.DesiredState = 'shutdown';
              engine.schedule(s, false);
            }
            log.push(`task ${t.ID} of ${s.ID} ${state}`);
            const expect = state === 'running' ? 'running' : state === 'starting' ? undefined : 'stopped';
            changes.add({ kind: 'service', id: s.ID, removed: false, task: expect ? { id: t.ID, expect } : { id: t.ID } });
            touched.add(s.ID);
          } else {
            const n = engine.pick(engine.nodes);
            const zone = engine.pick(['eu', 'us', 'mars', undefined]);
            n.Spec = { ...n.Spec, Labels: zone ? { zone } : {} };
            log.push(`label ${n.ID} zone=${String(zone)}`);
            changes.add({ kind: 'node', id: n.ID, removed: false });
            nodeTouched = true;
          }
        }
        if (changes.isEmpty) continue;
        const where = `seed ${seed}, step ${step}: ${log.join('; ')}`;
        const round = await readChangeRound(() => client, changes, { now: () => ({ snapshot, model }), expandedServices, expandedNodes, filter });
        if (round === 'everything') {
          // Only a node's spec (its labels here) makes a change read everything: tasks may move.
          assert.ok(nodeTouched, where);
          snapshot = await readSnapshot(engine.reads(), filter, scope());
          model = modelFromSnapshot(snapshot);
          log.length = 0;
          continue;
        }
        const r = round.result;
        const full = await readSnapshot(engine.reads(), filter, scope());
        assert.deepEqual(view(r.model, nodesModelOf(r.snapshot)), view(modelFromSnapshot(full), nodesModelOf(full)), where);
        // What the patch says it replaced.
        const after = new Set(engine.services.map((s) => s.ID));
        assert.deepEqual([...r.added].sort(), [...after].filter((id) => !before.has(id)).sort(), `added: ${where}`);
        assert.deepEqual([...r.removed].sort(), [...before].filter((id) => !after.has(id)).sort(), `removed: ${where}`);
        // Changed: the touched services whose row or shown tasks differ (one read again and found the same is not).
        const kept = [...touched].filter((id) => before.has(id) && after.has(id));
        const row = (m: SwarmModel, id: string) => JSON.stringify([m.services.find((x) => x.id === id), m.tasksByService.get(id)]);
        assert.deepEqual([...r.changed].sort(), kept.filter((id) => row(r.model, id) !== row(model, id)).sort(), `changed: ${where}`);
        // The store rebuilds the Nodes view only when told: untold, it must not have changed.
        if (!r.nodesChanged) assert.deepEqual(view(r.model, nodesModelOf(r.snapshot)).tasksByNode, view(model, nodesModelOf(snapshot)).tasksByNode, `nodesChanged: ${where}`);
        if (nodeTouched) assert.equal(r.nodesChanged, true, where);
        snapshot = r.snapshot;
        model = r.model;
        log.length = 0;
      }
    });
  }
});

// ---- direct cases ----

const svc = (id: string, name: string, running = 1, desired = 1): EngineService => ({
  ID: id,
  Spec: { Name: name, Mode: { Replicated: { Replicas: desired } }, TaskTemplate: { ContainerSpec: { Image: 'busybox' } } },
  ServiceStatus: { RunningTasks: running, DesiredTasks: desired },
});
const tsk = (id: string, service: string, slot: number, node = 'n1'): EngineTask => ({ ID: id, ServiceID: service, NodeID: node, Slot: slot, DesiredState: 'running', Status: { State: 'running', Timestamp: `2026-01-01T00:00:0${slot}Z` } });
const NODES: EngineNode[] = [{ ID: 'n1', Description: { Hostname: 'alpha' }, Spec: { Role: 'manager', Labels: {} }, Status: { State: 'ready' } }];

function snap(services: EngineService[], o: Partial<Snapshot> = {}): Snapshot {
  return { services, nodes: NODES, shownTasks: [], shownFor: [], nodeTasks: [], nodeTasksFor: [], ...o };
}

describe('applyPatch (direct cases)', () => {
  it('a service added goes where a full build sorts it (localeCompare: case, digits, accents)', () => {
    const names = ['web', 'Web10', 'web2', 'api', 'été', 'x_y'];
    let s = snap(names.map((n, i) => svc(`s${i}`, n)));
    let m = modelFromSnapshot(s);
    for (const [i, name] of ['WEB', 'web1', 'Api', 'etc', 'x-y', 'Été', 'web10'].entries()) {
      const r = applyPatch(s, m, { services: [svc(`new${i}`, name)], gone: [] });
      assert.deepEqual(r.added, [`new${i}`]);
      assert.deepEqual(r.model.services.map((x) => x.name), modelFromSnapshot(r.snapshot).services.map((x) => x.name), name);
      s = r.snapshot;
      m = r.model;
    }
  });

  it('a service renamed moves to its place', () => {
    const s = snap([svc('a', 'alpha'), svc('b', 'beta'), svc('c', 'gamma')]);
    const r = applyPatch(s, modelFromSnapshot(s), { services: [svc('a', 'omega')], gone: [] });
    assert.deepEqual(r.model.services.map((x) => x.name), ['beta', 'gamma', 'omega']);
    assert.deepEqual([r.changed, r.added, r.removed], [['a'], [], []]);
  });

  it('a service read again whose tasks were not (collapsed) drops its stale tasks; one read with its tasks has the new ones', () => {
    const s = snap([svc('a', 'alpha'), svc('b', 'beta')], { shownTasks: [tsk('a1', 'a', 1), tsk('b1', 'b', 1)], shownFor: ['a', 'b'] });
    const m = modelFromSnapshot(s);
    const r = applyPatch(s, m, { services: [svc('a', 'alpha', 2, 2), svc('b', 'beta', 2, 2)], gone: [], shown: { for: ['b'], tasks: [tsk('b1', 'b', 1), tsk('b2', 'b', 2)] } });
    assert.equal(r.model.tasksByService.has('a'), false, 'collapsed: dropped, read again when expanded');
    assert.deepEqual(r.snapshot.shownFor, ['b']);
    assert.deepEqual(r.model.tasksByService.get('b')?.map((t) => t.name), ['beta.1', 'beta.2']);
    assert.deepEqual(r.snapshot.shownTasks.map((t) => t.ID).sort(), ['b1', 'b2']);
    assert.deepEqual(r.model, modelFromSnapshot(r.snapshot));
    assert.equal(m.tasksByService.has('a'), true, 'the model patched is not changed');
  });

  it('says what it changed, added and removed, and whether the Nodes view changed', () => {
    const s = snap([svc('a', 'alpha'), svc('b', 'beta'), svc('c', 'gamma')], { nodeTasks: [tsk('a1', 'a', 1), tsk('c1', 'c', 1)], nodeTasksFor: ['n1'] });
    const m = modelFromSnapshot(s);
    let r = applyPatch(s, m, { services: [svc('a', 'alpha', 0, 1), svc('d', 'delta')], gone: ['b', 'x'] });
    assert.deepEqual([r.changed, r.added, r.removed, r.nodesChanged], [['a'], ['d'], ['b'], false]);
    assert.deepEqual(r.model.services.map((x) => x.id), ['a', 'd', 'c']);
    r = applyPatch(s, m, { services: [], gone: ['c'] });
    assert.deepEqual([r.removed, r.nodesChanged], [['c'], true], 'its task on the node left with it');
    assert.deepEqual(r.snapshot.nodeTasks.map((t) => t.ID), ['a1']);
    r = applyPatch(s, m, { services: [svc('a', 'alpha')], gone: [], onNodes: { services: ['a'], tasks: [tsk('a2', 'a', 2)] } });
    assert.equal(r.nodesChanged, true);
    assert.deepEqual(r.snapshot.nodeTasks.map((t) => t.ID).sort(), ['a2', 'c1']);
    r = applyPatch(s, m, { services: [], gone: [], nodes: [{ ...NODES[0]!, Spec: { Role: 'manager', Labels: { zone: 'eu' } } }] });
    assert.deepEqual([r.changed, r.nodesChanged], [[], true]);
    assert.deepEqual(r.snapshot.nodes[0]!.Spec?.Labels, { zone: 'eu' });
  });

  it('a service both read and named gone (re-created? no: read wins) stays', () => {
    const s = snap([svc('a', 'alpha')]);
    const r = applyPatch(s, modelFromSnapshot(s), { services: [svc('a', 'alpha', 0, 1)], gone: ['a'] });
    assert.deepEqual([r.model.services.map((x) => x.id), r.removed, r.changed], [['a'], [], ['a']]);
  });

  it('the tasks on nodes: replaced only on the nodes read (one covered since keeps what it had)', () => {
    const s = snap([svc('a', 'alpha')], { nodeTasks: [tsk('a1', 'a', 1, 'n1'), tsk('a2', 'a', 2, 'n2')], nodeTasksFor: ['n1', 'n2'] });
    const r = applyPatch(s, modelFromSnapshot(s), { services: [svc('a', 'alpha')], gone: [], onNodes: { services: ['a'], tasks: [tsk('a3', 'a', 3, 'n1')], nodes: ['n1'] } });
    assert.deepEqual(r.snapshot.nodeTasks.map((t) => t.ID).sort(), ['a2', 'a3']);
  });

  it('tasks on nodes the snapshot does not cover are not kept', () => {
    const s = snap([svc('a', 'alpha')], { nodeTasks: [], nodeTasksFor: ['n1'] });
    const r = applyPatch(s, modelFromSnapshot(s), { services: [svc('a', 'alpha')], gone: [], onNodes: { services: ['a'], tasks: [tsk('a1', 'a', 1, 'n1'), tsk('a2', 'a', 2, 'n2')] } });
    assert.deepEqual(r.snapshot.nodeTasks.map((t) => t.ID), ['a1']);
  });
});
