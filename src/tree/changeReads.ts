// One round of a change's re-read for the SwarmStore: what to ask the engine given what the
// views show, and the snapshot and model patched with the answer. Whenever a part cannot be
// read alone it says so, and the store reads everything instead.
import type { ChangeRequest } from '../docker/changePlan';
import { MAX_IDS_PER_FILTER } from '../docker/snapshotPlan';
import type { SwarmClient } from '../docker/swarmClient';
import type { ChangeSet } from '../model/changes';
import type { EngineService, EngineTask } from '../model/engineTypes';
import type { Snapshot } from '../model/snapshot';
import { applyPatch, type PatchResult } from '../model/snapshotPatch';
import type { SwarmModel } from '../model/summaries';
import type { TaskFilter } from '../model/taskFilter';

export interface ReadScope {
  /**
   * The snapshot and model now: asked again once the engine answered, since an expansion
   * meanwhile (tasksOfService, tasksOnNode) adds to them, and the patch must keep what it added.
   */
  now(): { snapshot: Snapshot | undefined; model: SwarmModel | undefined };
  /** Services whose tasks the Services view shows, nodes whose tasks the Nodes view shows. */
  expandedServices: ReadonlySet<string>;
  expandedNodes: ReadonlySet<string>;
  filter: TaskFilter;
}

export interface ChangeRound {
  result: PatchResult;
  /** The tasks whose state the changes asked for, as the manager records it. */
  tasks: readonly EngineTask[];
  /** The services asked for that still exist, and as they were read. */
  found: ReadonlySet<string>;
  services: readonly EngineService[];
}

/** Reads what `c` names and patches the scope's snapshot with it; 'everything' when that cannot be done alone. */
export async function readChangeRound(client: () => SwarmClient, c: ChangeSet, scope: ReadScope): Promise<ChangeRound | 'everything'> {
  const { snapshot: s, model: m } = scope.now();
  // Everything is read again: when asked, before a first read or after a failed one, for an
  // engine that does not count tasks (tasksToRun), when a node goes, and for changes too many
  // to name in one request.
  if (c.everything || !s || !m || s.tasksToRun || s.shownFor === 'all' || c.removedNodes.size > 0 || c.services.size + c.nodes.size > MAX_IDS_PER_FILTER) {
    return 'everything';
  }
  const ids = [...c.services];
  const request: ChangeRequest = {
    services: ids,
    nodes: [...c.nodes],
    tasksOf: ids.filter((id) => scope.expandedServices.has(id)),
    onNodes: ids.length > 0 ? [...scope.expandedNodes] : [],
    tasks: [...c.expectations.keys()],
    knownNodes: s.nodes,
  };
  let reading;
  try {
    reading = await client().readChanges(scope.filter, request);
  } catch {
    // No client for the endpoint, a service gone between two reads, the engine gone: a full
    // read says what is true, and how the engine fails.
    return 'everything';
  }
  // A node that is new, gone, renamed or changed state moves counts and placements everywhere.
  if (reading.nodes.length !== c.nodes.size) return 'everything';
  for (const n of reading.nodes) {
    const before = s.nodes.find((x) => x.ID === n.ID);
    // Its spec too (availability, role, labels): tasks move or become placeable with no event here.
    if (!before || before.Status?.State !== n.Status?.State || before.Description?.Hostname !== n.Description?.Hostname || JSON.stringify(before.Spec) !== JSON.stringify(n.Spec)) return 'everything';
  }
  const { snapshot: now, model } = scope.now();
  if (!now || !model) return 'everything';
  const found = new Set(reading.services.map((x) => x.ID));
  const result = applyPatch(now, model, {
    services: reading.services,
    gone: [...c.removedServices, ...ids.filter((id) => !found.has(id))],
    ...(reading.nodes.length > 0 ? { nodes: reading.nodes } : {}),
    ...(reading.shown ? { shown: reading.shown } : {}),
    ...(reading.onNodes ? { onNodes: { ...reading.onNodes, nodes: request.onNodes } } : {}),
  });
  return { result, tasks: reading.tasks, found, services: reading.services };
}
