// Scale Service…: asks for a whole number (prefilled with the current count) and sets the
// replica count. Global services have no count; they are refused before any request.
import { SwarmError } from '../model/errors';
import { askValue } from './askValue';
import { parseReplicas } from '../model/input';
import { isScalable, type ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { resolveService, targetsOf } from './targets';

/** `replicas` may be given (a keybinding, another extension, a test); it is validated the same way. */
export async function scaleService(ctx: CommandContext, arg?: unknown, replicas?: unknown): Promise<ServiceSummary | undefined> {
  const service = await resolveService(targetsOf(ctx), arg, 'Select a service to scale', (s) => isScalable(s.mode));
  if (!service) return undefined;
  if (!isScalable(service.mode)) {
    throw new SwarmError('notScalable', `${service.name} is a ${service.mode} service: it runs one task per eligible node, so it has no replica count to scale.`);
  }
  // Refused now, in the view's words, rather than after the user has answered (see leaderWait's refusal).
  ctx.client().refuseChanges?.();
  const count = await askValue(ctx, replicas, parseReplicas, {
    title: `Scale ${service.name}`,
    prompt: `Replicas for ${service.name} (now ${service.desired})`,
    value: String(service.desired),
  });
  if (count === undefined) return undefined;
  await ctx.host.withProgress(`Scaling ${service.name} to ${count}`, () => ctx.client().scaleService(service.id, count));
  // The change is made: a failed read of it (the swarm losing its leader just after) is not its failure.
  const updated = await ctx.store.reloadService(service.id).catch(() => undefined);
  ctx.rollouts.watch(ctx, service.id, `Scaling ${service.name} to ${count}`);
  return updated;
}
