// Creates the two tree views over the store and wires them to it: what a view expands or
// collapses decides whose tasks each refresh reads, and whether either view is visible
// decides whether the swarm is watched at all.
import * as vscode from 'vscode';
import { NODES_VIEW, SERVICES_VIEW } from '../constants';
import { NodesProvider } from './nodesProvider';
import type { NodesTreeElement } from './nodesItems';
import { ServicesProvider } from './servicesProvider';
import type { ServicesTreeElement } from './servicesItems';
import type { SwarmStore } from './swarmStore';

export interface SwarmViews extends vscode.Disposable {
  readonly servicesTree: ServicesProvider;
  readonly nodesTree: NodesProvider;
  readonly servicesView: vscode.TreeView<ServicesTreeElement>;
  readonly nodesView: vscode.TreeView<NodesTreeElement>;
  /** Whether either view shows (only then is the swarm watched). */
  anyVisible(): boolean;
  /** Fires when either view is shown or hidden. */
  readonly onDidChangeVisibility: vscode.Event<void>;
  /** Redraws the Services view's rows (following logs, grouping by stack). */
  redraw(): void;
}

export function createSwarmViews(store: SwarmStore, isFollowing: (serviceId: string) => boolean, groupByStack: () => boolean): SwarmViews {
  const servicesTree = new ServicesProvider(store, isFollowing, groupByStack);
  const servicesView = vscode.window.createTreeView(SERVICES_VIEW, { treeDataProvider: servicesTree, showCollapseAll: true, canSelectMany: true });
  const nodesTree = new NodesProvider(store);
  const nodesView = vscode.window.createTreeView(NODES_VIEW, { treeDataProvider: nodesTree, showCollapseAll: true });
  const visibility = new vscode.EventEmitter<void>();
  const disposables: vscode.Disposable[] = [
    servicesTree,
    servicesView,
    nodesTree,
    nodesView,
    visibility,
    servicesView.onDidChangeVisibility(() => visibility.fire()),
    nodesView.onDidChangeVisibility(() => visibility.fire()),
    // Tasks are read for the services and nodes expanded: follow what the views expand.
    servicesView.onDidExpandElement((e) => e.element.kind === 'service' && store.setServiceExpanded(e.element.service.id, true)),
    servicesView.onDidCollapseElement((e) => e.element.kind === 'service' && store.setServiceExpanded(e.element.service.id, false)),
    nodesView.onDidExpandElement((e) => e.element.kind === 'node' && store.setNodeExpanded(e.element.node.id, true)),
    nodesView.onDidCollapseElement((e) => e.element.kind === 'node' && store.setNodeExpanded(e.element.node.id, false)),
  ];
  return {
    servicesTree,
    nodesTree,
    servicesView,
    nodesView,
    anyVisible: () => servicesView.visible || nodesView.visible,
    onDidChangeVisibility: visibility.event,
    redraw: () => servicesTree.redraw(),
    dispose: () => {
      for (const d of disposables.reverse()) d.dispose();
    },
  };
}
