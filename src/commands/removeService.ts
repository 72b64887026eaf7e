// Remove Service…: a modal confirmation naming the service(s), then removal under progress.
import type { CommandContext } from './context';
import { reportEach, runEach, type EachOutcome } from './runEach';
import { resolveServices, targetsOf } from './targets';
import type { ServiceSummary } from '../model/summaries';

export async function removeService(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string[]> {
  const services = await resolveServices(targetsOf(ctx), arg, selection, 'Select a service to remove');
  if (services.length === 0) return [];
  ctx.client().refuseChanges?.();
  const names = services.map((s) => s.name).join(', ');
  const answer = await ctx.host.confirm(
    services.length === 1 ? `Remove service ${names}?` : `Remove ${services.length} services: ${names}?`,
    'Its tasks are stopped and the service is deleted from the swarm. This cannot be undone.',
    'Remove',
  );
  if (answer !== 'Remove') return [];
  let outcome: EachOutcome<ServiceSummary, void>;
  try {
    outcome = await ctx.host.withProgress(`Removing ${names}`, (progress) =>
      runEach(services, async (s) => {
        progress.report({ message: s.name });
        await ctx.client().removeService(s.id);
      }),
    );
  } finally {
    await ctx.store.refresh();
  }
  reportEach(ctx, outcome, (s) => s.name, { done: (n) => `Removed ${n}.`, couldNot: 'remove', logAs: 'Remove' });
  return outcome.done.map((d) => d.target.id);
}
