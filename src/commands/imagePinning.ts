// What every command that writes an image does first (Update Service Image…, Redeploy with
// Latest Image): find the credentials for the image's registry, and pin the image to the digest
// its tag points to now, as `docker service update --image` does. A lookup that fails says why
// once and lets the user go on with the image as written (each node then resolves the tag
// itself), log in first, or stop with nothing changed.
import type { ResolveImage } from '../deploy/types';
import type { DistributionInfo } from '../docker/swarmClient';
import { hasTag, lookupImage, pinned, registryName, type ImageLookup } from '../registry/imageLookup';
import { headerForWrite } from '../registry/registryAuth';
import { registryOf } from '../registry/credentials';
import type { CommandContext } from './context';
import { logInToRegistry } from './registryLogin';

export interface PreparedImage {
  /** The image to send: pinned to a digest, or as written. */
  image: string;
  registryAuth?: string;
  /** The platforms of the pinned digest, for Placement.Platforms. */
  platforms?: DistributionInfo['platforms'];
  /** The lookup, when one was made and succeeded. */
  digest?: string;
}

export const USE_UNPINNED = 'Use Unpinned Image';
export const LOG_IN = 'Log In to Registry…';

/** The credentials for `image`, logging where they came from (never what they are). */
export async function credentialsFor(ctx: CommandContext, image: string): Promise<string | undefined> {
  const auth = await ctx.registry.auth.forImage(image);
  if (auth.problem) ctx.log.warn(`Registry credentials for ${image}: ${auth.problem}`);
  if (auth.source) ctx.log.info(`Registry credentials for ${image}: ${auth.source}`);
  return auth.header;
}

/** The failure's words for a modal, and the log line with the Engine's own wording. */
export function explainFailure(ctx: CommandContext, lookup: Extract<ImageLookup, { ok: false }>): string {
  ctx.log.warn(`Digest lookup of ${lookup.tagged} failed: ${lookup.detail ?? lookup.reason}`);
  const sentence = lookup.reason.charAt(0).toUpperCase() + lookup.reason.slice(1);
  return `${sentence}.`;
}

/**
 * The image to send for a write that changes a service's image from `current` to `image`, under
 * the resolve-image mode; undefined when the user chose to stop.
 */
export async function prepareImage(ctx: CommandContext, image: string, mode: ResolveImage, current: string | undefined, canLogIn = true): Promise<PreparedImage | undefined> {
  // A reference already pinned by digest is sent as it is, as the CLI does.
  const pinning = mode !== 'never' && hasTag(image) && !image.includes('@');
  const { known, lookup } = await ctx.host.withProgress(
    pinning ? `Looking up ${image} in ${registryName(image)}` : `Finding credentials for ${registryName(image)}`,
    async () => {
      const found = await credentialsFor(ctx, image);
      return { known: found, lookup: pinning ? await lookupImage(ctx.client(), image, found) : undefined };
    },
  );
  const registryAuth = headerForWrite(known, image, current);
  const base = { image, ...(registryAuth ? { registryAuth } : {}) };
  if (!lookup) return base;
  if (lookup.ok) return { ...base, image: pinned(lookup), platforms: lookup.platforms, digest: lookup.digest };
  const message = explainFailure(ctx, lookup);
  const loginHelps = canLogIn && (lookup.kind === 'needsLogin' || lookup.kind === 'refused');
  const answer = await ctx.host.choose(
    message,
    `Go on with ${image} unpinned? Each node then resolves the tag itself when it pulls, so nodes may run different versions.` +
      (loginHelps ? ' Or log in to the registry and try again.' : ''),
    loginHelps ? [USE_UNPINNED, LOG_IN] : [USE_UNPINNED],
  );
  if (answer === USE_UNPINNED) {
    // Credentials the registry just refused are not sent: they would replace working ones
    // stored with the service.
    if (lookup.kind !== 'refused') return base;
    const without = headerForWrite(undefined, image, current);
    return { image, ...(without ? { registryAuth: without } : {}) };
  }
  if (answer === LOG_IN) {
    const server = registryOf(image);
    const stored = await logInToRegistry(ctx, server);
    return stored ? prepareImage(ctx, image, mode, current, false) : undefined;
  }
  return undefined;
}
