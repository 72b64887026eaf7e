// The Nodes view: the swarm's nodes and the tasks each runs, read from the store, so one
// refresh feeds both views. A node expanded between refreshes has its tasks read at once.
import * as vscode from 'vscode';
import { toSwarmError } from '../docker/errors';
import type { NodeEngines, RouteDetail } from '../nodeEngines/nodeEngines';
import { nodeInfoItem, nodeItem, nodeTaskItem, type NodeElement, type NodesTreeElement, type NodeTaskElement } from './nodesItems';
import { staleItem, type RowStats } from './servicesItems';
import type { SwarmStore } from './swarmStore';
import { toTreeItem, type ItemSpec } from './treeItem';

export class NodesProvider implements vscode.TreeDataProvider<NodesTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NodesTreeElement | NodesTreeElement[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  /** The task elements last handed to the view, by task id (a task shows under one node). */
  private taskElements = new Map<string, NodeTaskElement>();
  private nodeElements = new Map<string, NodeElement>();
  private rowStats: RowStats | undefined;
  private endpoints: { engines: NodeEngines; subscription: { dispose(): void } } | undefined;

  constructor(private readonly store: SwarmStore) {
    // A change's re-read changes this view only when it touched the nodes or the tasks on them.
    this.subscription = store.onDidChange((e) => {
      if (e.kind === 'patched' && !e.nodes) return;
      if (e.kind === 'patched' && !e.everyRow) {
        // Only the tasks on the nodes it shows tasks of can have changed: redraw those rows.
        const expanded = this.store.expandedNodeIds().map((id) => this.nodeElements.get(id)).filter((n): n is NodeElement => !!n);
        for (const n of expanded) n.node = this.store.findNode(n.node.id) ?? n.node;
        if (expanded.length > 0) this.changed.fire(expanded);
        return;
      }
      this.taskElements = new Map();
      this.changed.fire(undefined);
    });
  }

  /** Live stats for the task rows (src/stats): those the Services view has read show here too. */
  setRowStats(stats: RowStats | undefined): void {
    this.rowStats = stats;
  }

  /** Redraws these tasks' rows, where shown. */
  redrawTasks(taskIds: Iterable<string>): void {
    const elements = [...new Set(taskIds)].map((id) => this.taskElements.get(id)).filter((e): e is NodeTaskElement => !!e);
    if (elements.length > 0) this.changed.fire(elements);
  }

  getTreeItem(element: NodesTreeElement): vscode.TreeItem {
    const item = this.itemOf(element);
    const since = this.store.readState.staleSince;
    // Kept from the last read while the swarm has no leader: the nodes' states may be long gone.
    return toTreeItem(since === undefined || element.kind === 'nodeInfo' ? item : staleItem(item, since));
  }

  private itemOf(element: NodesTreeElement): ItemSpec {
    switch (element.kind) {
      case 'node':
        return nodeItem(element.node, this.store.knownTasksOn(element.node.id), this.endpointOf(element.node.id));
      case 'nodeInfo':
        return nodeInfoItem(element.text, element.nodeId);
      case 'nodeTask':
        return nodeTaskItem(element.task, element.nodeId, this.rowStats?.taskText(element.task));
    }
  }

  async getChildren(element?: NodesTreeElement): Promise<NodesTreeElement[]> {
    if (!element) {
      // The same element for the same node from one refresh to the next, so a row can be redrawn alone.
      const before = this.nodeElements;
      this.nodeElements = new Map(
        this.store.nodes.map((node) => {
          const e = before.get(node.id) ?? { kind: 'node', node };
          e.node = node;
          return [node.id, e];
        }),
      );
      return [...this.nodeElements.values()];
    }
    if (element.kind === 'node') {
      const nodeId = element.node.id;
      try {
        const counted = this.store.knownTasksOn(nodeId) !== undefined;
        const elements = (await this.store.tasksOnNode(nodeId)).map((task): NodeTaskElement => ({ kind: 'nodeTask', task, nodeId }));
        // Those it showed before go: tasks come and go, and this map must not grow with them.
        for (const [id, e] of this.taskElements) if (e.nodeId === nodeId) this.taskElements.delete(id);
        for (const e of elements) this.taskElements.set(e.task.id, e);
        // Its tooltip sums its tasks' reservations: now that they are read, draw it again.
        if (!counted && this.store.knownTasksOn(nodeId) !== undefined) this.changed.fire(element);
        return elements;
      } catch (e) {
        return [{ kind: 'nodeInfo', text: `Tasks could not be read: ${toSwarmError(e).message}`, nodeId }];
      }
    }
    return [];
  }

  /** Shows on each node whether its engine can be reached (for a task's shell and stats), redrawn as that changes. */
  showEndpoints(engines: NodeEngines): void {
    this.endpoints?.subscription.dispose();
    this.endpoints = { engines, subscription: engines.onDidChange(() => this.changed.fire(undefined)) };
    this.changed.fire(undefined);
  }

  private endpointOf(nodeId: string): RouteDetail | undefined {
    const engines = this.endpoints?.engines;
    if (!engines) return undefined;
    return engines.routeDetail?.(nodeId) ?? { route: engines.routeOf(nodeId), searching: false };
  }

  dispose(): void {
    this.endpoints?.subscription.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
