// What one view refresh reads, in a constant number of parallel requests whatever the swarm's
// size: GET /services?status=true, GET /nodes, and one GET /tasks per kind of task shown.
// Written against three reads so that the plan can be driven without an engine.
import type { EngineNode, EngineService, EngineTask } from '../model/engineTypes';
import { SwarmError } from '../model/errors';
import type { Snapshot, SnapshotScope } from '../model/snapshot';
import { DEFAULT_TASK_FILTER, engineTaskFilters, isDefaultTaskFilter, type TaskFilter } from '../model/taskFilter';

/** IDs named in one filter at most: past this a query string grows long, and a full listing is as cheap. */
export const MAX_IDS_PER_FILTER = 200;

export interface SnapshotReads {
  /** GET /services?status=true: the Engine counts each service's tasks (as `docker service ls` shows). */
  services(filters?: Record<string, string[]>): Promise<EngineService[]>;
  nodes(filters?: Record<string, string[]>): Promise<EngineNode[]>;
  /** GET /tasks with these filters. */
  tasks(filters: Record<string, string[]>): Promise<EngineTask[]>;
}

/** The tasks meant to run on these nodes (ids or hostnames), in one request. */
export function tasksToRunOn(read: SnapshotReads, nodeIds: readonly string[]): Promise<EngineTask[]> {
  return read.tasks({ ...engineTaskFilters(DEFAULT_TASK_FILTER), node: [...nodeIds] });
}

interface Covered {
  tasks: EngineTask[];
  for: string[];
}

export async function readSnapshot(read: SnapshotReads, filter: TaskFilter = DEFAULT_TASK_FILTER, scope: SnapshotScope = { allTasks: true }): Promise<Snapshot> {
  const toRunFilters = engineTaskFilters(DEFAULT_TASK_FILTER);
  const custom = !isDefaultTaskFilter(filter);
  const all = scope.allTasks === true;
  const ids = all ? [] : [...new Set(scope.services ?? [])];
  const nodeIds = all ? [] : [...new Set(scope.nodes ?? [])];
  const tasksOf = (of: string[]) => read.tasks({ ...engineTaskFilters(filter), service: of });
  const tasksOn = (on: string[]) => tasksToRunOn(read, on);
  const gone = (e: unknown) => (e instanceof SwarmError && e.kind === 'notFound' ? e : Promise.reject(e));
  const [services, nodes, tasksToRun, readOf, readOn] = await Promise.all([
    read.services(),
    read.nodes(),
    all ? read.tasks(toRunFilters) : undefined,
    all
      ? custom ? read.tasks(engineTaskFilters(filter)) : undefined
      : ids.length > 0 ? tasksOf(ids).catch(gone) : undefined,
    nodeIds.length > 0 ? tasksOn(nodeIds).catch(gone) : undefined,
  ]);
  // The Engine refuses a whole listing if one of the services or nodes named is gone: ask
  // again for those still there. Should that fail too (gone in between, or a task filter
  // naming what does not exist), the tree reads them on demand and shows why it could not.
  const retry = async (of: string[], again: (ids: string[]) => Promise<EngineTask[]>): Promise<Covered> => {
    try {
      return { tasks: of.length > 0 ? await again(of) : [], for: of };
    } catch (e) {
      if (e instanceof SwarmError && e.kind === 'notFound') return { tasks: [], for: [] };
      throw e;
    }
  };
  let shown: { tasks: EngineTask[] | undefined; for: string[] } = { tasks: readOf instanceof SwarmError ? undefined : readOf, for: ids };
  if (readOf instanceof SwarmError) {
    const listed = new Set(services.map((s) => s.ID));
    shown = await retry(ids.filter((id) => listed.has(id)), tasksOf);
  }
  let onNodes: { tasks: EngineTask[] | undefined; for: string[] } = { tasks: readOn instanceof SwarmError ? undefined : readOn, for: nodeIds };
  if (readOn instanceof SwarmError) {
    const listed = new Set(nodes.map((n) => n.ID));
    onNodes = await retry(nodeIds.filter((id) => listed.has(id)), tasksOn);
  }
  const snapshot: Snapshot = {
    services,
    nodes,
    shownTasks: shown.tasks ?? tasksToRun ?? [],
    shownFor: all ? 'all' : shown.for,
    nodeTasks: all ? (tasksToRun ?? []) : (onNodes.tasks ?? []),
    nodeTasksFor: all ? 'all' : onNodes.for,
  };
  if (tasksToRun) snapshot.tasksToRun = tasksToRun;
  else if (services.some((s) => !s.ServiceStatus)) {
    // An Engine before API 1.41 does not count: count from the tasks meant to run.
    snapshot.tasksToRun = await read.tasks(toRunFilters);
  } else {
    snapshot.services = await withoutLostTasks(read, services, nodes);
  }
  return snapshot;
}

/**
 * The Engine's count takes a task on a node that is down for running (its last report), also
 * once a replacement was scheduled (moby/moby#45922): take those off.
 */
export async function withoutLostTasks(read: SnapshotReads, services: EngineService[], nodes: readonly EngineNode[], onlyThese = false): Promise<EngineService[]> {
  const down = nodes.filter((n) => n.Status?.State !== 'ready').map((n) => n.ID);
  if (down.length === 0 || services.length === 0) return services;
  // A change's re-read asks only for the tasks of the services it read.
  const stale = await read.tasks(onlyThese ? { node: down, service: services.map((s) => s.ID) } : { node: down });
  const lost = new Map<string, number>();
  for (const t of stale) if (t.Status?.State === 'running' && t.ServiceID) lost.set(t.ServiceID, (lost.get(t.ServiceID) ?? 0) + 1);
  return services.map((sv) => {
    const n = lost.get(sv.ID);
    if (!n || !sv.ServiceStatus) return sv;
    return { ...sv, ServiceStatus: { ...sv.ServiceStatus, RunningTasks: Math.max(0, (sv.ServiceStatus.RunningTasks ?? 0) - n) } };
  });
}
