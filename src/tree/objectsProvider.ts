// One provider class for the Secrets, Configs and Networks views: hands VS Code the rows of an
// ObjectsTree (objectsTree.ts: the objects of its kind, grouped by stack when the Services
// view's setting says so, and under each the services that use it), rebuilt from the
// ObjectsStore on each change.
import * as vscode from 'vscode';
import type { ObjectElement, ObjectKind, ObjectsTreeElement } from './objectsItems';
import type { ObjectsStore } from './objectsStore';
import { ObjectsTree } from './objectsTree';
import type { SwarmStore } from './swarmStore';
import { toTreeItem } from './treeItem';

export class ObjectsProvider implements vscode.TreeDataProvider<ObjectsTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ObjectsTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly tree: ObjectsTree;
  private readonly subscription: { dispose(): void };

  constructor(
    readonly kind: ObjectKind,
    private readonly objects: ObjectsStore,
    private readonly swarm: SwarmStore,
    groupByStack: () => boolean = () => false,
    now: () => number = Date.now,
  ) {
    this.tree = new ObjectsTree(kind, objects, groupByStack, now);
    this.subscription = objects.onDidChange(() => this.redraw());
  }

  /** Whether the view shows: a hidden (or collapsed) view is redrawn once it shows again, not on every refresh. */
  private shown = true;
  private stale = false;

  setShown(shown: boolean): void {
    this.shown = shown;
    if (shown && this.stale) this.redraw();
  }

  /** Rebuilds the rows from the store (and the grouping setting) and redraws the view if it shows. */
  redraw(): void {
    this.tree.rebuild();
    // Each redraw is a message to the workbench, which re-renders the pane: none while it is
    // hidden (every services refresh would otherwise redraw three collapsed views).
    this.stale = !this.shown;
    if (this.shown) this.changed.fire(undefined);
  }

  getTreeItem(element: ObjectsTreeElement): vscode.TreeItem {
    return toTreeItem(this.tree.item(element));
  }

  async getChildren(element?: ObjectsTreeElement): Promise<ObjectsTreeElement[]> {
    if (element) return this.tree.children(element);
    // The first rows, or the first since the view was hidden: wait for the listing rather than
    // show an empty (or stale) list that fills a moment later.
    await Promise.all([this.objects.ensureListed(this.kind), this.swarm.ensureLoaded()]);
    this.tree.rebuild();
    return this.tree.roots();
  }

  getParent(element: ObjectsTreeElement): ObjectsTreeElement | undefined {
    return this.tree.parent(element);
  }

  /** The object rows as the view shows them now. */
  items(): ObjectElement[] {
    return this.tree.items();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
