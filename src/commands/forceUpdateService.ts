// Force Update Service: redeploys every task with the same spec (ForceUpdate + 1), after a
// confirmation, under a progress notification; the rollout of each one updated is followed.
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { reportEach, runEach } from './runEach';
import { resolveServices, targetsOf } from './targets';

export async function forceUpdateService(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<ServiceSummary[]> {
  const services = await resolveServices(targetsOf(ctx), arg, selection, 'Select a service to force-update');
  if (services.length === 0) return [];
  ctx.client().refuseChanges?.();
  const names = services.map((s) => s.name).join(', ');
  const answer = await ctx.host.confirm(
    `Force update ${names}?`,
    'Every task is replaced by a new one with the same spec, following the service\'s update config.',
    'Force Update',
  );
  if (answer !== 'Force Update') return [];
  const outcome = await ctx.host.withProgress(`Force-updating ${names}`, (progress) =>
    runEach(services, async (s) => {
      progress.report({ message: s.name });
      await ctx.client().forceUpdateService(s.id);
      // The update is made: a row that cannot be re-read now catches up with the next refresh.
      return ctx.store.reloadService(s.id).catch(() => s);
    }),
  );
  const [failure] = outcome.failed;
  // A single service goes through the command funnel as before (a service that is gone is
  // said to be so, and the view refreshed).
  if (failure && services.length === 1) throw failure.error;
  if (failure) await ctx.store.refresh();
  reportEach(ctx, outcome, (s) => s.name, { done: (n) => `Force update of ${n} started.`, couldNot: 'force-update', logAs: 'Force update' });
  const updated = outcome.done.map((d) => d.result);
  for (const s of updated) ctx.rollouts.watch(ctx, s.id, `Force-updating ${s.name}`);
  return updated;
}
