// The Nodes view: the swarm's nodes and the tasks each runs, read from the store, so one
// refresh feeds both views. A node expanded between refreshes has its tasks read at once.
import * as vscode from 'vscode';
import { toSwarmError } from '../docker/errors';
import type { NodeEngines, RouteDetail } from '../nodeEngines/nodeEngines';
import { nodeInfoItem, nodeItem, nodeTaskItem, type NodesTreeElement } from './nodesItems';
import type { SwarmStore } from './swarmStore';
import { toTreeItem } from './treeItem';

export class NodesProvider implements vscode.TreeDataProvider<NodesTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<NodesTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  private endpoints: { engines: NodeEngines; subscription: { dispose(): void } } | undefined;

  constructor(private readonly store: SwarmStore) {
    // A service re-read alone changes nothing this view shows.
    this.subscription = store.onDidChange((e) => e.kind === 'refreshed' && this.changed.fire(undefined));
  }

  getTreeItem(element: NodesTreeElement): vscode.TreeItem {
    switch (element.kind) {
      case 'node':
        return toTreeItem(nodeItem(element.node, this.endpointOf(element.node.id)));
      case 'nodeInfo':
        return toTreeItem(nodeInfoItem(element.text, element.nodeId));
      case 'nodeTask':
        return toTreeItem(nodeTaskItem(element.task, element.nodeId));
    }
  }

  async getChildren(element?: NodesTreeElement): Promise<NodesTreeElement[]> {
    if (!element) return this.store.nodes.map((node) => ({ kind: 'node', node }));
    if (element.kind === 'node') {
      const nodeId = element.node.id;
      try {
        return (await this.store.tasksOnNode(nodeId)).map((task) => ({ kind: 'nodeTask', task, nodeId }));
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
