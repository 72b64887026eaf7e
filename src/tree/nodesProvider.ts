// The Nodes view: the swarm's nodes and the tasks each runs. It has no Engine calls of its
// own: it is rebuilt from the Services view's snapshot, so one refresh feeds both views.
import * as vscode from 'vscode';
import { buildNodesModel, nodeDescription, type NodeSummary, type NodesModel } from '../model/nodeSummaries';
import type { TaskSummary } from '../model/summaries';
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

export type NodesViewItem = SwarmNodeItem | NodeTaskItem;

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
  private readonly subscription: vscode.Disposable;

  constructor(private readonly services: ServicesProvider) {
    this.subscription = services.onDidRefresh(() => this.rebuild());
    this.rebuild();
  }

  private rebuild(): void {
    const s = this.services.snapshot;
    this.model = s ? buildNodesModel(s.nodes, s.services, s.runningTasks ?? []) : undefined;
    this.changed.fire(undefined);
  }

  get nodes(): readonly NodeSummary[] {
    return this.model?.nodes ?? [];
  }

  tasksOn(nodeId: string): readonly TaskSummary[] {
    return this.model?.tasksByNode.get(nodeId) ?? [];
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
    const t = new vscode.TreeItem(item.task.name, vscode.TreeItemCollapsibleState.None);
    t.id = `node:${item.nodeId}:task:${item.task.id}`;
    t.description = taskDescription({ ...item.task, nodeName: undefined } as TaskSummary);
    t.tooltip = taskTooltip(item.task);
    t.contextValue = `nodeTask:${item.task.state}`;
    t.iconPath = taskIcon(item.task.state);
    return t;
  }

  async getChildren(item?: NodesViewItem): Promise<NodesViewItem[]> {
    // Shown: the Services view's refreshes read every task from now on (until hidden).
    if (!item) await this.services.wantAllTasks(true);
    if (!item) return (this.model?.nodes ?? []).map((node) => ({ kind: 'node', node }));
    if (item.kind === 'node') {
      return (this.model?.tasksByNode.get(item.node.id) ?? []).map((task) => ({ kind: 'nodeTask', task, nodeId: item.node.id }));
    }
    return [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
