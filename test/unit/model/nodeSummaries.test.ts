// The Nodes view's model from GET /nodes, /services and /tasks: node rows (managers first),
// the tasks each node runs named by their service, and the one-line description.
import * as assert from 'node:assert/strict';
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';
import { buildNodesModel, nodeDescription, summarizeNode } from '../../../src/model/nodeSummaries';

// As GET /nodes returns it: more fields than EngineNode types (the engine version, labels).
const manager = {
  ID: 'mgr0123456789abcdef',
  Version: { Index: 9 },
  Description: { Hostname: 'manager', Engine: { EngineVersion: '27.3.1' } },
  Spec: { Role: 'manager', Availability: 'active', Labels: { zone: 'a' } },
  Status: { State: 'ready', Addr: '10.0.0.1' },
  ManagerStatus: { Leader: true, Reachability: 'reachable' },
} as EngineNode;
const worker: EngineNode = { ID: 'wrk0123456789abcdef', Description: { Hostname: 'alpha' }, Spec: { Role: 'worker', Availability: 'drain' }, Status: { State: 'down' } };
const web: EngineService = { ID: 'websvc0123456789', Spec: { Name: 'web' } };

function task(id: string, nodeId: string | undefined, slot: number | undefined, timestamp: string, serviceId = web.ID): EngineTask {
  return { ID: id, ServiceID: serviceId, ...(nodeId ? { NodeID: nodeId } : {}), ...(slot ? { Slot: slot } : {}), DesiredState: 'running', Status: { State: 'running', Timestamp: timestamp } };
}

describe('summarizeNode', () => {
  it('maps hostname, role, availability, state, engine, address, reachability, leadership, version and labels', () => {
    assert.deepEqual(summarizeNode(manager), {
      id: manager.ID,
      hostname: 'manager',
      role: 'manager',
      availability: 'active',
      state: 'ready',
      engineVersion: '27.3.1',
      address: '10.0.0.1',
      reachability: 'reachable',
      leader: true,
      version: 9,
      labels: { zone: 'a' },
    });
  });

  it('fills what the Engine left out: a short id for the name, a worker, active, unknown, version 0', () => {
    const bare = summarizeNode({ ID: 'bare0123456789abcdef' });
    assert.deepEqual(bare, { id: 'bare0123456789abcdef', hostname: 'bare01234567', role: 'worker', availability: 'active', state: 'unknown', leader: false, version: 0, labels: {} });
    assert.ok(!('engineVersion' in bare) && !('address' in bare) && !('reachability' in bare), 'absent fields stay absent');
  });

  it("copies the labels, so the summary does not share the Engine object's", () => {
    const s = summarizeNode(manager);
    s.labels['zone'] = 'b';
    assert.equal((manager.Spec as { Labels: Record<string, string> }).Labels['zone'], 'a');
  });
});

describe('buildNodesModel', () => {
  it('lists managers first, then by hostname', () => {
    const beta: EngineNode = { ID: 'beta', Description: { Hostname: 'beta' }, Spec: { Role: 'worker' } };
    const m = buildNodesModel([beta, worker, manager], [], []);
    assert.deepEqual(m.nodes.map((n) => n.hostname), ['manager', 'alpha', 'beta']);
  });

  it('groups tasks by node, named by their service (or its short id), by name then newest first, and skips tasks on no node', () => {
    const tasks = [
      task('t2', manager.ID, 2, '2026-01-01T00:00:01Z'),
      task('t1old', manager.ID, 1, '2026-01-01T00:00:01Z'),
      task('t1new', manager.ID, 1, '2026-01-01T00:00:05Z'),
      task('t3', worker.ID, 3, '2026-01-01T00:00:01Z'),
      task('gone', manager.ID, 1, '2026-01-01T00:00:01Z', 'othersvc0123456789'),
      task('pending', undefined, 4, '2026-01-01T00:00:01Z'),
    ];
    const m = buildNodesModel([manager, worker], [web], tasks);
    assert.deepEqual([...m.tasksByNode.keys()].sort(), [manager.ID, worker.ID].sort());
    assert.deepEqual(m.tasksByNode.get(manager.ID)!.map((t) => [t.name, t.id]), [
      ['othersvc0123.1', 'gone'],
      ['web.1', 't1new'],
      ['web.1', 't1old'],
      ['web.2', 't2'],
    ]);
    assert.deepEqual(m.tasksByNode.get(worker.ID)!.map((t) => [t.name, t.nodeName]), [['web.3', 'alpha']]);
  });
});

describe('nodeDescription', () => {
  it('says role (leader or reachability), availability, state and engine, leaving out what is unknown', () => {
    assert.equal(nodeDescription(summarizeNode(manager)), 'manager (leader) · active · ready · engine 27.3.1');
    assert.equal(nodeDescription(summarizeNode({ ...manager, ManagerStatus: { Leader: false, Reachability: 'reachable' } })), 'manager · active · ready · engine 27.3.1');
    assert.equal(nodeDescription(summarizeNode({ ...manager, ManagerStatus: { Leader: false, Reachability: 'unreachable' } })), 'manager (unreachable) · active · ready · engine 27.3.1');
    assert.equal(nodeDescription(summarizeNode(worker)), 'worker · drain · down');
  });
});
