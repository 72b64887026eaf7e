// The Services view: services at the top level (grouped by stack when the setting says so)
// and their tasks beneath, read from the store. When the engine cannot be used the store
// lists nothing, so the view is empty and its welcome content explains why.
import * as vscode from 'vscode';
import { toSwarmError } from '../docker/errors';
import type { TaskSummary } from '../model/summaries';
import { describeTaskFilter, isDefaultTaskFilter } from '../model/taskFilter';
import { infoItem, serviceItem, stackItem, staleItem, taskItem, type RowStats, type ServiceElement, type ServicesTreeElement, type StackElement, type TaskElement } from './servicesItems';
import type { StoreChange, SwarmStore } from './swarmStore';
import { toTreeItem, type ItemSpec } from './treeItem';

export class ServicesProvider implements vscode.TreeDataProvider<ServicesTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ServicesTreeElement | ServicesTreeElement[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  // One element per service and per stack, kept from one refresh to the next rendering: the
  // view and getParent() recognise elements by identity.
  private serviceElements = new Map<string, ServiceElement>();
  private stackElements = new Map<string, StackElement>();
  /** The task elements last handed to the view, by task id: a row is redrawn by its element. */
  private taskElements = new Map<string, TaskElement>();
  private rowStats: RowStats | undefined;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly store: SwarmStore,
    private readonly isFollowing: (serviceId: string) => boolean = () => false,
    private readonly groupByStack: () => boolean = () => false,
  ) {
    this.subscription = store.onDidChange((e) => this.onStoreChange(e));
    this.rebuild();
  }

  private onStoreChange(e: StoreChange): void {
    // Everything read again, or nodes read (every row may show them): the whole tree.
    if (e.kind === 'refreshed' || e.everyRow) {
      this.rebuild();
      this.changed.fire(undefined);
      return;
    }
    this.patched(e.changed, e.added, e.removed);
  }

  /**
   * Only the rows that changed are redrawn (VS Code then re-renders those rows and, where
   * expanded, their children), with the same elements so expansion and selection stay. A
   * service that comes or goes changes the list it is in: its stack's, or the top level's.
   */
  private patched(changed: readonly string[], added: readonly string[], removed: readonly string[]): void {
    let whole = false;
    const grouped = this.groupByStack();
    /** The list a service is in: its stack's row when grouped, else the top level (''). */
    const listOf = (stack: string | undefined) => (grouped && stack ? stack : '');
    /** The stacks whose lists or counts changed ('' for the top level). */
    const lists = new Set<string>();
    const redraw = new Set<ServicesTreeElement>();
    for (const id of changed) {
      const element = this.serviceElements.get(id);
      const service = this.store.findService(id);
      if (!element || !service) {
        whole = true;
        continue;
      }
      const before = listOf(element.service.stack);
      const now = listOf(service.stack);
      if (before !== now) {
        lists.add(before);
        lists.add(now);
      } else if (now) {
        // The stack's row counts this service too: redraw from it (which redraws the service).
        lists.add(now);
      } else {
        redraw.add(element);
      }
      element.service = service;
    }
    for (const id of removed) {
      const element = this.serviceElements.get(id);
      if (!element) continue;
      this.serviceElements.delete(id);
      for (const [taskId, t] of this.taskElements) if (t.service.id === id) this.taskElements.delete(taskId);
      lists.add(listOf(element.service.stack));
    }
    for (const id of added) {
      const service = this.store.findService(id);
      if (!service) continue;
      this.serviceElements.set(id, { kind: 'service', service });
      lists.add(listOf(service.stack));
    }
    const stacksBefore = [...this.stackElements.keys()];
    this.regroup();
    // A stack that appeared or went is a row of the top level.
    if (stacksBefore.length !== this.stackElements.size || stacksBefore.some((k) => !this.stackElements.has(k))) whole = true;
    for (const name of lists) {
      const stack = name ? this.stackElements.get(name) : undefined;
      if (stack) redraw.add(stack);
      else whole = true; // the top level, or a service not grouped (setting off)
    }
    if (whole) this.changed.fire(undefined);
    else if (redraw.size > 0) this.changed.fire([...redraw]);
  }

  private rebuild(): void {
    this.taskElements = new Map();
    // The same element for the same service from one refresh to the next: an element the
    // view was given stays one it knows.
    const before = this.serviceElements;
    this.serviceElements = new Map(
      this.store.services.map((s) => {
        const element = before.get(s.id);
        if (!element) return [s.id, { kind: 'service', service: s }];
        element.service = s;
        return [s.id, element];
      }),
    );
    this.regroup();
  }

  private regroup(): void {
    const names = this.groupByStack() ? this.store.stacks() : [];
    const before = this.stackElements;
    this.stackElements = new Map(names.map((name) => [name, before.get(name) ?? { kind: 'stack', name }]));
  }

  /** Live stats for the rows (src/stats); undefined: none. */
  setRowStats(stats: RowStats | undefined): void {
    this.rowStats = stats;
  }

  /** Redraws these services' rows and, with them, their tasks' (live stats changed). */
  redrawServices(serviceIds: Iterable<string>): void {
    const elements = [...new Set(serviceIds)].map((id) => this.serviceElements.get(id)).filter((e): e is ServiceElement => !!e);
    if (elements.length > 0) this.changed.fire(elements);
  }

  /** Redraws these tasks' rows, where shown. */
  redrawTasks(taskIds: Iterable<string>): void {
    const elements = [...new Set(taskIds)].map((id) => this.taskElements.get(id)).filter((e): e is TaskElement => !!e);
    if (elements.length > 0) this.changed.fire(elements);
  }

  /** Redraws the items (e.g. when a facet such as "following logs" or grouping changed). */
  redraw(): void {
    this.regroup();
    this.changed.fire(undefined);
  }

  getTreeItem(element: ServicesTreeElement): vscode.TreeItem {
    const item = this.itemOf(element);
    const since = this.store.readState.staleSince;
    return toTreeItem(since === undefined || element.kind === 'info' ? item : staleItem(item, since));
  }

  private itemOf(element: ServicesTreeElement): ItemSpec {
    switch (element.kind) {
      case 'stack':
        return stackItem(element.name, this.store.servicesInStack(element.name));
      case 'service': {
        const id = element.service.id;
        const stats = this.rowStats?.shownFor(id) ? { shown: true, text: this.rowStats.serviceText(id) } : undefined;
        return serviceItem(element.service, this.isFollowing(id), stats);
      }
      case 'info':
        return infoItem(element.text, element.service.id);
      case 'task':
        return taskItem(element.task, this.rowStats?.taskText(element.task));
    }
  }

  async getChildren(element?: ServicesTreeElement): Promise<ServicesTreeElement[]> {
    if (!element) {
      await this.store.ensureLoaded();
      const grouped = [...this.stackElements.values()];
      // In the store's order (by name): a service added by a change joins the map at its end.
      const ungrouped = this.store.services.map((s) => this.serviceElements.get(s.id)).filter((n): n is ServiceElement => !!n && !(n.service.stack && this.stackElements.has(n.service.stack)));
      return [...grouped, ...ungrouped];
    }
    if (element.kind === 'stack') {
      return this.store.servicesInStack(element.name).map((s) => this.serviceElements.get(s.id)).filter((n): n is ServiceElement => !!n);
    }
    if (element.kind === 'service') {
      const service = element.service;
      let tasks: readonly TaskSummary[];
      try {
        tasks = await this.store.tasksOfService(service);
      } catch (e) {
        return [{ kind: 'info', text: `Tasks could not be read: ${toSwarmError(e).message}`, service }];
      }
      if (tasks.length === 0) {
        // Say so rather than show an expanded item with nothing under it.
        const filter = this.store.taskFilter;
        const job = service.mode === 'replicated-job' || service.mode === 'global-job';
        const text = !isDefaultTaskFilter(filter)
          ? `No tasks match the filter (${describeTaskFilter(filter)})`
          : job ? 'No tasks running (finished ones show with Show Task History)' : 'No tasks running or meant to run';
        return [{ kind: 'info', text, service }];
      }
      const elements = tasks.map((task): TaskElement => ({ kind: 'task', task, service }));
      // Those it showed before go: tasks come and go with each change, and this map must not grow with them.
      for (const [id, e] of this.taskElements) if (e.service.id === service.id) this.taskElements.delete(id);
      for (const e of elements) this.taskElements.set(e.task.id, e);
      return elements;
    }
    return [];
  }

  getParent(element: ServicesTreeElement): ServicesTreeElement | undefined {
    if (element.kind === 'task' || element.kind === 'info') return this.serviceElements.get(element.service.id);
    if (element.kind === 'service' && element.service.stack) return this.stackElements.get(element.service.stack);
    return undefined;
  }

  /** Every service element, grouped or not. */
  serviceItems(): ServiceElement[] {
    return [...this.serviceElements.values()];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
