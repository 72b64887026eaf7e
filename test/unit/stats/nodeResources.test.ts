// A node's tooltip: its CPUs and memory (Description.Resources from GET /nodes) against the sums
// of the reservations and limits of the tasks meant to run on it (their Spec.Resources), all
// from the manager's listing.
import * as assert from 'node:assert/strict';
import type { EngineNode, EngineResources, EngineTask } from '../../../src/model/engineTypes';
import { summarizeNode, type NodeSummary } from '../../../src/model/nodeSummaries';
import { summarizeTask, type TaskSummary } from '../../../src/model/summaries';
import { nodeResourceLines } from '../../../src/stats/nodeResources';
import { nodeItem } from '../../../src/tree/nodesItems';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function engineTask(id: string, resources?: EngineResources): EngineTask {
  return { ID: id, ServiceID: 's1', NodeID: 'n1', Slot: 1, DesiredState: 'running', Status: { State: 'running' }, ...(resources ? { Spec: { Resources: resources } } : {}) };
}

const NODE: EngineNode = {
  ID: 'n1',
  Description: { Hostname: 'alpha', Resources: { NanoCPUs: 2e9, MemoryBytes: 25_276_026_880 } },
  Spec: { Role: 'manager', Availability: 'active' },
  Status: { State: 'ready' },
};

describe("a node's capacity against its tasks' reservations and limits", () => {
  it('reads the capacity from Description.Resources and each task\'s Spec.Resources', () => {
    const node = summarizeNode(NODE);
    assert.equal(node.nanoCpus, 2e9);
    assert.equal(node.memoryBytes, 25_276_026_880);
    const t = summarizeTask(engineTask('t1', { Reservations: { NanoCPUs: 5e8, MemoryBytes: 256 * MiB }, Limits: { NanoCPUs: 1e9 } }), 'web', new Map());
    assert.deepEqual(t.resources, { reservedNanoCpus: 5e8, reservedMemoryBytes: 256 * MiB, limitNanoCpus: 1e9, limitMemoryBytes: 0 });
    assert.equal(summarizeTask(engineTask('t2'), 'web', new Map()).resources, undefined, 'none set: none kept');
    assert.equal(summarizeTask(engineTask('t3', {}), 'web', new Map()).resources, undefined);
  });

  it('sums reservations and limits, and says how many tasks set no limit', () => {
    const tasks: TaskSummary[] = [
      summarizeTask(engineTask('t1', { Reservations: { NanoCPUs: 2.5e8, MemoryBytes: 128 * MiB }, Limits: { NanoCPUs: 1e9, MemoryBytes: 512 * MiB } }), 'a', new Map()),
      summarizeTask(engineTask('t2', { Reservations: { NanoCPUs: 2.5e8, MemoryBytes: 128 * MiB }, Limits: { NanoCPUs: 5e8, MemoryBytes: 512 * MiB } }), 'b', new Map()),
    ];
    const node: Pick<NodeSummary, 'nanoCpus' | 'memoryBytes'> = { nanoCpus: 2e9, memoryBytes: 7.6 * GiB };
    assert.deepEqual(nodeResourceLines(node, tasks), [
      'CPU: 2 cores, reserved 0.5, limited 1.5',
      'Memory: 7.6 GiB, reserved 256 MiB, limited 1 GiB',
    ]);
    const withUnlimited = [...tasks, summarizeTask(engineTask('t3'), 'c', new Map())];
    assert.deepEqual(nodeResourceLines(node, withUnlimited), [
      'CPU: 2 cores, reserved 0.5, limited 1.5 (1 of 3 tasks without a limit)',
      'Memory: 7.6 GiB, reserved 256 MiB, limited 1 GiB (1 of 3 tasks without a limit)',
    ]);
    assert.deepEqual(nodeResourceLines({ nanoCpus: 1e9, memoryBytes: GiB }, []), ['CPU: 1 core, reserved 0, limited 0', 'Memory: 1 GiB, reserved 0 B, limited 0 B']);
  });

  it("tasks not read (the node not expanded): the capacity, and how to get the sums; no capacity known: nothing", () => {
    assert.deepEqual(nodeResourceLines({ nanoCpus: 2e9, memoryBytes: GiB }, undefined), [
      'CPU: 2 cores',
      'Memory: 1 GiB',
      "Tasks' reservations and limits: expand the node to count them",
    ]);
    assert.deepEqual(nodeResourceLines({}, []), []);
  });

  it("in the node's tooltip, after the engine and before the labels", () => {
    const node = { ...summarizeNode(NODE), engineVersion: '27.0.1', labels: { zone: 'a' } };
    const tasks = [summarizeTask(engineTask('t1', { Reservations: { NanoCPUs: 5e8 } }), 'a', new Map())];
    assert.equal(
      nodeItem(node, tasks).tooltip,
      'alpha\nID: n1\nRole: manager\nAvailability: active\nState: ready\nEngine: 27.0.1\nCPU: 2 cores, reserved 0.5, limited 0 (1 of 1 task without a limit)\nMemory: 23.5 GiB, reserved 0 B, limited 0 B (1 of 1 task without a limit)\nLabels:\n  zone=a',
    );
  });
});
