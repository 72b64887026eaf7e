// Memory under changes: the V8 heap of the extension's stores and controller (openViews in
// changesBench.ts: SwarmStore, ObjectsStore, RefreshController over an EngineClient) showing
// the synthetic swarm with one service expanded, once loaded and after each batch of service
// changes replayed through the stand-in's /events. A plain Node process, not VS Code's
// extension host. Run in a child of its own with --expose-gc, so nothing else is on its heap:
//   changesHeapChild.ts <stand-in socket> <expanded service id> <changes per batch> <batches> <interval ms> <stride>
// The stand-in is asked for the changes through the parent ({type:'standIn', message, reply},
// answered with {type:'standIn reply', value}); the result goes to the parent as {type:'result', ...}.
import { fetchJson } from './refreshBench';
import type { EngineService } from '../../src/model/engineTypes';
import { openViews, type ChangedReply, type StandInAsk } from './changesBench';
import { countingClock } from './countingClock';
import type { StandInMessage } from './engineStandIn';
import { now, runMain, sleep } from './stats';

export interface ChangesHeapFigures {
  services: number;
  /** Heap used after full GCs: once loaded, twice a second apart (the noise), then after each batch. */
  loaded: number[];
  afterBatch: number[];
  changesPerBatch: number;
  /** Events the controller received, and reads it caused, per batch. */
  events: number[];
  reads: number[];
  batchMs: number[];
  /** Services whose count in the store differs from the stand-in's after each batch (should be 0). */
  mismatches: number[];
  /** Batches (1-based) after which reads or follow-ups still ran a minute on: their heaps include them. */
  unsettled: number[];
}

const gc = (globalThis as { gc?: () => void }).gc;

/** The heap in use once the request machinery has let go (as heapChild.ts measures it). */
async function used(): Promise<number> {
  await sleep(200);
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const relay: StandInAsk = {
  ask: <T>(message: StandInMessage, reply: string) => new Promise<T>((resolve) => {
    const listener = (m: { type?: string; value?: unknown }) => {
      if (m.type !== 'standIn reply') return;
      process.off('message', listener);
      resolve(m.value as T);
    };
    process.on('message', listener);
    process.send?.({ type: 'standIn', message, reply });
  }),
};

async function main(): Promise<void> {
  const [socket, expandedId, perBatch, batches, intervalMs, stride] = process.argv.slice(2);
  if (!socket || !expandedId || !gc) throw new Error('usage: node --expose-gc changesHeapChild.ts <socket> <service id> <changes> <batches> <interval ms> <stride>');
  // The store's clock counts its follow-up timers: the heap is read once none is pending, since
  // a pending follow-up holds what its read will need (up to 25 s after a change whose counts
  // do not meet), which is not growth.
  const clock = countingClock();
  const views = await openViews(socket, [expandedId], 'incremental', clock);
  const { store, controller } = views;
  const out: ChangesHeapFigures = {
    services: store.services.length, loaded: [], afterBatch: [], changesPerBatch: Number(perBatch), events: [], reads: [], batchMs: [], mismatches: [], unsettled: [],
  };
  /** Until no read runs, no follow-up is pending and no event came for a while; false if that took over a minute. */
  const settle = async (): Promise<boolean> => {
    let events = -1;
    const deadline = now() + 60_000;
    while (views.busy > 0 || clock.pending > 0 || controller.stats.events !== events) {
      if (now() > deadline) return false;
      events = controller.stats.events;
      await sleep(300);
    }
    return true;
  };
  try {
    // One untouched batch of reads first, so code and the connection pool are in place.
    await store.refresh();
    await sleep(16_000); // as after each batch, below
    out.loaded.push(await used());
    await sleep(1000);
    out.loaded.push(await used());
    for (let b = 0; b < Number(batches); b++) {
      const events0 = controller.stats.events;
      const reads0 = views.reads;
      const t0 = now();
      // Every service in turn (the stride is prime to the swarm's 1,000), so the changes spread over all of them.
      await relay.ask<ChangedReply>({ type: 'changes', count: Number(perBatch), stride: Number(stride ?? 37), intervalMs: Number(intervalMs) }, 'changes done');
      if (!(await settle())) out.unsettled.push(b + 1);
      out.batchMs.push(now() - t0);
      // Every Engine call has an AbortSignal.timeout of 15 s, whose timer (with its WeakRef) lives
      // on after the answer: heap snapshots after the first and the fourth batch differed by 339
      // such timers, from the calls of the last seconds. They go before the heap is read.
      await sleep(16_000);
      out.events.push(controller.stats.events - events0);
      out.reads.push(views.reads - reads0);
      // What the stand-in says now, read aside from the store: the incremental model must agree.
      const truth = (await fetchJson(socket, '/services?status=true')).value as EngineService[];
      out.mismatches.push(truth.filter((s) => {
        const shown = store.findService(s.ID);
        return !shown || shown.desired !== s.ServiceStatus?.DesiredTasks || shown.running !== s.ServiceStatus?.RunningTasks;
      }).length);
      out.afterBatch.push(await used());
    }
  } finally {
    views.dispose();
  }
  process.send?.({ type: 'result', value: out });
}

if (require.main === module) runMain(main);
