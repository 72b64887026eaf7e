// The one store both views read: the swarm as of the last refresh (one snapshot, a constant
// number of Engine calls, and the models built from it), the connection state, the task
// filter, and what each view has expanded, since a refresh reads the tasks of the services
// expanded in the Services view and of the nodes expanded in the Nodes view. Concurrent
// refreshes share one request; one service can be re-read alone. Free of the VS Code API
// (context keys go through a setter) so that plain mocha can test it.
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import { modelFromSnapshot, type Snapshot } from '../model/snapshot';
import type { SwarmError } from '../model/errors';
import { buildNodesModel, type NodeSummary, type NodesModel } from '../model/nodeSummaries';
import { explainUnplacedTasks, withPlacement } from '../model/placement';
import { nodeNames, summarizeService, summarizeTasks, type ServiceSummary, type SwarmModel, type TaskSummary } from '../model/summaries';
import { DEFAULT_TASK_FILTER, describeTaskFilter, isDefaultTaskFilter, type TaskFilter } from '../model/taskFilter';
import { Emitter, type Disposable } from './emitter';

export type ConnectionState = 'loading' | 'ok' | SwarmError['kind'];

/** What changed: everything (a refresh completed, successful or not), or one service re-read. */
export type StoreChange = { kind: 'refreshed' } | { kind: 'service'; id: string };

/** The context keys the store's state decides (src/contextKeys.ts in the extension; a recorder in tests). */
export interface StoreContextKeys {
  connection(state: ConnectionState): void;
  taskFilterActive(active: boolean): void;
  taskHistoryShown(shown: boolean): void;
}

const NO_KEYS: StoreContextKeys = { connection: () => undefined, taskFilterActive: () => undefined, taskHistoryShown: () => undefined };

export class SwarmStore implements Disposable {
  private readonly changed = new Emitter<StoreChange>();
  readonly onDidChange = this.changed.event;

  private current: Snapshot | undefined;
  private model: SwarmModel | undefined;
  private byId = new Map<string, ServiceSummary>();
  /** Service ids per stack label, stacks by name: ids, so a stack always counts the current summaries. */
  private stackIds = new Map<string, string[]>();
  private nodesModel: NodesModel | undefined;
  /** Nodes whose tasks the nodes model holds ('all' when the snapshot read every task). */
  private nodesCovered: 'all' | Set<string> = new Set();
  private filter: TaskFilter = { ...DEFAULT_TASK_FILTER };
  private readonly expandedServices = new Set<string>();
  private readonly expandedNodes = new Set<string>();
  private inFlight: Promise<void> | undefined;
  private again = false;
  private connection: ConnectionState = 'loading';
  private error: SwarmError | undefined;

  constructor(
    private readonly client: () => SwarmClient,
    private readonly log: { warn(message: string): void },
    private readonly keys: StoreContextKeys = NO_KEYS,
  ) {}

  get state(): ConnectionState {
    return this.connection;
  }

  get lastError(): SwarmError | undefined {
    return this.error;
  }

  /** The Engine objects of the last successful refresh (undefined after a failed one). */
  get snapshot(): Snapshot | undefined {
    return this.current;
  }

  get services(): readonly ServiceSummary[] {
    return this.model?.services ?? [];
  }

  /** Managers first, then by hostname. */
  get nodes(): readonly NodeSummary[] {
    return this.nodesModel?.nodes ?? [];
  }

  get taskFilter(): TaskFilter {
    return { ...this.filter };
  }

  setTaskFilter(filter: TaskFilter): Promise<void> {
    this.filter = { ...filter };
    this.keys.taskFilterActive(!isDefaultTaskFilter(this.filter));
    this.keys.taskHistoryShown(this.filter['desired-state'] === undefined);
    return this.refresh();
  }

  describeFilter(): string | undefined {
    return isDefaultTaskFilter(this.filter) ? undefined : `tasks: ${describeTaskFilter(this.filter)}`;
  }

  findService(idOrName: string): ServiceSummary | undefined {
    return this.model?.services.find((s) => s.id === idOrName || s.name === idOrName);
  }

  findNode(idOrHostname: string): NodeSummary | undefined {
    return this.nodes.find((n) => n.id === idOrHostname || n.hostname === idOrHostname);
  }

  /** Stack names (com.docker.stack.namespace) of the services listed, sorted. */
  stacks(): readonly string[] {
    return [...this.stackIds.keys()];
  }

  /** The current summaries of a stack's services, in listing order. */
  servicesInStack(name: string): ServiceSummary[] {
    return (this.stackIds.get(name) ?? []).map((id) => this.byId.get(id)).filter((s): s is ServiceSummary => !!s);
  }

  /** Loads once if nothing was ever loaded (a view asking for its first rows). */
  ensureLoaded(): Promise<void> {
    return !this.model && this.connection === 'loading' ? this.refresh() : Promise.resolve();
  }

  /** Reloads everything. Concurrent calls share one request; one more runs after it if asked meanwhile. */
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
      const snapshot = await client.snapshot(this.filter, { services: [...this.expandedServices], nodes: [...this.expandedNodes] });
      const model = modelFromSnapshot(snapshot);
      this.current = snapshot;
      this.model = model;
      this.byId = new Map(model.services.map((s) => [s.id, s]));
      for (const id of this.expandedServices) if (!this.byId.has(id)) this.expandedServices.delete(id);
      this.groupStacks();
      this.nodesModel = buildNodesModel(snapshot.nodes, snapshot.services, snapshot.nodeTasks);
      this.nodesCovered = snapshot.nodeTasksFor === 'all' ? 'all' : new Set(snapshot.nodeTasksFor);
      for (const id of this.expandedNodes) if (!snapshot.nodes.some((n) => n.ID === id)) this.expandedNodes.delete(id);
      this.setState('ok', undefined);
    } catch (e) {
      const err = toSwarmError(e);
      if (this.connection !== err.kind) this.log.warn(`Services view: ${err.message}${err.detail ? ` (${err.detail})` : ''}`);
      this.current = undefined;
      this.model = undefined;
      this.byId = new Map();
      this.stackIds = new Map();
      this.nodesModel = undefined;
      this.nodesCovered = new Set();
      this.setState(err.kind, err);
    }
    this.changed.fire({ kind: 'refreshed' });
  }

  private groupStacks(): void {
    const stacks = new Map<string, string[]>();
    for (const s of this.model?.services ?? []) {
      if (!s.stack) continue;
      let ids = stacks.get(s.stack);
      if (!ids) stacks.set(s.stack, (ids = []));
      ids.push(s.id);
    }
    this.stackIds = new Map([...stacks.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  private setState(state: ConnectionState, error: SwarmError | undefined): void {
    this.error = error;
    if (this.connection === state) return;
    this.connection = state;
    this.keys.connection(state);
  }

  /** Re-reads one service and its tasks (as `docker service inspect` and `docker service ps` would), and says only it changed. */
  async reloadService(id: string): Promise<ServiceSummary> {
    const client = this.client();
    const [service, running, shown, nodes] = await Promise.all([
      client.inspectService(id),
      client.serviceTasks(id, DEFAULT_TASK_FILTER),
      isDefaultTaskFilter(this.filter) ? Promise.resolve(undefined) : client.serviceTasks(id, this.filter),
      client.listNodes(),
    ]);
    const summary = withPlacement(summarizeService(service, running), service, nodes);
    const tasks = explainUnplacedTasks(summarizeTasks(shown ?? running, summary.name, nodeNames(nodes)), service, nodes);
    if (!this.model) return summary;
    this.model.tasksByService.set(summary.id, tasks);
    const i = this.model.services.findIndex((s) => s.id === summary.id);
    if (i !== -1) {
      const previous = this.model.services[i]!;
      this.model.services[i] = summary;
      this.byId.set(summary.id, summary);
      if (previous.stack !== summary.stack) this.groupStacks();
    }
    this.changed.fire({ kind: 'service', id: summary.id });
    return summary;
  }

  /** The tasks shown under a service, read now if the last refresh did not; from now on each refresh reads them. */
  async tasksOfService(service: ServiceSummary): Promise<readonly TaskSummary[]> {
    this.expandedServices.add(service.id);
    const known = this.model?.tasksByService.get(service.id);
    if (known || !this.model) return known ?? [];
    const model = this.model;
    const raw = await this.client().serviceTasks(service.id, this.filter);
    const nodes = this.current?.nodes ?? [];
    const engineService = this.current?.services.find((s) => s.ID === service.id);
    const tasks = explainUnplacedTasks(summarizeTasks(raw, service.name, nodeNames(nodes)), engineService, nodes);
    // Unless a refresh replaced the model meanwhile (it read this service's tasks too).
    if (this.model === model && !model.tasksByService.has(service.id)) model.tasksByService.set(service.id, tasks);
    return this.model?.tasksByService.get(service.id) ?? tasks;
  }

  /** The tasks meant to run on a node, read now if the last refresh did not; from now on each refresh reads them. */
  async tasksOnNode(nodeId: string): Promise<readonly TaskSummary[]> {
    this.expandedNodes.add(nodeId);
    const model = this.nodesModel;
    const s = this.current;
    if (!model || !s) return [];
    if (this.nodesCovered === 'all' || this.nodesCovered.has(nodeId)) return model.tasksByNode.get(nodeId) ?? [];
    const raw = await this.client().tasksToRunOn([nodeId]);
    const tasks = buildNodesModel(s.nodes, s.services, raw).tasksByNode.get(nodeId) ?? [];
    // Unless a refresh replaced the model meanwhile (it read this node's tasks too).
    if (this.nodesModel === model && this.nodesCovered instanceof Set) {
      model.tasksByNode.set(nodeId, tasks);
      this.nodesCovered.add(nodeId);
    }
    return tasks;
  }

  // ---- for live stats (src/stats) and the nodes' tooltips: what is known now, nothing read ----

  /** Whether the Services view shows the service's tasks (it is expanded). */
  isServiceExpanded(serviceId: string): boolean {
    return this.expandedServices.has(serviceId);
  }

  /** The service's tasks as the tree shows them, when the last refresh (or an expansion) read them. */
  knownTasksOf(serviceId: string): readonly TaskSummary[] | undefined {
    return this.model?.tasksByService.get(serviceId);
  }

  /** The tasks meant to run on a node, when the last refresh read them (nodes expanded in the Nodes view). */
  knownTasksOn(nodeId: string): readonly TaskSummary[] | undefined {
    if (!this.nodesModel || !(this.nodesCovered === 'all' || this.nodesCovered.has(nodeId))) return undefined;
    return this.nodesModel.tasksByNode.get(nodeId) ?? [];
  }

  /** The Services view expanded or collapsed a service: its tasks are read with each refresh, or not. */
  setServiceExpanded(serviceId: string, expanded: boolean): void {
    if (expanded) this.expandedServices.add(serviceId);
    else this.expandedServices.delete(serviceId);
  }

  /** The Nodes view expanded or collapsed a node: its tasks are read with each refresh, or not. */
  setNodeExpanded(nodeId: string, expanded: boolean): void {
    if (expanded) this.expandedNodes.add(nodeId);
    else this.expandedNodes.delete(nodeId);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
