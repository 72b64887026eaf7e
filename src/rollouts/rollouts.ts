// Follows a service's rollout after a change (scale, force update, rollback, new image) as a
// progress notification, per slot, as `docker service update` shows it while it waits. A watch
// stops when the rollout has converged or failed, the user closes the notification, a time
// limit passes, or the extension is disposed; then (unless disposed) it reports and redraws the
// service's row. The command that made the change does not wait for it.
import type * as vscode from 'vscode';
import type { Clock, TimerHandle } from '../clock';
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import type { Host } from '../host';
import { convergence } from '../model/convergence';
import { nodeNames } from '../model/summaries';

/** How often the service and its tasks are read while a rollout runs. */
export const POLL_MS = 500;
/** After this the notification closes, and the tree alone shows the rest. */
export const LIMIT_MS = 5 * 60_000;

/** What a watch uses, read when it needs it (tests replace the host); a CommandContext is one. */
export interface RolloutParts {
  client(): Pick<SwarmClient, 'inspectService' | 'serviceTasks' | 'listNodes'>;
  readonly host: Pick<Host, 'withCancellableProgress' | 'showErrorMessage' | 'showInformationMessage'>;
  readonly log: { warn(message: string): void };
  readonly store: { reloadService(id: string): Promise<unknown> };
}

type Outcome = { kind: 'done' | 'cancelled' | 'slow' | 'stopped' } | { kind: 'failed'; why: string };

/** One watch's stop signal, and the timer of its next poll. */
class Watch {
  stopped = false;
  private timer: TimerHandle | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly clock: Clock) {}

  /** Waits until the next poll is due; stopping the watch ends the wait at once. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.wake = undefined;
        resolve();
      }, ms);
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.wake?.();
    this.wake = undefined;
  }
}

export class Rollouts implements vscode.Disposable {
  private readonly active = new Map<Watch, Promise<void>>();
  private disposed = false;

  constructor(private readonly clock: Clock) {}

  /** Resolves when no watch is running (tests wait on it). */
  async settled(): Promise<void> {
    while (this.active.size) await Promise.allSettled([...this.active.values()]);
  }

  watch(parts: RolloutParts, serviceId: string, title: string): void {
    this.watchAll(parts, [serviceId], title);
  }

  /** One notification for several services (a stack's deploy): done when every one has converged, stopped at the first that fails. */
  watchAll(parts: RolloutParts, serviceIds: readonly string[], title: string): void {
    if (this.disposed || serviceIds.length === 0) return;
    const w = new Watch(this.clock);
    const run = this.run(parts, w, [...serviceIds], title).catch((e: unknown) => parts.log.warn(`${title}: ${toSwarmError(e).message}`));
    this.active.set(w, run);
    void run.finally(() => this.active.delete(w));
  }

  /** Stops every watch: no further read is made, and each notification closes once a read in flight returns. */
  dispose(): void {
    this.disposed = true;
    for (const w of this.active.keys()) w.stop();
  }

  private async run(parts: RolloutParts, w: Watch, serviceIds: string[], title: string): Promise<void> {
    const client = parts.client();
    const started = this.clock.now();
    const outcome = await parts.host.withCancellableProgress(title, async (progress, cancelled): Promise<Outcome> => {
      const nodes = await client.listNodes();
      const names = nodeNames(nodes);
      const paused = new Set(nodes.filter((n) => n.Spec?.Availability === 'pause').map((n) => n.ID));
      const nodeName = (id: string) => names.get(id) ?? id.slice(0, 12);
      let pending = serviceIds;
      for (;;) {
        if (w.stopped) return { kind: 'stopped' };
        const read = await Promise.all(pending.map(async (id) => {
          const [service, tasks] = await Promise.all([client.inspectService(id), client.serviceTasks(id)]);
          return { id, name: service.Spec?.Name ?? id, c: convergence(service, tasks, nodeName, paused) };
        }));
        if (w.stopped) return { kind: 'stopped' };
        const failed = read.find((r) => r.c.failed);
        if (failed) return { kind: 'failed', why: serviceIds.length > 1 ? `${failed.name}: ${failed.c.failed}` : failed.c.failed! };
        pending = read.filter((r) => !r.c.done).map((r) => r.id);
        const next = read.find((r) => !r.c.done) ?? read[0]!;
        const line = `${next.c.running}/${next.c.desired} running${next.c.detail ? ` — ${next.c.detail}` : ''}`;
        progress.report({ message: serviceIds.length > 1 ? `${serviceIds.length - pending.length}/${serviceIds.length} services converged — ${next.name}: ${line}` : line });
        if (pending.length === 0) return { kind: 'done' };
        if (cancelled()) return { kind: 'cancelled' };
        if (this.clock.now() - started > LIMIT_MS) return { kind: 'slow' };
        await w.pause(POLL_MS);
      }
    });
    // Disposed: the extension is going away, and nothing is left to tell.
    if (outcome.kind === 'stopped') return;
    await Promise.all(serviceIds.map((id) => parts.store.reloadService(id).catch(() => undefined)));
    if (outcome.kind === 'failed') void parts.host.showErrorMessage(`${title}: stopped — ${outcome.why}`);
    else if (outcome.kind === 'slow') void parts.host.showInformationMessage(`${title}: still converging after ${LIMIT_MS / 60_000} minutes; the tree shows its progress.`);
  }
}
