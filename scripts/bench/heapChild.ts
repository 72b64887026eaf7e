// Memory: the V8 heap in use after loading the model of the synthetic swarm (1,000 services,
// 10,000 tasks) from the Engine stand-in. Run in a child of its own with --expose-gc so
// nothing else of the benchmark is on its heap:  heapChild.ts <stand-in socket>
// Reports over IPC: the heap before, with the model and the snapshot it was built from (what
// the Services view keeps: it holds both), and with the model alone.
import { TestClient } from '../../test/support/testClient';
import { modelFromSnapshot, type Snapshot } from '../../src/model/snapshot';
import type { SwarmModel } from '../../src/model/summaries';
import { runMain } from './stats';

export interface HeapFigures {
  baseline: number;
  withSnapshot: number[];
  modelOnly: number[];
  tasks: number;
  services: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * The heap in use once what the request machinery still references for a moment (the
 * response and its listeners, until their close events ran) is released, after full GCs.
 */
async function used(): Promise<number> {
  await new Promise((r) => setTimeout(r, 200));
  // Twice: the first collection may leave garbage that finalizers freed for the second.
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const socket = process.argv[2];
  if (!socket || !gc) throw new Error('usage: node --expose-gc heapChild.ts <socket>');
  const client = new TestClient({ dockerHost: `unix://${socket}` });
  // One untimed load first, so code and the connection pool are in place for the baseline.
  modelFromSnapshot(await client.snapshot());
  const baseline = await used();
  const out: HeapFigures = { baseline, withSnapshot: [], modelOnly: [], tasks: 0, services: 0 };
  // Held on an object, not in locals: V8 may free a local it sees no further reads of.
  const held: { snapshot?: Snapshot; model?: SwarmModel } = {};
  for (let i = 0; i < 3; i++) {
    held.snapshot = await client.snapshot();
    held.model = modelFromSnapshot(held.snapshot);
    out.withSnapshot.push(await used());
    out.services = held.model.services.length;
    out.tasks = [...held.model.tasksByService.values()].reduce((n, t) => n + t.length, 0);
    delete held.snapshot;
    out.modelOnly.push(await used());
    if (held.model.services.length === 0) throw new Error('empty model');
    delete held.model;
  }
  process.send?.(out);
}

runMain(main);
