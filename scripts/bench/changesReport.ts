// The rows and notes of what a change costs (changesBench.ts, changesHeapChild.ts) and of
// change to model on the real swarm (eventBench.ts), for bench/results.md and for
// SWARM_BENCH_ONLY=changes.
import type { BurstFigures, ChangeCost, IsolatedFigures } from './changesBench';
import type { ChangesHeapFigures } from './changesHeapChild';
import type { Change } from './eventBench';
import { int, kb, mb, median, ms, percentile } from './stats';

export interface ChangesFigures {
  isolated: IsolatedFigures;
  bursts: BurstFigures[];
  burstIntervalMs: number;
  heap: ChangesHeapFigures;
}

const verdict = (ok: boolean): string => (ok ? 'yes' : '**no**');
const MAX_BYTES = 5 * 1024;
const MAX_REQUESTS = 2;

/** The requests as read, shortest form: path and decoded query, a long list of ids counted. */
function shortList(requests: readonly string[]): string {
  return requests.map((r) => {
    const path = decodeURIComponent(r.replace(/^GET /, '')).replace(/^\/v[\d.]+/, '');
    return `\`${path.replace(/\[(?:"[a-z0-9]{25}",?){3,}\]/g, (ids) => `[${ids.split(',').length} ids]`)}\``;
  }).join(', ');
}

const size = (bytes: number) => (bytes >= 10 * 2 ** 20 ? mb(bytes) : bytes >= 10 * 1024 ? kb(bytes) : `${int(bytes)} bytes`);

const medianRequests = (c: readonly ChangeCost[]) => median(c.map((x) => x.requests.length));
const medianBytes = (c: readonly ChangeCost[]) => median(c.map((x) => x.bytes));
/** The most requests and bytes any one change took: the target holds for each change, not only the median. */
const worst = (c: readonly ChangeCost[]) => ({ requests: Math.max(...c.map((x) => x.requests.length)), bytes: Math.max(...c.map((x) => x.bytes)) });

const kindOf = (request: string) => /^\w+ (?:\/v[\d.]+)?\/(\w+)/.exec(request)?.[1] ?? '?';

function maxPerKind(reads: readonly string[][]): number {
  let max = 0;
  for (const read of reads) {
    const counts = new Map<string, number>();
    for (const r of read) counts.set(kindOf(r), (counts.get(kindOf(r)) ?? 0) + 1);
    for (const n of counts.values()) max = Math.max(max, n);
  }
  return max;
}

export function changesRows(f: ChangesFigures): { rows: string[][]; notes: string[] } {
  const rows: string[][] = [];
  const notes: string[] = [];
  const i = f.isolated;
  const full = i.full;
  const scale = `${int(i.services)} services / ${int(i.services * i.tasksPerService)} tasks, ${i.expanded} expanded`;
  const perTask = Math.max(0, medianBytes(i.expandedChanges) - medianBytes(i.collapsed)) / Math.max(1, i.tasksPerService);
  for (const [label, changes] of [['a collapsed service', i.collapsed], ['an expanded service, its tasks read too', i.expandedChanges]] as const) {
    const w = worst(changes);
    rows.push([
      `Engine reads per isolated change: ${label} (${scale})`,
      `${medianRequests(changes)} request(s), ${size(medianBytes(changes))} (median of ${changes.length} changes; at most ${w.requests} and ${size(w.bytes)}): ${shortList(changes[0]?.requests ?? [])}`,
      `a full refresh, what each change read before: ${medianRequests(full)} requests, ${size(medianBytes(full))} (${shortList(full[0]?.requests ?? [])})`,
      `≤ ${MAX_REQUESTS} requests and ≤ 5 KB per change`,
      verdict(w.requests <= MAX_REQUESTS && w.bytes <= MAX_BYTES),
    ]);
  }
  notes.push(
    `**Reads per isolated change**: the extension's SwarmStore, ObjectsStore (object views hidden) and RefreshController, wired as src/extension.ts wires them, over an EngineClient of the Engine stand-in (${scale} through \`SwarmStore.setServiceExpanded\`), fed by the stand-in's \`/events\`. The stand-in scales one service by one (spec, version, its last task shut down or running again) and sends the engine's \`service update\` event; counted in its request log (response bodies) from the change until the store shows it and no read runs. A collapsed service costs its own entry of the filtered services listing (with its \`ServiceStatus\` counts). An expanded one also costs its tasks, read in a second request after the listing: about ${int(perTask)} bytes of the engine's JSON a task, so its ${i.tasksPerService} tasks alone are ${size(perTask * i.tasksPerService)} and 5 KB cannot hold for a service that shows more than about ${Math.floor((MAX_BYTES - medianBytes(i.collapsed)) / Math.max(1, perTask))} tasks: that bound is the engine's (no listing returns less of a task), and the target holds for the requests. On a swarm with a node down each change costs one request more (the changed services' tasks on the nodes that are down, taken off the counts as a full refresh does); every node is up here. The full refresh beside it is \`store.refresh()\` on the same store, interleaved with the changes (${full.length} rounds); it grows with the swarm, the change's read does not. From the event's arrival to the store's change, on the stand-in: collapsed p50 ${ms(median(i.collapsed.map((c) => c.ms)))}, expanded p50 ${ms(median(i.expandedChanges.map((c) => c.ms)))}; the full refresh took p50 ${ms(median(full.map((c) => c.ms)))}.`,
  );

  const inc = f.bursts.filter((b) => b.mode === 'incremental');
  const fullBursts = f.bursts.filter((b) => b.mode === 'full');
  if (inc.length > 0) {
    const changed = inc[0]!.changed;
    const reads = median(inc.map((b) => b.reads.length));
    const perKind = Math.max(...inc.map((b) => maxPerKind(b.reads)));
    const bytes = median(inc.map((b) => b.bytes));
    const perService = Math.max(...inc.map((b) => b.bytes / b.changed));
    const listed = median(inc.map((b) => b.servicesRead));
    rows.push([
      `Burst of ${changed} service changes in ${(median(inc.map((b) => b.spreadMs)) / 1000).toFixed(1)} s (one every ${f.burstIntervalMs} ms, ${scale})`,
      `${reads} reads, at most ${perKind} request(s) of a kind per read; ${size(bytes)} in all, ${size(bytes / changed)} per service changed; ${int(listed)} services listed (medians of ${inc.length} bursts)`,
      fullBursts.length > 0
        ? `the same controller reading everything on each read: ${median(fullBursts.map((b) => b.reads.length))} reads, ${size(median(fullBursts.map((b) => b.bytes)))}, ${size(median(fullBursts.map((b) => b.bytes / b.changed)))} per service changed`
        : '',
      '≤ 2 requests per kind per read; bytes ∝ services changed',
      verdict(perKind <= MAX_REQUESTS && perService <= MAX_BYTES),
    ]);
    notes.push(
      `**Burst**: the stand-in changes ${changed} different services (every tenth in listing order, so one of the expanded ones) one every ${f.burstIntervalMs} ms, through the same views as above. The client reaches the stand-in through a counting proxy in the bench's process, so each read's requests are told apart by the store's change that ends it; bytes from the stand-in's log. A read lists the services changed since the last one (one filtered services listing, the expanded ones' tasks in one request), so the bytes follow the services changed (worst burst ${size(perService)} per service changed), not the swarm. The side-by-side bursts use the same controller with \`apply\` doing a full refresh, coalesced the same way (leading edge), which is what the controller did for every event before. From the first event to the store showing the last change: p50 ${ms(median(inc.map((b) => b.ms)), 0)} incremental${fullBursts.length > 0 ? `, ${ms(median(fullBursts.map((b) => b.ms)), 0)} reading everything` : ''}.`,
    );
  }

  const h = f.heap;
  const noise = Math.abs((h.loaded[1] ?? 0) - (h.loaded[0] ?? 0));
  const first = (h.afterBatch[0] ?? Number.NaN) - (h.loaded[0] ?? 0);
  const further = h.afterBatch.length > 1 ? (h.afterBatch.at(-1) as number) - (h.afterBatch[0] as number) : Number.NaN;
  const signed = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mb(bytes, 2)}`;
  const bound = Math.max(3 * noise, 512 * 1024);
  rows.push([
    `Heap after ${int(h.changesPerBatch)}-change batches (stores + controller, ${int(h.services)} services, 1 expanded)`,
    `${mb(h.loaded[0] ?? 0)} loaded; ${h.afterBatch.map((b, k) => `${mb(b)} after ${int((k + 1) * h.changesPerBatch)}`).join(', ')}: first batch ${signed(first)}, then ${signed(further)}`,
    `noise: loaded twice a second apart ${signed((h.loaded[1] ?? 0) - (h.loaded[0] ?? 0))}; ${h.events.map(int).join(' / ')} events and ${h.reads.map(int).join(' / ')} reads per batch; ${h.mismatches.join(' / ')} services differing from the stand-in after each`,
    'no growth beyond noise',
    verdict(Number.isFinite(further) && Math.abs(further) <= bound && h.mismatches.every((n) => n === 0)),
  ]);
  notes.push(
    `**Heap under changes**: the extension's stores and controller in a plain Node process with \`--expose-gc\` (changesHeapChild.ts), not VS Code's extension host: the same objects, without the host's own heap. The stand-in replays ${int(h.changesPerBatch)} service changes a batch (about ${ms(median(h.batchMs) / h.changesPerBatch, 1)} apart, spread over every service in turn), each announced on \`/events\`; heap used after full GCs once no read runs. The first batch's ${signed(first)} is what runs once (code compiled, pools filled); the target is read on what follows: ${signed(further)} over the next ${int((h.afterBatch.length - 1) * h.changesPerBatch)} changes, against ${mb(bound, 2)} (3× the noise, at least 0.5 MB). After each batch the store was compared with the stand-in's own services listing (desired and running counts): ${h.mismatches.join(' / ')} differences.`,
  );
  return { rows, notes };
}

/** The change-to-model rows (real swarm): the API changes against the targets, the CLI's reported. */
export function changeToModelRows(events: { changes: Change[]; services: number }, cliStartMs: number): { rows: string[][]; notes: string[] } {
  const api = events.changes.filter((c) => c.via === 'api');
  const cli = events.changes.filter((c) => c.via === 'cli');
  const p = (xs: number[], q: number) => ms(percentile(xs, q));
  const pp = (f: (c: Change) => number, of = api) => `p50 ${p(of.map(f), 50)}, p95 ${p(of.map(f), 95)}`;
  const fromEvent95 = percentile(api.map((c) => c.fromEvent), 95);
  const fromDone95 = percentile(api.map((c) => c.fromDone), 95);
  const rows: string[][] = [[
    `Change to model (${api.length} scale changes through the API, ${int(events.services)} services)`,
    `from the event's arrival: ${pp((c) => c.fromEvent)}; from the update's response: ${pp((c) => c.fromDone)}`,
    `the engine's event arrived ${pp((c) => c.event)} after sending; a full refresh of the same swarm ${pp((c) => c.fullRefresh)} (before, every change waited a 25 ms debounce, then that)`,
    'p95 < 10 ms from the event, < 15 ms from the response',
    verdict(fromEvent95 < 10 && fromDone95 < 15),
  ]];
  if (cli.length > 0) {
    rows.push([
      `Event latency with \`docker service scale\` (${cli.length} changes)`,
      `from the CLI's exit: ${pp((c) => c.fromDone, cli)}`,
      `from its spawn: ${pp((c) => c.fromSent, cli)}; the CLI itself took ${ms(median(cli.map((c) => c.request)))} (median)`,
      '(reported)',
      '',
    ]);
  }
  const before = api.filter((c) => c.fromDone < 0).length;
  const notes = [
    `**Change to model**: the extension's SwarmStore and RefreshController (with \`apply\`, wired as src/extension.ts wires them) on the real swarm, the scaled service collapsed; timed to the store's change that shows the new replica count, from the engine's service event reaching the controller, and from the update's response (${before} of ${api.length} changes were in the model before the response arrived: the event can overtake it). What remains after the event is one read of the changed service (a filtered services listing) and the model's update, started at once (no debounce). p50 / p95 of sending to the event's arrival: ${pp((c) => c.event)}, which is the engine's. With the CLI add its own start (\`docker --version\`: ${ms(cliStartMs)}), which is not ours.`,
  ];
  return { rows, notes };
}
