// The Nodes view: the swarm's nodes and the tasks each runs. It is rebuilt from the Services
// view's snapshot, so one refresh feeds both views: the nodes, and the tasks of the nodes
// expanded here. A node expanded between refreshes has its tasks read at once.
import * as vscode from 'vscode';
import { buildNodesModel, nodeDescription, type NodeSummary, type NodesModel } from '../model/nodeSummaries';
import type { TaskSummary } from '../model/summaries';
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import { taskDescription, taskIcon, taskTooltip } from './nodes';
import type { ServicesProvider } from './servicesProvider';

export interface SwarmNodeItem {
  kind: 'node';
  node: NodeSummary;
}

export interface NodeTaskItem {
  kind: 'nodeTask';
  task: TaskSummary;
  nodeId: string;
}

/** A line of text under a node whose tasks cannot be shown. */
export interface NodeInfoItem {
  kind: 'nodeInfo';
  text: string;
  nodeId: string;
}

export type NodesViewItem = SwarmNodeItem | NodeTaskItem | NodeInfoItem;

export function nodeContextValue(n: NodeSummary): string {
  return `node:${n.role}:${n.availability}`;
}

export function nodeTooltip(n: NodeSummary): string {
  const lines = [n.hostname, `ID: ${n.id}`, `Role: ${n.role}${n.leader ? ' (leader)' : ''}`, `Availability: ${n.availability}`, `State: ${n.state}`];
  if (n.reachability) lines.push(`Manager: ${n.reachability}`);
  if (n.address) lines.push(`Address: ${n.address}`);
  if (n.engineVersion) lines.push(`Engine: ${n.engineVersion}`);
  const labels = Object.entries(n.labels);
  if (labels.length) lines.push('Labels:', ...labels.map(([k, v]) => `  ${k}=${v}`));
  return lines.join('\n');
}

export class NodesProvider implements vscode.TreeDataProvider<NodesViewItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NodesViewItem | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private model: NodesModel | undefined;
  /** Nodes whose tasks the model holds ('all' when the snapshot read every task). */
  private covered: 'all' | Set<string> = new Set();
  /** Nodes expanded in the view: their tasks are read with every refresh. */
  private readonly expanded = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: ServicesProvider, private readonly client: () => SwarmClient) {
    services.nodeScope = () => [...this.expanded];
    this.subscription = services.onDidRefresh(() => this.rebuild());
    this.rebuild();
  }

  private rebuild(): void {
    const s = this.services.snapshot;
    this.model = s ? buildNodesModel(s.nodes, s.services, s.nodeTasks) : undefined;
    this.covered = s ? (s.nodeTasksFor === 'all' ? 'all' : new Set(s.nodeTasksFor)) : new Set();
    if (s) for (const id of this.expanded) if (!s.nodes.some((n) => n.ID === id)) this.expanded.delete(id);
    this.changed.fire(undefined);
  }

  /** The view expanded or collapsed a node: its tasks are read with each refresh, or not. */
  setExpanded(nodeId: string, expanded: boolean): void {
    if (expanded) this.expanded.add(nodeId);
    else this.expanded.delete(nodeId);
  }

  /** The tasks meant to run on a node, read now if the last refresh did not. */
  private async tasksOn(nodeId: string): Promise<readonly TaskSummary[]> {
    this.expanded.add(nodeId);
    const model = this.model;
    const s = this.services.snapshot;
    if (!model || !s) return [];
    if (this.covered === 'all' || this.covered.has(nodeId)) return model.tasksByNode.get(nodeId) ?? [];
    const raw = await this.client().runningTasksOn([nodeId]);
    const tasks = buildNodesModel(s.nodes, s.services, raw).tasksByNode.get(nodeId) ?? [];
    // Unless a refresh replaced the model meanwhile (it read this node's tasks too).
    if (this.model === model && this.covered instanceof Set) {
      model.tasksByNode.set(nodeId, tasks);
      this.covered.add(nodeId);
    }
    return tasks;
  }

  get nodes(): readonly NodeSummary[] {
    return this.model?.nodes ?? [];
  }

  getTreeItem(item: NodesViewItem): vscode.TreeItem {
    if (item.kind === 'node') {
      const n = item.node;
      const t = new vscode.TreeItem(n.hostname, vscode.TreeItemCollapsibleState.Collapsed);
      t.id = `node:${n.id}`;
      t.description = nodeDescription(n);
      t.tooltip = nodeTooltip(n);
      t.contextValue = nodeContextValue(n);
      const down = n.state !== 'ready';
      t.iconPath = new vscode.ThemeIcon(
        down ? 'vm-outline' : n.availability === 'active' ? 'vm-active' : 'vm',
        new vscode.ThemeColor(down ? 'list.errorForeground' : n.availability === 'active' ? 'testing.iconPassed' : 'list.warningForeground'),
      );
      return t;
    }
    if (item.kind === 'nodeInfo') {
      const t = new vscode.TreeItem(item.text, vscode.TreeItemCollapsibleState.None);
      t.id = `node:${item.nodeId}:info`;
      t.contextValue = 'info';
      return t;
    }
    const t = new vscode.TreeItem(item.task.name, vscode.TreeItemCollapsibleState.None);
    t.id = `node:${item.nodeId}:task:${item.task.id}`;
    t.description = taskDescription({ ...item.task, nodeName: undefined } as TaskSummary);
    t.tooltip = taskTooltip(item.task);
    t.contextValue = `nodeTask:${item.task.state}`;
    t.iconPath = taskIcon(item.task.state);
    return t;
  }

  async getChildren(item?: NodesViewItem): Promise<NodesViewItem[]> {
    if (!item) return (this.model?.nodes ?? []).map((node) => ({ kind: 'node', node }));
    if (item.kind === 'node') {
      const nodeId = item.node.id;
      try {
        return (await this.tasksOn(nodeId)).map((task) => ({ kind: 'nodeTask', task, nodeId }));
      } catch (e) {
        return [{ kind: 'nodeInfo', text: `Tasks could not be read: ${toSwarmError(e).message}`, nodeId }];
      }
    }
    return [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
