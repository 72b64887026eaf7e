// What a view re-reads when events named what changed: only those services (one filtered
// listing with the Engine's counts), their tasks when a view shows them, the nodes named, and
// the tasks whose state an event announced. A few small requests instead of the whole swarm.
import type { EngineNode, EngineService, EngineTask } from '../model/engineTypes';
import { DEFAULT_TASK_FILTER, engineTaskFilters, isDefaultTaskFilter, type TaskFilter } from '../model/taskFilter';
import { SwarmError } from '../model/errors';
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
  const asked = new Set(ids);
  const tasksOfAsked = [...new Set(request.tasksOf)].filter((id) => asked.has(id));
  const wantOnNodes = request.onNodes.length > 0 && ids.length > 0;
  const listing = tasksOfAsked.length > 0 || wantOnNodes;
  const wanted = [...new Set(request.tasks)];
  const notFound = (e: unknown) => (e instanceof SwarmError && e.kind === 'notFound' ? undefined : Promise.reject(e));
  // The tasks are asked for at the same time as the services: the IDs are known already. The
  // Engine refuses a listing naming a service that is gone; then it is asked again for those
  // the services listing found.
  const [services, nodes, firstTry, byIdEarly] = await Promise.all([
    ids.length > 0 ? read.services({ id: ids }) : Promise.resolve([]),
    nodeIds.length > 0 ? read.nodes({ id: nodeIds }) : Promise.resolve([]),
    listing ? listTasks(read, filter, tasksOfAsked, wantOnNodes ? ids : [], request.onNodes).catch(notFound) : undefined,
    // Nothing listed to find them in: the tasks whose state is wanted are read by ID alongside.
    !listing && wanted.length > 0 ? read.tasks({ id: wanted }) : undefined,
  ]);
  // A filter on IDs matches prefixes: keep exactly the ones asked for.
  const found = services.filter((s) => asked.has(s.ID));
  const foundIds = new Set(found.map((s) => s.ID));
  const nodesFound = nodes.filter((n) => nodeIds.includes(n.ID));
  let listed = firstTry;
  if (listing && !listed) {
    const there = (xs: readonly string[]) => xs.filter((id) => foundIds.has(id));
    // Gone again in between: the caller reads everything (the error goes up).
    listed = await listTasks(read, filter, there(tasksOfAsked), wantOnNodes ? there(ids) : [], request.onNodes);
  }
  // A service gone after its tasks were listed: its tasks go with it.
  const tasksOf = tasksOfAsked.filter((id) => foundIds.has(id));
  const onNodes = wantOnNodes ? ids.filter((id) => foundIds.has(id)) : [];
  const shownTasks = listed?.shown?.filter((t) => foundIds.has(t.ServiceID ?? ''));
  const nodeTasks = listed?.onNodes?.filter((t) => foundIds.has(t.ServiceID ?? ''));
  // A task whose state is wanted is often among those just read (a start shows there).
  const seen = new Map([...(shownTasks ?? []), ...(nodeTasks ?? []), ...(byIdEarly ?? [])].map((t) => [t.ID, t]));
  const missing = wanted.filter((id) => !seen.has(id));
  const byId = listing && missing.length > 0 ? await read.tasks({ id: missing }) : [];
  const want = new Set(wanted);
  const tasks = [...[...seen.values()].filter((t) => want.has(t.ID)), ...byId.filter((t) => want.has(t.ID))];
  const reading: ChangeReading = {
    services: await withoutLostTasks(read, found, request.knownNodes, true),
    nodes: nodesFound,
    tasks,
  };
  if (tasksOfAsked.length > 0) reading.shown = { for: tasksOf, tasks: shownTasks ?? [] };
  if (wantOnNodes) reading.onNodes = { services: onNodes, tasks: nodeTasks ?? [] };
  return reading;
}

/**
 * The tasks the Services view shows for `tasksOf` (its filter) and those of `services` meant
 * to run on `nodes`. With the default filter, the Services view's listing serves the Nodes
 * view too for the services in both; the others are asked for on those nodes only.
 */
async function listTasks(
  read: SnapshotReads,
  filter: TaskFilter,
  tasksOf: readonly string[],
  services: readonly string[],
  nodes: readonly string[],
): Promise<{ shown?: EngineTask[]; onNodes?: EngineTask[] }> {
  const runFilters = engineTaskFilters(DEFAULT_TASK_FILTER);
  const shared = isDefaultTaskFilter(filter) && services.length > 0;
  const shownSet = new Set(tasksOf);
  const onlyOnNodes = shared ? services.filter((id) => !shownSet.has(id)) : [...services];
  const [shown, onNodes] = await Promise.all([
    tasksOf.length > 0 ? read.tasks({ ...engineTaskFilters(filter), service: [...tasksOf] }) : undefined,
    onlyOnNodes.length > 0 ? read.tasks({ ...runFilters, node: [...nodes], service: onlyOnNodes }) : undefined,
  ]);
  const out: { shown?: EngineTask[]; onNodes?: EngineTask[] } = {};
  if (shown) out.shown = shown;
  if (services.length > 0) out.onNodes = [...(shared && shown ? shown.filter((t) => nodes.includes(t.NodeID ?? '')) : []), ...(onNodes ?? [])];
  return out;
}
