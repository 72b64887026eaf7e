// Show Task Stats / Hide Task Stats (every service's tasks, from the Services view's title bar
// or the palette) and Show Stats / Hide Stats on a service's row (that service only, or those
// selected, or one picked). What the numbers are and when they are read: src/stats/taskStats.ts.
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { resolveService, resolveServices, targetsOf } from './targets';

export async function showTaskStats(ctx: CommandContext): Promise<void> {
  ctx.taskStats.showAll();
}

export async function hideTaskStats(ctx: CommandContext): Promise<void> {
  ctx.taskStats.hideAll();
}

export async function showServiceStats(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string[]> {
  const services = await servicesFor(ctx, arg, selection, 'Show live CPU and memory of the tasks of…', (s) => !ctx.taskStats.shownFor(s.id));
  await Promise.all(services.map((s) => ctx.taskStats.showFor(s.id)));
  return services.map((s) => s.id);
}

export async function hideServiceStats(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string[]> {
  const services = await servicesFor(ctx, arg, selection, 'Hide the live stats of…', (s) => ctx.taskStats.shownFor(s.id));
  for (const s of services) ctx.taskStats.hideFor(s.id);
  return services.map((s) => s.id);
}

/** The rows selected, the row clicked or the service named, else one picked among those it would change. */
async function servicesFor(ctx: CommandContext, arg: unknown, selection: unknown, placeHolder: string, eligible: (s: ServiceSummary) => boolean): Promise<ServiceSummary[]> {
  if (Array.isArray(selection) && selection.length > 1) return resolveServices(targetsOf(ctx), arg, selection, placeHolder);
  const one = await resolveService(targetsOf(ctx), arg, placeHolder, eligible);
  return one ? [one] : [];
}
