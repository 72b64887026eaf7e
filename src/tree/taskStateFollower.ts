// A task's container starts or dies before the node's agent tells the manager (20-90 ms here),
// and no event comes when the manager records it: a service read at the container's event may
// still show the task's earlier state. This reads such a service again, a little later each
// time, until the manager reports what the event said (or gives up: the poll remains).
// The same for a service read with a running count other than the desired one: its tasks on
// other nodes start and stop with no event reaching this manager (container events are each
// node's own), so it is read again, further apart, until the counts meet: at most
// CONVERGE_RETRIES times for one episode of unmet counts, which only a change event (not one of
// these re-reads) starts again. Reads made for other reasons meanwhile use none of them. A
// service read again soon for a task's state is not also read for its counts.
import type { Clock, TimerHandle } from '../clock';
import { ChangeSet, expectationMet, type TaskExpectation } from '../model/changes';
import type { EngineService, EngineTask } from '../model/engineTypes';

/**
 * The tasks a read saw: those a change's read asked for by ID (one absent is gone), or, after
 * a full read, the tasks it happened to list (`listed`: one absent was not read).
 */
export type SeenTasks = readonly EngineTask[] | { readonly listed: readonly EngineTask[] };

const RETRIES = 6;
const FIRST_DELAY_MS = 25;
/** 100 ms to 12.8 s: a task on another node may have an image to pull. */
const CONVERGE_RETRIES = 8;
const CONVERGE_FIRST_DELAY_MS = 100;

/** A service followed for its counts: its re-reads so far in this episode, and the one timer waiting, if any. */
interface Converging {
  attempts: number;
  timer: TimerHandle | undefined;
  /** A change event came during this episode: once it ends unmet, one new episode follows (not more). */
  renew?: boolean;
}

export class TaskStateFollower {
  /** Re-reads so far, by task ID. */
  private readonly retries = new Map<string, number>();
  /** Services not yet running what they should, by ID. */
  private readonly converging = new Map<string, Converging>();
  /** The tasks' timers (a service's count timer is in its entry). */
  private readonly timers = new Set<TimerHandle>();
  /** Counts for tests and the benchmark. */
  readonly stats = { retries: 0 };
  private enabled = true;

  constructor(
    private readonly clock: Clock,
    private readonly readAgain: (changes: ChangeSet) => void,
  ) {}

  /** How many services are followed for their counts. */
  get followedForCounts(): number {
    return this.converging.size;
  }

  /**
   * After a read of these changes: `tasks` the tasks it saw, `found` the services that still
   * exist, `services` those read.
   */
  check(changes: ChangeSet, tasks: SeenTasks, found: ReadonlySet<string>, services: readonly EngineService[] = []): void {
    // Off while no view shows, and once disposed (a read still running then): no engine read may follow.
    if (!this.enabled) return;
    for (const id of changes.removedServices) this.stopConverging(id);
    for (const id of changes.services) if (!found.has(id)) this.stopConverging(id);
    const rereading = new Set<string>();
    const listed = !isArray(tasks);
    const byId = new Map((listed ? tasks.listed : tasks).map((t) => [t.ID, t]));
    for (const [taskId, { serviceId, expect }] of changes.expectations) {
      const task = byId.get(taskId);
      const attempt = (this.retries.get(taskId) ?? 0) + 1;
      // Not among the tasks a full read listed: not read, so followed as if unmet.
      const met = task ? expectationMet(expect, task.Status?.State) : !listed;
      if (met || !found.has(serviceId) || attempt > RETRIES) {
        this.retries.delete(taskId);
        continue;
      }
      this.retries.set(taskId, attempt);
      this.later(serviceId, taskId, expect, FIRST_DELAY_MS * 2 ** (attempt - 1));
      rereading.add(serviceId);
    }
    for (const s of services) {
      // Read again soon for a task anyway: that read looks at the counts too.
      if (rereading.has(s.ID)) continue;
      const status = s.ServiceStatus;
      const mode = s.Spec?.Mode ?? {};
      const job = 'ReplicatedJob' in mode || 'GlobalJob' in mode;
      if (!status || job || (status.RunningTasks ?? 0) === (status.DesiredTasks ?? 0)) {
        this.stopConverging(s.ID);
        continue;
      }
      const entry = this.converging.get(s.ID);
      const event = !changes.followUps.has(s.ID);
      // A change during the episode: the service is followed for a whole episode after this one
      // too, so a change made late in it is not given up on after one re-read.
      if (entry && event) entry.renew = true;
      // One timer per service at a time: a read made for another reason adds none and uses none.
      if (entry?.timer) continue;
      if (entry && entry.attempts < CONVERGE_RETRIES) this.countLater(s.ID, entry);
      else if (event || entry?.renew) this.countLater(s.ID, this.startConverging(s.ID));
      // The last re-read of the episode found them still unmet: given up until a change event.
      else this.stopConverging(s.ID);
    }
  }

  /** After a full read: services no longer listed are followed no more (their remove event may have been missed). */
  keepOnly(serviceIds: ReadonlySet<string>): void {
    for (const id of [...this.converging.keys()]) if (!serviceIds.has(id)) this.stopConverging(id);
  }

  private startConverging(serviceId: string): Converging {
    this.stopConverging(serviceId);
    const entry: Converging = { attempts: 0, timer: undefined };
    this.converging.set(serviceId, entry);
    return entry;
  }

  private stopConverging(serviceId: string): void {
    const entry = this.converging.get(serviceId);
    if (entry?.timer) this.clock.clearTimeout(entry.timer);
    this.converging.delete(serviceId);
  }

  private countLater(serviceId: string, entry: Converging): void {
    entry.timer = this.clock.setTimeout(() => {
      entry.timer = undefined;
      entry.attempts++;
      this.stats.retries++;
      this.readAgain(ChangeSet.of({ kind: 'service', id: serviceId, removed: false, followUp: true }));
    }, CONVERGE_FIRST_DELAY_MS * 2 ** entry.attempts);
  }

  private later(serviceId: string, taskId: string, expect: TaskExpectation, delayMs: number): void {
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      this.stats.retries++;
      this.readAgain(ChangeSet.of({ kind: 'service', id: serviceId, removed: false, task: { id: taskId, expect } }));
    }, delayMs);
    this.timers.add(timer);
  }

  /** Off while no view shows: nothing is followed then, and what was is dropped. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.dispose();
  }

  dispose(): void {
    this.enabled = false;
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.retries.clear();
    for (const id of [...this.converging.keys()]) this.stopConverging(id);
  }
}

function isArray(tasks: SeenTasks): tasks is readonly EngineTask[] {
  return Array.isArray(tasks);
}
