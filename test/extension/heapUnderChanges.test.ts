// The extension host's heap under changes, for the benchmark (scripts/bench/extHostHeapBench.ts):
// the real extension, its providers and tree views in VS Code's extension host, pointed at the
// benchmark's Engine stand-in (1,000 services / 10,000 tasks, a process of its own), the
// Services view shown with one service expanded; heap used after full GCs once loaded, then
// after each batch of service changes the stand-in replays on /events.
//
// Registered only when the benchmark names its stand-in (SWARM_BENCH_EXTHOST_HEAP, JSON:
// socket, control, perBatch, batches, intervalMs, stride) and the file for the figures
// (SWARM_BENCH_EXTHOST_HEAP_FILE): it needs the stand-in serving the synthetic swarm from
// another process (whose memory must not be on the heap measured) and several minutes, which
// `npm test` has neither of. What it checks on the way (the store agrees with the stand-in
// after every batch, the expanded service's tasks too) is what live.test.ts checks on the real
// swarm; the heap's verdict is the benchmark's.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as vscode from 'vscode';
import type { SwarmServicesApi } from '../../src/extension';
import type { ServicesTreeElement } from '../../src/tree/servicesItems';
import { waitFor } from '../support/swarm';
import { api } from './support';

/** What the benchmark passes in SWARM_BENCH_EXTHOST_HEAP. */
export interface ExtHostHeapParams {
  /** The stand-in's Engine socket and its control socket (engineStandIn.ts serveControl). */
  socket: string;
  control: string;
  perBatch: number;
  batches: number;
  intervalMs: number;
  stride: number;
  /** When set, a heap snapshot is written there once loaded and after each batch (to see what grows). */
  snapshots?: string;
}

export interface ExtHostHeapFigures {
  services: number;
  /** The tasks shown under the expanded service once loaded. */
  expandedTasks: number;
  /** Heap used after full GCs: once loaded, twice a second apart (the noise), then after each batch. */
  loaded: number[];
  afterBatch: number[];
  /** RSS and memory outside the V8 heap (Buffers and the like) beside each heap figure: reported, not judged. */
  rssLoaded: number[];
  rssAfterBatch: number[];
  externalLoaded: number[];
  externalAfterBatch: number[];
  changesPerBatch: number;
  /** Events the controller received, and the store's reads (change reads / full reads), per batch. */
  events: number[];
  partialReads: number[];
  fullReads: number[];
  /** The stand-in's time to send the batch, and from its start to the last Engine request it caused. */
  sendMs: number[];
  batchMs: number[];
  /** Services whose counts in the store differ from the stand-in's after each batch (should be 0). */
  mismatches: number[];
  /** The expanded service's tasks shown, against its desired count, after each batch. */
  expandedShown: [number, number][];
}

interface StandInState {
  counts: Record<string, { desired: number; running: number }>;
  quietMs: number;
  requests: number;
  streams: number;
}

/** One request to the stand-in's control socket; rejects after `timeoutMs`, saying what it asked. */
function control<T>(socketPath: string, method: 'GET' | 'POST', path: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const req = request({ socketPath, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks).toString();
        if (res.statusCode !== 200) reject(new Error(`the stand-in answered ${method} ${path} with ${res.statusCode}: ${body}`));
        else resolve(JSON.parse(body) as T);
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`the stand-in did not answer ${method} ${path} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${method} ${path} on the stand-in's control socket: ${e.message}`));
    });
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Every Engine call has an AbortSignal.timeout of 15 s whose timer (with its WeakRef) lives on
 * after the answer, and the store's follow-up reads come at most 12.8 s apart: 16 s without a
 * request to the stand-in means neither is left. Waits for that, at most `timeoutMs`.
 */
const QUIET_MS = 16_000;

const params = process.env['SWARM_BENCH_EXTHOST_HEAP'];
const out = process.env['SWARM_BENCH_EXTHOST_HEAP_FILE'];

if (params && out) {
  describe('the extension host under changes (benchmark)', () => {
    const p = JSON.parse(params) as ExtHostHeapParams;
    const config = () => vscode.workspace.getConfiguration('dockerSwarm');
    let a: SwarmServicesApi;

    before(async () => {
      a = await api();
    });
    after(async () => {
      await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
      await config().update('refreshInterval', undefined, vscode.ConfigurationTarget.Global);
    });

    it(`the heap after batches of service changes, 1,000 services shown and one expanded`, async function () {
      // Each batch: sending it (perBatch × intervalMs, with timer slack), the reads behind it, 16 s quiet.
      const batchBoundMs = p.perBatch * p.intervalMs * 5 + 120_000;
      this.timeout(180_000 + p.batches * batchBoundMs);
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      // Full GCs until the heap stops shrinking (at most five rounds): what a collection lets go
      // of (weak callbacks, finalizers, closed handles) is freed by the next one.
      const used = async () => {
        let heap = Number.POSITIVE_INFINITY;
        for (let round = 0; round < 5; round++) {
          await sleep(200);
          gc();
          gc();
          const now = process.memoryUsage().heapUsed;
          if (now > heap - 64 * 1024) break;
          heap = now;
        }
        const m = process.memoryUsage();
        return { heap: m.heapUsed, rss: m.rss, external: m.external };
      };
      const state = () => control<StandInState>(p.control, 'GET', '/_bench/state', 30_000);
      const quiet = async (what: string) => {
        let last: StandInState | undefined;
        await waitFor(`${QUIET_MS / 1000} s without an Engine request after ${what}`, async () => {
          last = await state();
          return last.quietMs >= QUIET_MS;
        }, 120_000, 1000, async () => `the last request ${((last?.quietMs ?? 0) / 1000).toFixed(1)} s ago, ${last?.requests} requests logged`);
        return last!;
      };
      const snapshot = (name: string) => p.snapshots && writeHeapSnapshot(join(p.snapshots, `${name}.heapsnapshot`));

      // Only the changes cause reads: the safety-net poll off, as in the plain-Node row.
      await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
      await config().update('dockerHost', `unix://${p.socket}`, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.view.extension.dockerSwarm');
      const services = Object.keys((await state()).counts).length;
      await waitFor(`the Services view to show the stand-in's ${services} services and follow its events`, async () =>
        a.ctx.store.state === 'ok' && a.ctx.store.services.length === services && a.refresher.isActive && a.refresher.isSubscribed, 60_000, 200,
      async () => `state ${a.ctx.store.state}, ${a.ctx.store.services.length} services, active ${a.refresher.isActive}, subscribed ${a.refresher.isSubscribed}`);

      // Expanded in the view, as a click does: the workbench asks for its children.
      const row = a.ctx.servicesTree.serviceItems()[0];
      assert.ok(row, 'a service row');
      const id = row.service.id;
      await (a.servicesView as vscode.TreeView<ServicesTreeElement>).reveal(row, { expand: true, select: false, focus: false });
      const expandedTasks = await waitFor(`${row.service.name} expanded with its tasks`, async () =>
        a.ctx.store.isServiceExpanded(id) && a.ctx.store.knownTasksOf(id)?.length, 30_000);
      assert.equal(expandedTasks, a.ctx.store.findService(id)?.desired, 'the expanded service shows one task per replica');

      const f: ExtHostHeapFigures = {
        services, expandedTasks, loaded: [], afterBatch: [], rssLoaded: [], rssAfterBatch: [], externalLoaded: [], externalAfterBatch: [], changesPerBatch: p.perBatch,
        events: [], partialReads: [], fullReads: [], sendMs: [], batchMs: [], mismatches: [], expandedShown: [],
      };
      // One untouched full read first, as the plain-Node row does, so code and pools are in place.
      await a.ctx.store.refresh();
      await quiet('loading');
      for (let i = 0; i < 2; i++) {
        if (i > 0) await sleep(1000);
        const m = await used();
        f.loaded.push(m.heap);
        f.rssLoaded.push(m.rss);
        f.externalLoaded.push(m.external);
      }
      snapshot('loaded');
      console.log(`      loaded: heap ${(f.loaded[0]! / 2 ** 20).toFixed(1)} / ${(f.loaded[1]! / 2 ** 20).toFixed(1)} MB, rss ${(f.rssLoaded[0]! / 2 ** 20).toFixed(0)} MB`);

      for (let b = 0; b < p.batches; b++) {
        const events0 = a.refresher.stats.events;
        const partial0 = a.ctx.store.stats.partial;
        const full0 = a.ctx.store.stats.full;
        const t0 = performance.now();
        // Every service in turn (the stride is prime to the swarm's size), spread over all of them.
        const done = await control<{ sent: number; ms: number; streams: number }>(
          p.control, 'POST', `/_bench/changes?count=${p.perBatch}&stride=${p.stride}&intervalMs=${p.intervalMs}`, batchBoundMs);
        assert.equal(done.sent, p.perBatch);
        assert.ok(done.streams > 0, 'an event stream was open on the stand-in');
        const settled = await quiet(`batch ${b + 1}`);
        f.sendMs.push(done.ms);
        f.batchMs.push(performance.now() - settled.quietMs - t0);
        f.events.push(a.refresher.stats.events - events0);
        f.partialReads.push(a.ctx.store.stats.partial - partial0);
        f.fullReads.push(a.ctx.store.stats.full - full0);
        f.mismatches.push(Object.entries(settled.counts).filter(([sid, c]) => {
          const shown = a.ctx.store.findService(sid);
          return !shown || shown.desired !== c.desired || shown.running !== c.running;
        }).length);
        f.expandedShown.push([a.ctx.store.knownTasksOf(id)?.length ?? -1, settled.counts[id]?.desired ?? -1]);
        const m = await used();
        f.afterBatch.push(m.heap);
        f.rssAfterBatch.push(m.rss);
        f.externalAfterBatch.push(m.external);
        snapshot(`batch-${b + 1}`);
        console.log(`      batch ${b + 1}: ${f.events.at(-1)} events, ${f.partialReads.at(-1)} change reads, ${f.fullReads.at(-1)} full; heap ${(m.heap / 2 ** 20).toFixed(1)} MB, rss ${(m.rss / 2 ** 20).toFixed(0)} MB; ${f.mismatches.at(-1)} services differ`);
      }
      // The benchmark reads the figures (and judges the heap); written before the checks below.
      writeFileSync(out, JSON.stringify(f));
      assert.deepEqual(f.mismatches, f.mismatches.map(() => 0), 'after each batch the store shows the stand-in\'s counts');
      for (const [shown, desired] of f.expandedShown) assert.equal(shown, desired, 'the expanded service shows its tasks after each batch');
    });
  });
}
