// A snapshot and its model brought up to date with what a change's re-read returned, without
// reading or rebuilding the rest: the services read replace their old selves (in the name
// order a full build gives), those gone leave, and the tasks read replace those services' tasks.
// What the result must equal: the model a full snapshot read at the same moment would build.
import type { EngineNode, EngineService, EngineTask } from './engineTypes';
import { explainUnplacedTasks, withPlacement } from './placement';
import { modelFromSnapshot, type Snapshot } from './snapshot';
import { byService, nodeNames, summarizeService, summarizeTasks, type ServiceSummary, type SwarmModel, type TaskSummary } from './summaries';

export interface SnapshotPatch {
  /** Services read again (the Engine's counts already corrected as a snapshot's are). */
  services: readonly EngineService[];
  /** Services no longer there: removed by an event, or asked for and not found. */
  gone: readonly string[];
  /** Nodes read again (none added or removed, none whose state changed). */
  nodes?: readonly EngineNode[];
  /** The tasks now shown under these services (the view's filter). */
  shown?: { for: readonly string[]; tasks: readonly EngineTask[] };
  /**
   * The tasks of these services meant to run on the nodes the snapshot covers; when `nodes` is
   * given, only on those (a node covered since the read was asked keeps what it had).
   */
  onNodes?: { services: readonly string[]; tasks: readonly EngineTask[]; nodes?: readonly string[] };
}

export interface PatchResult {
  snapshot: Snapshot;
  model: SwarmModel;
  /** Services whose summary or shown tasks were replaced (still listed). */
  changed: string[];
  added: string[];
  removed: string[];
  /** Whether the nodes, or the tasks on them the snapshot covers, changed. */
  nodesChanged: boolean;
  /** Nodes were read: every service's placement and every task's row was built again. */
  rebuilt: boolean;
}

export function applyPatch(snapshot: Snapshot, model: SwarmModel, patch: SnapshotPatch): PatchResult {
  const gone = new Set(patch.gone);
  const read = new Map(patch.services.map((s) => [s.ID, s]));
  for (const id of read.keys()) gone.delete(id);
  const known = new Set(snapshot.services.map((s) => s.ID));
  const services = snapshot.services.filter((s) => !gone.has(s.ID)).map((s) => read.get(s.ID) ?? s);
  const added = patch.services.filter((s) => !known.has(s.ID));
  services.push(...added);
  const removed = snapshot.services.filter((s) => gone.has(s.ID)).map((s) => s.ID);
  const without = (tasks: readonly EngineTask[], of: Set<string>) => tasks.filter((t) => !of.has(t.ServiceID ?? ''));
  // A service read again whose tasks were not (collapsed since) keeps none: they would be stale.
  const shownNow = new Set(patch.shown?.for ?? []);
  const dropShown = new Set([...gone, ...[...read.keys()].filter((id) => !shownNow.has(id))]);
  const shownFor = snapshot.shownFor === 'all' ? 'all' : snapshot.shownFor.filter((id) => !dropShown.has(id) || shownNow.has(id));
  let shownTasks = dropShown.size > 0 || shownNow.size > 0 ? without(snapshot.shownTasks, new Set([...dropShown, ...shownNow])) : snapshot.shownTasks;
  if (patch.shown) {
    shownTasks = [...shownTasks, ...patch.shown.tasks];
    if (shownFor !== 'all') for (const id of patch.shown.for) if (!shownFor.includes(id)) shownFor.push(id);
  }
  let nodeTasks = gone.size > 0 ? without(snapshot.nodeTasks, gone) : snapshot.nodeTasks;
  if (patch.onNodes) {
    const covered = snapshot.nodeTasksFor === 'all' ? undefined : new Set(snapshot.nodeTasksFor);
    const read = patch.onNodes.nodes ? new Set(patch.onNodes.nodes) : undefined;
    const on = (t: EngineTask) => (!covered || covered.has(t.NodeID ?? '')) && (!read || read.has(t.NodeID ?? ''));
    const of = new Set(patch.onNodes.services);
    nodeTasks = [...nodeTasks.filter((t) => !of.has(t.ServiceID ?? '') || !on(t)), ...patch.onNodes.tasks.filter(on)];
  }
  const nodesRead = new Map((patch.nodes ?? []).map((n) => [n.ID, n]));
  const nodes = nodesRead.size > 0 ? snapshot.nodes.map((n) => nodesRead.get(n.ID) ?? n) : snapshot.nodes;
  const next: Snapshot = { ...snapshot, services, nodes, shownTasks, shownFor, nodeTasks };
  const nodesChanged = nodesRead.size > 0 || patch.onNodes !== undefined || nodeTasks.length !== snapshot.nodeTasks.length;
  const addedIds = added.map((s) => s.ID);
  if (nodesRead.size > 0) {
    // A node's labels, role or name reach every service's placement and every task's row:
    // build again from the snapshot (no request).
    const rebuilt = modelFromSnapshot(next);
    const row = (m: SwarmModel, id: string) => rowText(m.services.find((x) => x.id === id), m.tasksByService.get(id));
    const changed = [...read.keys()].filter((id) => known.has(id) && row(model, id) !== row(rebuilt, id));
    return { snapshot: next, model: rebuilt, changed, added: addedIds, removed, nodesChanged, rebuilt: true };
  }
  const summaries = model.services.filter((s) => !gone.has(s.id));
  const tasksByService = new Map(model.tasksByService);
  for (const id of gone) tasksByService.delete(id);
  const names = nodeNames(nodes);
  const shownBy = byService(patch.shown?.tasks ?? []);
  const changed: string[] = [];
  let unsorted = false;
  for (const s of patch.services) {
    const summary = withPlacement(summarizeService(s, undefined), s, nodes);
    const tasks = shownNow.has(s.ID) ? explainUnplacedTasks(summarizeTasks(shownBy.get(s.ID) ?? [], summary.name, names), s, nodes) : undefined;
    if (known.has(s.ID)) {
      const i = summaries.findIndex((x) => x.id === s.ID);
      const before = i === -1 ? undefined : summaries[i]!;
      // Read again and found as it was (a follow-up read, a change to another field): no row to redraw.
      const same = before && rowText(before, model.tasksByService.get(s.ID)) === rowText(summary, tasks);
      if (!same) changed.push(s.ID);
      if (before && !same) {
        if (before.name !== summary.name) unsorted = true;
        summaries[i] = summary;
      }
    } else {
      insertSorted(summaries, summary);
    }
    if (tasks) tasksByService.set(s.ID, tasks);
    // Not shown now (collapsed): what was read before is stale; an expansion reads it again.
    else tasksByService.delete(s.ID);
  }
  if (unsorted) summaries.sort(byName);
  return { snapshot: next, model: { services: summaries, tasksByService }, changed, added: addedIds, removed, nodesChanged, rebuilt: false };
}

/** What a service's row and the tasks under it show, to tell whether a re-read changed them. */
const rowText = (summary: ServiceSummary | undefined, tasks: readonly TaskSummary[] | undefined) => JSON.stringify([summary, tasks]);

const byName = (a: ServiceSummary, b: ServiceSummary) => a.name.localeCompare(b.name);

/** Where a full build's sort would put it (a binary search: the list is sorted by name). */
function insertSorted(list: ServiceSummary[], s: ServiceSummary): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byName(list[mid]!, s) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, s);
}


/** The snapshot with only these services' and nodes' tasks kept as shown (a scope that shrank while it was read). */
export function narrowScope(s: Snapshot, services: ReadonlySet<string>, nodes: ReadonlySet<string>): Snapshot {
  const out = { ...s };
  if (s.shownFor !== 'all' && s.shownFor.some((id) => !services.has(id))) {
    out.shownFor = s.shownFor.filter((id) => services.has(id));
    out.shownTasks = s.shownTasks.filter((t) => services.has(t.ServiceID ?? ''));
  }
  if (s.nodeTasksFor !== 'all' && s.nodeTasksFor.some((id) => !nodes.has(id))) {
    out.nodeTasksFor = s.nodeTasksFor.filter((id) => nodes.has(id));
    out.nodeTasks = s.nodeTasks.filter((t) => nodes.has(t.NodeID ?? ''));
  }
  return out;
}

/** The snapshot with these as the tasks shown under a service (read when it was expanded). */
export function withShownTasks(s: Snapshot, serviceId: string, tasks: readonly EngineTask[]): Snapshot {
  if (s.shownFor === 'all') return s;
  return { ...s, shownTasks: [...s.shownTasks.filter((t) => t.ServiceID !== serviceId), ...tasks], shownFor: [...s.shownFor.filter((id) => id !== serviceId), serviceId] };
}

/** The snapshot with these as the tasks meant to run on a node (read when it was expanded). */
export function withNodeTasks(s: Snapshot, nodeId: string, tasks: readonly EngineTask[]): Snapshot {
  if (s.nodeTasksFor === 'all') return s;
  return { ...s, nodeTasks: [...s.nodeTasks.filter((t) => t.NodeID !== nodeId), ...tasks], nodeTasksFor: [...s.nodeTasksFor.filter((id) => id !== nodeId), nodeId] };
}

/** The snapshot no longer covering a node's tasks (the Nodes view collapsed it). */
export function withoutNodeTasks(s: Snapshot, nodeId: string): Snapshot {
  if (s.nodeTasksFor === 'all' || !s.nodeTasksFor.includes(nodeId)) return s;
  return { ...s, nodeTasks: s.nodeTasks.filter((t) => t.NodeID !== nodeId), nodeTasksFor: s.nodeTasksFor.filter((id) => id !== nodeId) };
}
