// Slot and node names of a service's tasks, for log prefixes. Loaded when logs open; a line
// from a task not seen yet (a replacement after a restart) triggers one reload, and until it
// lands that line is prefixed with ids.
import type { SwarmClient } from '../docker/swarmClient';
import type { TaskNaming } from '../model/logFormat';
import { nodeNames } from '../model/summaries';

export class TaskNames {
  private readonly names = new Map<string, TaskNaming>();
  private loading: Promise<void> | undefined;
  private lastLoad = 0;

  constructor(private readonly client: SwarmClient, private readonly serviceId: string) {}

  async load(): Promise<void> {
    this.lastLoad = Date.now();
    const [tasks, nodes] = await Promise.all([this.client.serviceTasks(this.serviceId), this.client.listNodes()]);
    const hostnames = nodeNames(nodes);
    for (const t of tasks) {
      const naming: TaskNaming = {};
      if (t.Slot !== undefined && t.Slot > 0) naming.slot = t.Slot;
      const host = t.NodeID ? hostnames.get(t.NodeID) : undefined;
      if (host) naming.nodeName = host;
      this.names.set(t.ID, naming);
    }
  }

  lookup = (taskId: string): TaskNaming | undefined => {
    const known = this.names.get(taskId);
    if (!known && !this.loading && Date.now() - this.lastLoad > 1000) {
      this.loading = this.load()
        .catch(() => undefined)
        .finally(() => (this.loading = undefined));
    }
    return known;
  };
}
