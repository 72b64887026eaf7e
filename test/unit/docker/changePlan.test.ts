// The change read plan against a fake Engine that records each request: a changed service
// costs one filtered listing, its tasks one more (asked at the same time) only where a view
// shows them, both views share one tasks request when they can, and what the Engine answers
// beyond what was asked (an ID filter matches prefixes) is dropped.
import * as assert from 'node:assert/strict';
import { readChanges, type ChangeRequest } from '../../../src/docker/changePlan';
import type { SnapshotReads } from '../../../src/docker/snapshotPlan';
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';
import { SwarmError } from '../../../src/model/errors';
import { DEFAULT_TASK_FILTER } from '../../../src/model/taskFilter';

interface FakeSwarm {
  services: EngineService[];
  nodes: EngineNode[];
  tasks: EngineTask[];
}

const prefixOf = (ids: string[] | undefined, id: string) => !ids || ids.some((x) => id.startsWith(x));

/** Answers as the Engine does: an ID filter matches prefixes, a listing naming a missing service is refused. */
function fakeEngine(swarm: FakeSwarm): SnapshotReads & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    services: async (filters) => {
      sent.push(`services ${JSON.stringify(filters ?? {})}`);
      return swarm.services.filter((s) => prefixOf(filters?.['id'], s.ID));
    },
    nodes: async (filters) => {
      sent.push(`nodes ${JSON.stringify(filters ?? {})}`);
      return swarm.nodes.filter((n) => prefixOf(filters?.['id'], n.ID));
    },
    tasks: async (filters) => {
      sent.push(`tasks ${JSON.stringify(filters)}`);
      for (const id of filters['service'] ?? []) {
        if (!swarm.services.some((s) => s.ID === id)) throw new SwarmError('notFound', `service ${id} not found`);
      }
      return swarm.tasks.filter(
        (t) =>
          prefixOf(filters['id'], t.ID) &&
          (!filters['service'] || filters['service'].includes(t.ServiceID ?? '')) &&
          (!filters['node'] || filters['node'].includes(t.NodeID ?? '')) &&
          (!filters['desired-state'] || filters['desired-state'].includes(t.DesiredState ?? '')),
      );
    },
  };
}

const counted = (id: string, running: number): EngineService => ({ ID: id, Spec: { Name: id }, ServiceStatus: { RunningTasks: running, DesiredTasks: 2 } });
const task = (id: string, service: string, node: string, state = 'running', desired = 'running'): EngineTask => ({ ID: id, ServiceID: service, NodeID: node, DesiredState: desired, Status: { State: state } });
const node = (id: string, state = 'ready'): EngineNode => ({ ID: id, Description: { Hostname: id }, Status: { State: state } });

function request(o: Partial<ChangeRequest>): ChangeRequest {
  return { services: [], nodes: [], tasksOf: [], onNodes: [], tasks: [], knownNodes: [node('n1'), node('n2')], ...o };
}

describe('change read plan', () => {
  let swarm: FakeSwarm;
  let engine: ReturnType<typeof fakeEngine>;
  const ids = (tasks: readonly EngineTask[] | undefined) => (tasks ?? []).map((t) => t.ID).sort();

  beforeEach(() => {
    swarm = {
      services: [counted('web', 2), counted('db', 1), counted('webhook', 1)],
      nodes: [node('n1'), node('n2')],
      tasks: [
        task('w1', 'web', 'n1'),
        task('w2', 'web', 'n2'),
        task('w0', 'web', 'n1', 'shutdown', 'shutdown'),
        task('d1', 'db', 'n2'),
        task('h1', 'webhook', 'n1'),
      ],
    };
    engine = fakeEngine(swarm);
  });

  it('a collapsed service: exactly one request, the filtered listing with counts', async () => {
    const r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['db'] }));
    assert.deepEqual(engine.sent, ['services {"id":["db"]}']);
    assert.deepEqual(r.services.map((s) => s.ID), ['db']);
    assert.deepEqual([r.shown, r.onNodes, r.tasks, r.nodes], [undefined, undefined, [], []]);
  });

  it('an ID filter answered with a service whose ID starts alike: only the one asked for is kept', async () => {
    const r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['web'], tasksOf: ['web'] }));
    assert.deepEqual(r.services.map((s) => s.ID), ['web'], 'webhook matched the prefix and was dropped');
    assert.deepEqual(r.shown, { for: ['web'], tasks: [swarm.tasks[0], swarm.tasks[1]] });
  });

  it("an expanded service: two requests, the listing and its tasks with the view's filter", async () => {
    let r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['web', 'db'], tasksOf: ['web'] }));
    assert.deepEqual(engine.sent, ['services {"id":["web","db"]}', 'tasks {"desired-state":["running"],"service":["web"]}']);
    assert.deepEqual(r.shown?.for, ['web']);
    assert.deepEqual(ids(r.shown?.tasks), ['w1', 'w2']);
    engine.sent.length = 0;
    r = await readChanges(engine, { 'desired-state': 'shutdown', node: 'n1' }, request({ services: ['web'], tasksOf: ['web'] }));
    assert.deepEqual(engine.sent, ['services {"id":["web"]}', 'tasks {"desired-state":["shutdown"],"node":["n1"],"service":["web"]}']);
    assert.deepEqual(ids(r.shown?.tasks), ['w0']);
  });

  it('nodes expanded, default filter: the shown listing serves both views; a collapsed service is read on the expanded nodes only', async () => {
    let r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['web'], tasksOf: ['web'], onNodes: ['n1'] }));
    assert.deepEqual(engine.sent, ['services {"id":["web"]}', 'tasks {"desired-state":["running"],"service":["web"]}'], 'one tasks request for both views');
    assert.deepEqual(ids(r.onNodes?.tasks), ['w1']);
    engine.sent.length = 0;
    r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['web', 'db'], tasksOf: ['web'], onNodes: ['n1'] }));
    assert.deepEqual(engine.sent.slice(0, 1), ['services {"id":["web","db"]}']);
    // Not every running task of db on every node: only those on the expanded node.
    assert.deepEqual(engine.sent.slice(1).sort(), ['tasks {"desired-state":["running"],"node":["n1"],"service":["db"]}', 'tasks {"desired-state":["running"],"service":["web"]}']);
    assert.deepEqual(r.shown?.for, ['web']);
    assert.deepEqual(ids(r.shown?.tasks), ['w1', 'w2']);
    assert.deepEqual(r.onNodes?.services, ['web', 'db']);
    assert.deepEqual(ids(r.onNodes?.tasks), ['w1'], 'only those on the expanded node');
  });

  it('nodes expanded with a custom filter: the shown tasks and those on the nodes are separate requests', async () => {
    const r = await readChanges(engine, { 'desired-state': 'shutdown' }, request({ services: ['web', 'db'], tasksOf: ['web'], onNodes: ['n2'] }));
    assert.deepEqual(engine.sent.slice(0, 1), ['services {"id":["web","db"]}']);
    assert.deepEqual(engine.sent.slice(1).sort(), ['tasks {"desired-state":["running"],"node":["n2"],"service":["web","db"]}', 'tasks {"desired-state":["shutdown"],"service":["web"]}']);
    assert.deepEqual(ids(r.shown?.tasks), ['w0']);
    assert.deepEqual(ids(r.onNodes?.tasks), ['d1', 'w2']);
  });

  it('a task whose state is wanted: taken from the tasks listed when there, else read by ID in one request', async () => {
    let r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['web'], tasksOf: ['web'], tasks: ['w1'] }));
    assert.equal(engine.sent.length, 2, 'no request beyond the listing and the tasks');
    assert.deepEqual(ids(r.tasks), ['w1']);
    engine.sent.length = 0;
    r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['web', 'db'], tasks: ['w0', 'd1', 'gone'] }));
    assert.deepEqual(engine.sent, ['services {"id":["web","db"]}', 'tasks {"id":["w0","d1","gone"]}']);
    assert.deepEqual(ids(r.tasks), ['d1', 'w0']);
  });

  it('a service asked for and not found: not in the answer; the tasks listing the Engine refused is asked again without it', async () => {
    const r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['db', 'removed'], tasksOf: ['db', 'removed'], onNodes: ['n2'] }));
    assert.deepEqual(r.services.map((s) => s.ID), ['db']);
    const tasks = engine.sent.filter((s) => s.startsWith('tasks'));
    assert.deepEqual(tasks, ['tasks {"desired-state":["running"],"service":["db","removed"]}', 'tasks {"desired-state":["running"],"service":["db"]}'], 'asked at once with the services, then again for those found');
    assert.deepEqual(r.shown, { for: ['db'], tasks: [swarm.tasks[3]] });
    assert.deepEqual(r.onNodes, { services: ['db'], tasks: [swarm.tasks[3]] });
  });

  it('only removed services asked for: the listing and the refused tasks listing, then nothing more', async () => {
    const r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['removed'], tasksOf: ['removed'], onNodes: ['n1'] }));
    assert.deepEqual(engine.sent, ['services {"id":["removed"]}', 'tasks {"desired-state":["running"],"service":["removed"]}']);
    assert.deepEqual(r.services, []);
    assert.deepEqual(r.shown, { for: [], tasks: [] }, 'says the shown tasks of no service are known');
    assert.deepEqual(r.onNodes, { services: [], tasks: [] });
  });

  it('a service removed after its tasks were listed: its tasks are not kept', async () => {
    const reads = fakeEngine(swarm);
    const gone: SnapshotReads = { ...reads, services: async (f) => (await reads.services(f)).filter((s) => s.ID !== 'web') };
    const r = await readChanges(gone, DEFAULT_TASK_FILTER, request({ services: ['web', 'db'], tasksOf: ['web', 'db'], onNodes: ['n1', 'n2'] }));
    assert.deepEqual(r.services.map((s) => s.ID), ['db']);
    assert.deepEqual([ids(r.shown?.tasks), ids(r.onNodes?.tasks)], [['d1'], ['d1']]);
  });

  it('a node that is down: one more request for the tasks of the services read on it, and the counts corrected', async () => {
    swarm.tasks.push(task('w3', 'web', 'n3'), task('x1', 'db', 'n3', 'shutdown', 'shutdown'));
    const knownNodes = [node('n1'), node('n2'), node('n3', 'down')];
    const r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ services: ['web', 'db'], knownNodes }));
    assert.deepEqual(engine.sent, ['services {"id":["web","db"]}', 'tasks {"node":["n3"],"service":["web","db"]}']);
    assert.deepEqual(r.services.map((s) => [s.ID, s.ServiceStatus?.RunningTasks]), [['web', 1], ['db', 1]]);
    engine.sent.length = 0;
    await readChanges(engine, DEFAULT_TASK_FILTER, request({ nodes: ['n1'], knownNodes }));
    assert.deepEqual(engine.sent, ['nodes {"id":["n1"]}'], 'no service read: nothing to correct');
  });

  it('nodes named: read by ID, those answered beyond (prefix) dropped', async () => {
    swarm.nodes.push(node('n10'));
    const r = await readChanges(engine, DEFAULT_TASK_FILTER, request({ nodes: ['n1'] }));
    assert.deepEqual(r.nodes.map((n) => n.ID), ['n1']);
    assert.deepEqual(r.services, []);
  });
});
