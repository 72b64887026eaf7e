// Rollback Service: back to the spec before the last update, after a confirmation.
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { resolveService, targetsOf } from './targets';

export async function rollbackService(ctx: CommandContext, arg?: unknown): Promise<ServiceSummary | undefined> {
  const service = await resolveService(targetsOf(ctx), arg, 'Select a service to roll back', (s) => s.hasPreviousSpec);
  if (!service) return undefined;
  ctx.client().refuseChanges?.();
  const answer = await ctx.host.confirm(
    `Roll back ${service.name}?`,
    'The service returns to its spec before the last update; its tasks are replaced following the rollback config.',
    'Roll Back',
  );
  if (answer !== 'Roll Back') return undefined;
  await ctx.host.withProgress(`Rolling back ${service.name}`, () => ctx.client().rollbackService(service.id));
  // The change is made: a failed read of it (the swarm losing its leader just after) is not its failure.
  const updated = await ctx.store.reloadService(service.id).catch(() => undefined);
  ctx.rollouts.watch(ctx, service.id, `Rolling back ${service.name}`);
  return updated;
}
