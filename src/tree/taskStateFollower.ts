// A task's container starts or dies before the node's agent tells the manager (20-90 ms here),
// and no event comes when the manager records it: a service read at the container's event may
// still show the task's earlier state. This reads such a service again, a little later each
// time, until the manager reports what the event said (or gives up: the poll remains).
import type { Clock, TimerHandle } from '../clock';
import { ChangeSet, expectationMet, type TaskExpectation } from '../model/changes';
import type { EngineTask } from '../model/engineTypes';

const RETRIES = 6;
const FIRST_DELAY_MS = 25;

export class TaskStateFollower {
  /** Re-reads so far, by task ID. */
  private readonly retries = new Map<string, number>();
  private readonly timers = new Set<TimerHandle>();
  /** Counts for tests and the benchmark. */
  readonly stats = { retries: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly readAgain: (changes: ChangeSet) => void,
  ) {}

  /** After a read of these changes: `tasks` the tasks it read by ID, `found` the services that still exist. */
  check(changes: ChangeSet, tasks: readonly EngineTask[], found: ReadonlySet<string>): void {
    const byId = new Map(tasks.map((t) => [t.ID, t]));
    for (const [taskId, { serviceId, expect }] of changes.expectations) {
      const task = byId.get(taskId);
      const attempt = (this.retries.get(taskId) ?? 0) + 1;
      if (!task || !found.has(serviceId) || expectationMet(expect, task.Status?.State) || attempt > RETRIES) {
        this.retries.delete(taskId);
        continue;
      }
      this.retries.set(taskId, attempt);
      this.later(serviceId, taskId, expect, FIRST_DELAY_MS * 2 ** (attempt - 1));
    }
  }

  private later(serviceId: string, taskId: string, expect: TaskExpectation, delayMs: number): void {
    const timer = this.clock.setTimeout(() => {
      this.timers.delete(timer);
      this.stats.retries++;
      this.readAgain(ChangeSet.of({ kind: 'service', id: serviceId, removed: false, task: { id: taskId, expect } }));
    }, delayMs);
    this.timers.add(timer);
  }

  dispose(): void {
    for (const t of this.timers) this.clock.clearTimeout(t);
    this.timers.clear();
    this.retries.clear();
  }
}
