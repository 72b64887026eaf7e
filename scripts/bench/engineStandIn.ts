// A small stand-in for the Docker Engine API (1.41) on a Unix socket, serving a synthetic
// swarm (e.g. 1,000 services and 10,000 tasks) built by cloning real objects captured from
// the local engine, so the JSON has the real engine's shape and size. It serves what a tree
// refresh and `docker service ls` read: /_ping, /version, /info, /services (with
// ?status=true), /tasks, /nodes (with the Engine's filters), and logs every request so the
// benchmark can show which endpoints each client called. It also streams /events, and can
// change services the way a scale does (see changeService), announcing each change on the
// open event streams as the engine would.
//
// Run as a child process (the benchmark forks it, so serving never competes with the client
// being timed for one event loop):
//   tsx engineStandIn.ts <socket> <templates.json> <services> <tasksPerService> <nodes> [<control socket>]
// It sends {type:'ready', ...sizes} over IPC, answers {type:'log'} with the request log, and
// {type:'clear'} empties it; {type:'change', services: [ids]} changes those services at once
// (answer {type:'changed'}), {type:'changes', services or count+stride, intervalMs} one after
// another at that interval (answer {type:'changes done'}); both answer with the services'
// replica counts after the change.
// With a control socket it also serves, there and outside the request log, what a process
// without the IPC channel (a test in VS Code's extension host) needs: POST
// /_bench/changes?count=&stride=&intervalMs= (as {type:'changes'}, answered once done) and GET
// /_bench/state (each service's desired and running counts, and how long ago the last Engine
// request other than /events arrived). See serveControl.
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { EngineNode, EngineService, EngineTask } from '../../src/model/engineTypes';

/** Real objects from the local engine that the synthetic ones are cloned from. */
export interface Templates {
  service: EngineService;
  task: EngineTask;
  node: EngineNode;
  version: Record<string, unknown>;
  info: Record<string, unknown>;
}

export interface SyntheticSwarm {
  services: EngineService[];
  tasks: EngineTask[];
  nodes: EngineNode[];
}

export interface SyntheticOptions {
  services: number;
  tasksPerService: number;
  nodes: number;
}

/** A deterministic generator, so every run serves the same swarm. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = <T>(x: T): T => structuredClone(x);

export function buildSyntheticSwarm(t: Templates, o: SyntheticOptions): SyntheticSwarm {
  const rnd = prng(42);
  const id = (len: number, alphabet: string) => {
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    return s;
  };
  const swarmId = () => id(25, 'abcdefghijklmnopqrstuvwxyz0123456789');
  const containerId = () => id(64, '0123456789abcdef');
  const base = Date.parse('2026-01-01T00:00:00Z');
  // Go prints nanoseconds; keep the same length.
  const stamp = (offsetMs: number) => new Date(base + offsetMs).toISOString().replace('Z', `${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}Z`);

  const nodes: EngineNode[] = [];
  for (let i = 0; i < o.nodes; i++) {
    const n = clone(t.node);
    n.ID = swarmId();
    n.Description = { ...(n.Description ?? {}), Hostname: `synth-node-${String(i + 1).padStart(2, '0')}` };
    if (i > 0) {
      delete n.ManagerStatus;
      n.Spec = { ...(n.Spec ?? {}), Role: 'worker' };
    }
    nodes.push(n);
  }

  const services: EngineService[] = [];
  const tasks: EngineTask[] = [];
  for (let i = 0; i < o.services; i++) {
    const s = clone(t.service);
    s.ID = swarmId();
    delete s.PreviousSpec;
    delete s.UpdateStatus;
    s.Version = { Index: 1000 + i * 7 };
    s.CreatedAt = stamp(i * 60_000);
    s.UpdatedAt = stamp(i * 60_000 + 30_000);
    const spec = s.Spec ?? {};
    spec.Name = `synth-${String(i).padStart(4, '0')}`;
    // A fifth of the services belong to one of 40 stacks, as `docker stack deploy` labels them.
    spec.Labels = i % 5 === 0
      ? { 'com.docker.stack.namespace': `stack-${i % 40}`, 'com.docker.stack.image': 'swarm-services-busybox:latest', team: `team-${i % 7}` }
      : { team: `team-${i % 7}` };
    spec.Mode = { Replicated: { Replicas: o.tasksPerService } };
    s.Spec = spec;
    services.push(s);
    for (let slot = 1; slot <= o.tasksPerService; slot++) {
      const k = clone(t.task);
      k.ID = swarmId();
      k.Version = { Index: 2000 + tasks.length };
      k.CreatedAt = stamp(i * 60_000 + slot * 100);
      k.UpdatedAt = stamp(i * 60_000 + slot * 100 + 2000);
      // A task's Spec is its service's TaskTemplate.
      k.Spec = clone(spec.TaskTemplate ?? {}) as EngineTask['Spec'];
      k.ServiceID = s.ID;
      k.Slot = slot;
      k.NodeID = (nodes[(i * o.tasksPerService + slot) % nodes.length] as EngineNode).ID;
      // Most tasks run; a few are still starting, as on a live swarm.
      const starting = (i * 31 + slot) % 97 === 0;
      k.Status = {
        ...(k.Status ?? {}),
        Timestamp: stamp(i * 60_000 + slot * 100 + 2000),
        State: starting ? 'starting' : 'running',
        Message: starting ? 'starting' : 'started',
        // The engine also sends PID, which engineTypes does not name.
        ContainerStatus: { ContainerID: containerId(), PID: 1000 + tasks.length, ExitCode: 0 } as { ContainerID: string },
      };
      k.DesiredState = 'running';
      tasks.push(k);
    }
  }
  return { services, tasks, nodes };
}

/** The Engine's `filters` query: {"k":["v"]} or the older {"k":{"v":true}}. */
function parseFilters(raw: string | null): Record<string, string[]> {
  if (!raw) return {};
  const parsed = JSON.parse(raw) as Record<string, string[] | Record<string, boolean>>;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(parsed)) out[k] = Array.isArray(v) ? v : Object.keys(v).filter((x) => v[x]);
  return out;
}

function matchesLabels(labels: Record<string, string> | undefined, wanted: string[] | undefined): boolean {
  if (!wanted?.length) return true;
  return wanted.every((w) => {
    const eq = w.indexOf('=');
    return eq === -1 ? labels?.[w] !== undefined : labels?.[w.slice(0, eq)] === w.slice(eq + 1);
  });
}

export interface LoggedRequest {
  method: string;
  url: string;
  status: number;
  bytes: number;
}

export interface StandIn {
  log: LoggedRequest[];
  /** Changes the services (see changeService) and announces each on the open event streams; their replicas after. */
  change(ids: readonly string[]): Record<string, number>;
  /** Each service's counts as GET /services?status=true reports them. */
  counts(): Record<string, { desired: number; running: number }>;
  /** performance.now() of the last request other than /events (the streams stay open), 0 before any. */
  readonly lastRequestAt: number;
  /** Event streams open now. */
  readonly streams: number;
  close(): Promise<void>;
}

/** The engine's event for a service's update, as GET /events sends it. */
export function serviceUpdateEvent(s: EngineService, replicasOld: number, replicasNew: number): Record<string, unknown> {
  const ms = Date.now();
  return {
    Type: 'service',
    Action: 'update',
    Actor: { ID: s.ID, Attributes: { name: s.Spec?.Name ?? '', 'replicas.new': String(replicasNew), 'replicas.old': String(replicasOld) } },
    scope: 'swarm',
    time: Math.floor(ms / 1000),
    timeNano: ms * 1e6,
  };
}

/** Serves `swarm` on `socketPath` until closed. Responses are serialised once per URL. */
export function serve(socketPath: string, swarm: SyntheticSwarm, t: Templates): Promise<StandIn> {
  const apiVersion = '1.41';
  const serviceById = new Map(swarm.services.map((s) => [s.ID, s]));
  const taskById = new Map(swarm.tasks.map((k) => [k.ID, k]));
  const nodeById = new Map(swarm.nodes.map((n) => [n.ID, n]));
  const cache = new Map<string, { status: number; body: Buffer }>();
  const log: LoggedRequest[] = [];
  const eventStreams = new Set<{ res: ServerResponse; types: string[] | undefined }>();
  const tasksOf = new Map<string, EngineTask[]>();
  for (const k of swarm.tasks) {
    const list = tasksOf.get(k.ServiceID ?? '') ?? [];
    list.push(k);
    tasksOf.set(k.ServiceID ?? '', list);
  }
  let index = 1_000_000;
  /**
   * A scale by one, alternately down and back up: the service's spec and version change, and
   * its last task is shut down (desired state and state) or runs again; the service update
   * event goes to every open event stream. The swarm keeps its size, so any number of changes
   * can be replayed.
   */
  const changeService = (id: string): number => {
    const s = serviceById.get(id);
    if (!s) throw new Error(`no service ${id}`);
    const tasks = tasksOf.get(id) ?? [];
    const last = tasks[tasks.length - 1];
    const old = s.Spec?.Mode?.Replicated?.Replicas ?? 0;
    const down = last?.DesiredState === 'running';
    const replicas = down ? tasks.length - 1 : tasks.length;
    const stamp = new Date().toISOString();
    s.Spec = { ...(s.Spec ?? {}), Mode: { Replicated: { Replicas: replicas } } };
    s.Version = { Index: ++index };
    s.UpdatedAt = stamp;
    if (last) {
      last.DesiredState = down ? 'shutdown' : 'running';
      last.Status = { ...(last.Status ?? {}), State: down ? 'shutdown' : 'running', Message: down ? 'shutdown' : 'started', Timestamp: stamp };
      last.Version = { Index: ++index };
      last.UpdatedAt = stamp;
    }
    cache.clear();
    const line = `${JSON.stringify(serviceUpdateEvent(s, old, replicas))}\n`;
    for (const stream of eventStreams) if (!stream.types || stream.types.includes('service')) stream.res.write(line);
    return replicas;
  };
  const version = { ...t.version, ApiVersion: apiVersion };
  const info = {
    ...t.info,
    Swarm: { ...((t.info['Swarm'] as Record<string, unknown> | undefined) ?? {}), NodeID: swarm.nodes[0]?.ID, Nodes: swarm.nodes.length, Managers: 1 },
  };

  /** ServiceStatus's counts as the engine computes them: running tasks, completed tasks, by service. */
  const taskCounts = () => {
    const byService = new Map<string, { running: number; completed: number }>();
    for (const k of swarm.tasks) {
      const c = byService.get(k.ServiceID ?? '') ?? { running: 0, completed: 0 };
      if (k.DesiredState === 'running' && k.Status?.State === 'running') c.running++;
      if (k.Status?.State === 'complete') c.completed++;
      byService.set(k.ServiceID ?? '', c);
    }
    return byService;
  };
  let lastRequestAt = 0;

  const serviceStatus = (s: EngineService) => {
    let running = 0;
    let completed = 0;
    for (const k of swarm.tasks) {
      if (k.ServiceID !== s.ID) continue;
      if (k.DesiredState === 'running' && k.Status?.State === 'running') running++;
      if (k.Status?.State === 'complete') completed++;
    }
    return { RunningTasks: running, DesiredTasks: s.Spec?.Mode?.Replicated?.Replicas ?? 0, CompletedTasks: completed };
  };

  // For the object views' rows: a secret and a config per ten services, the routing mesh and
  // one overlay network (the synthetic services reference none of them).
  const objects = (kind: string) => Array.from({ length: Math.ceil(swarm.services.length / 10) }, (_, i) => ({
    ID: `${kind}${String(i).padStart(21, '0')}`,
    Version: { Index: 10 + i },
    CreatedAt: '2026-01-01T00:00:00Z',
    UpdatedAt: '2026-01-01T00:00:00Z',
    Spec: { Name: `synthetic-${kind}-${i}`, Labels: { 'com.docker.stack.namespace': `stack${i % 20}` } },
  }));
  const network = (id: string, name: string, subnet: string, ingress: boolean) => ({
    Name: name, Id: id, Created: '2026-01-01T00:00:00Z', Scope: 'swarm', Driver: 'overlay', EnableIPv6: false, Internal: false,
    Attachable: !ingress, Ingress: ingress, IPAM: { Driver: 'default', Config: [{ Subnet: subnet, Gateway: subnet.replace(/0\/24$/, '1') }] }, Labels: {},
  });
  const lists: Record<string, unknown[]> = {
    '/secrets': objects('secret'),
    '/configs': objects('config'),
    '/networks': [network('ingress0000000000000000000', 'ingress', '10.0.0.0/24', true), network('backend0000000000000000000', 'backend', '10.0.1.0/24', false)],
  };

  const answer = (method: string, url: URL): { status: number; body: unknown } => {
    const path = url.pathname.replace(/^\/v1\.\d+/, '');
    const filters = parseFilters(url.searchParams.get('filters'));
    if (path === '/version') return { status: 200, body: version };
    if (path === '/info') return { status: 200, body: info };
    if (path === '/services' && method === 'GET') {
      let list = swarm.services.filter((s) =>
        (!filters['id'] || filters['id'].some((x) => s.ID.startsWith(x))) &&
        (!filters['name'] || filters['name'].some((x) => (s.Spec?.Name ?? '').startsWith(x))) &&
        matchesLabels(s.Spec?.Labels, filters['label']));
      if (url.searchParams.get('status') === 'true' || url.searchParams.get('status') === '1') {
        // ServiceStatus as the engine computes it: running tasks, desired replicas, completed tasks.
        const byService = taskCounts();
        list = list.map((s) => {
          const c = byService.get(s.ID) ?? { running: 0, completed: 0 };
          return { ...s, ServiceStatus: { RunningTasks: c.running, DesiredTasks: s.Spec?.Mode?.Replicated?.Replicas ?? 0, CompletedTasks: c.completed } };
        });
      }
      return { status: 200, body: list };
    }
    if (path === '/tasks') {
      const list = swarm.tasks.filter((k) =>
        (!filters['desired-state'] || filters['desired-state'].includes(k.DesiredState ?? '')) &&
        (!filters['service'] || filters['service'].some((x) => k.ServiceID === x || serviceById.get(k.ServiceID ?? '')?.Spec?.Name === x)) &&
        (!filters['node'] || filters['node'].includes(k.NodeID ?? '')) &&
        (!filters['id'] || filters['id'].some((x) => k.ID.startsWith(x))) &&
        matchesLabels(k.Labels, filters['label']));
      return { status: 200, body: list };
    }
    if (path === '/nodes') {
      const list = swarm.nodes.filter((n) =>
        (!filters['id'] || filters['id'].some((x) => n.ID.startsWith(x))) &&
        (!filters['role'] || filters['role'].includes(n.Spec?.Role ?? '')));
      return { status: 200, body: list };
    }
    if (method === 'GET' && lists[path]) return { status: 200, body: lists[path] };
    let m = /^\/services\/([^/]+)$/.exec(path);
    if (m) {
      const s = serviceById.get(decodeURIComponent(m[1] as string)) ?? swarm.services.find((x) => x.Spec?.Name === decodeURIComponent(m![1] as string));
      return s
        ? { status: 200, body: url.searchParams.get('status') === 'true' ? { ...s, ServiceStatus: serviceStatus(s) } : s }
        : { status: 404, body: { message: `service ${m[1]} not found` } };
    }
    m = /^\/tasks\/([^/]+)$/.exec(path);
    if (m) {
      const k = taskById.get(decodeURIComponent(m[1] as string));
      return k ? { status: 200, body: k } : { status: 404, body: { message: `task ${m[1]} not found` } };
    }
    m = /^\/nodes\/([^/]+)$/.exec(path);
    if (m) {
      const n = nodeById.get(decodeURIComponent(m[1] as string));
      return n ? { status: 200, body: n } : { status: 404, body: { message: `node ${m[1]} not found` } };
    }
    return { status: 404, body: { message: 'page not found' } };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://engine');
    const headers: Record<string, string> = {
      'Api-Version': apiVersion,
      'Docker-Experimental': 'false',
      Ostype: 'linux',
      Server: `Docker/${String(t.version['Version'] ?? '20.10')} (linux)`,
    };
    req.resume();
    if (url.pathname.replace(/^\/v1\.\d+/, '') !== '/events') lastRequestAt = performance.now();
    if (url.pathname.replace(/^\/v1\.\d+/, '') === '/_ping') {
      // The CLI negotiates its API version from these headers.
      res.writeHead(200, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache, no-store, must-revalidate', Pragma: 'no-cache', Swarm: 'active/manager' });
      res.end(method === 'HEAD' ? undefined : 'OK');
      log.push({ method, url: req.url ?? '', status: 200, bytes: 2 });
      return;
    }
    if (url.pathname.replace(/^\/v1\.\d+/, '') === '/events') {
      // Open until the client goes: the changes are written to it as they are made.
      const types = parseFilters(url.searchParams.get('filters'))['type'];
      const stream = { res, types };
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      res.flushHeaders();
      eventStreams.add(stream);
      res.on('close', () => eventStreams.delete(stream));
      log.push({ method, url: req.url ?? '', status: 200, bytes: 0 });
      return;
    }
    const key = `${method} ${req.url}`;
    let hit = cache.get(key);
    if (!hit) {
      const { status, body } = answer(method, url);
      hit = { status, body: Buffer.from(`${JSON.stringify(body)}\n`) };
      cache.set(key, hit);
    }
    res.writeHead(hit.status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(hit.body.length) });
    res.end(method === 'HEAD' ? undefined : hit.body);
    log.push({ method, url: req.url ?? '', status: hit.status, bytes: hit.body.length });
  });
  if (existsSync(socketPath)) unlinkSync(socketPath);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () =>
      resolve({
        log,
        change: (ids) => Object.fromEntries(ids.map((id) => [id, changeService(id)])),
        counts: () => {
          const byService = taskCounts();
          return Object.fromEntries(swarm.services.map((s) => [s.ID, { desired: s.Spec?.Mode?.Replicated?.Replicas ?? 0, running: byService.get(s.ID)?.running ?? 0 }]));
        },
        get lastRequestAt() {
          return lastRequestAt;
        },
        get streams() {
          return eventStreams.size;
        },
        close: () => new Promise<void>((r) => {
          for (const stream of eventStreams) stream.res.end();
          server.closeAllConnections();
          server.close(() => r());
        }),
      }),
    );
  });
}

// ---- as a child process ---------------------------------------------------------------------

/** What the benchmark asks of the stand-in over IPC. */
export type StandInMessage =
  | { type: 'log' | 'clear' | 'close' }
  | { type: 'change'; services: string[] }
  /** The services named, or `count` services picked every `stride`-th in listing order (wrapping). */
  | { type: 'changes'; services?: string[]; count?: number; stride?: number; intervalMs?: number };

/** The answer to a batch of changes: each service's replicas after it, and how the replay went. */
export interface ChangesDone {
  replicas: Record<string, number>;
  sent: number;
  ms: number;
  streams: number;
}

/** Changes the services named, or `count` of them every `stride`-th in `ids` (wrapping), one every `intervalMs`. */
export async function replayChanges(
  standIn: StandIn,
  ids: readonly string[],
  m: { services?: string[] | undefined; count?: number | undefined; stride?: number | undefined; intervalMs?: number | undefined },
): Promise<ChangesDone> {
  const order = m.services ?? Array.from({ length: m.count ?? 0 }, (_, i) => ids[(i * (m.stride ?? 1)) % ids.length] as string);
  const replicas: Record<string, number> = {};
  const started = performance.now();
  for (const [i, id] of order.entries()) {
    if (i > 0) await new Promise((r) => setTimeout(r, m.intervalMs ?? 10));
    Object.assign(replicas, standIn.change([id]));
  }
  return { replicas, sent: order.length, ms: performance.now() - started, streams: standIn.streams };
}

/** What GET /_bench/state answers on the control socket. */
export interface StandInState {
  counts: Record<string, { desired: number; running: number }>;
  /** Since the last request other than /events (or since the stand-in started, before any). */
  quietMs: number;
  /** Requests logged so far (the log is emptied by {type:'clear'}). */
  requests: number;
  streams: number;
}

/**
 * The control routes, on a socket of their own so that nothing on it reaches the Engine's
 * request log: POST /_bench/changes?count=&stride=&intervalMs= answers with ChangesDone once
 * the last change was sent; GET /_bench/state with StandInState.
 */
export function serveControl(socketPath: string, standIn: StandIn, ids: readonly string[]): Promise<{ close(): Promise<void> }> {
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    const data = Buffer.from(JSON.stringify(body));
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(data.length) });
    res.end(data);
  };
  const server = createServer((req, res) => {
    req.resume();
    const url = new URL(req.url ?? '/', 'http://control');
    const n = (name: string) => (url.searchParams.has(name) ? Number(url.searchParams.get(name)) : undefined);
    if (req.method === 'POST' && url.pathname === '/_bench/changes') {
      replayChanges(standIn, ids, { count: n('count'), stride: n('stride'), intervalMs: n('intervalMs') }).then(
        (done) => reply(res, 200, done),
        (e: unknown) => reply(res, 500, { message: String(e) }),
      );
      return;
    }
    if (req.method === 'GET' && url.pathname === '/_bench/state') {
      const state: StandInState = {
        counts: standIn.counts(),
        quietMs: performance.now() - standIn.lastRequestAt,
        requests: standIn.log.length,
        streams: standIn.streams,
      };
      return reply(res, 200, state);
    }
    reply(res, 404, { message: `no control route ${req.method} ${url.pathname}` });
  });
  // An answer to a batch comes after its last change, a minute or more later.
  server.requestTimeout = 0;
  if (existsSync(socketPath)) unlinkSync(socketPath);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve({
      close: () => new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
    }));
  });
}

if (require.main === module) {
  const [socketPath, templatesPath, services, perService, nodes, controlPath] = process.argv.slice(2);
  if (!socketPath || !templatesPath) {
    console.error('usage: engineStandIn.ts <socket> <templates.json> [services] [tasksPerService] [nodes]');
    process.exit(2);
  }
  const templates = JSON.parse(readFileSync(templatesPath, 'utf8')) as Templates;
  const swarm = buildSyntheticSwarm(templates, {
    services: Number(services ?? 1000),
    tasksPerService: Number(perService ?? 10),
    nodes: Number(nodes ?? 10),
  });
  void serve(socketPath, swarm, templates).then(async (standIn) => {
    const ids = swarm.services.map((sv) => sv.ID);
    const control = controlPath ? await serveControl(controlPath, standIn, ids) : undefined;
    process.on('message', (m: StandInMessage) => {
      if (m.type === 'log') process.send?.({ type: 'log', log: standIn.log });
      if (m.type === 'change') process.send?.({ type: 'changed', replicas: standIn.change(m.services), streams: standIn.streams });
      if (m.type === 'changes') void replayChanges(standIn, ids, m).then((done) => process.send?.({ type: 'changes done', ...done }));
      if (m.type === 'clear') {
        standIn.log.length = 0;
        process.send?.({ type: 'cleared' });
      }
      if (m.type === 'close') void Promise.all([standIn.close(), control?.close()]).then(() => process.exit(0));
    });
    process.on('disconnect', () => void Promise.all([standIn.close(), control?.close()]).then(() => process.exit(0)));
    process.send?.({ type: 'ready', services: swarm.services.length, tasks: swarm.tasks.length, nodes: swarm.nodes.length, control: controlPath });
  });
}
