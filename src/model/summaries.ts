// Maps the Engine's services, tasks and nodes into the summaries the tree shows. Pure: one
// pass over each listing. Counts come from the services' ServiceStatus when the Engine gave
// it, else from the listing of tasks meant to run; tasks need be read only for the services
// whose tasks are shown.
import type { EngineNode, EngineService, EngineTask } from './engineTypes';
import { explainUnplacedTasks, withPlacement } from './placement';
import { taskLabel, taskSlot } from './taskLabel';

export type ServiceMode = 'replicated' | 'global' | 'replicated-job' | 'global-job';

export interface TaskSummary {
  id: string;
  serviceId: string;
  /** `<service>.<slot>` for replicated services, `<service>.<node hostname>` for global ones. */
  name: string;
  slot?: number;
  nodeId?: string;
  nodeName?: string;
  state: string;
  desiredState: string;
  /** Why the task failed or was rejected: Status.Err, else (for such states) Status.Message. */
  error?: string;
  message?: string;
  timestamp?: string;
  /** The task's container on its node (Status.ContainerStatus.ContainerID), once it has one. */
  containerId?: string;
  /** A pending task no node fits: which placement constraint no node meets, in words (see placement.ts). */
  unplaced?: string;
  /** Spec.Resources, when it sets any: what the scheduler reserves for it on its node, and its caps. */
  resources?: TaskResources;
}

/** A task's reservations and limits (0: none set). */
export interface TaskResources {
  reservedNanoCpus: number;
  reservedMemoryBytes: number;
  limitNanoCpus: number;
  limitMemoryBytes: number;
}

export interface ServiceSummary {
  id: string;
  shortId: string;
  name: string;
  version: number;
  mode: ServiceMode;
  /** Tasks running now (desired running, state running). */
  running: number;
  /** Replicas for replicated services; for global services the tasks meant to run. */
  desired: number;
  /** The image without its @sha256 digest. */
  image: string;
  /** The digest the image is pinned to (`sha256:…`), when it is. */
  digest?: string;
  createdAt?: string;
  updatedAt?: string;
  labels: Record<string, string>;
  stack?: string;
  updateState?: string;
  updateMessage?: string;
  /** The engine keeps the spec before the last update: a rollback is possible. */
  hasPreviousSpec: boolean;
  /** No node can meet the service's placement constraints: which and why, in words (see placement.ts). */
  unplaced?: string;
}

export type Health = 'healthy' | 'degraded' | 'down' | 'idle';

export const STACK_LABEL = 'com.docker.stack.namespace';

/** Task states that end a task unsuccessfully. */
export const FAILED_STATES = new Set(['failed', 'rejected', 'orphaned']);

export function shortId(id: string): string {
  return id.slice(0, 12);
}

/** `name:tag@sha256:…` → `name:tag`; swarm pins tasks' images by digest. */
export function imageWithoutDigest(image: string | undefined): string {
  if (!image) return '';
  const at = image.indexOf('@');
  return at === -1 ? image : image.slice(0, at);
}

export function serviceMode(service: Pick<EngineService, 'Spec'>): ServiceMode {
  const mode = service.Spec?.Mode ?? {};
  if (mode.Global) return 'global';
  if (mode.ReplicatedJob) return 'replicated-job';
  if (mode.GlobalJob) return 'global-job';
  return 'replicated';
}

export function isScalable(mode: ServiceMode): boolean {
  return mode === 'replicated' || mode === 'replicated-job';
}

export function health(service: Pick<ServiceSummary, 'running' | 'desired'>): Health {
  if (service.desired === 0) return service.running === 0 ? 'idle' : 'degraded';
  if (service.running >= service.desired) return 'healthy';
  return service.running === 0 ? 'down' : 'degraded';
}

export function nodeNames(nodes: readonly EngineNode[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const n of nodes) names.set(n.ID, n.Description?.Hostname ?? shortId(n.ID));
  return names;
}

export function summarizeTask(task: EngineTask, serviceName: string, names: ReadonlyMap<string, string>): TaskSummary {
  const nodeName = task.NodeID ? (names.get(task.NodeID) ?? shortId(task.NodeID)) : undefined;
  const suffix = taskLabel(task.Slot, nodeName ?? shortId(task.ID));
  const summary: TaskSummary = {
    id: task.ID,
    serviceId: task.ServiceID ?? '',
    name: `${serviceName}.${suffix}`,
    state: task.Status?.State ?? 'unknown',
    desiredState: task.DesiredState ?? 'unknown',
  };
  const slot = taskSlot(task.Slot);
  if (slot !== undefined) summary.slot = slot;
  if (task.NodeID) summary.nodeId = task.NodeID;
  if (nodeName !== undefined) summary.nodeName = nodeName;
  if (task.Status?.ContainerStatus?.ContainerID) summary.containerId = task.Status.ContainerStatus.ContainerID;
  if (task.Status?.Err) summary.error = task.Status.Err;
  else if (FAILED_STATES.has(summary.state) && task.Status?.Message) summary.error = task.Status.Message;
  if (task.Status?.Message) summary.message = task.Status.Message;
  if (task.Status?.Timestamp) summary.timestamp = task.Status.Timestamp;
  const r = task.Spec?.Resources;
  const resources: TaskResources = {
    reservedNanoCpus: r?.Reservations?.NanoCPUs ?? 0,
    reservedMemoryBytes: r?.Reservations?.MemoryBytes ?? 0,
    limitNanoCpus: r?.Limits?.NanoCPUs ?? 0,
    limitMemoryBytes: r?.Limits?.MemoryBytes ?? 0,
  };
  if (Object.values(resources).some((n) => n > 0)) summary.resources = resources;
  return summary;
}

/** A service's tasks as the tree lists them: summarized, in `docker service ps` order. */
export function summarizeTasks(tasks: readonly EngineTask[], serviceName: string, names: ReadonlyMap<string, string>): TaskSummary[] {
  return tasks.map((t) => summarizeTask(t, serviceName, names)).sort(compareTasks);
}

/**
 * Counts come from `tasks` (the service's tasks meant to run) when given, else from the
 * ServiceStatus the Engine adds to a listing with `status=true`.
 */
export function summarizeService(service: EngineService, tasks?: readonly EngineTask[]): ServiceSummary {
  const mode = serviceMode(service);
  const spec = service.Spec ?? {};
  let running = 0;
  let meantToRun = 0;
  if (tasks) {
    for (const t of tasks) {
      if (t.DesiredState !== 'running') continue;
      meantToRun++;
      if (t.Status?.State === 'running') running++;
    }
  } else {
    running = service.ServiceStatus?.RunningTasks ?? 0;
    meantToRun = service.ServiceStatus?.DesiredTasks ?? 0;
  }
  let desired: number;
  if (mode === 'replicated') desired = spec.Mode?.Replicated?.Replicas ?? 0;
  else if (mode === 'replicated-job') desired = spec.Mode?.ReplicatedJob?.TotalCompletions ?? spec.Mode?.ReplicatedJob?.MaxConcurrent ?? 1;
  else desired = meantToRun;
  const summary: ServiceSummary = {
    id: service.ID,
    shortId: shortId(service.ID),
    name: spec.Name ?? shortId(service.ID),
    version: service.Version?.Index ?? 0,
    mode,
    running,
    desired,
    image: imageWithoutDigest(spec.TaskTemplate?.ContainerSpec?.Image),
    labels: { ...(spec.Labels ?? {}) },
    hasPreviousSpec: !!service.PreviousSpec,
  };
  const fullImage = spec.TaskTemplate?.ContainerSpec?.Image ?? '';
  const at = fullImage.indexOf('@');
  if (at !== -1) summary.digest = fullImage.slice(at + 1);
  if (service.CreatedAt) summary.createdAt = service.CreatedAt;
  if (service.UpdatedAt) summary.updatedAt = service.UpdatedAt;
  const stack = spec.Labels?.[STACK_LABEL];
  if (stack) summary.stack = stack;
  if (service.UpdateStatus?.State) summary.updateState = service.UpdateStatus.State;
  if (service.UpdateStatus?.Message) summary.updateMessage = service.UpdateStatus.Message;
  return summary;
}

export interface SwarmModel {
  services: ServiceSummary[];
  /** The shown tasks by service id, in `docker service ps` order; only for the services they were read for. */
  tasksByService: Map<string, TaskSummary[]>;
}

/** Tasks read for the tree, and which services they cover: all, or those listed. */
export interface ShownTasks {
  tasks: readonly EngineTask[];
  for: 'all' | readonly string[];
}

/**
 * Builds the tree model from one listing of services and nodes, plus tasks: `toRun` (every
 * task meant to run; when absent, counts come from ServiceStatus) and `shown` (the tasks under
 * services; by default those meant to run, for every service).
 */
export function buildModel(
  services: readonly EngineService[],
  toRun: readonly EngineTask[] | undefined,
  nodes: readonly EngineNode[],
  shown: ShownTasks = { tasks: toRun ?? [], for: toRun ? 'all' : [] },
): SwarmModel {
  const names = nodeNames(nodes);
  const toRunBy = toRun ? byService(toRun) : undefined;
  const shownBy = shown.tasks === toRun && toRunBy ? toRunBy : byService(shown.tasks);
  const covered = shown.for === 'all' ? undefined : new Set(shown.for);
  const summaries: ServiceSummary[] = [];
  const tasksByService = new Map<string, TaskSummary[]>();
  for (const s of services) {
    const summary = withPlacement(summarizeService(s, toRunBy ? (toRunBy.get(s.ID) ?? []) : undefined), s, nodes);
    summaries.push(summary);
    if (covered && !covered.has(s.ID)) continue;
    tasksByService.set(s.ID, explainUnplacedTasks(summarizeTasks(shownBy.get(s.ID) ?? [], summary.name, names), s, nodes));
  }
  summaries.sort((a, b) => a.name.localeCompare(b.name));
  return { services: summaries, tasksByService };
}

/** Tasks grouped by their service's ID. */
export function byService(tasks: readonly EngineTask[]): Map<string, EngineTask[]> {
  const out = new Map<string, EngineTask[]>();
  for (const t of tasks) {
    const key = t.ServiceID ?? '';
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(t);
  }
  return out;
}

/** Slot order, then node name, then newest first, like `docker service ps`. */
export function compareTasks(a: TaskSummary, b: TaskSummary): number {
  if (a.slot !== b.slot) return (a.slot ?? Number.MAX_SAFE_INTEGER) - (b.slot ?? Number.MAX_SAFE_INTEGER);
  const byNode = (a.nodeName ?? '').localeCompare(b.nodeName ?? '');
  if (byNode !== 0) return byNode;
  return (b.timestamp ?? '').localeCompare(a.timestamp ?? '');
}

/** Service IDs per stack label (com.docker.stack.namespace), stacks sorted by name, services in listing order. */
export function stackIndex(services: readonly ServiceSummary[]): Map<string, string[]> {
  const stacks = new Map<string, string[]>();
  for (const s of services) {
    if (!s.stack) continue;
    const ids = stacks.get(s.stack);
    if (ids) ids.push(s.id);
    else stacks.set(s.stack, [s.id]);
  }
  return new Map([...stacks.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
