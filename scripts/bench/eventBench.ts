// Change to model on the real swarm: the extension's own SwarmStore and RefreshController
// (openViews in changesBench.ts, wired as src/extension.ts wires them, over the engine's
// socket), timed from a scale of one service (through the API, or `docker service scale`) to
// the store's change that shows the new replica count; and from the engine's service event
// reaching the controller to that change. Also what such a change really reads, until
// settled: the same views behind counting proxies, through the task containers' events and
// the store's follow-up reads, beside reading everything on each event.
import { join } from 'node:path';
import { countingClock, type CountingClock } from './countingClock';
import { scaledSpec } from '../../src/model/specs';
import { startCountingProxy, type CountingProxy, type ProxiedRequest } from '../../test/support/countingProxy';
import { TestClient } from '../../test/support/testClient';
import { openViews, type ReadMode, type Views } from './changesBench';
import { waitForRunningTasks } from './realSwarm';
import { now, run, sleep } from './stats';

export interface Change {
  via: 'api' | 'cli';
  /** From sending the update (API) or spawning `docker service scale` (CLI). */
  fromSent: number;
  /** From the update's response (API) or the CLI's exit; below 0 when the model showed it first. */
  fromDone: number;
  /** From the engine's service event reaching the controller. */
  fromEvent: number;
  /** The update itself: request to response, or the CLI from spawn to exit. */
  request: number;
  /** When the engine's service event arrived, from sending. */
  event: number;
  /** A full refresh of the same swarm once the change was shown: what the path before paid after its 25 ms debounce. */
  fullRefresh: number;
}

export async function measureEventLatency(
  client: TestClient,
  serviceId: string,
  apiChanges: number,
  cliChanges: number,
  onChange?: (i: number, c: Change) => void,
  socketPath = '/var/run/docker.sock',
): Promise<{ changes: Change[]; services: number }> {
  const views = await openViews(socketPath, []);
  const { store } = views;
  const changes: Change[] = [];
  try {
    let replicas = 1;
    for (let i = 0; i < apiChanges + cliChanges; i++) {
      const via = i < apiChanges ? 'api' : 'cli';
      const target = replicas === 1 ? 2 : 1;
      // Start from a quiet state: converged, no read running, no event for a moment.
      await waitForRunningTasks(client, serviceId, replicas, 60_000, 50);
      const deadline = now() + 30_000;
      while (views.busy > 0 || now() - views.lastEvent < 300) {
        if (now() > deadline) throw new Error(`change ${i + 1}: the views did not settle within 30 s`);
        await sleep(20);
      }
      if (store.findService(serviceId)?.desired !== replicas) throw new Error(`change ${i + 1}: the store shows ${store.findService(serviceId)?.desired} replicas, not ${replicas}`);
      const current = await client.inspectService(serviceId);
      const next = scaledSpec(current.Spec ?? {}, target);
      views.arrivals.clear();
      const shown = views.whenShown(() => store.findService(serviceId)?.desired === target, 10_000, `${target} replicas of ${serviceId}`);
      shown.catch(() => undefined);
      const sent = now();
      if (via === 'api') {
        await client.sendUpdate(current.ID, current.Version?.Index ?? 0, next);
      } else {
        if (!/^[a-z0-9]{25}$/.test(serviceId)) throw new Error(`not a service id: ${serviceId}`);
        const r = await run('docker', ['-H', `unix://${socketPath}`, 'service', 'scale', '--detach', `${serviceId}=${target}`]);
        if (r.code !== 0) throw new Error(`docker service scale failed: ${r.stderr.slice(0, 300)}`);
      }
      const done = now();
      const at = await shown;
      const event = views.arrivals.get(serviceId) ?? Number.NaN;
      // Once the change has settled: the whole swarm read again, as every event did before.
      await waitForRunningTasks(client, serviceId, target, 60_000, 50);
      const readsEnd = now() + 30_000;
      while (views.busy > 0) {
        if (now() > readsEnd) throw new Error(`change ${i + 1}: the views were still reading 30 s after the engine converged`);
        await sleep(10);
      }
      const t0 = now();
      await store.refresh();
      const c: Change = { via, fromSent: at - sent, fromDone: at - done, fromEvent: at - event, request: done - sent, event: event - sent, fullRefresh: now() - t0 };
      changes.push(c);
      onChange?.(i, c);
      replicas = target;
    }
    return { changes, services: store.services.length };
  } finally {
    views.dispose();
  }
}

// ---- what a real change reads, until settled ---------------------------------------------------

/** What a request was for: the change's services listing, tasks by ID, the expanded service's tasks, part of a full read. */
export type ReadKind = 'services' | 'tasksById' | 'tasksOfService' | 'full' | 'other';

export interface SettledCost {
  /** Each request (event stream left out), in order. */
  reads: { kind: ReadKind; bytes: number }[];
  /** What the event stream carried meanwhile (not a request; not in `reads`). */
  eventBytes: number;
  /** Reads the store's own timers started (the follow-ups), and the store's reads by kind. */
  followUps: number;
  partial: number;
  full: number;
  /** From sending the update to the end of the last read. */
  ms: number;
  /** Whether the store then showed the engine's counts (desired and running). */
  agrees: boolean;
}

export interface RealChange {
  direction: 'up' | 'down';
  /** The events that reached the views (type and action), in order, and when from sending. */
  events: { ms: number; what: string }[];
  collapsed: SettledCost;
  expanded: SettledCost;
  /** The same controller with every read a full refresh (what each event cost before). */
  everything: SettledCost;
}

export interface RealCostFigures {
  services: number;
  changes: RealChange[];
  /** `store.refresh()` of the collapsed views once each change settled. */
  refresh: { reads: { kind: ReadKind; bytes: number }[]; ms: number }[];
}

/** One set of views behind its own counting proxy, with its store's timers counted. */
interface Watched {
  views: Views;
  clock: CountingClock;
  proxy: CountingProxy;
  /** While the store's client made a snapshot (a full read): its requests are of that read. */
  fullReads: { from: number; to: number }[];
  /** The event streams opened, kept across the proxy's resets. */
  streams: Set<ProxiedRequest>;
}

/** Forgets the requests counted so far (the streams kept apart). */
function restart(w: Watched): void {
  for (const r of w.proxy.requests) if (isStream(r)) w.streams.add(r);
  w.proxy.reset();
  w.fullReads.length = 0;
}

/** What the event streams have carried so far. */
function streamBytes(w: Watched): number {
  for (const r of w.proxy.requests) if (isStream(r)) w.streams.add(r);
  return [...w.streams].reduce((n, r) => n + r.bytes, 0);
}

const isStream = (r: ProxiedRequest) => /^(?:\/v[\d.]+)?\/(?:events|_ping)\b/.test(r.url);

async function watch(dir: string, name: string, expanded: readonly string[], mode: ReadMode, engineSocket: string): Promise<Watched> {
  const socket = join(dir, `rc-${name}.sock`);
  const proxy = await startCountingProxy(socket, engineSocket);
  const clock = countingClock();
  const views = await openViews(socket, expanded, mode, clock, true);
  const fullReads: Watched['fullReads'] = [];
  const snapshot = views.client.snapshot.bind(views.client);
  // Marks the requests of a full read (the store's load), which the URL alone does not tell
  // from a change's (a full read lists the expanded services' tasks too).
  views.client.snapshot = async (...args) => {
    const span = { from: now(), to: Number.POSITIVE_INFINITY };
    fullReads.push(span);
    try {
      return await snapshot(...args);
    } finally {
      span.to = now();
    }
  };
  return { views, clock, proxy, fullReads, streams: new Set() };
}

function kindOf(r: ProxiedRequest, fullReads: readonly { from: number; to: number }[]): ReadKind {
  if (fullReads.some((w) => r.at >= w.from && r.at <= w.to)) return 'full';
  const url = new URL(r.url, 'http://engine');
  const path = /^(?:\/v[\d.]+)?\/(\w+)/.exec(url.pathname)?.[1];
  let filters: Record<string, unknown> = {};
  try {
    filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as Record<string, unknown>;
  } catch {
    // an unreadable filter is 'other'
  }
  if (path === 'services' && filters['id']) return 'services';
  if (path === 'tasks' && filters['id']) return 'tasksById';
  if (path === 'tasks' && filters['service']) return 'tasksOfService';
  return 'other';
}

const idle = (w: Watched) => w.views.busy === 0 && w.clock.pending === 0 && w.proxy.requests.every((r) => isStream(r) || r.end !== undefined);

/** The last thing that happened: an event, a follow-up timer, a read's end (now, while one runs). */
const lastActivity = (w: Watched) => Math.max(w.views.lastEvent, w.clock.lastFired, ...w.proxy.requests.filter((r) => !isStream(r)).map((r) => r.end ?? now()));

/** True once the service runs `count` tasks meant to run and none meant to stop is still on its way. */
async function engineSettled(client: TestClient, serviceId: string, count: number): Promise<boolean> {
  const tasks = await client.serviceTasks(serviceId);
  const meant = tasks.filter((t) => t.DesiredState === 'running');
  const stopping = tasks.filter((t) => t.DesiredState !== 'running' && ['new', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', 'running'].includes(t.Status?.State ?? ''));
  return meant.length === count && meant.every((t) => t.Status?.State === 'running') && stopping.length === 0;
}

const QUIET_MS = 400;

/** Waits until the engine has converged and every set of views has been idle for QUIET_MS. */
async function settled(all: readonly Watched[], client: TestClient, serviceId: string, count: number, what: string): Promise<void> {
  const deadline = now() + 60_000;
  let engine = false;
  for (;;) {
    if (now() > deadline) throw new Error(`${what}: not settled within 60 s (engine ${engine ? 'converged' : 'not converged'}, ${all.map((w) => `${w.views.busy} reads, ${w.clock.pending} timers`).join('; ')})`);
    if (!engine) engine = await engineSettled(client, serviceId, count);
    if (engine && all.every(idle) && now() - Math.max(...all.map(lastActivity)) >= QUIET_MS) return;
    await sleep(engine ? 20 : 50);
  }
}

function costOf(w: Watched, from: { fired: number; full: number; partial: number; streamBytes: number }, sent: number, serviceId: string, count: number): SettledCost {
  const reads = w.proxy.requests.filter((r) => !isStream(r));
  const s = w.views.store.findService(serviceId);
  return {
    reads: reads.map((r) => ({ kind: kindOf(r, w.fullReads), bytes: r.bytes })),
    eventBytes: streamBytes(w) - from.streamBytes,
    followUps: w.clock.fired - from.fired,
    partial: w.views.store.stats.partial - from.partial,
    full: w.views.store.stats.full - from.full,
    ms: reads.length > 0 ? Math.max(...reads.map((r) => r.end ?? now())) - sent : 0,
    agrees: s?.desired === count && s.running === count,
  };
}

/**
 * Scales one service by one, up then down, `changes` times through the API; each change
 * counted from its send until the engine converged, no read runs, no follow-up is pending and
 * nothing happened for QUIET_MS. Three sets of views watch at once, each behind its own
 * counting proxy: the service collapsed, expanded, and collapsed with every read a full
 * refresh. The service is left as it was found.
 */
export async function measureRealChangeCost(
  client: TestClient,
  serviceId: string,
  changes: number,
  dir: string,
  onChange?: (i: number, c: RealChange) => void,
  engineSocket = '/var/run/docker.sock',
): Promise<RealCostFigures> {
  const start = await client.inspectService(serviceId);
  const base = start.Spec?.Mode?.Replicated?.Replicas ?? 1;
  const opened: Watched[] = [];
  try {
    for (const [name, expanded, mode] of [['collapsed', [], 'incremental'], ['expanded', [serviceId], 'incremental'], ['everything', [], 'full']] as const) {
      opened.push(await watch(dir, name, expanded, mode, engineSocket));
    }
    const [collapsed, expanded] = opened as [Watched, Watched, Watched];
    if (!expanded.views.store.knownTasksOf(serviceId)) throw new Error(`the expanded views did not read the tasks of ${serviceId}`);
    const out: RealCostFigures = { services: collapsed.views.store.services.length, changes: [], refresh: [] };
    let replicas = base;
    for (let i = 0; i < changes; i++) {
      const target = replicas === base ? base + 1 : base;
      await settled(opened, client, serviceId, replicas, `before change ${i + 1}`);
      const current = await client.inspectService(serviceId);
      const marks = opened.map((w) => {
        restart(w);
        return { fired: w.clock.fired, full: w.views.store.stats.full, partial: w.views.store.stats.partial, streamBytes: streamBytes(w) };
      });
      const firstEvent = collapsed.views.events.length;
      const sent = now();
      await client.sendUpdate(current.ID, current.Version?.Index ?? 0, scaledSpec(current.Spec ?? {}, target));
      await settled(opened, client, serviceId, target, `change ${i + 1}`);
      const [c, e, f] = opened.map((w, k) => costOf(w, marks[k]!, sent, serviceId, target)) as [SettledCost, SettledCost, SettledCost];
      const change: RealChange = { direction: target > replicas ? 'up' : 'down', events: collapsed.views.events.slice(firstEvent).map((e) => ({ ms: e.at - sent, what: e.what })), collapsed: c, expanded: e, everything: f };
      out.changes.push(change);
      onChange?.(i, change);
      replicas = target;
      // What every event read before: the whole swarm, once the change has settled.
      restart(collapsed);
      const t0 = now();
      await collapsed.views.store.refresh();
      const ms = now() - t0;
      out.refresh.push({ reads: collapsed.proxy.requests.filter((r) => !isStream(r)).map((r) => ({ kind: kindOf(r, collapsed.fullReads), bytes: r.bytes })), ms });
    }
    return out;
  } finally {
    for (const w of opened) {
      w.views.dispose();
      await w.proxy.close().catch(() => undefined);
    }
    // Left as found, for the rows that follow.
    const after = await client.inspectService(serviceId).catch(() => undefined);
    if (after && (after.Spec?.Mode?.Replicated?.Replicas ?? base) !== base) {
      await client.sendUpdate(after.ID, after.Version?.Index ?? 0, scaledSpec(after.Spec ?? {}, base)).catch(() => undefined);
    }
  }
}
