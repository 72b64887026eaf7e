// Remove Service…: a modal confirmation naming the service(s), then removal under progress.
import { toSwarmError } from '../docker/errors';
import type { SwarmError } from '../model/errors';
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { pickServices } from './pickService';

export async function removeService(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string[]> {
  const services = await pickServices(ctx, arg, selection, 'Select a service to remove');
  if (services.length === 0) return [];
  const names = services.map((s) => s.name).join(', ');
  const answer = await ctx.host.confirm(
    services.length === 1 ? `Remove service ${names}?` : `Remove ${services.length} services: ${names}?`,
    'Its tasks are stopped and the service is deleted from the swarm. This cannot be undone.',
    'Remove',
  );
  if (answer !== 'Remove') return [];
  const removed: ServiceSummary[] = [];
  const failed: { service: ServiceSummary; error: SwarmError }[] = [];
  try {
    await ctx.host.withProgress(`Removing ${names}`, async (progress) => {
      for (const s of services) {
        progress.report({ message: s.name });
        try {
          await ctx.client().removeService(s.id);
          removed.push(s);
        } catch (e) {
          failed.push({ service: s, error: toSwarmError(e) });
        }
      }
    });
  } finally {
    await ctx.store.refresh();
  }
  if (failed.length === 0) {
    void ctx.host.showInformationMessage(`Removed ${names}.`);
  } else {
    // Say exactly what happened to each one: some may be gone and others not.
    for (const f of failed) ctx.log.error(`Remove ${f.service.name}: ${f.error.message}${f.error.detail ? ` (${f.error.detail})` : ''}`);
    const done = removed.length ? `Removed ${removed.map((s) => s.name).join(', ')}. ` : '';
    const notDone = failed.map((f) => `${f.service.name}: ${f.error.message}`).join('; ');
    void ctx.host.showErrorMessage(`${done}Could not remove ${notDone}`);
  }
  return removed.map((s) => s.id);
}
