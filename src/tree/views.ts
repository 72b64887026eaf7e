// Creates the five tree views over the two stores and wires them to them: what a view expands
// or collapses decides whose tasks each refresh reads, which object views are visible decides
// which kinds each refresh lists, and whether any view is visible decides whether the swarm is
// watched at all.
import * as vscode from 'vscode';
import { CONFIGS_VIEW, NETWORKS_VIEW, NODES_VIEW, SECRETS_VIEW, SERVICES_VIEW } from '../constants';
import { NodesProvider } from './nodesProvider';
import type { NodesTreeElement } from './nodesItems';
import { listingMessage, type ObjectKind, type ObjectsTreeElement } from './objectsItems';
import { ObjectsProvider } from './objectsProvider';
import type { ObjectsStore } from './objectsStore';
import { ServicesProvider } from './servicesProvider';
import type { ServicesTreeElement } from './servicesItems';
import type { SwarmStore } from './swarmStore';

export interface SwarmViews extends vscode.Disposable {
  readonly servicesTree: ServicesProvider;
  readonly nodesTree: NodesProvider;
  readonly servicesView: vscode.TreeView<ServicesTreeElement>;
  readonly nodesView: vscode.TreeView<NodesTreeElement>;
  /** The Secrets, Configs and Networks views, by kind. */
  readonly objectTrees: Record<ObjectKind, ObjectsProvider>;
  readonly objectViews: Record<ObjectKind, vscode.TreeView<ObjectsTreeElement>>;
  /** Whether any view shows (only then is the swarm watched). */
  anyVisible(): boolean;
  /** Fires when any view is shown or hidden. */
  readonly onDidChangeVisibility: vscode.Event<void>;
  /** Redraws the views' rows (following logs, grouping by stack). */
  redraw(): void;
}

export function createSwarmViews(
  store: SwarmStore,
  objects: ObjectsStore,
  isFollowing: (serviceId: string) => boolean,
  groupByStack: () => boolean,
): SwarmViews {
  const servicesTree = new ServicesProvider(store, isFollowing, groupByStack);
  const servicesView = vscode.window.createTreeView(SERVICES_VIEW, { treeDataProvider: servicesTree, showCollapseAll: true, canSelectMany: true });
  const nodesTree = new NodesProvider(store);
  const nodesView = vscode.window.createTreeView(NODES_VIEW, { treeDataProvider: nodesTree, showCollapseAll: true });
  const visibility = new vscode.EventEmitter<void>();
  const viewIds: Record<ObjectKind, string> = { secret: SECRETS_VIEW, config: CONFIGS_VIEW, network: NETWORKS_VIEW };
  const objectTrees = {} as Record<ObjectKind, ObjectsProvider>;
  const objectViews = {} as Record<ObjectKind, vscode.TreeView<ObjectsTreeElement>>;
  const objectDisposables: vscode.Disposable[] = [];
  for (const kind of ['secret', 'config', 'network'] as const) {
    const tree = new ObjectsProvider(kind, objects, store, groupByStack);
    const view = vscode.window.createTreeView(viewIds[kind], { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
    objectTrees[kind] = tree;
    objectViews[kind] = view;
    objectDisposables.push(
      tree,
      view,
      // Each kind is listed only while its view shows.
      view.onDidChangeVisibility((e) => {
        objects.setVisible(kind, e.visible);
        tree.setShown(e.visible);
        visibility.fire();
      }),
    );
    objects.setVisible(kind, view.visible);
    tree.setShown(view.visible);
  }
  // A failed listing is said on the view: an empty list alone would read as "no secrets".
  const showErrors = () => {
    for (const [kind, view] of Object.entries(objectViews) as [ObjectKind, vscode.TreeView<ObjectsTreeElement>][]) {
      // Set only when it changes: each setting re-lays out the pane in the workbench.
      const message = listingMessage(kind, objects.errorOf(kind), store.state === 'ok');
      if (view.message !== message) view.message = message;
    }
  };
  objectDisposables.push(objects.onDidChange(showErrors));
  const disposables: vscode.Disposable[] = [
    ...objectDisposables,
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
    objectTrees,
    objectViews,
    anyVisible: () => servicesView.visible || nodesView.visible || Object.values(objectViews).some((v) => v.visible),
    onDidChangeVisibility: visibility.event,
    redraw: () => {
      servicesTree.redraw();
      for (const tree of Object.values(objectTrees)) tree.redraw();
    },
    dispose: () => {
      for (const d of disposables.reverse()) d.dispose();
    },
  };
}
