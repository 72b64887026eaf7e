// The snapshot read plan against a fake Engine: which listings one refresh asks for, the
// retry when a service or node named is gone, the count fix for tasks on nodes that are down.
import * as assert from 'node:assert/strict';
import { readSnapshot, type SnapshotReads } from '../../../src/docker/snapshotPlan';
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';
import { SwarmError } from '../../../src/model/errors';
import { DEFAULT_TASK_FILTER } from '../../../src/model/taskFilter';

interface FakeSwarm {
  services: EngineService[];
  nodes: EngineNode[];
  tasks: EngineTask[];
}

/** Answers as the Engine does, including refusing a listing that names a missing service or node. */
function fakeEngine(swarm: FakeSwarm): SnapshotReads & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    services: async () => {
      sent.push('services');
      return swarm.services;
    },
    nodes: async () => {
      sent.push('nodes');
      return swarm.nodes;
    },
    tasks: async (filters) => {
      sent.push(`tasks ${JSON.stringify(filters)}`);
      for (const id of filters['service'] ?? []) {
        if (!swarm.services.some((s) => s.ID === id)) throw new SwarmError('notFound', `service ${id} not found`);
      }
      for (const id of filters['node'] ?? []) {
        if (!swarm.nodes.some((n) => n.ID === id)) throw new SwarmError('notFound', `node ${id} not found`);
      }
      return swarm.tasks.filter(
        (t) =>
          (!filters['service'] || filters['service'].includes(t.ServiceID ?? '')) &&
          (!filters['node'] || filters['node'].includes(t.NodeID ?? '')) &&
          (!filters['desired-state'] || filters['desired-state'].includes(t.DesiredState ?? '')),
      );
    },
  };
}

const counted = (id: string, running: number): EngineService => ({ ID: id, Spec: { Name: id }, ServiceStatus: { RunningTasks: running, DesiredTasks: 2 } });
const task = (id: string, service: string, node: string, state = 'running', desired = 'running'): EngineTask => ({
  ID: id,
  ServiceID: service,
  NodeID: node,
  DesiredState: desired,
  Status: { State: state },
});
const ready = (id: string): EngineNode => ({ ID: id, Status: { State: 'ready' } });

describe('snapshot plan', () => {
  const swarm: FakeSwarm = {
    services: [counted('web', 2), counted('db', 1)],
    nodes: [ready('n1'), ready('n2')],
    tasks: [task('w1', 'web', 'n1'), task('w2', 'web', 'n2'), task('w0', 'web', 'n1', 'shutdown', 'shutdown'), task('d1', 'db', 'n2')],
  };

  it('by default reads services, nodes and every task meant to run, and shows those', async () => {
    const engine = fakeEngine(swarm);
    const s = await readSnapshot(engine);
    assert.deepEqual(engine.sent.sort(), ['nodes', 'services', 'tasks {"desired-state":["running"]}']);
    assert.deepEqual(s.tasksToRun!.map((t) => t.ID), ['w1', 'w2', 'd1']);
    assert.equal(s.shownTasks, s.tasksToRun);
    assert.equal(s.nodeTasks, s.tasksToRun);
    assert.deepEqual([s.shownFor, s.nodeTasksFor], ['all', 'all']);
  });

  it('with a filter, reads the filtered tasks beside those meant to run', async () => {
    const engine = fakeEngine(swarm);
    const s = await readSnapshot(engine, { 'desired-state': 'shutdown' });
    assert.deepEqual(engine.sent.filter((r) => r.startsWith('tasks')).sort(), ['tasks {"desired-state":["running"]}', 'tasks {"desired-state":["shutdown"]}']);
    assert.deepEqual(s.shownTasks.map((t) => t.ID), ['w0']);
    assert.deepEqual(s.tasksToRun!.map((t) => t.ID), ['w1', 'w2', 'd1']);
  });

  it("for the views, reads only the expanded services' and nodes' tasks, and counts from ServiceStatus", async () => {
    const engine = fakeEngine(swarm);
    const s = await readSnapshot(engine, DEFAULT_TASK_FILTER, { services: ['web', 'web'], nodes: ['n2'] });
    assert.deepEqual(engine.sent.sort(), [
      'nodes',
      'services',
      'tasks {"desired-state":["running"],"node":["n2"]}',
      'tasks {"desired-state":["running"],"service":["web"]}',
    ]);
    assert.equal(s.tasksToRun, undefined);
    assert.deepEqual([s.shownTasks.map((t) => t.ID), s.shownFor], [['w1', 'w2'], ['web']]);
    assert.deepEqual([s.nodeTasks.map((t) => t.ID), s.nodeTasksFor], [['w2', 'd1'], ['n2']]);
    // Nothing expanded: services and nodes only.
    const bare = fakeEngine(swarm);
    const b = await readSnapshot(bare, DEFAULT_TASK_FILTER, {});
    assert.deepEqual(bare.sent.sort(), ['nodes', 'services']);
    assert.deepEqual([b.shownTasks, b.shownFor, b.nodeTasks, b.nodeTasksFor], [[], [], [], []]);
  });

  it('asks again for those still there when an expanded service or node is gone', async () => {
    const engine = fakeEngine(swarm);
    const s = await readSnapshot(engine, DEFAULT_TASK_FILTER, { services: ['web', 'gone'], nodes: ['n1', 'lost'] });
    assert.deepEqual([s.shownTasks.map((t) => t.ID), s.shownFor], [['w1', 'w2'], ['web']]);
    assert.deepEqual([s.nodeTasks.map((t) => t.ID), s.nodeTasksFor], [['w1'], ['n1']]);
    assert.ok(engine.sent.includes('tasks {"desired-state":["running"],"service":["web"]}'));
    assert.ok(engine.sent.includes('tasks {"desired-state":["running"],"node":["n1"]}'));
    // Only gone ones: no second request, nothing covered (the tree reads them on demand).
    const only = fakeEngine(swarm);
    const o = await readSnapshot(only, DEFAULT_TASK_FILTER, { services: ['gone'] });
    assert.deepEqual([o.shownTasks, o.shownFor], [[], []]);
    assert.equal(only.sent.filter((r) => r.startsWith('tasks')).length, 1);
  });

  it('shows nothing for services whose second listing is refused too, and lets other failures through', async () => {
    const refusing: SnapshotReads = {
      services: async () => swarm.services,
      nodes: async () => swarm.nodes,
      tasks: async () => {
        throw new SwarmError('notFound', 'no such task filter');
      },
    };
    const s = await readSnapshot(refusing, DEFAULT_TASK_FILTER, { services: ['web'] });
    assert.deepEqual([s.shownTasks, s.shownFor], [[], []]);
    const failing: SnapshotReads = { ...refusing, tasks: async () => Promise.reject(new SwarmError('unreachable', 'down')) };
    await assert.rejects(readSnapshot(failing, DEFAULT_TASK_FILTER, { services: ['web'] }), (e: unknown) => e instanceof SwarmError && e.kind === 'unreachable');
  });

  it("counts from the tasks meant to run when the Engine's listing has no ServiceStatus (before API 1.41)", async () => {
    const old = fakeEngine({ ...swarm, services: swarm.services.map(({ ServiceStatus: _, ...s }) => s) });
    const s = await readSnapshot(old, DEFAULT_TASK_FILTER, {});
    assert.deepEqual(s.tasksToRun!.map((t) => t.ID), ['w1', 'w2', 'd1']);
    assert.deepEqual(old.sent.slice(-1), ['tasks {"desired-state":["running"]}']);
  });

  it('takes tasks still reported running on a node that is down off the Engine count', async () => {
    const down = fakeEngine({ ...swarm, nodes: [ready('n1'), { ID: 'n2', Status: { State: 'down' } }] });
    const s = await readSnapshot(down, DEFAULT_TASK_FILTER, {});
    assert.deepEqual(down.sent.slice(-1), ['tasks {"node":["n2"]}']);
    assert.deepEqual(s.services.map((sv) => [sv.ID, sv.ServiceStatus?.RunningTasks]), [['web', 1], ['db', 0]]);
    // All nodes ready: the listing is kept as the Engine sent it, with no extra request.
    const up = fakeEngine(swarm);
    const u = await readSnapshot(up, DEFAULT_TASK_FILTER, {});
    assert.equal(u.services, swarm.services);
    assert.equal(up.sent.length, 2);
  });
});
