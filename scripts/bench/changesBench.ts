// What one change costs: the extension's SwarmStore (with its ObjectsStore) and RefreshController,
// wired as src/extension.ts wires them, over an EngineClient of the Engine stand-in, fed by the
// stand-in's /events while it changes services (engineStandIn.ts). Counted in the stand-in's
// request log: the requests and bytes read per isolated service change (a collapsed service, an
// expanded one), side by side with a full refresh of the same swarm (what every change cost
// before reads were incremental); and a burst of changes, read by read.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Clock } from '../../src/clock';
import { countingClock, type CountingClock } from './countingClock';
import { EngineClient } from '../../src/docker/engineClient';
import type { ChangeSet } from '../../src/model/changes';
import type { EngineEvent } from '../../src/model/events';
import { ObjectsStore } from '../../src/tree/objectsStore';
import { RefreshController, type RefreshControllerOptions } from '../../src/tree/refreshController';
import { SwarmStore } from '../../src/tree/swarmStore';
import { startCountingProxy } from '../../test/support/countingProxy';
import type { ChangesHeapFigures } from './changesHeapChild';
import type { LoggedRequest, StandInMessage } from './engineStandIn';
import { now, sleep } from './stats';

/** Asks the stand-in (directly over IPC, or relayed by a parent process) and waits for its answer. */
export interface StandInAsk {
  ask<T>(message: StandInMessage, reply: string, timeoutMs?: number): Promise<T>;
}

export interface ChangedReply {
  replicas: Record<string, number>;
  streams: number;
}

/** The stand-in's IPC: one answer of each type at a time, in order. */
export function standInControl(child: ChildProcess): StandInAsk & { dispose(): void } {
  const waiting = new Map<string, ((m: unknown) => void)[]>();
  let broken: string | undefined;
  const listener = (m: { type?: string }) => waiting.get(m.type ?? '')?.shift()?.(m);
  child.on('message', listener);
  return {
    ask: <T>(message: StandInMessage, reply: string, timeoutMs = 120_000) => new Promise<T>((resolve, reject) => {
      // Replies are matched to asks by order: once one is missing, none after it can be trusted.
      if (broken) {
        reject(new Error(`the stand-in is not asked ${message.type}: ${broken}`));
        return;
      }
      const timer = setTimeout(() => {
        broken = `it did not answer ${message.type} within ${timeoutMs / 1000} s`;
        reject(new Error(`the stand-in did not answer ${message.type} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const list = waiting.get(reply) ?? [];
      list.push((m) => {
        clearTimeout(timer);
        resolve(m as T);
      });
      waiting.set(reply, list);
      child.send(message);
    }),
    dispose: () => void child.off('message', listener),
  };
}

const quiet = { warn: () => undefined };

/** Reads as the extension makes them on a change: the incremental update, or (for comparison) a full refresh. */
export type ReadMode = 'incremental' | 'full';

export interface Views {
  store: SwarmStore;
  controller: RefreshController;
  client: EngineClient;
  /** When the first event naming each service (since the map was cleared) reached the controller. */
  arrivals: Map<string, number>;
  /** When the last event of any kind did. */
  readonly lastEvent: number;
  /** Each event's type and action (`container start`) and when it arrived, in order. */
  readonly events: { at: number; what: string }[];
  /** Reads (apply or refresh) running now, and started so far. */
  readonly busy: number;
  readonly reads: number;
  /** The store's follow-up reads waiting on their timers (counted when openViews was given a CountingClock, else 0). */
  readonly followUps: number;
  /**
   * Calls `listener` each time a read of the store ends (an update, follow-ups included, or a
   * refresh), whether or not it changed anything: the store says nothing after a read that did not.
   */
  onReadDone(listener: () => void): { dispose(): void };
  /** Resolves with the time of the first store change after which `holds` is true (now, if it already is). */
  whenShown(holds: () => boolean, timeoutMs: number, what: string): Promise<number>;
  dispose(): void;
}

/**
 * The Services view's parts as the extension wires them: the store (these services expanded),
 * the objects store (its views hidden), and the controller on the Engine's event stream; the
 * poll off, so that only the changes made here cause reads. `clock`: the store's (its
 * follow-up reads' timers), the real one unless given.
 */
export async function openViews(
  socketPath: string,
  expanded: readonly string[],
  mode: ReadMode = 'incremental',
  clock?: Clock,
  /** Keep every event heard (the real-scale rows list them); off where memory is measured. */
  recordEvents = false,
): Promise<Views> {
  const client = new EngineClient({ dockerHost: `unix://${socketPath}`, timeoutMs: 30_000 });
  const store = new SwarmStore(() => client, quiet, undefined, clock);
  for (const id of expanded) store.setServiceExpanded(id, true);
  const objects = new ObjectsStore(() => client, store, quiet);
  const arrivals = new Map<string, number>();
  let lastEvent = now();
  const events: Views['events'] = [];
  let busy = 0;
  let reads = 0;
  const counted = <T>(p: () => Promise<T>) => async (): Promise<T> => {
    busy++;
    reads++;
    try {
      return await p();
    } finally {
      busy--;
    }
  };
  const refresh = () => Promise.all([store.refresh(), objects.refresh()]).then(() => undefined);
  const update = (c: ChangeSet) => mode === 'full' ? refresh() : Promise.all([store.update(c), objects.update(c.objects)]).then(() => undefined);
  const options: RefreshControllerOptions = {
    refresh: counted(refresh),
    apply: (c) => counted(() => update(c))(),
    subscribe: (onEvent) => client.events((e: EngineEvent) => {
      lastEvent = now();
      if (recordEvents) events.push({ at: lastEvent, what: `${e.Type ?? '?'} ${(e.Action ?? '?').split(':')[0]}` });
      if (e.Type === 'service' && e.Actor?.ID && !arrivals.has(e.Actor.ID)) arrivals.set(e.Actor.ID, lastEvent);
      onEvent(e);
    }),
    pollMs: 0,
  };
  const controller = new RefreshController(options);
  const watchers = new Set<() => void>();
  // Each of the store's reads (a change's, a follow-up's or a full one) ends here. Its serial
  // loop runs them back to back and resolves its callers only once drained, so the end of each
  // is taken from the store's private step, the one SerialRuns calls; reads never overlap, so
  // what reached the engine between two ends belongs to the second.
  const readDone = new Set<() => void>();
  const step = store as unknown as { apply(c: ChangeSet): Promise<void> };
  const read = step.apply.bind(store);
  step.apply = async (c) => {
    try {
      await read(c);
    } finally {
      for (const l of [...readDone]) l();
    }
  };
  const subscription = store.onDidChange(() => {
    for (const w of [...watchers]) w();
  });
  const views: Views = {
    store,
    controller,
    client,
    arrivals,
    events,
    get followUps() {
      return clock && 'pending' in clock ? (clock as CountingClock).pending : 0;
    },
    get busy() {
      return busy;
    },
    get reads() {
      return reads;
    },
    get lastEvent() {
      return lastEvent;
    },
    onReadDone: (listener) => {
      readDone.add(listener);
      return { dispose: () => void readDone.delete(listener) };
    },
    whenShown: (holds, timeoutMs, what) => new Promise<number>((resolve, reject) => {
      if (holds()) {
        resolve(now());
        return;
      }
      const timer = setTimeout(() => {
        watchers.delete(check);
        reject(new Error(`the store did not show ${what} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      function check(): void {
        if (!holds()) return;
        const at = now();
        clearTimeout(timer);
        watchers.delete(check);
        resolve(at);
      }
      watchers.add(check);
    }),
    dispose: () => {
      controller.dispose();
      subscription.dispose();
      objects.dispose();
      store.dispose();
      client.close();
    },
  };
  controller.setActive(true);
  const deadline = now() + 30_000;
  while (controller.stats.connects === 0 || store.state !== 'ok' || busy > 0) {
    if (now() > deadline) throw new Error(`the views did not load from ${socketPath} (state ${store.state}, ${controller.stats.connects} connects)`);
    await sleep(10);
  }
  // What a view asks for when its rows are first drawn: the expanded services' tasks.
  for (const id of expanded) {
    const s = store.findService(id);
    if (s) await store.tasksOfService(s);
  }
  return views;
}

/** The requests a change cost, from the stand-in's log (the event stream itself left out). */
export interface ChangeCost {
  requests: string[];
  bytes: number;
  /** From the change's event reaching the controller (or the refresh starting) to the store showing it. */
  ms: number;
}

const isStream = (r: LoggedRequest) => /^(?:\/v[\d.]+)?\/(?:events|_ping)\b/.test(r.url);

function cost(log: readonly LoggedRequest[], ms: number): ChangeCost {
  const reads = log.filter((r) => !isStream(r));
  return { requests: reads.map((r) => `${r.method} ${r.url}`), bytes: reads.reduce((n, r) => n + r.bytes, 0), ms };
}

/**
 * Waits until no read runs, no follow-up read is pending and the stand-in's log has stopped
 * growing; returns the log. A change is counted until then, so the follow-ups it causes are
 * its own and never fall into the next change's window.
 */
async function settled(views: Views, control: StandInAsk, quietMs = 60): Promise<LoggedRequest[]> {
  let last = -1;
  // A service whose counts do not meet is read again for up to about 25 s (taskStateFollower.ts).
  const deadline = now() + 45_000;
  for (;;) {
    const { log } = await control.ask<{ log: LoggedRequest[] }>({ type: 'log' }, 'log');
    const idle = views.busy === 0 && views.followUps === 0;
    if (idle && log.length === last) return log;
    if (now() > deadline) throw new Error(`the views kept reading for 45 s after a change (${views.busy} reads running, ${views.followUps} follow-ups pending)`);
    last = idle ? log.length : -1;
    await sleep(quietMs);
  }
}

const clearLog = (control: StandInAsk) => control.ask({ type: 'clear' }, 'cleared');

/** The replicas the stand-in's next change gives a service: it scales by one, alternately down and up. */
const nextReplicas = (desired: number, tasksPerService: number) => (desired === tasksPerService ? tasksPerService - 1 : tasksPerService);

/** Changes one service and waits until the store shows it (its tasks too when expanded); what it cost. */
async function oneChange(views: Views, control: StandInAsk, id: string, expanded: boolean, tasksPerService: number): Promise<ChangeCost> {
  const { store } = views;
  await settled(views, control);
  await clearLog(control);
  const before = store.findService(id);
  if (!before) throw new Error(`the store does not list ${id}`);
  const target = nextReplicas(before.desired, tasksPerService);
  views.arrivals.clear();
  const shown = views.whenShown(
    () => store.findService(id)?.desired === target && (!expanded || store.knownTasksOf(id)?.length === target),
    10_000,
    `${target} replicas of ${id}`,
  );
  const reply = await control.ask<ChangedReply>({ type: 'change', services: [id] }, 'changed');
  if (reply.replicas[id] !== target) throw new Error(`the stand-in scaled ${id} to ${reply.replicas[id]}, not ${target}`);
  if (reply.streams === 0) throw new Error('no event stream is open on the stand-in');
  const at = await shown;
  return cost(await settled(views, control), at - (views.arrivals.get(id) ?? Number.NaN));
}

/** A full refresh of the same swarm, with the same services expanded: what each change cost before. */
async function fullRefresh(views: Views, control: StandInAsk): Promise<ChangeCost> {
  await settled(views, control);
  await clearLog(control);
  const t0 = now();
  await views.store.refresh();
  const ms = now() - t0;
  return cost(await settled(views, control), ms);
}

export interface IsolatedFigures {
  services: number;
  tasksPerService: number;
  expanded: number;
  collapsed: ChangeCost[];
  expandedChanges: ChangeCost[];
  full: ChangeCost[];
}

/**
 * Isolated changes, interleaved in a rotating order with full refreshes: a collapsed service
 * (a different one each round), an expanded one (each of `expanded` in turn).
 */
export async function measureIsolatedChanges(
  socketPath: string,
  control: StandInAsk,
  expanded: readonly string[],
  collapsed: readonly string[],
  tasksPerService: number,
  rounds: number,
): Promise<IsolatedFigures> {
  const views = await openViews(socketPath, expanded, 'incremental', countingClock());
  const out: IsolatedFigures = { services: views.store.services.length, tasksPerService, expanded: expanded.length, collapsed: [], expandedChanges: [], full: [] };
  try {
    for (let i = 0; i < rounds + 1; i++) {
      const runs: (() => Promise<void>)[] = [
        async () => void (i > 0 && out.collapsed.push(await oneChange(views, control, collapsed[i % collapsed.length] as string, false, tasksPerService))),
        async () => void (i > 0 && out.expandedChanges.push(await oneChange(views, control, expanded[i % expanded.length] as string, true, tasksPerService))),
        async () => void (i > 0 && out.full.push(await fullRefresh(views, control))),
      ];
      // Round 0 warms up (its figures are dropped) but changes nothing: every service starts scaled up.
      if (i === 0) {
        await fullRefresh(views, control);
        continue;
      }
      for (let k = 0; k < runs.length; k++) await runs[(i + k) % runs.length]!();
    }
    return out;
  } finally {
    views.dispose();
  }
}

/** One burst: the reads it caused, each with its requests (method and path). */
export interface BurstFigures {
  mode: ReadMode;
  changed: number;
  /** The stand-in's time to make them (the interval times the count, plus timer slack). */
  spreadMs: number;
  /** From the first change's event to the store showing the last. */
  ms: number;
  reads: string[][];
  bytes: number;
  /** Services named by the services listings (a listing without an id filter counts all). */
  servicesRead: number;
}

function servicesNamed(log: readonly LoggedRequest[], all: number): number {
  let n = 0;
  for (const r of log) {
    const url = new URL(r.url, 'http://engine');
    if (!/^(?:\/v[\d.]+)?\/services$/.test(url.pathname)) continue;
    const filters = url.searchParams.get('filters');
    const ids = filters ? (JSON.parse(filters) as { id?: string[] | Record<string, boolean> }).id : undefined;
    n += ids ? (Array.isArray(ids) ? ids.length : Object.keys(ids).length) : all;
  }
  return n;
}

/**
 * Bursts of `ids.length` service changes, `intervalMs` apart, through the views of each mode in
 * turn (`rounds` each). The client reaches the stand-in through a counting proxy in this
 * process, so that each read's requests are told apart by where the store's reads end.
 */
export async function measureBursts(
  socketPath: string,
  proxySocket: string,
  control: StandInAsk,
  expanded: readonly string[],
  ids: readonly string[],
  tasksPerService: number,
  intervalMs: number,
  rounds: number,
): Promise<BurstFigures[]> {
  const proxy = await startCountingProxy(proxySocket, socketPath);
  const out: BurstFigures[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      for (const mode of ['incremental', 'full'] as const) {
        const views = await openViews(proxySocket, expanded, mode);
        try {
          out.push(await burst(views, control, proxy, mode, ids, tasksPerService, intervalMs));
        } finally {
          views.dispose();
        }
      }
    }
    return out;
  } finally {
    await proxy.close();
  }
}

async function burst(
  views: Views,
  control: StandInAsk,
  proxy: { requests: { method: string; url: string }[]; reset(): void },
  mode: ReadMode,
  ids: readonly string[],
  tasksPerService: number,
  intervalMs: number,
): Promise<BurstFigures> {
  const { store } = views;
  await settled(views, control);
  await clearLog(control);
  proxy.reset();
  const targets = new Map(ids.map((id) => [id, nextReplicas(store.findService(id)?.desired ?? -1, tasksPerService)]));
  // The requests seen since the last read ended are the next one's.
  const ends: number[] = [];
  const subscription = views.onReadDone(() => ends.push(proxy.requests.length));
  try {
    views.arrivals.clear();
    const shown = views.whenShown(() => [...targets].every(([id, n]) => store.findService(id)?.desired === n), 30_000, `the ${ids.length} changes`);
    const done = await control.ask<ChangedReply & { ms: number }>({ type: 'changes', services: [...ids], intervalMs }, 'changes done');
    for (const [id, n] of targets) if (done.replicas[id] !== n) throw new Error(`the stand-in scaled ${id} to ${done.replicas[id]}, not ${n}`);
    const at = await shown;
    const log = await settled(views, control);
    const first = Math.min(...[...views.arrivals.values()]);
    const requests = proxy.requests.map((r) => `${r.method} ${r.url}`);
    const reads: string[][] = [];
    let from = 0;
    for (const end of [...ends, requests.length]) {
      const read = requests.slice(from, end).filter((r) => !/\/(?:events|_ping)\b/.test(r));
      if (read.length > 0) reads.push(read);
      from = Math.max(from, end);
    }
    const logged = log.filter((r) => !isStream(r));
    return {
      mode,
      changed: ids.length,
      spreadMs: done.ms,
      ms: at - first,
      reads,
      bytes: logged.reduce((n, r) => n + r.bytes, 0),
      servicesRead: servicesNamed(logged, store.services.length),
    };
  } finally {
    subscription.dispose();
  }
}

/**
 * The heap of the stores and controller under `batches` batches of `perBatch` changes
 * (changesHeapChild.ts, in a child with --expose-gc), relaying its requests to the stand-in.
 */
export function measureChangesHeap(control: StandInAsk, socketPath: string, expandedId: string, perBatch: number, batches: number, intervalMs: number, stride: number): Promise<ChangesHeapFigures> {
  const child = fork(join(__dirname, 'changesHeapChild.ts'), [socketPath, expandedId, String(perBatch), String(batches), String(intervalMs), String(stride)], {
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // Each batch takes about perBatch × intervalMs, then up to a minute to settle (follow-ups of
  // services whose counts never meet) and 16 s before its heap is read; a child still without a
  // result well past that is stopped.
  const timeoutMs = 60_000 + batches * (3 * perBatch * intervalMs + 80_000);
  return new Promise<ChangesHeapFigures>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`changesHeapChild.ts sent no result within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', (m: { type?: string; message?: StandInMessage; reply?: string; value?: unknown }) => {
      if (m.type === 'standIn' && m.message && m.reply) {
        control.ask(m.message, m.reply, timeoutMs).then((value) => child.send({ type: 'standIn reply', value }), (e: unknown) => {
          child.kill();
          reject(e instanceof Error ? e : new Error(String(e)));
        });
      }
      if (m.type === 'result') {
        clearTimeout(timer);
        resolve(m.value as ChangesHeapFigures);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`changesHeapChild.ts exited (${code}) without a result`));
    });
    child.once('error', reject);
  });
}
