// Remove Service…: a modal confirmation naming the service(s), then removal under progress.
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
  const removed: string[] = [];
  try {
    await ctx.host.withProgress(`Removing ${names}`, async (progress) => {
      for (const s of services) {
        progress.report({ message: s.name });
        await ctx.client().removeService(s.id);
        removed.push(s.id);
      }
    });
  } finally {
    await ctx.services.refresh();
  }
  void ctx.host.showInformationMessage(`Removed ${names}.`);
  return removed;
}
