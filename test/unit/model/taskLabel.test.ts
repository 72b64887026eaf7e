import * as assert from 'node:assert/strict';
import { taskLabel, taskSlot } from '../../../src/model/taskLabel';
import { taskPrefix } from '../../../src/model/logFormat';
import { summarizeTask } from '../../../src/model/summaries';
import { convergence } from '../../../src/model/convergence';

describe('taskLabel', () => {
  it('a replicated task is told apart by its slot, a global one (slot 0 or none) by its node', () => {
    assert.equal(taskLabel(3, 'node-1'), '3');
    assert.equal(taskLabel(0, 'node-1'), 'node-1');
    assert.equal(taskLabel(undefined, 'node-1'), 'node-1');
    assert.deepEqual([taskSlot(2), taskSlot(0), taskSlot(undefined)], [2, undefined, undefined]);
  });

  it('the tree, the log prefix and the rollout progress name a task alike', () => {
    const names = new Map([['n1', 'node-1']]);
    const replicated = { ID: 'taskaaaaaaaaaaaa', ServiceID: 's', Slot: 2, NodeID: 'n1', DesiredState: 'running', Status: { State: 'running' } };
    const global = { ID: 'taskbbbbbbbbbbbb', ServiceID: 's', Slot: 0, NodeID: 'n1', DesiredState: 'running', Status: { State: 'running' } };
    assert.equal(summarizeTask(replicated, 'web', names).name, 'web.2');
    assert.equal(summarizeTask(global, 'agent', names).name, 'agent.node-1');
    assert.equal(taskPrefix('web', replicated.ID, { slot: 2, nodeName: 'node-1' }, 'n1'), 'web.2.taskaaaaaaaa@node-1');
    assert.equal(taskPrefix('agent', global.ID, { nodeName: 'node-1' }, 'n1'), 'agent.node-1.taskbbbbbbbb@node-1');
    const svc = { ID: 's', Spec: { Mode: { Global: {} } } };
    assert.equal(convergence(svc, [global], (id) => names.get(id) ?? id).detail, 'node-1 running');
    const rsvc = { ID: 's', Spec: { Mode: { Replicated: { Replicas: 1 } } } };
    assert.equal(convergence(rsvc, [replicated], (id) => names.get(id) ?? id).detail, '2 running');
  });
});
