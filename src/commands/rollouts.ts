// Watches a service converge after a change (scale, force update, rollback, new image) and
// shows it as a progress notification, per slot, until it has converged, failed, the user
// closes it, or a time limit passes; then it reports and refreshes the service's item. The
// command that made the change does not wait for this.
import { toSwarmError } from '../docker/errors';
import { convergence } from '../model/convergence';
import { nodeNames } from '../model/summaries';
import type { CommandContext } from './context';

const POLL_MS = 500;
const LIMIT_MS = 5 * 60_000;

export class Rollouts {
  private readonly active = new Set<Promise<void>>();

  /** Resolves when no watch is running (tests wait on it). */
  async settled(): Promise<void> {
    while (this.active.size) await Promise.allSettled([...this.active]);
  }

  watch(ctx: CommandContext, serviceId: string, title: string): void {
    const run = this.run(ctx, serviceId, title).catch((e: unknown) => ctx.log.warn(`${title}: ${toSwarmError(e).message}`));
    this.active.add(run);
    void run.finally(() => this.active.delete(run));
  }

  private async run(ctx: CommandContext, serviceId: string, title: string): Promise<void> {
    const client = ctx.client();
    const started = Date.now();
    const outcome = await ctx.host.withCancellableProgress(title, async (progress, cancelled) => {
      const names = nodeNames(await client.listNodes());
      for (;;) {
        const [service, tasks] = await Promise.all([client.inspectService(serviceId), client.serviceTasks(serviceId)]);
        const c = convergence(service, tasks, (id) => names.get(id) ?? id.slice(0, 12));
        progress.report({ message: `${c.running}/${c.desired} running${c.detail ? ` — ${c.detail}` : ''}` });
        if (c.failed) return { kind: 'failed' as const, why: c.failed };
        if (c.done) return { kind: 'done' as const };
        if (cancelled()) return { kind: 'cancelled' as const };
        if (Date.now() - started > LIMIT_MS) return { kind: 'slow' as const };
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    });
    await ctx.store.reloadService(serviceId).catch(() => undefined);
    if (outcome.kind === 'failed') void ctx.host.showErrorMessage(`${title}: stopped — ${outcome.why}`);
    else if (outcome.kind === 'slow') void ctx.host.showInformationMessage(`${title}: still converging after ${LIMIT_MS / 60_000} minutes; the tree shows its progress.`);
  }
}
