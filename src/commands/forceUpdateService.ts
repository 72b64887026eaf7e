// Force Update Service: redeploys every task with the same spec (ForceUpdate + 1), after a
// confirmation, under a progress notification.
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { pickServices } from './pickService';

export async function forceUpdateService(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<ServiceSummary[]> {
  const services = await pickServices(ctx, arg, selection, 'Select a service to force-update');
  if (services.length === 0) return [];
  const names = services.map((s) => s.name).join(', ');
  const answer = await ctx.host.confirm(
    `Force update ${names}?`,
    'Every task is replaced by a new one with the same spec, following the service\'s update config.',
    'Force Update',
  );
  if (answer !== 'Force Update') return [];
  const updated = await ctx.host.withProgress(`Force-updating ${names}`, async (progress) => {
    const done: ServiceSummary[] = [];
    for (const s of services) {
      progress.report({ message: s.name });
      await ctx.client().forceUpdateService(s.id);
      done.push(await ctx.store.reloadService(s.id));
    }
    return done;
  });
  void ctx.host.showInformationMessage(`Force update of ${names} started.`);
  for (const s of updated) ctx.rollouts.watch(ctx, s.id, `Force-updating ${s.name}`);
  return updated;
}
