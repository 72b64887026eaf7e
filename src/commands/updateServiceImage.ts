// Update Service Image…: a new image or tag for the service; nothing else in its spec changes.
import { askValue } from './askValue';
import { parseImageReference } from '../model/input';
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { resolveService, targetsOf } from './targets';

export async function updateServiceImage(ctx: CommandContext, arg?: unknown, image?: unknown): Promise<ServiceSummary | undefined> {
  const service = await resolveService(targetsOf(ctx), arg, 'Select a service to update the image of');
  if (!service) return undefined;
  const ref = await askValue(ctx, image, parseImageReference, {
    title: `Update the image of ${service.name}`,
    prompt: 'Image, e.g. nginx:1.27 or registry.example.org/team/app:2',
    value: service.image,
  });
  if (ref === undefined) return undefined;
  await ctx.host.withProgress(`Updating ${service.name} to ${ref}`, () => ctx.client().updateServiceImage(service.id, ref));
  const updated = await ctx.store.reloadService(service.id);
  ctx.rollouts.watch(ctx, service.id, `Updating ${service.name} to ${ref}`);
  return updated;
}
