// The Nodes tree's elements as plain data (the swarm's machines and the tasks each runs), and
// the mapping from each to the row VS Code shows. Engine text is only ever placed in
// plain-text fields.
import { nodeDescription, type NodeSummary } from '../model/nodeSummaries';
import type { TaskSummary } from '../model/summaries';
import type { RouteDetail } from '../nodeEngines/nodeEngines';
import { routeText } from '../nodeEngines/routes';
import { nodeResourceLines } from '../stats/nodeResources';
import { taskDescription, taskIcon, taskTooltip, withStats } from './servicesItems';
import type { ItemSpec } from './treeItem';

export interface NodeElement {
  kind: 'node';
  node: NodeSummary;
}

export interface NodeTaskElement {
  kind: 'nodeTask';
  task: TaskSummary;
  nodeId: string;
}

/** A line of text under a node whose tasks cannot be shown. */
export interface NodeInfoElement {
  kind: 'nodeInfo';
  text: string;
  nodeId: string;
}

export type NodesTreeElement = NodeElement | NodeTaskElement | NodeInfoElement;

export function nodeContextValue(n: NodeSummary): string {
  return `node:${n.role}:${n.availability}`;
}

/**
 * `tasks`: those meant to run on the node, when the last refresh read them (for its reservations);
 * `reach`: the line saying how a task's shell and stats reach the node's engine (before the labels, which may run long).
 */
export function nodeTooltip(n: NodeSummary, tasks?: readonly TaskSummary[], reach?: string): string {
  const lines = [n.hostname, `ID: ${n.id}`, `Role: ${n.role}${n.leader ? ' (leader)' : ''}`, `Availability: ${n.availability}`, `State: ${n.state}`];
  if (n.reachability) lines.push(`Manager: ${n.reachability}`);
  if (n.address) lines.push(`Address: ${n.address}`);
  if (n.engineVersion) lines.push(`Engine: ${n.engineVersion}`);
  if (reach) lines.push(reach);
  lines.push(...nodeResourceLines(n, tasks));
  const labels = Object.entries(n.labels);
  if (labels.length) lines.push('Labels:', ...labels.map(([k, v]) => `  ${k}=${v}`));
  return lines.join('\n');
}

/** Whether (and how) a task's shell and stats can reach the node's engine: a description part and a tooltip line. */
export function nodeEndpointText(n: NodeSummary, endpoint: RouteDetail): { short: string; tooltip: string } {
  return routeText(endpoint.problem ? { kind: 'invalid', message: endpoint.problem } : endpoint.route, n, endpoint.searching);
}

export function nodeItem(n: NodeSummary, tasks?: readonly TaskSummary[], endpoint?: RouteDetail): ItemSpec {
  const down = n.state !== 'ready';
  const reach = endpoint && nodeEndpointText(n, endpoint);
  return {
    label: n.hostname,
    id: `node:${n.id}`,
    collapsible: 'collapsed',
    description: reach ? `${nodeDescription(n)} · ${reach.short}` : nodeDescription(n),
    tooltip: nodeTooltip(n, tasks, reach?.tooltip),
    contextValue: nodeContextValue(n),
    icon: {
      id: down ? 'vm-outline' : n.availability === 'active' ? 'vm-active' : 'vm',
      color: down ? 'list.errorForeground' : n.availability === 'active' ? 'testing.iconPassed' : 'list.warningForeground',
    },
  };
}

/** The node is the row's parent, so the description leaves it out. */
export function nodeTaskItem(task: TaskSummary, nodeId: string, stats?: string): ItemSpec {
  return {
    label: task.name,
    id: `node:${nodeId}:task:${task.id}`,
    collapsible: 'none',
    description: withStats(taskDescription({ ...task, nodeName: undefined } as TaskSummary), stats),
    tooltip: taskTooltip(task),
    contextValue: `nodeTask:${task.state}`,
    icon: taskIcon(task.state),
  };
}

export function nodeInfoItem(text: string, nodeId: string): ItemSpec {
  return { label: text, id: `node:${nodeId}:info`, collapsible: 'none', contextValue: 'info' };
}
