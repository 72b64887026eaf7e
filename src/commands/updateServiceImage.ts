// Update Service Image…: a new image or tag for the service; nothing else in its spec changes
// but the platforms of a pinned digest. As `docker service update --image` does, the tag is
// looked up in its registry and pinned to its digest (unless dockerSwarm.deploy.resolveImage is
// `never`), and the registry's credentials go with the update so the nodes can pull.
import { askValue } from './askValue';
import { parseImageReference } from '../model/input';
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { prepareImage } from './imagePinning';
import { resolveService, targetsOf } from './targets';

export async function updateServiceImage(ctx: CommandContext, arg?: unknown, image?: unknown): Promise<ServiceSummary | undefined> {
  const service = await resolveService(targetsOf(ctx), arg, 'Select a service to update the image of');
  if (!service) return undefined;
  // Refused now, in the view's words, rather than after the user has answered (see leaderWait's refusal).
  ctx.client().refuseChanges?.();
  const ref = await askValue(ctx, image, parseImageReference, {
    title: `Update the image of ${service.name}`,
    prompt: 'Image, e.g. nginx:1.27 or registry.example.org/team/app:2',
    value: service.image,
  });
  if (ref === undefined) return undefined;
  // The image was given, so `changed` resolves it as `always` does (the CLI's --image rule).
  const prepared = await prepareImage(ctx, ref, ctx.deploySettings().resolveImage, service.image);
  if (!prepared) return undefined;
  await ctx.host.withProgress(`Updating ${service.name} to ${ref}`, () =>
    ctx.client().updateServiceImage(service.id, prepared.image, {
      ...(prepared.registryAuth ? { registryAuth: prepared.registryAuth } : {}),
      ...(prepared.platforms ? { platforms: prepared.platforms } : {}),
    }),
  );
  // The change is made: a failed read of it (the swarm losing its leader just after) is not its failure.
  const updated = await ctx.store.reloadService(service.id).catch(() => undefined);
  ctx.rollouts.watch(ctx, service.id, `Updating ${service.name} to ${ref}`);
  return updated;
}
