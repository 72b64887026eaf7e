// Slot and node names of a service's tasks, for log prefixes. Loaded when logs open; a line
// from a task not seen yet (a replacement after a restart) triggers one reload, and until it
// lands that line is prefixed with ids.
import { realClock, type Clock } from '../clock';
import type { SwarmClient } from '../docker/swarmClient';
import type { TaskNaming } from '../model/logFormat';
import { nodeNames } from '../model/summaries';
import { taskSlot } from '../model/taskLabel';

/** At most one reload a second, however many unknown tasks' lines arrive. */
const RELOAD_AFTER_MS = 1000;

export class TaskNames {
  private readonly names = new Map<string, TaskNaming>();
  private loading: Promise<void> | undefined;
  /** Never loaded yet: the first unknown task triggers a load at once. */
  private lastLoad = -Infinity;

  constructor(private readonly client: SwarmClient, private readonly serviceId: string, private readonly clock: Pick<Clock, 'now'> = realClock) {}

  async load(): Promise<void> {
    this.lastLoad = this.clock.now();
    const [tasks, nodes] = await Promise.all([this.client.serviceTasks(this.serviceId), this.client.listNodes()]);
    const hostnames = nodeNames(nodes);
    for (const t of tasks) {
      const naming: TaskNaming = {};
      const slot = taskSlot(t.Slot);
      if (slot !== undefined) naming.slot = slot;
      const host = t.NodeID ? hostnames.get(t.NodeID) : undefined;
      if (host) naming.nodeName = host;
      this.names.set(t.ID, naming);
    }
  }

  lookup = (taskId: string): TaskNaming | undefined => {
    const known = this.names.get(taskId);
    if (!known && !this.loading && this.clock.now() - this.lastLoad > RELOAD_AFTER_MS) {
      this.loading = this.load()
        .catch(() => undefined)
        .finally(() => (this.loading = undefined));
    }
    return known;
  };
}
