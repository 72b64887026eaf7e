// The Services view's data: one snapshot of the swarm per refresh (a constant number of
// Engine calls), services at the top level and their tasks beneath. Counts come with the
// services; tasks are read only for the services (and, for the Nodes view, the nodes)
// expanded. When the engine cannot be used, the view is emptied so its welcome content
// explains why.
import * as vscode from 'vscode';
import { ContextKeys } from '../constants';
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import { SwarmError } from '../model/errors';
import { modelFromSnapshot, type Snapshot } from '../model/snapshot';
import { summarizeService, summarizeTasks, nodeNames, type ServiceSummary, type SwarmModel, type TaskSummary } from '../model/summaries';
import { DEFAULT_TASK_FILTER, describeTaskFilter, isDefaultTaskFilter, type TaskFilter } from '../model/taskFilter';
import { toTreeItem, type ServiceNode, type StackNode, type SwarmNode, type TaskNode } from './nodes';

export type ConnectionState = 'loading' | 'ok' | SwarmError['kind'];

export class ServicesProvider implements vscode.TreeDataProvider<SwarmNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SwarmNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** Fires after every completed refresh, successful or not. */
  readonly onDidRefresh = this.refreshed.event;

  private model: SwarmModel | undefined;
  /** The Engine objects of the last refresh (the Nodes view is built from them too). */
  snapshot: Snapshot | undefined;
  private serviceNodes = new Map<string, ServiceNode>();
  private stackNodes = new Map<string, StackNode>();
  private filter: TaskFilter = { ...DEFAULT_TASK_FILTER };
  /** Services whose tasks the tree shows (expanded), read with every refresh. */
  private readonly expanded = new Set<string>();
  /** Nodes whose tasks the Nodes view shows (expanded), read with every refresh too. */
  nodeScope: () => readonly string[] = () => [];
  private inFlight: Promise<void> | undefined;
  private again = false;
  state: ConnectionState = 'loading';
  lastError: SwarmError | undefined;

  constructor(
    private readonly client: () => SwarmClient,
    private readonly log: vscode.LogOutputChannel,
    private readonly isFollowing: (serviceId: string) => boolean = () => false,
    private readonly groupByStack: () => boolean = () => false,
  ) {}

  get taskFilter(): TaskFilter {
    return { ...this.filter };
  }

  get services(): readonly ServiceSummary[] {
    return this.model?.services ?? [];
  }

  setTaskFilter(filter: TaskFilter): Promise<void> {
    this.filter = { ...filter };
    void vscode.commands.executeCommand('setContext', ContextKeys.taskFilterActive, !isDefaultTaskFilter(this.filter));
    void vscode.commands.executeCommand('setContext', ContextKeys.taskHistoryShown, this.filter['desired-state'] === undefined);
    return this.refresh();
  }

  describeFilter(): string | undefined {
    return isDefaultTaskFilter(this.filter) ? undefined : `tasks: ${describeTaskFilter(this.filter)}`;
  }

  /** Reloads the whole tree. Concurrent calls share one request; one more runs after it if asked meanwhile. */
  refresh(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      try {
        do {
          this.again = false;
          await this.load();
        } while (this.again);
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  private async load(): Promise<void> {
    try {
      const client = this.client();
      // No separate swarm check: an engine that is not a manager answers these listings with
      // an error that says so, which keeps a refresh at three requests.
      const snapshot = await client.snapshot(this.filter, { services: [...this.expanded], nodes: this.nodeScope() });
      const model = modelFromSnapshot(snapshot);
      this.snapshot = snapshot;
      this.model = model;
      const listed = new Set(model.services.map((s) => s.id));
      for (const id of this.expanded) if (!listed.has(id)) this.expanded.delete(id);
      this.serviceNodes = new Map(model.services.map((s) => [s.id, { kind: 'service', service: s }]));
      this.regroup();
      this.setState('ok', undefined);
    } catch (e) {
      const err = toSwarmError(e);
      if (this.state !== err.kind) this.log.warn(`Services view: ${err.message}${err.detail ? ` (${err.detail})` : ''}`);
      this.model = undefined;
      this.snapshot = undefined;
      this.serviceNodes.clear();
      this.stackNodes.clear();
      this.setState(err.kind, err);
    }
    this.changed.fire(undefined);
    this.refreshed.fire();
  }

  private setState(state: ConnectionState, error: SwarmError | undefined): void {
    this.lastError = error;
    if (this.state === state) return;
    this.state = state;
    void vscode.commands.executeCommand('setContext', ContextKeys.connection, state);
  }

  /** Re-reads one service (docker-py's reload) and its tasks, and redraws only its item. */
  async reloadService(id: string): Promise<ServiceSummary> {
    const client = this.client();
    const [service, running, shown, nodes] = await Promise.all([
      client.inspectService(id),
      client.serviceTasks(id, DEFAULT_TASK_FILTER),
      isDefaultTaskFilter(this.filter) ? Promise.resolve(undefined) : client.serviceTasks(id, this.filter),
      client.listNodes(),
    ]);
    const summary = summarizeService(service, running);
    const names = nodeNames(nodes);
    const tasks = summarizeTasks(shown ?? running, summary.name, names);
    if (!this.model) return summary;
    const existing = this.serviceNodes.get(summary.id);
    this.model.tasksByService.set(summary.id, tasks);
    if (existing) {
      existing.service = summary;
      const i = this.model.services.findIndex((s) => s.id === summary.id);
      if (i !== -1) this.model.services[i] = summary;
      this.changed.fire(existing);
    } else {
      this.changed.fire(undefined);
    }
    return summary;
  }

  /** The tasks the tree shows under a service, read now if they were not. */
  async tasksOf(service: ServiceSummary): Promise<readonly TaskSummary[]> {
    this.expanded.add(service.id);
    const known = this.model?.tasksByService.get(service.id);
    if (known || !this.model) return known ?? [];
    const model = this.model;
    const raw = await this.client().serviceTasks(service.id, this.filter);
    const names = nodeNames(this.snapshot?.nodes ?? []);
    const tasks = summarizeTasks(raw, service.name, names);
    // Unless a refresh replaced the model meanwhile (it read this service's tasks too).
    if (this.model === model && !model.tasksByService.has(service.id)) model.tasksByService.set(service.id, tasks);
    return this.model?.tasksByService.get(service.id) ?? tasks;
  }

  /** The tree expanded or collapsed a service: its tasks are read with each refresh, or not. */
  setExpanded(serviceId: string, expanded: boolean): void {
    if (expanded) this.expanded.add(serviceId);
    else this.expanded.delete(serviceId);
  }

  /** Redraws the items (e.g. when a facet such as "following logs" or grouping changed). */
  redraw(): void {
    this.regroup();
    this.changed.fire(undefined);
  }

  private regroup(): void {
    const stacks = new Map<string, StackNode>();
    if (this.groupByStack()) {
      for (const node of this.serviceNodes.values()) {
        const name = node.service.stack;
        if (!name) continue;
        let stack = stacks.get(name);
        if (!stack) stacks.set(name, (stack = { kind: 'stack', name, services: [] }));
        stack.services.push(node.service);
      }
    }
    this.stackNodes = new Map([...stacks.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  stacks(): readonly StackNode[] {
    return [...this.stackNodes.values()];
  }

  findService(idOrName: string): ServiceSummary | undefined {
    return this.model?.services.find((s) => s.id === idOrName || s.name === idOrName);
  }

  getTreeItem(node: SwarmNode): vscode.TreeItem {
    return toTreeItem(node, node.kind === 'service' && this.isFollowing(node.service.id));
  }

  async getChildren(node?: SwarmNode): Promise<SwarmNode[]> {
    if (!node) {
      if (!this.model && this.state === 'loading') await this.refresh();
      const grouped = [...this.stackNodes.values()];
      const ungrouped = [...this.serviceNodes.values()].filter((n) => !(n.service.stack && this.stackNodes.has(n.service.stack)));
      return [...grouped, ...ungrouped];
    }
    if (node.kind === 'stack') {
      return node.services.map((s) => this.serviceNodes.get(s.id)).filter((n): n is ServiceNode => !!n);
    }
    if (node.kind === 'service') {
      let tasks: readonly TaskSummary[];
      try {
        tasks = await this.tasksOf(node.service);
      } catch (e) {
        return [{ kind: 'info', text: `Tasks could not be read: ${toSwarmError(e).message}`, service: node.service }];
      }
      if (tasks.length === 0) {
        // Say so rather than show an expanded item with nothing under it.
        const job = node.service.mode === 'replicated-job' || node.service.mode === 'global-job';
        const text = !isDefaultTaskFilter(this.filter)
          ? `No tasks match the filter (${describeTaskFilter(this.filter)})`
          : job ? 'No tasks running (finished ones show with Show Task History)' : 'No tasks running or meant to run';
        return [{ kind: 'info', text, service: node.service }];
      }
      return tasks.map((task): TaskNode => ({ kind: 'task', task, service: node.service }));
    }
    return [];
  }

  getParent(node: SwarmNode): SwarmNode | undefined {
    if (node.kind === 'task' || node.kind === 'info') return this.serviceNodes.get(node.service.id);
    if (node.kind === 'service' && node.service.stack) return this.stackNodes.get(node.service.stack);
    return undefined;
  }

  /** Every service node, grouped or not. */
  serviceItems(): ServiceNode[] {
    return [...this.serviceNodes.values()];
  }

  dispose(): void {
    this.changed.dispose();
    this.refreshed.dispose();
  }
}
