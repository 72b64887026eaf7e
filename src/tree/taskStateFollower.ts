// A task's container starts or dies before the node's agent tells the manager (20-90 ms here),
// and no event comes when the manager records it: a service read at the container's event may
// still show the task's earlier state. This reads such a service again, a little later each
// time, until the manager reports what the event said (or gives up: the poll remains).
// The same for a service read with a running count other than the desired one: its tasks on
// other nodes start and stop with no event reaching this manager (container events are each
// node's own), so it is read again, further apart, until the counts meet. A service read again
// soon for a task's state is not also read for its counts.
import type { Clock, TimerHandle } from '../clock';
import { ChangeSet, expectationMet, type TaskExpectation } from '../model/changes';
import type { EngineService, EngineTask } from '../model/engineTypes';

const RETRIES = 6;
const FIRST_DELAY_MS = 25;
/** 100 ms to 12.8 s: a task on another node may have an image to pull. */
const CONVERGE_RETRIES = 8;
const CONVERGE_FIRST_DELAY_MS = 100;

export class TaskStateFollower {
  /** Re-reads so far, by task ID. */
  private readonly retries = new Map<string, number>();
  /** Re-reads so far, by service ID, of services not yet running what they should. */
  private readonly converging = new Map<string, number>();
  private readonly timers = new Set<TimerHandle>();
  /** Counts for tests and the benchmark. */
  readonly stats = { retries: 0 };
  private enabled = true;

  constructor(
    private readonly clock: Clock,
    private readonly readAgain: (changes: ChangeSet) => void,
  ) {}

  /**
   * After a read of these changes: `tasks` the tasks it read by ID, `found` the services that
   * still exist, `services` those read.
   */
  check(changes: ChangeSet, tasks: readonly EngineTask[] | 'unread', found: ReadonlySet<string>, services: readonly EngineService[] = []): void {
    // Off while no view shows, and once disposed (a read still running then): no engine read may follow.
    if (!this.enabled) return;
    for (const id of changes.removedServices) this.converging.delete(id);
    const rereading = new Set<string>();
    // 'unread': everything was read instead, not these tasks: their services are read again as if unmet.
    const byId = new Map(tasks === 'unread' ? [] : tasks.map((t) => [t.ID, t]));
    for (const [taskId, { serviceId, expect }] of changes.expectations) {
      const task = byId.get(taskId);
      const attempt = (this.retries.get(taskId) ?? 0) + 1;
      const met = tasks === 'unread' ? false : !task || expectationMet(expect, task.Status?.State);
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
      const attempt = (this.converging.get(s.ID) ?? 0) + 1;
      if (!status || job || (status.RunningTasks ?? 0) === (status.DesiredTasks ?? 0) || attempt > CONVERGE_RETRIES) {
        this.converging.delete(s.ID);
        continue;
      }
      this.converging.set(s.ID, attempt);
      // One timer per service at a time: a read made for another reason does not add one.
      if (!this.waiting.has(s.ID)) this.later(s.ID, undefined, undefined, CONVERGE_FIRST_DELAY_MS * 2 ** (attempt - 1));
    }
  }

  /** Services with a re-read scheduled for their counts. */
  private readonly waiting = new Set<string>();

  private later(serviceId: string, taskId: string | undefined, expect: TaskExpectation | undefined, delayMs: number): void {
    if (!taskId) this.waiting.add(serviceId);
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      if (!taskId) this.waiting.delete(serviceId);
      this.stats.retries++;
      this.readAgain(ChangeSet.of({ kind: 'service', id: serviceId, removed: false, ...(taskId && expect ? { task: { id: taskId, expect } } : {}) }));
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
    this.converging.clear();
    this.waiting.clear();
  }
}
