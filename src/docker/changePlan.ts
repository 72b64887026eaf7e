// What a view re-reads when events named what changed: only those services (one filtered
// listing with the Engine's counts), their tasks when a view shows them, the nodes named, and
// the tasks whose state an event announced. A few small requests instead of the whole swarm.
import type { EngineNode, EngineService, EngineTask } from '../model/engineTypes';
import { DEFAULT_TASK_FILTER, engineTaskFilters, isDefaultTaskFilter, type TaskFilter } from '../model/taskFilter';
import { withoutLostTasks, type SnapshotReads } from './snapshotPlan';

export interface ChangeRequest {
  /** Services to read again, by ID. */
  services: readonly string[];
  /** Nodes to read again, by ID. */
  nodes: readonly string[];
  /** Of `services`, those whose tasks the Services view shows (read with its filter). */
  tasksOf: readonly string[];
  /** Nodes whose tasks the Nodes view shows: the tasks of `services` meant to run there are read. */
  onNodes: readonly string[];
  /** Tasks whose recorded state is wanted, by ID (read apart unless listed with their service). */
  tasks: readonly string[];
  /** The nodes as last read: running tasks on those not ready are taken off the counts, as a snapshot does. */
  knownNodes: readonly EngineNode[];
}

export interface ChangeReading {
  /** The services asked for that still exist. */
  services: EngineService[];
  nodes: EngineNode[];
  /** The tasks the Services view shows for these services (undefined: none asked). */
  shown?: { for: string[]; tasks: EngineTask[] };
  /** The tasks of these services meant to run on the Nodes view's expanded nodes. */
  onNodes?: { services: string[]; tasks: EngineTask[] };
  /** The tasks asked for by ID that exist. */
  tasks: EngineTask[];
}

export async function readChanges(read: SnapshotReads, filter: TaskFilter, request: ChangeRequest): Promise<ChangeReading> {
  const ids = [...new Set(request.services)];
  const nodeIds = [...new Set(request.nodes)];
  const [services, nodes] = await Promise.all([
    ids.length > 0 ? read.services({ id: ids }) : Promise.resolve([]),
    nodeIds.length > 0 ? read.nodes({ id: nodeIds }) : Promise.resolve([]),
  ]);
  // A filter on IDs matches prefixes: keep exactly the ones asked for.
  const asked = new Set(ids);
  const found = services.filter((s) => asked.has(s.ID));
  const foundIds = new Set(found.map((s) => s.ID));
  const nodesFound = nodes.filter((n) => nodeIds.includes(n.ID));
  // Tasks are read only for the services that still exist: the Engine refuses a listing
  // naming one that does not.
  const tasksOf = request.tasksOf.filter((id) => foundIds.has(id));
  const onNodes = request.onNodes.length > 0 ? [...foundIds] : [];
  const defaultFilter = isDefaultTaskFilter(filter);
  const runFilters = engineTaskFilters(DEFAULT_TASK_FILTER);
  // A service removed between the two reads makes the Engine refuse the listing (notFound):
  // the caller then reads everything again.
  const list = (filters: Record<string, string[]>) => read.tasks(filters);
  let shownTasks: EngineTask[] | undefined;
  let nodeTasks: EngineTask[] | undefined;
  if (defaultFilter && onNodes.length > 0) {
    // One request serves both views: the Services view shows the tasks meant to run too.
    const all = await list({ ...runFilters, service: onNodes });
    const shownSet = new Set(tasksOf);
    shownTasks = all.filter((t) => shownSet.has(t.ServiceID ?? ''));
    nodeTasks = all.filter((t) => request.onNodes.includes(t.NodeID ?? ''));
  } else {
    [shownTasks, nodeTasks] = await Promise.all([
      tasksOf.length > 0 ? list({ ...engineTaskFilters(filter), service: tasksOf }) : undefined,
      onNodes.length > 0 ? list({ ...runFilters, node: [...request.onNodes], service: onNodes }) : undefined,
    ]);
  }
  // A task whose state is wanted is often among those just read (a start shows there).
  const listed = new Map([...(shownTasks ?? []), ...(nodeTasks ?? [])].map((t) => [t.ID, t]));
  const missing = [...new Set(request.tasks)].filter((id) => !listed.has(id));
  const byId = missing.length > 0 ? await list({ id: missing }) : [];
  const wanted = new Set(request.tasks);
  const tasks = [...[...listed.values()].filter((t) => wanted.has(t.ID)), ...byId.filter((t) => wanted.has(t.ID))];
  const reading: ChangeReading = {
    services: await withoutLostTasks(read, found, request.knownNodes, true),
    nodes: nodesFound,
    tasks,
  };
  if (shownTasks) reading.shown = { for: tasksOf, tasks: shownTasks };
  else if (request.tasksOf.length > 0) reading.shown = { for: tasksOf, tasks: [] };
  if (nodeTasks) reading.onNodes = { services: onNodes, tasks: nodeTasks };
  return reading;
}
