// Swarm nodes as the Nodes view shows them, and the tasks each one runs.
import type { EngineNode, EngineService, EngineTask } from './engineTypes';
import { compareTasks, nodeNames, shortId, summarizeTask, type TaskSummary } from './summaries';

export type Availability = 'active' | 'pause' | 'drain';

export interface NodeSummary {
  id: string;
  hostname: string;
  role: string;
  availability: string;
  state: string;
  engineVersion?: string;
  address?: string;
  /** Manager nodes: reachable / unreachable. */
  reachability?: string;
  leader: boolean;
  version: number;
  labels: Record<string, string>;
  /** Description.Resources: the CPUs (in billionths) and memory the node offers the scheduler. */
  nanoCpus?: number;
  memoryBytes?: number;
}

export function summarizeNode(n: EngineNode): NodeSummary {
  const raw = n as EngineNode & { Version?: { Index?: number }; Description?: { Engine?: { EngineVersion?: string } }; Spec?: { Labels?: Record<string, string> } };
  const s: NodeSummary = {
    id: n.ID,
    hostname: n.Description?.Hostname ?? shortId(n.ID),
    role: n.Spec?.Role ?? 'worker',
    availability: n.Spec?.Availability ?? 'active',
    state: n.Status?.State ?? 'unknown',
    leader: n.ManagerStatus?.Leader === true,
    version: raw.Version?.Index ?? 0,
    labels: { ...(raw.Spec?.Labels ?? {}) },
  };
  const engine = raw.Description?.Engine?.EngineVersion;
  if (engine) s.engineVersion = engine;
  if (n.Status?.Addr) s.address = n.Status.Addr;
  if (n.ManagerStatus?.Reachability) s.reachability = n.ManagerStatus.Reachability;
  const resources = n.Description?.Resources;
  if (resources?.NanoCPUs) s.nanoCpus = resources.NanoCPUs;
  if (resources?.MemoryBytes) s.memoryBytes = resources.MemoryBytes;
  return s;
}

export interface NodesModel {
  nodes: NodeSummary[];
  tasksByNode: Map<string, TaskSummary[]>;
}

/** Nodes (managers first, then by hostname) with the tasks they run, named by their service. */
export function buildNodesModel(nodes: readonly EngineNode[], services: readonly EngineService[], tasks: readonly EngineTask[]): NodesModel {
  const names = nodeNames(nodes);
  const serviceNames = new Map(services.map((s) => [s.ID, s.Spec?.Name ?? shortId(s.ID)]));
  const tasksByNode = new Map<string, TaskSummary[]>();
  for (const t of tasks) {
    if (!t.NodeID) continue;
    let list = tasksByNode.get(t.NodeID);
    if (!list) tasksByNode.set(t.NodeID, (list = []));
    list.push(summarizeTask(t, serviceNames.get(t.ServiceID ?? '') ?? shortId(t.ServiceID ?? ''), names));
  }
  for (const list of tasksByNode.values()) list.sort((a, b) => a.name.localeCompare(b.name) || compareTasks(a, b));
  const summaries = nodes.map(summarizeNode).sort((a, b) => (a.role === b.role ? a.hostname.localeCompare(b.hostname) : a.role === 'manager' ? -1 : 1));
  return { nodes: summaries, tasksByNode };
}

export function nodeDescription(n: NodeSummary): string {
  const role = n.role === 'manager' ? (n.leader ? 'manager (leader)' : `manager${n.reachability && n.reachability !== 'reachable' ? ` (${n.reachability})` : ''}`) : 'worker';
  return [role, n.availability, n.state, n.engineVersion ? `engine ${n.engineVersion}` : ''].filter(Boolean).join(' · ');
}
