// The Nodes tree's rows as data: ids, contextValues (node:<role>:<availability>, matched by
// package.json's `when` clauses), descriptions and icons.
import * as assert from 'node:assert/strict';
import type { NodeSummary } from '../../../src/model/nodeSummaries';
import type { TaskSummary } from '../../../src/model/summaries';
import { nodeInfoItem, nodeItem, nodeTaskItem } from '../../../src/tree/nodesItems';

function node(over: Partial<NodeSummary> = {}): NodeSummary {
  return { id: 'node1', hostname: 'alpha', role: 'manager', availability: 'active', state: 'ready', leader: true, version: 3, labels: {}, engineVersion: '27.0.1', ...over };
}

describe('Nodes tree rows', () => {
  it('a node: id, role, availability, state and engine, and an icon by state and availability', () => {
    const item = nodeItem(node({ address: '10.0.0.1', labels: { zone: 'a' } }));
    assert.deepEqual(item, {
      label: 'alpha',
      id: 'node:node1',
      collapsible: 'collapsed',
      description: 'manager (leader) · active · ready · engine 27.0.1',
      tooltip: 'alpha\nID: node1\nRole: manager (leader)\nAvailability: active\nState: ready\nAddress: 10.0.0.1\nEngine: 27.0.1\nLabels:\n  zone=a',
      contextValue: 'node:manager:active',
      icon: { id: 'vm-active', color: 'testing.iconPassed' },
    });
    const drained = nodeItem(node({ role: 'worker', availability: 'drain', leader: false }));
    assert.equal(drained.contextValue, 'node:worker:drain');
    assert.equal(drained.description, 'worker · drain · ready · engine 27.0.1');
    assert.deepEqual(drained.icon, { id: 'vm', color: 'list.warningForeground' });
    assert.deepEqual(nodeItem(node({ state: 'down' })).icon, { id: 'vm-outline', color: 'list.errorForeground' });
  });

  it("a node with its engine's route: the description and tooltip say it, the id stays", () => {
    const none = nodeItem(node({ hostname: 'worker-1', role: 'worker', leader: false }), undefined, { route: { kind: 'none' }, searching: false });
    assert.equal(none.id, 'node:node1');
    assert.equal(none.description, 'worker · active · ready · engine 27.0.1 · no endpoint');
    assert.match(String(none.tooltip), /\nShell and stats: no endpoint known for this node's engine\. Create a docker context for it, or add "worker-1": "ssh:\/\/user@host" to the dockerSwarm\.nodeEndpoints setting\.$/);
    const known = nodeItem(node(), undefined, { route: { kind: 'context', context: 'w1', host: 'unix:///w' }, searching: false });
    assert.equal(known.description, 'manager (leader) · active · ready · engine 27.0.1 · endpoint: context w1');
    const bad = nodeItem(node(), undefined, { route: { kind: 'none' }, problem: 'dockerSwarm.nodeEndpoints["alpha"]: bad.', searching: false });
    assert.equal(bad.description, 'manager (leader) · active · ready · engine 27.0.1 · endpoint setting invalid');
    assert.match(String(bad.tooltip), /\nShell and stats: dockerSwarm\.nodeEndpoints\["alpha"\]: bad\.$/);
    const labelled = nodeItem(node({ labels: { zone: 'a' } }), undefined, { route: { kind: 'connected' }, searching: false });
    assert.match(String(labelled.tooltip), /\nEngine: 27\.0\.1\nShell and stats: through the connected engine \(this node\)\nLabels:\n  zone=a$/, 'before the labels');
  });

  it("a node's task: an id under the node, and no node in the description (the row's parent names it)", () => {
    const task: TaskSummary = { id: 't1', serviceId: 's1', name: 'web.1', state: 'running', desiredState: 'running', nodeId: 'node1', nodeName: 'alpha' };
    const item = nodeTaskItem(task, 'node1');
    assert.equal(item.id, 'node:node1:task:t1');
    assert.equal(item.label, 'web.1');
    assert.equal(item.description, 'running');
    assert.equal(item.contextValue, 'nodeTask:running');
    assert.match(String(item.tooltip), /^web\.1\nTask ID: t1\nState: running \(desired: running\)\nNode: alpha \(node1\)$/);
    assert.deepEqual(item.icon, { id: 'play-circle', color: 'testing.iconPassed' });
  });

  it('an info line under a node', () => {
    assert.deepEqual(nodeInfoItem('Tasks could not be read: boom', 'node1'), { label: 'Tasks could not be read: boom', id: 'node:node1:info', collapsible: 'none', contextValue: 'info' });
  });
});
