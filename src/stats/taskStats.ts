// Live stats in the Services view: which services they are on for (all, from Show Task Stats,
// or one at a time from a service's Show Stats / Hide Stats), which tasks that makes to read
// (the running tasks of those services whose tasks the view shows, i.e. expanded), when the
// poller runs (stats on and the view visible), and the words the rows get. Free of the VS Code
// API: the view, the providers and the context key come in as narrow interfaces.
import type { Clock } from '../clock';
import type { NodeEngines } from '../nodeEngines/nodeEngines';
import type { TaskSummary } from '../model/summaries';
import type { Disposable, Event } from '../tree/emitter';
import type { RowStats } from '../tree/servicesItems';
import type { SwarmStore } from '../tree/swarmStore';
import { StatsPoller, type ChangedReading, type StatsTarget } from './poller';
import { readingText, sumReadings, sumText } from './readings';

export interface TaskStatsParts {
  store: Pick<SwarmStore, 'services' | 'isServiceExpanded' | 'knownTasksOf' | 'findNode' | 'onDidChange'>;
  /** The Services view: polling runs only while it is visible. */
  view: { readonly visible: boolean; readonly onDidChangeVisibility: Event<unknown> };
  servicesRows: { setRowStats(stats: RowStats | undefined): void; redrawServices(ids: Iterable<string>): void; redraw(): void };
  nodesRows: { setRowStats(stats: RowStats | undefined): void; redrawTasks(ids: Iterable<string>): void };
  engines: Pick<NodeEngines, 'engineFor'>;
  clock: Clock;
  /** Sets the context key that switches Show Task Stats for Hide Task Stats. */
  shownKey(shown: boolean): void;
  /** Expands a service's row, so that its tasks show (and are read). */
  expand?(serviceId: string): Promise<void>;
  log?(message: string): void;
  intervalMs?: number;
}

export class TaskStats implements RowStats, Disposable {
  private all = false;
  /** Services turned on one by one, and (while all are on) those turned off one by one. */
  private readonly on = new Set<string>();
  private readonly off = new Set<string>();
  readonly poller: StatsPoller;
  private readonly subscriptions: Disposable[];

  constructor(private readonly p: TaskStatsParts) {
    this.poller = new StatsPoller({
      engines: p.engines,
      targets: () => this.targets(),
      clock: p.clock,
      onDidUpdate: (changed) => this.redraw(changed),
      ...(p.log ? { log: p.log } : {}),
      ...(p.intervalMs ? { intervalMs: p.intervalMs } : {}),
    });
    p.servicesRows.setRowStats(this);
    p.nodesRows.setRowStats(this);
    this.subscriptions = [
      p.view.onDidChangeVisibility(() => this.update()),
      p.store.onDidChange((e) => {
        if (e.kind === 'refreshed' || (e.kind === 'patched' && e.removed.length > 0)) this.forgetGone();
        // Tasks just shown (an expansion, a new replica) get their first reading now rather than at the next tick.
        if (this.targets().some((t) => this.poller.reading(t.taskId) === undefined)) this.poller.pollSoon();
      }),
    ];
  }

  /** Whether stats are on for every service (the context key). */
  get allShown(): boolean {
    return this.all;
  }

  shownFor(serviceId: string): boolean {
    return this.on.has(serviceId) || (this.all && !this.off.has(serviceId));
  }

  /** Show Task Stats: on for every service. */
  showAll(): void {
    this.all = true;
    this.off.clear();
    this.changedWhich();
  }

  /** Hide Task Stats: off for every service, those turned on one by one too. */
  hideAll(): void {
    this.all = false;
    this.on.clear();
    this.off.clear();
    this.changedWhich();
  }

  /** A service's Show Stats: on for it, and its row expanded so that its tasks show. */
  async showFor(serviceId: string): Promise<void> {
    this.on.add(serviceId);
    this.off.delete(serviceId);
    this.changedWhich([serviceId]);
    await this.p.expand?.(serviceId);
  }

  hideFor(serviceId: string): void {
    this.on.delete(serviceId);
    if (this.all) this.off.add(serviceId);
    this.changedWhich([serviceId]);
  }

  taskText(task: TaskSummary): string | undefined {
    if (task.state !== 'running' || !this.shownFor(task.serviceId)) return undefined;
    const reading = this.poller.reading(task.id);
    return reading && readingText(reading);
  }

  serviceText(serviceId: string): string | undefined {
    if (!this.shownFor(serviceId) || !this.p.store.isServiceExpanded(serviceId)) return undefined;
    const running = (this.p.store.knownTasksOf(serviceId) ?? []).filter(isReadable);
    if (running.length === 0) return undefined;
    return sumText(sumReadings(running.map((t) => this.poller.reading(t.id))));
  }

  /** The tasks a poll reads: running tasks of the services stats are on for, where the view shows them. */
  targets(): StatsTarget[] {
    const { store } = this.p;
    const targets: StatsTarget[] = [];
    for (const s of store.services) {
      if (!this.shownFor(s.id) || !store.isServiceExpanded(s.id)) continue;
      for (const t of store.knownTasksOf(s.id) ?? []) {
        if (!isReadable(t)) continue;
        const node = store.findNode(t.nodeId);
        const hostname = node?.hostname ?? t.nodeName;
        const address = node?.address;
        targets.push({
          taskId: t.id,
          serviceId: s.id,
          containerId: t.containerId,
          node: { id: t.nodeId, ...(hostname ? { hostname } : {}), ...(address ? { address } : {}) },
        });
      }
    }
    return targets;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.poller.dispose();
    this.p.servicesRows.setRowStats(undefined);
    this.p.nodesRows.setRowStats(undefined);
  }

  /** Which services stats are on for changed: their rows (all of them, without ids), the key, the poller. */
  private changedWhich(serviceIds?: string[]): void {
    this.p.shownKey(this.all);
    if (serviceIds) this.p.servicesRows.redrawServices(serviceIds);
    else this.p.servicesRows.redraw();
    this.update();
    this.poller.pollSoon();
  }

  private update(): void {
    this.poller.setRunning(this.p.view.visible && (this.all || this.on.size > 0));
  }

  private redraw(changed: readonly ChangedReading[]): void {
    // A service's row is redrawn with its tasks' rows (the view asks for its children again).
    this.p.servicesRows.redrawServices(changed.map((c) => c.serviceId));
    this.p.nodesRows.redrawTasks(changed.map((c) => c.taskId));
  }

  /** Services gone from the swarm are forgotten (their ids never come back). */
  private forgetGone(): void {
    const listed = new Set(this.p.store.services.map((s) => s.id));
    if (listed.size === 0) return; // a failed refresh lists nothing: keep what was asked
    for (const set of [this.on, this.off]) for (const id of set) if (!listed.has(id)) set.delete(id);
    this.update();
  }
}

function isReadable(t: TaskSummary): t is TaskSummary & { containerId: string; nodeId: string } {
  return t.state === 'running' && !!t.containerId && !!t.nodeId;
}
