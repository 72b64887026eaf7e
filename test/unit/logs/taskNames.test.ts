import * as assert from 'node:assert/strict';
import type { SwarmClient } from '../../../src/docker/swarmClient';
import type { EngineNode, EngineTask } from '../../../src/model/engineTypes';
import { TaskNames } from '../../../src/logs/taskNames';

/** A client that serves a task list the test changes, and counts the reads. */
function fakeClient(tasks: EngineTask[], nodes: EngineNode[]) {
  const reads = { count: 0 };
  const client = {
    serviceTasks: async () => {
      reads.count++;
      return [...tasks];
    },
    listNodes: async () => nodes,
  };
  return { client: client as unknown as SwarmClient, reads };
}

describe('TaskNames', () => {
  it("names a replicated task by slot and a global one by node only, with the node's hostname", async () => {
    const { client } = fakeClient(
      [
        { ID: 't1', Slot: 2, NodeID: 'n1' },
        { ID: 't2', Slot: 0, NodeID: 'n1' },
        { ID: 't3', NodeID: 'gone' },
      ],
      [{ ID: 'n1', Description: { Hostname: 'node-1' } }],
    );
    const names = new TaskNames(client, 's', { now: () => 0 });
    await names.load();
    assert.deepEqual(names.lookup('t1'), { slot: 2, nodeName: 'node-1' });
    assert.deepEqual(names.lookup('t2'), { nodeName: 'node-1' });
    assert.deepEqual(names.lookup('t3'), {}, 'a node not listed: no name (the prefix shows its id)');
  });

  it('an unknown task reloads the names, at most once a second', async () => {
    const tasks: EngineTask[] = [{ ID: 't1', Slot: 1 }];
    const { client, reads } = fakeClient(tasks, []);
    let t = 5000;
    const names = new TaskNames(client, 's', { now: () => t });
    await names.load();
    assert.equal(reads.count, 1);
    tasks.push({ ID: 't2', Slot: 2 });
    t += 1000;
    assert.equal(names.lookup('t2'), undefined, 'not yet: a second has not passed since the load');
    assert.equal(reads.count, 1);
    t += 1;
    assert.equal(names.lookup('t2'), undefined, 'until the reload lands, ids');
    assert.equal(names.lookup('t2'), undefined);
    assert.equal(reads.count, 2, 'one reload for several lines');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(names.lookup('t2'), { slot: 2 });
  });

  it('before any load, the first unknown task loads the names at once', async () => {
    const { client, reads } = fakeClient([{ ID: 't1', Slot: 1 }], []);
    const names = new TaskNames(client, 's', { now: () => 0 });
    assert.equal(names.lookup('t1'), undefined);
    assert.equal(reads.count, 1);
  });
});
