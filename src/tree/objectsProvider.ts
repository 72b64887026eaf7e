// One provider class for the Secrets, Configs and Networks views: the objects of its kind at
// the top level (grouped by stack when the Services view's setting says so), and under each
// the services that use it. Rows are rebuilt from the ObjectsStore on each change; elements
// are kept by ID so that expansion survives a refresh.
import * as vscode from 'vscode';
import type { FileUse, NetworkUse } from '../model/swarmObjects';
import {
  configItem,
  networkItem,
  objectInfoItem,
  objectOf,
  objectStackItem,
  secretItem,
  STACK_LABEL,
  useItem,
  type ObjectElement,
  type ObjectKind,
  type ObjectStackElement,
  type ObjectsTreeElement,
  type ObjectUseElement,
} from './objectsItems';
import type { ObjectsStore } from './objectsStore';
import type { SwarmStore } from './swarmStore';
import { toTreeItem } from './treeItem';

export class ObjectsProvider implements vscode.TreeDataProvider<ObjectsTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ObjectsTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private elements = new Map<string, ObjectElement>();
  private stacks = new Map<string, ObjectStackElement>();
  private readonly subscription: { dispose(): void };

  constructor(
    readonly kind: ObjectKind,
    private readonly objects: ObjectsStore,
    private readonly swarm: SwarmStore,
    private readonly groupByStack: () => boolean = () => false,
    private readonly now: () => number = Date.now,
  ) {
    this.subscription = objects.onDidChange(() => this.redraw());
    this.rebuild();
  }

  /** Rebuilds the rows from the store (and the grouping setting) and redraws the view. */
  redraw(): void {
    this.rebuild();
    this.changed.fire(undefined);
  }

  private current(): ObjectElement[] {
    switch (this.kind) {
      case 'secret':
        return this.objects.secrets.map((secret) => ({ kind: 'secret', secret }));
      case 'config':
        return this.objects.configs.map((config) => ({ kind: 'config', config }));
      case 'network':
        return this.objects.networks.map((network) => ({ kind: 'network', network }));
    }
  }

  private rebuild(): void {
    const list = this.current().sort((a, b) => objectOf(a).name.localeCompare(objectOf(b).name));
    const elements = new Map<string, ObjectElement>();
    for (const e of list) {
      // Keep the element the view already knows, with the new data (identity keeps expansion).
      const known = this.elements.get(objectOf(e).id);
      if (known && known.kind === e.kind) elements.set(objectOf(e).id, Object.assign(known, e));
      else elements.set(objectOf(e).id, e);
    }
    this.elements = elements;
    const names = this.groupByStack() ? [...new Set(list.map((e) => objectOf(e).labels[STACK_LABEL]).filter((s): s is string => !!s))].sort() : [];
    const stacks = new Map<string, ObjectStackElement>();
    for (const name of names) stacks.set(name, this.stacks.get(name) ?? { kind: 'objectStack', objectKind: this.kind, name });
    this.stacks = stacks;
  }

  private stackOf(e: ObjectElement): string | undefined {
    const name = objectOf(e).labels[STACK_LABEL];
    return name && this.stacks.has(name) ? name : undefined;
  }

  private uses(e: ObjectElement): readonly (FileUse | NetworkUse)[] {
    const index = this.objects.usage();
    const id = objectOf(e).id;
    return (e.kind === 'secret' ? index.secrets.get(id) : e.kind === 'config' ? index.configs.get(id) : index.networks.get(id)) ?? [];
  }

  getTreeItem(element: ObjectsTreeElement): vscode.TreeItem {
    switch (element.kind) {
      case 'objectStack':
        return toTreeItem(objectStackItem(element, [...this.elements.values()].filter((e) => this.stackOf(e) === element.name).length));
      case 'secret':
        return toTreeItem(secretItem(element.secret, this.uses(element).length, this.now()));
      case 'config':
        return toTreeItem(configItem(element.config, this.uses(element).length, this.now()));
      case 'network':
        return toTreeItem(networkItem(element.network, this.uses(element).length));
      case 'objectUse':
        return toTreeItem(useItem(element));
      case 'objectInfo':
        return toTreeItem(objectInfoItem(element));
    }
  }

  async getChildren(element?: ObjectsTreeElement): Promise<ObjectsTreeElement[]> {
    if (!element) {
      if (!this.objects.loaded(this.kind)) {
        this.objects.setVisible(this.kind, true);
        await this.objects.refresh();
        this.rebuild();
      }
      await this.swarm.ensureLoaded();
      const all = [...this.elements.values()];
      return [...this.stacks.values(), ...all.filter((e) => !this.stackOf(e))];
    }
    if (element.kind === 'objectStack') return [...this.elements.values()].filter((e) => this.stackOf(e) === element.name);
    if (element.kind === 'secret' || element.kind === 'config' || element.kind === 'network') {
      const id = objectOf(element).id;
      const uses = this.uses(element);
      if (uses.length === 0) {
        const text = element.kind === 'network' ? 'No service is attached' : 'No service uses it';
        return [{ kind: 'objectInfo', objectKind: this.kind, objectId: id, text }];
      }
      return uses.map((use): ObjectUseElement => ({ kind: 'objectUse', objectKind: this.kind, objectId: id, use }));
    }
    return [];
  }

  getParent(element: ObjectsTreeElement): ObjectsTreeElement | undefined {
    if (element.kind === 'objectUse' || element.kind === 'objectInfo') return this.elements.get(element.objectId);
    if (element.kind === 'secret' || element.kind === 'config' || element.kind === 'network') {
      const stack = this.stackOf(element);
      return stack ? this.stacks.get(stack) : undefined;
    }
    return undefined;
  }

  /** The object rows as the view shows them now. */
  items(): ObjectElement[] {
    return [...this.elements.values()];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
