// The swarm role read from GET /info, and what refuses to manage services on a non-manager.
import * as assert from 'node:assert/strict';
import { notManagerError, swarmStatusOf } from '../../../src/model/swarmRole';

describe('swarm role', () => {
  it('reads the role from LocalNodeState and ControlAvailable', () => {
    assert.deepEqual(swarmStatusOf({ Swarm: { LocalNodeState: 'active', ControlAvailable: true, NodeID: 'n1' } }), { role: 'manager', nodeId: 'n1' });
    assert.deepEqual(swarmStatusOf({ Swarm: { LocalNodeState: 'active', ControlAvailable: false, NodeID: 'n2' } }), { role: 'worker', nodeId: 'n2' });
    // A manager says which swarm it is in (failover checks another manager's against it).
    assert.deepEqual(swarmStatusOf({ Swarm: { LocalNodeState: 'active', ControlAvailable: true, NodeID: 'n1', Cluster: { ID: 'c1' } } }), { role: 'manager', nodeId: 'n1', clusterId: 'c1' });
    for (const state of ['pending', 'error', 'locked'] as const) assert.equal(swarmStatusOf({ Swarm: { LocalNodeState: state } }).role, state);
    assert.deepEqual(swarmStatusOf({ Swarm: { LocalNodeState: 'error', Error: 'raft failed' } }), { role: 'error', error: 'raft failed' });
    // No Swarm section, an empty state, or one this code does not know: not in a swarm.
    assert.deepEqual(swarmStatusOf({}), { role: 'inactive' });
    assert.equal(swarmStatusOf({ Swarm: { LocalNodeState: '' } }).role, 'inactive');
    assert.equal(swarmStatusOf({ Swarm: { LocalNodeState: 'something-new' } }).role, 'inactive');
  });

  it('lets a manager manage services and says why any other engine cannot', () => {
    assert.equal(notManagerError({ role: 'manager' }), undefined);
    const worker = notManagerError({ role: 'worker' })!;
    assert.deepEqual([worker.kind, worker.message], ['notManager', 'This Docker engine is a swarm worker. Connect to a manager node to manage services.']);
    const locked = notManagerError({ role: 'locked' })!;
    assert.deepEqual([locked.kind, locked.message], ['notSwarm', 'This swarm is locked. Unlock it with `docker swarm unlock` on the manager.']);
    const pending = notManagerError({ role: 'pending' })!;
    assert.deepEqual([pending.kind, pending.message], ['notSwarm', 'This engine is still joining its swarm (pending). Try again in a moment.']);
    const failed = notManagerError({ role: 'error', error: 'raft failed' })!;
    assert.deepEqual([failed.kind, failed.message, failed.detail], ['notSwarm', "This engine's swarm is in an error state: raft failed.", 'raft failed']);
    assert.equal(notManagerError({ role: 'error' })!.message, "This engine's swarm is in an error state.");
    const inactive = notManagerError({ role: 'inactive' })!;
    assert.deepEqual([inactive.kind, inactive.message], ['notSwarm', 'This Docker engine is not part of a swarm. Initialize a swarm or join one first.']);
  });
});
