// Reload Service: re-reads the service (its attrs and version) and redraws only its item.
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { resolveServices, targetsOf } from './targets';

export async function reloadService(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<ServiceSummary[]> {
  const services = await resolveServices(targetsOf(ctx), arg, selection, 'Select a service to reload');
  return Promise.all(services.map((s) => ctx.store.reloadService(s.id)));
}
