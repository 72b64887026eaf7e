// The one place that talks to the Docker Engine (through dockerode). Everything above it
// sees plain Engine JSON typed by src/model/engineTypes and SwarmErrors, never dockerode.
import Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { dockerOptions, type ResolvedEndpoint } from './endpoint';
import type { IncomingMessage } from 'node:http';
import type { EngineInfo, EngineNode, EngineService, EngineServiceSpec, EngineTask } from '../model/engineTypes';
import { SwarmError, classifyFailure } from '../model/errors';
import { EventLineParser, SWARM_EVENT_FILTERS, type EngineEvent } from '../model/events';
import { LogDecoder, type LogLine } from '../model/logDecoder';
import { engineLogQuery, type LogOptions } from '../model/logOptions';
import { forceUpdatedSpec, scaledSpec, withImage, NotScalableError } from '../model/specs';
import { buildModel, type SwarmModel } from '../model/summaries';
import { DEFAULT_TASK_FILTER, engineTaskFilters, isDefaultTaskFilter, type TaskFilter } from '../model/taskFilter';

export interface SwarmClientOptions {
  /** A resolved endpoint (see ./endpoint), with its TLS material; wins over dockerHost. */
  endpoint?: ResolvedEndpoint;
  /** Where HOME (ssh keys, known_hosts) and SSH_AUTH_SOCK come from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** An endpoint such as unix:///var/run/docker.sock or tcp://127.0.0.1:2376; default: DOCKER_HOST, else the platform socket. */
  dockerHost?: string;
  /** Milliseconds an API call may take before it fails (streams are not limited). */
  timeoutMs?: number;
}

export type SwarmRole = 'manager' | 'worker' | 'inactive' | 'pending' | 'error' | 'locked';

export interface SwarmStatus {
  role: SwarmRole;
  nodeId?: string;
  error?: string;
}

export interface Snapshot {
  services: EngineService[];
  /**
   * Every task meant to run, when read: for a view that shows all tasks (Nodes), or from an
   * Engine whose service listing has no ServiceStatus to count with.
   */
  runningTasks?: EngineTask[];
  /** The tasks the tree shows under services (the active filter's), and whose they are. */
  shownTasks: EngineTask[];
  shownFor: 'all' | string[];
  /** Tasks meant to run on the nodes the Nodes view shows tasks of, and which nodes. */
  nodeTasks: EngineTask[];
  nodeTasksFor: 'all' | string[];
  nodes: EngineNode[];
}

/** Which tasks a snapshot reads besides services and nodes. */
export interface SnapshotScope {
  /** Every task (the Nodes view needs them); otherwise only those of `services`. */
  allTasks?: boolean;
  /** Services whose tasks are shown (expanded in the tree). */
  services?: readonly string[];
  /** Nodes whose tasks are shown (expanded in the Nodes view). */
  nodes?: readonly string[];
}

export interface LogFollow {
  /** Resolves once the Engine accepted the request and lines may flow; rejects if it refused. */
  readonly started: Promise<void>;
  /** Resolves when the stream ends (by itself or after stop()); rejects on an Engine error. */
  readonly done: Promise<void>;
  stop(): void;
}

/** A log stream, which the reader can also hold back; nothing is dropped meanwhile. */
export interface LogStream extends LogFollow {
  /** Stops reading from the Engine, which holds the lines until resume(). */
  pause(): void;
  resume(): void;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * The promise forms of the dockerode calls used here. @types/dockerode trails dockerode 5
 * (abortSignal, list options), so the calls are typed here against the Engine JSON we read.
 */
interface DockerCalls {
  info(opts: { abortSignal: AbortSignal }): Promise<EngineInfo>;
  listServices(opts: { filters?: Record<string, string[]>; status?: boolean; abortSignal: AbortSignal }): Promise<EngineService[]>;
  listTasks(opts: { filters: Record<string, string[]>; abortSignal: AbortSignal }): Promise<EngineTask[]>;
  listNodes(opts: { abortSignal: AbortSignal }): Promise<EngineNode[]>;
  getEvents(opts: { filters: Record<string, string[]>; abortSignal: AbortSignal }): Promise<IncomingMessage>;
  getService(id: string): {
    inspect(opts: { abortSignal: AbortSignal }): Promise<EngineService>;
    remove(opts: { abortSignal: AbortSignal }): Promise<unknown>;
    update(opts: { _query: { version: number; rollback?: 'previous' }; _body: EngineServiceSpec; abortSignal: AbortSignal }): Promise<unknown>;
  };
  getTask(id: string): { inspect(opts: { abortSignal: AbortSignal }): Promise<EngineTask> };
  getNode(id: string): {
    inspect(opts: { abortSignal: AbortSignal }): Promise<EngineNode & { Version?: { Index?: number }; Spec?: Record<string, unknown> }>;
    update(opts: { _query: { version: number }; _body: Record<string, unknown>; abortSignal: AbortSignal }): Promise<unknown>;
  };
  listNetworks(opts: { filters: Record<string, string[]>; abortSignal: AbortSignal }): Promise<{ Id: string; Name: string }[]>;
  listSecrets(opts: { filters: Record<string, string[]>; abortSignal: AbortSignal }): Promise<{ ID: string; Spec?: { Name?: string } }[]>;
  listConfigs(opts: { filters: Record<string, string[]>; abortSignal: AbortSignal }): Promise<{ ID: string; Spec?: { Name?: string } }[]>;
  getNetwork(id: string): { remove(opts: { abortSignal: AbortSignal }): Promise<unknown> };
  getSecret(id: string): { remove(opts: { abortSignal: AbortSignal }): Promise<unknown> };
  getConfig(id: string): { remove(opts: { abortSignal: AbortSignal }): Promise<unknown> };
  swarmInit(opts: { _body: Record<string, unknown>; abortSignal: AbortSignal }): Promise<unknown>;
  swarmLeave(opts: { force: boolean; abortSignal: AbortSignal }): Promise<unknown>;
  modem: { dial(options: object, callback: (err: unknown, data: unknown) => void): void };
}

export class SwarmClient {
  private readonly docker: DockerCalls;
  readonly endpoint: string;
  private readonly timeoutMs: number;

  constructor(options: SwarmClientOptions = {}) {
    const docker = options.endpoint
      ? new Docker(dockerOptions(options.endpoint, options.env ?? process.env))
      : options.dockerHost
        ? new Docker(dockerOptionsFor(options.dockerHost))
        : new Docker();
    this.docker = docker as unknown as DockerCalls;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.endpoint = describeEndpoint(docker);
  }

  // ---- reads -------------------------------------------------------------------------

  async swarmStatus(): Promise<SwarmStatus> {
    const info = await this.call((signal) => this.docker.info({ abortSignal: signal }));
    const swarm = info.Swarm ?? {};
    const state = swarm.LocalNodeState ?? 'inactive';
    let role: SwarmRole;
    if (state === 'active') role = swarm.ControlAvailable ? 'manager' : 'worker';
    else if (state === 'pending' || state === 'error' || state === 'locked') role = state;
    else role = 'inactive';
    const status: SwarmStatus = { role };
    if (swarm.NodeID) status.nodeId = swarm.NodeID;
    if (swarm.Error) status.error = swarm.Error;
    return status;
  }

  /**
   * Makes this engine a single-node swarm manager (docker swarm init). Without an address
   * the engine picks one; on a machine with several it refuses and says so.
   */
  async initSwarm(advertiseAddr?: string): Promise<string> {
    const body: Record<string, unknown> = { ListenAddr: '0.0.0.0:2377', ...(advertiseAddr ? { AdvertiseAddr: advertiseAddr } : {}) };
    const nodeId = await this.call((signal) => this.docker.swarmInit({ _body: body, abortSignal: signal }));
    return String(nodeId);
  }

  /** Leaves the swarm (docker swarm leave --force). Used by tests to undo initSwarm. */
  async leaveSwarm(): Promise<void> {
    await this.call((signal) => this.docker.swarmLeave({ force: true, abortSignal: signal }));
  }

  /** Fails with notSwarm / notManager unless this engine can manage services. */
  async requireManager(): Promise<void> {
    const { role, error } = await this.swarmStatus();
    if (role === 'manager') return;
    if (role === 'worker') throw new SwarmError('notManager', 'This Docker engine is a swarm worker. Connect to a manager node to manage services.');
    if (role === 'locked') throw new SwarmError('notSwarm', 'This swarm is locked. Unlock it with `docker swarm unlock` on the manager.');
    if (role === 'pending') throw new SwarmError('notSwarm', 'This engine is still joining its swarm (pending). Try again in a moment.');
    if (role === 'error') throw new SwarmError('notSwarm', `This engine's swarm is in an error state${error ? `: ${error}` : ''}.`, error);
    throw new SwarmError('notSwarm', 'This Docker engine is not part of a swarm. Initialize a swarm or join one first.', error);
  }

  listServices(filters: Record<string, string[]> = {}): Promise<EngineService[]> {
    return this.call((signal) => this.docker.listServices({ filters, abortSignal: signal }));
  }

  /** GET /tasks with the Engine's filters (id, name, node, label, desired-state, service). */
  listTasks(filters: Record<string, string[]> = {}): Promise<EngineTask[]> {
    return this.call((signal) => this.docker.listTasks({ filters, abortSignal: signal }));
  }

  /** docker-py's Service.tasks(filters): the tasks of one service matching a filter. */
  serviceTasks(serviceId: string, filter: TaskFilter = {}): Promise<EngineTask[]> {
    return this.listTasks(engineTaskFilters(filter, serviceId));
  }

  /** The tasks meant to run on these nodes (ids or hostnames), in one request. */
  runningTasksOn(nodeIds: readonly string[]): Promise<EngineTask[]> {
    return this.listTasks({ ...engineTaskFilters(DEFAULT_TASK_FILTER), node: [...nodeIds] });
  }

  listNodes(): Promise<EngineNode[]> {
    return this.call((signal) => this.docker.listNodes({ abortSignal: signal }));
  }

  inspectService(idOrName: string): Promise<EngineService> {
    return this.call((signal) => this.docker.getService(idOrName).inspect({ abortSignal: signal }));
  }

  /**
   * Everything one tree refresh needs, in a constant number of parallel requests: services,
   * running tasks and nodes, plus the filtered tasks when a non-default filter is active.
   */
  async snapshot(filter: TaskFilter = DEFAULT_TASK_FILTER, scope: SnapshotScope = { allTasks: true }): Promise<Snapshot> {
    const running = engineTaskFilters(DEFAULT_TASK_FILTER);
    const custom = !isDefaultTaskFilter(filter);
    const all = scope.allTasks === true;
    const ids = all ? [] : [...new Set(scope.services ?? [])];
    const nodeIds = all ? [] : [...new Set(scope.nodes ?? [])];
    const tasksOf = (of: string[]) => this.listTasks({ ...engineTaskFilters(filter), service: of });
    const tasksOn = (on: string[]) => this.runningTasksOn(on);
    const gone = (e: unknown) => (e instanceof SwarmError && e.kind === 'notFound' ? e : Promise.reject(e));
    const [services, nodes, runningTasks, read, readOn] = await Promise.all([
      // With status=true the Engine counts each service's tasks (as `docker service ls` shows).
      this.call((signal) => this.docker.listServices({ status: true, abortSignal: signal })),
      this.listNodes(),
      all ? this.listTasks(running) : undefined,
      all
        ? custom ? this.listTasks(engineTaskFilters(filter)) : undefined
        : ids.length > 0 ? tasksOf(ids).catch(gone) : undefined,
      nodeIds.length > 0 ? tasksOn(nodeIds).catch(gone) : undefined,
    ]);
    // The Engine refuses a whole listing if one of the services or nodes named is gone: ask
    // again for those still there. Should that fail too (gone in between, or a task filter
    // naming what does not exist), the tree reads them on demand and shows why it could not.
    const retry = async (of: string[], read: (ids: string[]) => Promise<EngineTask[]>) => {
      try {
        return { tasks: of.length > 0 ? await read(of) : [], for: of };
      } catch (e) {
        if (e instanceof SwarmError && e.kind === 'notFound') return { tasks: [], for: [] };
        throw e;
      }
    };
    let shown = { tasks: read, for: ids };
    if (read instanceof SwarmError) {
      const listed = new Set(services.map((s) => s.ID));
      shown = await retry(ids.filter((id) => listed.has(id)), tasksOf);
    }
    let onNodes = { tasks: readOn, for: nodeIds };
    if (readOn instanceof SwarmError) {
      const listed = new Set(nodes.map((n) => n.ID));
      onNodes = await retry(nodeIds.filter((id) => listed.has(id)), tasksOn);
    }
    const snapshot: Snapshot = {
      services,
      nodes,
      shownTasks: (shown.tasks as EngineTask[] | undefined) ?? runningTasks ?? [],
      shownFor: all ? 'all' : shown.for,
      nodeTasks: all ? (runningTasks ?? []) : ((onNodes.tasks as EngineTask[] | undefined) ?? []),
      nodeTasksFor: all ? 'all' : onNodes.for,
    };
    if (runningTasks) snapshot.runningTasks = runningTasks;
    else if (services.some((s) => !s.ServiceStatus)) {
      // An Engine before API 1.41 does not count: count from the tasks meant to run.
      snapshot.runningTasks = await this.listTasks(running);
    } else {
      // The Engine's count takes a task on a node that is down for running (its last report),
      // also once a replacement was scheduled (moby/moby#45922): take those off.
      const down = nodes.filter((n) => n.Status?.State !== 'ready').map((n) => n.ID);
      if (down.length > 0) {
        const stale = await this.listTasks({ node: down });
        const phantom = new Map<string, number>();
        for (const t of stale) if (t.Status?.State === 'running' && t.ServiceID) phantom.set(t.ServiceID, (phantom.get(t.ServiceID) ?? 0) + 1);
        snapshot.services = services.map((sv) => {
          const n = phantom.get(sv.ID);
          if (!n || !sv.ServiceStatus) return sv;
          return { ...sv, ServiceStatus: { ...sv.ServiceStatus, RunningTasks: Math.max(0, (sv.ServiceStatus.RunningTasks ?? 0) - n) } };
        });
      }
    }
    return snapshot;
  }

  async model(filter: TaskFilter = DEFAULT_TASK_FILTER): Promise<SwarmModel> {
    return modelFromSnapshot(await this.snapshot(filter));
  }

  // ---- writes ------------------------------------------------------------------------

  /** Sets the replica count; only Mode.Replicated.Replicas changes. */
  scaleService(idOrName: string, replicas: number): Promise<EngineService> {
    return this.updateSpec(idOrName, (spec) => scaledSpec(spec, replicas));
  }

  /** Redeploys every task with an unchanged spec; only TaskTemplate.ForceUpdate changes (+1). */
  forceUpdateService(idOrName: string): Promise<EngineService> {
    return this.updateSpec(idOrName, forceUpdatedSpec);
  }

  /** Points the service at another image; only TaskTemplate.ContainerSpec.Image changes. */
  updateServiceImage(idOrName: string, image: string): Promise<EngineService> {
    return this.updateSpec(idOrName, (spec) => withImage(spec, image));
  }

  /**
   * The Engine's rollback: back to PreviousSpec (POST …/update?rollback=previous with the
   * version read), as `docker service rollback` does. Fails clearly when there is none.
   */
  async rollbackService(idOrName: string): Promise<EngineService> {
    const current = await this.inspectService(idOrName);
    if (!current.PreviousSpec) {
      throw new SwarmError('invalid', `${current.Spec?.Name ?? idOrName} has no previous spec to roll back to.`);
    }
    await this.call((signal) =>
      this.docker.getService(current.ID).update({ _query: { version: current.Version?.Index ?? 0, rollback: 'previous' }, _body: current.Spec ?? {}, abortSignal: signal }),
    );
    return this.inspectService(current.ID);
  }

  /** Drain, pause or activate a node; only Spec.Availability changes, sent with the read's version. */
  async setNodeAvailability(idOrName: string, availability: 'active' | 'pause' | 'drain'): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const node = await this.call((signal) => this.docker.getNode(idOrName).inspect({ abortSignal: signal }));
      const spec = { ...(node.Spec ?? {}), Availability: availability };
      try {
        await this.call((signal) => this.docker.getNode(node.ID).update({ _query: { version: node.Version?.Index ?? 0 }, _body: spec, abortSignal: signal }));
        return;
      } catch (e) {
        if (e instanceof SwarmError && e.kind === 'conflict' && attempt === 1) continue;
        throw e;
      }
    }
  }

  /** What `docker stack rm` removes: the stack's services, then its networks, secrets and configs. */
  async stackResources(stack: string): Promise<{ services: EngineService[]; networks: { id: string; name: string }[]; secrets: { id: string; name: string }[]; configs: { id: string; name: string }[] }> {
    const filters = { label: [`com.docker.stack.namespace=${stack}`] };
    const [services, networks, secrets, configs] = await Promise.all([
      this.listServices(filters),
      this.call((signal) => this.docker.listNetworks({ filters, abortSignal: signal })),
      this.call((signal) => this.docker.listSecrets({ filters, abortSignal: signal })),
      this.call((signal) => this.docker.listConfigs({ filters, abortSignal: signal })),
    ]);
    return {
      services,
      networks: networks.map((n) => ({ id: n.Id, name: n.Name })),
      secrets: secrets.map((s) => ({ id: s.ID, name: s.Spec?.Name ?? s.ID })),
      configs: configs.map((c) => ({ id: c.ID, name: c.Spec?.Name ?? c.ID })),
    };
  }

  async removeStack(stack: string): Promise<{ removed: string[]; failed: { name: string; error: SwarmError }[] }> {
    const r = await this.stackResources(stack);
    const removed: string[] = [];
    const failed: { name: string; error: SwarmError }[] = [];
    const attempt = async (name: string, fn: (signal: AbortSignal) => Promise<unknown>) => {
      try {
        await this.call(fn);
        removed.push(name);
      } catch (e) {
        failed.push({ name, error: toSwarmError(e, this.endpoint) });
      }
    };
    // Services first: networks stay in use until their tasks are gone.
    for (const s of r.services) await attempt(s.Spec?.Name ?? s.ID, (signal) => this.docker.getService(s.ID).remove({ abortSignal: signal }));
    for (const s of r.secrets) await attempt(s.name, (signal) => this.docker.getSecret(s.id).remove({ abortSignal: signal }));
    for (const c of r.configs) await attempt(c.name, (signal) => this.docker.getConfig(c.id).remove({ abortSignal: signal }));
    for (const n of r.networks) {
      // A network is freed only when the removed services' tasks have stopped: retry briefly.
      const deadline = Date.now() + 20_000;
      for (;;) {
        try {
          await this.call((signal) => this.docker.getNetwork(n.id).remove({ abortSignal: signal }));
          removed.push(n.name);
          break;
        } catch (e) {
          const err = toSwarmError(e, this.endpoint);
          if (Date.now() > deadline || err.kind === 'notFound') {
            if (err.kind !== 'notFound') failed.push({ name: n.name, error: err });
            break;
          }
          await new Promise((res) => setTimeout(res, 500));
        }
      }
    }
    return { removed, failed };
  }

  async removeService(idOrName: string): Promise<void> {
    await this.call((signal) => this.docker.getService(idOrName).remove({ abortSignal: signal }));
  }

  /**
   * Reads the service, applies `transform` to its spec and sends the update with the read's
   * Version.Index. If someone else updated the service in between ("update out of
   * sequence"), reads again and retries once; a second conflict reaches the caller.
   * Returns the service as read after the update.
   */
  async updateSpec(
    idOrName: string,
    transform: (spec: EngineServiceSpec) => EngineServiceSpec | Promise<EngineServiceSpec>,
  ): Promise<EngineService> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.inspectService(idOrName);
      let next: EngineServiceSpec;
      try {
        next = await transform(current.Spec ?? {});
      } catch (e) {
        if (e instanceof NotScalableError) throw new SwarmError('notScalable', e.message);
        throw e;
      }
      try {
        await this.sendUpdate(current.ID, current.Version?.Index ?? 0, next);
      } catch (e) {
        if (e instanceof SwarmError && e.kind === 'conflict' && attempt === 1) continue;
        throw e;
      }
      return this.inspectService(current.ID);
    }
  }

  /** POST /services/{id}/update?version=N with the whole spec as the body. */
  async sendUpdate(id: string, version: number, spec: EngineServiceSpec): Promise<void> {
    await this.call((signal) =>
      this.docker.getService(id).update({ _query: { version }, _body: spec, abortSignal: signal }),
    );
  }

  // ---- logs --------------------------------------------------------------------------

  /**
   * Streams a service's logs (or one task's, with kind 'task') line by line into onLine.
   * Both followed and finite requests are read as a stream, so nothing is held whole.
   */
  logs(kind: 'service' | 'task', id: string, options: LogOptions, onLine: (line: LogLine) => void): LogStream {
    const controller = new AbortController();
    let stopped = false;
    let response: IncomingMessage | undefined;
    let held = false;
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const done = this.checkLogsReadable(kind, id).then(() => new Promise<void>((resolve, reject) => {
      if (stopped) return resolve();
      const path = `/${kind === 'service' ? 'services' : 'tasks'}/${encodeURIComponent(id)}/logs?`;
      this.docker.modem.dial(
        {
          path,
          method: 'GET',
          isStream: true,
          abortSignal: controller.signal,
          statusCodes: { 200: true, 404: 'not found', 500: 'server error', 503: 'node is not part of a swarm' },
          options: engineLogQuery(options),
        } as never,
        (err: unknown, stream: unknown) => {
          if (err) {
            if (stopped) resolve();
            else reject(this.normalise(err));
            return;
          }
          markStarted();
          const res = stream as IncomingMessage;
          response = res;
          if (held) res.pause();
          // Once stopped nothing more is passed on, not even the partial line the decoder holds.
          const decoder = new LogDecoder((line) => stopped || onLine(line), { prefixTokens: (options.timestamps ? 1 : 0) + (options.details ? 1 : 0) });
          res.on('data', (chunk: Buffer) => decoder.push(chunk));
          res.on('end', () => {
            decoder.end();
            resolve();
          });
          res.on('close', () => {
            decoder.end();
            resolve();
          });
          res.on('error', (e) => {
            decoder.end();
            if (stopped) resolve();
            else reject(this.normalise(e));
          });
        },
      );
    }));
    done.then(markStarted, () => undefined);
    // An engine that accepts the connection but never answers must not leave the command waiting.
    let startTimer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      startTimer = setTimeout(() => {
        reject(new SwarmError('timeout', `The Docker engine at ${this.endpoint} did not start sending logs within ${Math.round(this.timeoutMs / 1000)} s.`));
        if (!stopped) {
          stopped = true;
          controller.abort();
        }
      }, this.timeoutMs);
    });
    timedOut.catch(() => undefined);
    const startedOrFailed = Promise.race([started, done, timedOut]).finally(() => clearTimeout(startTimer));
    return {
      // Settles with the request: as soon as the stream starts, or as `done` if it never does.
      started: startedOrFailed,
      done,
      stop: () => {
        if (stopped) return;
        stopped = true;
        controller.abort();
      },
      pause: () => {
        held = true;
        response?.pause();
      },
      resume: () => {
        held = false;
        response?.resume();
      },
    };
  }

  /**
   * The engine answers a service-logs request for a service whose log driver is `none` with
   * an empty stream and no error; say so instead of showing an empty channel.
   */
  private async checkLogsReadable(kind: 'service' | 'task', id: string): Promise<void> {
    const template = kind === 'service'
      ? (await this.inspectService(id)).Spec?.TaskTemplate
      : ((await this.call((signal) => this.docker.getTask(id).inspect({ abortSignal: signal }))).Spec as EngineServiceSpec['TaskTemplate']);
    const driver = (template as { LogDriver?: { Name?: string } } | undefined)?.LogDriver?.Name;
    if (driver === 'none') {
      throw new SwarmError('logsUnsupported', `Logs cannot be read: the ${kind} uses the "none" logging driver, which keeps no logs.`);
    }
  }

  // ---- events ------------------------------------------------------------------------

  /**
   * Subscribes to the Engine's event stream (services, nodes, containers). `connected`
   * settles when the Engine accepted the subscription; `done` when the stream ends, for
   * whatever reason (stop(), engine restart, a proxy closing the socket), rejecting on errors.
   */
  events(onEvent: (e: EngineEvent) => void, filters: Record<string, string[]> = SWARM_EVENT_FILTERS): LogFollow {
    const controller = new AbortController();
    let stopped = false;
    let markStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const done = (async () => {
      let res: IncomingMessage;
      try {
        res = await this.docker.getEvents({ filters, abortSignal: controller.signal });
      } catch (e) {
        if (stopped) return;
        throw this.normalise(e);
      }
      markStarted();
      const parser = new EventLineParser(onEvent);
      await new Promise<void>((resolve, reject) => {
        res.on('data', (chunk: Buffer) => parser.push(chunk));
        res.on('end', resolve);
        res.on('close', resolve);
        res.on('error', (e) => (stopped ? resolve() : reject(this.normalise(e))));
      });
      parser.end();
    })();
    done.then(markStarted, () => undefined);
    return {
      started: Promise.race([started, done]),
      done,
      stop: () => {
        if (stopped) return;
        stopped = true;
        controller.abort();
      },
    };
  }

  // ---- plumbing ----------------------------------------------------------------------

  /** POST /services/create; returns the new service's id. Used by tests and tooling. */
  async createService(spec: EngineServiceSpec): Promise<string> {
    const created = (await this.call(
      (signal) =>
        new Promise<{ ID?: string }>((resolve, reject) =>
          this.docker.modem.dial(
            {
              path: '/services/create',
              method: 'POST',
              abortSignal: signal,
              options: { _body: spec },
              statusCodes: { 200: true, 201: true, 400: 'bad parameter', 409: 'name conflicts', 500: 'server error', 503: 'node is not part of a swarm' },
            } as never,
            (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as { ID?: string })),
          ),
        ),
    ));
    return created.ID ?? '';
  }

  private async call<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      return await fn(signal);
    } catch (e) {
      if (signal.aborted) {
        throw new SwarmError('timeout', `The Docker engine at ${this.endpoint} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`);
      }
      throw this.normalise(e);
    }
  }

  normalise(e: unknown): SwarmError {
    return toSwarmError(e, this.endpoint);
  }
}

/** Any failure as a SwarmError; `endpoint` names the engine in messages. */
export function toSwarmError(e: unknown, endpoint?: string): SwarmError {
  if (e instanceof SwarmError) return e;
  const err = (e ?? {}) as { statusCode?: number; json?: unknown; code?: string; message?: string; name?: string };
  let engineMessage: string | undefined;
  if (err.json && typeof err.json === 'object' && typeof (err.json as { message?: unknown }).message === 'string') {
    engineMessage = (err.json as { message: string }).message;
  } else if (typeof err.json === 'string') {
    engineMessage = err.json;
  } else if (err.statusCode && err.message) {
    // docker-modem folds the engine's message into its own: "(HTTP code 404) … - <message> "
    const m = /\) [^-]*- (.*)$/s.exec(err.message.trim());
    if (m) engineMessage = m[1];
  }
  return classifyFailure({
    ...(err.statusCode !== undefined ? { statusCode: err.statusCode } : {}),
    ...(engineMessage !== undefined ? { engineMessage } : {}),
    ...(err.code !== undefined ? { code: err.code } : err.name === 'AbortError' ? { code: 'ABORT_ERR' } : {}),
    ...(err.message !== undefined ? { message: err.message } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
  });
}

export function modelFromSnapshot(s: Snapshot): SwarmModel {
  return buildModel(s.services, s.runningTasks, s.nodes, { tasks: s.shownTasks, for: s.shownFor });
}

/** Docker options for an endpoint URL as the docker CLI writes them (no TLS material). */
export function dockerOptionsFor(host: string): Docker.DockerOptions {
  return dockerOptions({ host, source: 'setting', label: host });
}

function describeEndpoint(docker: Docker): string {
  const m = docker.modem as unknown as { socketPath?: unknown; host?: string; port?: string | number; protocol?: string };
  if (typeof m.socketPath === 'string') return `unix://${m.socketPath}`;
  if (typeof m.socketPath === 'function') {
    // docker-modem picks the default socket lazily: Docker Desktop's per-user one if present.
    const home = process.env['HOME'] ?? '';
    return `unix://${home && existsSync(`${home}/.docker/run/docker.sock`) ? `${home}/.docker/run/docker.sock` : '/var/run/docker.sock'}`;
  }
  const scheme = m.protocol === 'https' ? 'https' : m.protocol === 'ssh' ? 'ssh' : 'tcp';
  return `${scheme}://${m.host}:${m.port}`;
}
