// One refresh's reading of the swarm (services, nodes, the tasks the views show), and the
// tree model built from it. Plain Engine JSON: the Docker client fills it, the views read it.
import type { EngineNode, EngineService, EngineTask } from './engineTypes';
import { buildModel, type SwarmModel } from './summaries';

export interface Snapshot {
  services: EngineService[];
  /**
   * Every task meant to run (desired state running), when read: for a view that shows all
   * tasks (Nodes), or from an Engine whose service listing has no ServiceStatus to count with.
   */
  tasksToRun?: EngineTask[];
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

export function modelFromSnapshot(s: Snapshot): SwarmModel {
  return buildModel(s.services, s.tasksToRun, s.nodes, { tasks: s.shownTasks, for: s.shownFor });
}
