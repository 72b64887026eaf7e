// Polls the stats of the tasks the Services view shows, every 2 s while it runs: one one-shot
// sample per container from the engine of the node that runs it, all of a poll's requests in
// parallel under a bound, and never a poll while the previous one is in flight (a slow engine
// slows the polls down rather than piling requests up). CPU % needs two samples of the same
// container, so the first reading of a task has memory only. Free of the VS Code API and of
// timers of its own (a Clock), so that plain mocha drives it.
import type { Clock, TimerHandle } from '../clock';
import { forEachLimited } from '../deploy/pool';
import { cpuPercent, type StatsSample } from '../model/containers';
import type { NodeEngine, NodeEngines, NodeRef } from '../nodeEngines/nodeEngines';
import { readingOfFailure, readingText, type TaskStatsReading } from './readings';

/** A running task to read: its container, on the node that runs it. */
export interface StatsTarget {
  taskId: string;
  serviceId: string;
  containerId: string;
  node: NodeRef;
}

/** A task whose reading changed (or went: its row shows none now). */
export interface ChangedReading {
  taskId: string;
  serviceId: string;
}

export interface StatsPollerOptions {
  engines: Pick<NodeEngines, 'engineFor'>;
  /** The tasks to read now (asked at the start of each poll). */
  targets(): readonly StatsTarget[];
  clock: Clock;
  onDidUpdate(changed: readonly ChangedReading[]): void;
  /** Failures, each said once per node and reason (never per poll). */
  log?(message: string): void;
  intervalMs?: number;
  /** Stats requests in flight at once in one poll. */
  parallel?: number;
  /** A request's time limit. */
  timeoutMs?: number;
}

interface Kept {
  serviceId: string;
  reading: TaskStatsReading;
  /** The sample CPU % is counted from, and its container. */
  base?: { containerId: string; sample: StatsSample };
}

export class StatsPoller {
  private readonly kept = new Map<string, Kept>();
  private running = false;
  private timer: TimerHandle | undefined;
  private inFlight: Promise<void> | undefined;
  /** Bumped on every stop: a poll from before a stop does not write its readings after it. */
  private generation = 0;
  private readonly logged = new Set<string>();
  private polls = 0;

  constructor(private readonly o: StatsPollerOptions) {}

  /** Polls started so far. */
  get pollCount(): number {
    return this.polls;
  }

  get isRunning(): boolean {
    return this.running;
  }

  reading(taskId: string): TaskStatsReading | undefined {
    return this.kept.get(taskId)?.reading;
  }

  /** Starts polling at once, or stops and forgets every reading (a later start counts CPU afresh). */
  setRunning(on: boolean): void {
    if (on === this.running) return;
    this.running = on;
    if (on) {
      if (!this.inFlight) this.schedule(0);
      return;
    }
    this.cancelTimer();
    this.generation++;
    const gone = [...this.kept].map(([taskId, k]) => ({ taskId, serviceId: k.serviceId }));
    this.kept.clear();
    this.logged.clear();
    if (gone.length > 0) this.o.onDidUpdate(gone);
  }

  /** Polls now rather than at the next tick (new tasks to show), unless a poll is in flight. */
  pollSoon(): void {
    if (!this.running || this.inFlight) return;
    this.cancelTimer();
    this.schedule(0);
  }

  dispose(): void {
    this.running = false;
    this.generation++;
    this.cancelTimer();
    this.kept.clear();
  }

  private schedule(ms: number): void {
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (!this.running || this.inFlight) return;
    const started = this.o.clock.now();
    const generation = this.generation;
    this.inFlight = this.poll(generation);
    try {
      await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
    // Stopped and started again meanwhile: setRunning left the next poll to this one.
    if (this.running && this.timer === undefined) {
      // A poll of an earlier start (stopped midway) read nothing for this one: read now.
      const waited = generation === this.generation ? this.o.clock.now() - started : Infinity;
      this.schedule(Math.max(0, (this.o.intervalMs ?? 2000) - waited));
    }
  }

  private async poll(generation: number): Promise<void> {
    const targets = this.o.targets();
    const wanted = new Set(targets.map((t) => t.taskId));
    const changed: ChangedReading[] = [];
    for (const [taskId, k] of this.kept) {
      if (wanted.has(taskId)) continue;
      this.kept.delete(taskId);
      changed.push({ taskId, serviceId: k.serviceId });
    }
    if (targets.length > 0) this.polls++;
    // One engine per node and poll, shared by its tasks.
    const engines = new Map<string, Promise<NodeEngine>>();
    const engineOf = (node: NodeRef): Promise<NodeEngine> => {
      let engine = engines.get(node.id);
      if (!engine) engines.set(node.id, (engine = this.o.engines.engineFor(node)));
      return engine;
    };
    await forEachLimited(targets, this.o.parallel ?? 8, async (t) => {
      // Stopped meanwhile: send nothing more.
      if (generation !== this.generation) return;
      let sample: StatsSample | undefined;
      let failure: unknown;
      try {
        const { client } = await engineOf(t.node);
        sample = await client.containerStats(t.containerId, this.o.timeoutMs ?? 5000);
      } catch (e) {
        failure = e;
      }
      if (generation !== this.generation) return;
      const before = this.kept.get(t.taskId);
      const next = sample ? this.fromSample(t, sample, before) : this.fromFailure(t, failure);
      this.kept.set(t.taskId, next);
      if (!before || readingText(before.reading) !== readingText(next.reading)) changed.push({ taskId: t.taskId, serviceId: t.serviceId });
    });
    if (generation === this.generation && changed.length > 0) this.o.onDidUpdate(changed);
  }

  private fromSample(t: StatsTarget, sample: StatsSample, before: Kept | undefined): Kept {
    const memory = { memoryBytes: sample.memoryBytes, memoryLimitBytes: sample.memoryLimitBytes };
    const base = before?.base;
    if (!base || base.containerId !== t.containerId) {
      return { serviceId: t.serviceId, reading: { kind: 'sample', ...memory }, base: { containerId: t.containerId, sample } };
    }
    const cpu = cpuPercent(base.sample, sample);
    if (cpu !== undefined) {
      return { serviceId: t.serviceId, reading: { kind: 'sample', cpuPercent: cpu, ...memory }, base: { containerId: t.containerId, sample } };
    }
    // The engine samples about once a second: two polls close together can get the same sample.
    // Keep counting from the older one, and keep the figure it gave.
    if (sample.systemNs === base.sample.systemNs) {
      const last = before.reading.kind === 'sample' ? before.reading.cpuPercent : undefined;
      return { serviceId: t.serviceId, reading: { kind: 'sample', ...(last !== undefined ? { cpuPercent: last } : {}), ...memory }, base };
    }
    // Not comparable (the container's counters went back): count from this one.
    return { serviceId: t.serviceId, reading: { kind: 'sample', ...memory }, base: { containerId: t.containerId, sample } };
  }

  private fromFailure(t: StatsTarget, e: unknown): Kept {
    const reading = readingOfFailure(e);
    const key = `${t.node.id}\n${readingText(reading)}`;
    if (!this.logged.has(key)) {
      this.logged.add(key);
      const message = e instanceof Error ? e.message : String(e);
      this.o.log?.(`Task stats on node ${t.node.hostname ?? t.node.id}: ${message}`);
    }
    return { serviceId: t.serviceId, reading };
  }
}
