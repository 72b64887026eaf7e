// The one store both views read: the swarm as of the last refresh (one snapshot, a constant
// number of Engine calls, and the models built from it), the connection state, the task
// filter, and what each view has expanded, since a refresh reads the tasks of the services
// expanded in the Services view and of the nodes expanded in the Nodes view. Events that name
// what changed are applied by reading only that (update); reads never overlap, and what is
// asked for meanwhile is read in one more round. One service can be re-read alone. Free of
// the VS Code API (context keys go through a setter) so that plain mocha can test it.
import { realClock, type Clock } from '../clock';
import { toSwarmError } from '../docker/errors';
import { ChangeSet } from '../model/changes';
import type { SwarmClient } from '../docker/swarmClient';
import { modelFromSnapshot, type Snapshot } from '../model/snapshot';
import { narrowScope, withNodeTasks, withoutNodeTasks, withShownTasks } from '../model/snapshotPatch';
import { SwarmError } from '../model/errors';
import { buildNodesModel, type NodeSummary, type NodesModel } from '../model/nodeSummaries';
import { explainUnplacedTasks } from '../model/placement';
import { nodeNames, stackIndex, summarizeTasks, type ServiceSummary, type SwarmModel, type TaskSummary } from '../model/summaries';
import { DEFAULT_TASK_FILTER, describeTaskFilter, isDefaultTaskFilter, type TaskFilter } from '../model/taskFilter';
import { readChangeRound } from './changeReads';
import { SerialRuns } from './serialRuns';
import { NO_KEYS, type ConnectionState, type StoreChange, type StoreContextKeys } from './storeTypes';
import { Emitter, type Disposable } from './emitter';
import { TaskStateFollower } from './taskStateFollower';
import { ReadState } from './readState';
import { managerCount } from './noLeader';

export type { ConnectionState, StoreChange, StoreContextKeys } from './storeTypes';

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
  /** Reads never overlap; changes asked for meanwhile are merged into one next read. */
  private readonly reads = new SerialRuns<ChangeSet>(
    (pending, more) => {
      const all = pending ?? new ChangeSet();
      all.merge(more);
      return all;
    },
    (changes) => this.apply(changes),
  );
  private readonly follower: TaskStateFollower;
  /** Counts for tests and the benchmark. */
  readonly stats = { full: 0, partial: 0 };
  private readonly read: ReadState;

  constructor(
    private readonly client: () => SwarmClient,
    private readonly log: { warn(message: string): void },
    private readonly keys: StoreContextKeys = NO_KEYS,
    clock: Clock = realClock,
  ) {
    // A re-read's failure is its own (the next change or the poll reads again): said, never thrown at no one.
    this.follower = new TaskStateFollower(clock, (changes) => void this.update(changes).catch((e: unknown) => this.log.warn(`Services view: a follow-up read failed: ${String(e)}`)));
    this.read = new ReadState(keys);
  }

  get state(): ConnectionState {
    return this.read.state;
  }

  get lastError(): SwarmError | undefined {
    return this.read.error;
  }

  /** How the last full read went: while the swarm has no leader, since when the rows shown are stale. */
  get readState(): Pick<ReadState, 'staleSince' | 'noLeaderForMs' | 'sinceFailureMs' | 'forgetShown'> {
    return this.read;
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
    return !this.model && this.read.state === 'loading' ? this.refresh() : Promise.resolve();
  }

  /** Reloads everything. Reads never overlap: asked during one, it runs once more after it. */
  refresh(): Promise<void> {
    return this.reads.push(ChangeSet.everything());
  }

  /**
   * Reads only what these changes name (services, nodes, tasks), merged with any asked for
   * while a read runs; everything when they cannot be read alone (see apply).
   */
  update(changes: ChangeSet): Promise<void> {
    return changes.touchesSwarm ? this.reads.push(changes) : Promise.resolve();
  }

  private async apply(c: ChangeSet): Promise<void> {
    // Stale rows: any read reads everything (one that works clears the marks).
    if (this.read.staleSince === undefined) {
      try {
        if (await this.applyAlone(c)) return;
      } catch (e) {
        // Engine data the patch did not expect: what the views show may be half patched; a
        // full read puts it right, as for a change read that failed.
        this.log.warn(`Services view: a change could not be applied alone (${e instanceof Error ? e.message : String(e)}); reading everything`);
      }
    }
    const ok = await this.load();
    const s = this.current;
    // What these changes left unsettled is followed as after a change's own read, but a task
    // the full read listed is judged by what it says.
    const services = (s?.services ?? []).filter((x) => c.services.has(x.ID));
    const listed = ok && s ? [...s.shownTasks, ...s.nodeTasks] : [];
    this.follower.check(c, { listed }, new Set(services.map((x) => x.ID)), services);
  }

  /** Reads and patches what `c` names; false when everything is to be read instead. */
  private async applyAlone(c: ChangeSet): Promise<boolean> {
    const scope = { now: () => ({ snapshot: this.current, model: this.model }), expandedServices: this.expandedServices, expandedNodes: this.expandedNodes, filter: this.filter };
    const round = await readChangeRound(this.client, c, scope);
    if (round === 'everything') return false;
    const { result: r, found } = round;
    this.stats.partial++;
    this.current = r.snapshot;
    this.model = r.model;
    for (const id of r.removed) this.expandedServices.delete(id);
    this.byId = new Map(r.model.services.map((x) => [x.id, x]));
    this.stackIds = stackIndex(this.model.services);
    if (r.nodesChanged) this.nodesModel = buildNodesModel(r.snapshot.nodes, r.snapshot.services, r.snapshot.nodeTasks);
    this.follower.check(c, round.tasks, found, round.services);
    // A follow-up that found everything as it was redraws nothing.
    if (r.changed.length + r.added.length + r.removed.length === 0 && !r.nodesChanged && !r.rebuilt) return true;
    this.changed.fire({ kind: 'patched', changed: r.changed, added: r.added, removed: r.removed, nodes: r.nodesChanged, everyRow: r.rebuilt });
    return true;
  }

  /** Reads everything; true when the engine answered (the snapshot is then what it said). */
  private async load(): Promise<boolean> {
    this.stats.full++;
    let ok = false;
    try {
      const client = this.client();
      // No swarm check first: a non-manager's answer to these listings says so (three requests).
      // What was collapsed while it read is not kept as shown: a change would not read it again.
      const snapshot = narrowScope(await client.snapshot(this.filter, { services: [...this.expandedServices], nodes: [...this.expandedNodes] }), this.expandedServices, this.expandedNodes);
      const model = modelFromSnapshot(snapshot);
      this.current = snapshot;
      this.model = model;
      this.byId = new Map(model.services.map((s) => [s.id, s]));
      for (const id of this.expandedServices) if (!this.byId.has(id)) this.expandedServices.delete(id);
      this.stackIds = stackIndex(this.model.services);
      this.nodesModel = buildNodesModel(snapshot.nodes, snapshot.services, snapshot.nodeTasks);
      this.nodesCovered = snapshot.nodeTasksFor === 'all' ? 'all' : new Set(snapshot.nodeTasksFor);
      for (const id of this.expandedNodes) if (!snapshot.nodes.some((n) => n.ID === id)) this.expandedNodes.delete(id);
      this.read.succeeded();
      // Services gone with no remove event seen (a gap in the stream) are followed no more.
      this.follower.keepOnly(new Set(snapshot.services.map((x) => x.ID)));
      ok = true;
    } catch (e) {
      const err = toSwarmError(e);
      if (this.read.state !== err.kind) this.log.warn(`Services view: ${err.message}${err.detail ? ` (${err.detail})` : ''}`);
      if (!this.read.failed(err, this.model !== undefined, managerCount(this) > 1)) {
        this.current = undefined;
        this.model = undefined;
        this.byId = new Map();
        this.stackIds = new Map();
        this.nodesModel = undefined;
        this.nodesCovered = new Set();
      }
    }
    this.changed.fire({ kind: 'refreshed' });
    return ok;
  }

  /**
   * Reads one service again (its tasks too if they are shown) as a change to it would, so that
   * the row, its stack's count and the snapshot stay in step; fails if it is gone.
   */
  async reloadService(id: string): Promise<ServiceSummary> {
    await this.update(ChangeSet.of({ kind: 'service', id, removed: false }));
    const summary = this.byId.get(id);
    if (summary && this.read.staleSince === undefined) return summary; // not a stale one: the read failed
    throw this.read.error ?? new SwarmError('notFound', `Service ${id} not found.`); // the Engine's words for a service gone
  }

  /** The tasks shown under a service, read now if the last refresh did not; from now on each refresh reads them. */
  async tasksOfService(service: ServiceSummary): Promise<readonly TaskSummary[]> {
    this.expandedServices.add(service.id);
    const known = this.model?.tasksByService.get(service.id);
    if (known || !this.model) return known ?? [];
    const loads = this.stats.full;
    const raw = await this.client().serviceTasks(service.id, this.filter);
    const nodes = this.current?.nodes ?? [];
    const engineService = this.current?.services.find((s) => s.ID === service.id);
    const tasks = explainUnplacedTasks(summarizeTasks(raw, service.name, nodeNames(nodes)), engineService, nodes);
    // Unless a read meanwhile read them too (a refresh, or a change to this service): those are newer.
    const s = this.current;
    if (this.model && s && this.stats.full === loads && !this.model.tasksByService.has(service.id) && s.shownFor !== 'all') {
      this.model.tasksByService.set(service.id, tasks);
      this.current = withShownTasks(s, service.id, raw); // a change's patch starts from it
    }
    return this.model?.tasksByService.get(service.id) ?? tasks;
  }

  /** The tasks meant to run on a node, read now if the last refresh did not; from now on each refresh reads them. */
  async tasksOnNode(nodeId: string): Promise<readonly TaskSummary[]> {
    this.expandedNodes.add(nodeId);
    const model = this.nodesModel;
    const s = this.current;
    if (!model || !s) return [];
    if (this.nodesCovered === 'all' || this.nodesCovered.has(nodeId)) return model.tasksByNode.get(nodeId) ?? [];
    const loads = this.stats.full;
    const raw = await this.client().tasksToRunOn([nodeId]);
    const tasks = buildNodesModel(s.nodes, s.services, raw).tasksByNode.get(nodeId) ?? [];
    // Unless a refresh replaced the model meanwhile (it read this node's tasks too).
    const now = this.current;
    if (this.stats.full === loads && now && this.nodesModel && this.nodesCovered instanceof Set && !this.nodesCovered.has(nodeId) && now.nodeTasksFor !== 'all') {
      this.nodesModel.tasksByNode.set(nodeId, tasks);
      this.nodesCovered.add(nodeId);
      this.current = withNodeTasks(now, nodeId, raw); // a change's patch rebuilds the Nodes view's model from it
    }
    return tasks;
  }

  // ---- for live stats (src/stats) and the nodes' tooltips: what is known now, nothing read ----

  /** Whether what a change's read left unsettled is read again later (only while the views are watched). */
  setFollowing(on: boolean): void {
    this.follower.setEnabled(on);
  }

  /** The nodes whose tasks the Nodes view shows (expanded). */
  expandedNodeIds(): readonly string[] {
    return [...this.expandedNodes];
  }

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
    if (expanded) return void this.expandedNodes.add(nodeId);
    this.expandedNodes.delete(nodeId);
    // A change no longer reads its tasks: what is known of them would go stale (and be shown
    // as current when expanded again). Forgotten, as a full read would not read them.
    if (this.nodesCovered instanceof Set && this.nodesCovered.delete(nodeId)) this.nodesModel?.tasksByNode.delete(nodeId);
    if (this.current) this.current = withoutNodeTasks(this.current, nodeId);
  }

  dispose(): void {
    this.follower.dispose();
    this.changed.dispose();
  }
}
