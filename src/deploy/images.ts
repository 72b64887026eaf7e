// The image a deploy sends for a service under --resolve-image always/changed/never, as the docker
// client decides it: a digest looked up through the Engine (GET /distribution/{name}/json) and
// pinned, with the image's platforms in the placement; when the registry cannot be reached, a
// warning and the image as written.
import type { ServiceSpec } from '../compose/engineSpecs';
import type { DistributionInfo, SwarmClient } from '../docker/swarmClient';
import { placementPlatforms, withDefaultTag, withDigest } from '../model/imageRef';
import { digestWarning } from './imageRef';
import { IMAGE_LABEL } from './plan';
import type { DeployPlan, ResolveImage, ServicePlan } from './types';
import { lookupImage, type ImageLookup } from '../registry/imageLookup';
import { forEachLimited } from './pool';

/**
 * The digests a deploy under `mode` will pin, looked up before anything is sent so that a
 * registry that cannot be reached or refuses the credentials is known while the user can still
 * choose (the confirmation names it). Keyed by the image as written in the file.
 */
export async function lookupPlanImages(
  client: Pick<SwarmClient, 'distributionInspect'>,
  plan: Pick<DeployPlan, 'services' | 'stack'>,
  mode: ResolveImage,
  registryAuth?: (image: string) => Promise<string | undefined>,
  concurrency = 8,
): Promise<Map<string, ImageLookup>> {
  const images = new Set<string>();
  for (const s of plan.services) {
    const written = writtenImage(plan.stack, s);
    if (shouldResolve(mode, s, written) && !written.includes('@')) images.add(written);
  }
  const out = new Map<string, ImageLookup>();
  await forEachLimited([...images], concurrency, async (image) => {
    out.set(image, await lookupImage(client, image, registryAuth ? await registryAuth(image) : undefined));
  });
  return out;
}

/** A service's image as the file writes it (the plan's spec may carry the current, pinned one). */
export function writtenImage(stack: DeployPlan['stack'], s: ServicePlan): string {
  return stack.services.find((x) => x.key === s.key)?.spec.TaskTemplate.ContainerSpec.Image ?? s.spec.TaskTemplate.ContainerSpec.Image;
}

/** Whether the client would ask the registry for this service's digest. */
export function shouldResolve(mode: ResolveImage, plan: ServicePlan, written: string): boolean {
  if (mode === 'never') return false;
  if (mode === 'always' || !plan.current) return true;
  return (plan.current.spec as { Labels?: Record<string, string> }).Labels?.[IMAGE_LABEL] !== written;
}

/**
 * `spec` with its image resolved. On a registry failure the image stays what the plan chose: the
 * image as written for a new one, the current (perhaps pinned) image when it was kept, rather than
 * unpinning a running service because the registry is out of reach.
 */
export async function resolvedSpec(
  client: Pick<SwarmClient, 'distributionInspect'>,
  spec: ServiceSpec,
  written: string,
  auth: string | undefined,
  warnings: string[],
  known?: ImageLookup,
): Promise<ServiceSpec> {
  const tagged = withDefaultTag(written);
  const info: DistributionInfo | undefined = known
    ? known.ok ? known : undefined
    : await client.distributionInspect(tagged, auth).catch(() => undefined);
  if (!info) {
    warnings.push(digestWarning(tagged));
    return spec;
  }
  const out = structuredClone(spec);
  out.TaskTemplate.ContainerSpec.Image = withDigest(tagged, info.digest);
  const platforms = placementPlatforms(info.platforms);
  // A registry that lists no platforms leaves the placement as it is, as the docker client does.
  if (platforms.length > 0) out.TaskTemplate.Placement = { ...out.TaskTemplate.Placement, Platforms: platforms };
  return out;
}
