// The shape of one object view (Secrets, Configs or Networks) as plain data: its objects sorted
// by name, grouped by stack when the setting says so, and under each the services that use it
// (or a line saying none does). Elements are kept from one refresh to the next, so the view
// (which knows them by identity and id) keeps what was expanded. Free of the VS Code API so
// plain mocha can test it; objectsProvider.ts hands it to VS Code.
import type { FileUse, NetworkUse, SwarmConfig, SwarmNetwork, SwarmSecret, UsageIndex } from '../model/swarmObjects';
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
import type { ItemSpec } from './treeItem';

/** What the tree reads from the ObjectsStore. */
export interface ObjectsSource {
  readonly secrets: readonly SwarmSecret[];
  readonly configs: readonly SwarmConfig[];
  readonly networks: readonly SwarmNetwork[];
  usage(): UsageIndex;
}

export class ObjectsTree {
  private elements = new Map<string, ObjectElement>();
  private stacks = new Map<string, ObjectStackElement>();

  constructor(
    readonly kind: ObjectKind,
    private readonly objects: ObjectsSource,
    private readonly groupByStack: () => boolean = () => false,
    private readonly now: () => number = Date.now,
  ) {
    this.rebuild();
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

  /** Takes the objects (and the grouping setting) as they are now. */
  rebuild(): void {
    const list = this.current().sort((a, b) => objectOf(a).name.localeCompare(objectOf(b).name));
    const elements = new Map<string, ObjectElement>();
    for (const e of list) {
      // The element the view already knows, with the new data: identity keeps expansion.
      const known = this.elements.get(objectOf(e).id);
      elements.set(objectOf(e).id, known && known.kind === e.kind ? Object.assign(known, e) : e);
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

  private inStack(name: string): ObjectElement[] {
    return [...this.elements.values()].filter((e) => this.stackOf(e) === name);
  }

  /** The services using an object, in the order of the services listing. */
  uses(e: ObjectElement): readonly (FileUse | NetworkUse)[] {
    const index = this.objects.usage();
    const id = objectOf(e).id;
    return (e.kind === 'secret' ? index.secrets.get(id) : e.kind === 'config' ? index.configs.get(id) : index.networks.get(id)) ?? [];
  }

  item(element: ObjectsTreeElement): ItemSpec {
    switch (element.kind) {
      case 'objectStack':
        return objectStackItem(element, this.inStack(element.name).length);
      case 'secret':
        return secretItem(element.secret, this.uses(element).length, this.now());
      case 'config':
        return configItem(element.config, this.uses(element).length, this.now());
      case 'network':
        return networkItem(element.network, this.uses(element).length);
      case 'objectUse':
        return useItem(element);
      case 'objectInfo':
        return objectInfoItem(element);
    }
  }

  /** The top level: stacks first (when grouping), then the objects in none. */
  roots(): ObjectsTreeElement[] {
    return [...this.stacks.values(), ...[...this.elements.values()].filter((e) => !this.stackOf(e))];
  }

  children(element: ObjectsTreeElement): ObjectsTreeElement[] {
    if (element.kind === 'objectStack') return this.inStack(element.name);
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

  parent(element: ObjectsTreeElement): ObjectsTreeElement | undefined {
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
}
