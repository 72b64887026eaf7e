// Looking up the digest a tag points to now, through the Engine (GET /distribution/{name}/json,
// which asks the registry with the credentials given), and why a lookup failed in words a user
// can act on. The Engine's wording is kept in `detail` for the log; it never holds credentials
// (the Engine does not echo them), but the reason shown is ours.
import type { DistributionInfo, SwarmClient } from '../docker/swarmClient';
import { SwarmError } from '../model/errors';
import { familiarName, parseImageRef, withDigest } from '../model/imageRef';

/** Why a digest could not be looked up. */
export type LookupFailureKind = 'needsLogin' | 'refused' | 'unreachable' | 'untrusted' | 'notFound' | 'engine' | 'other';

export type ImageLookup =
  | { ok: true; image: string; tagged: string; digest: string; platforms: DistributionInfo['platforms'] }
  | { ok: false; image: string; tagged: string; kind: LookupFailureKind; reason: string; detail?: string };

/** The reference without its digest and with a tag (`app` -> `app:latest`, `app:1@sha256:…` -> `app:1`); a digest-only reference stays as it is. */
export function tagOf(image: string): string {
  const p = parseImageRef(image);
  if (!p.ok || (p.ref.tag === undefined && p.ref.digest !== undefined)) return image;
  return familiarName({ domain: p.ref.domain, path: p.ref.path, tag: p.ref.tag ?? 'latest' });
}

/** The digest an image reference is pinned to, if any. */
export function digestOf(image: string): string | undefined {
  const p = parseImageRef(image);
  return p.ok ? p.ref.digest : undefined;
}

/** Whether the reference can be looked up again: it has a tag, or no digest (which means :latest). */
export function hasTag(image: string): boolean {
  const p = parseImageRef(image);
  return p.ok && (p.ref.tag !== undefined || p.ref.digest === undefined);
}

/** Failures of the engine itself (not of the registry behind it): their message is ours already. */
const ENGINE_KINDS = new Set(['unreachable', 'permission', 'untrusted', 'notSwarm', 'notManager']);

/** Only the engine's own words are read: our messages about the engine say "denied" too. */
const engineText = (e: unknown): string => (e instanceof SwarmError ? e.detail ?? e.message : e instanceof Error ? e.message : String(e));

/** Our words for a failed lookup of `tagged` in `registry` (host[:port], or Docker Hub). */
export function lookupFailure(e: unknown, tagged: string, registry: string, hadCredentials: boolean): { kind: LookupFailureKind; reason: string } {
  if (e instanceof SwarmError && e.kind === 'timeout') {
    return { kind: 'unreachable', reason: `${registry} or the engine did not answer in time to look up ${tagged}` };
  }
  if (e instanceof SwarmError && ENGINE_KINDS.has(e.kind)) {
    return { kind: 'engine', reason: e.message.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()) };
  }
  const t = engineText(e);
  if (/x509:|certificate signed by unknown authority/i.test(t)) {
    return { kind: 'untrusted', reason: `the engine does not trust the TLS certificate of ${registry} (looking up ${tagged})` };
  }
  if (/no basic auth credentials|authentication required|unauthorized|denied|forbidden|\b40[13]\b/i.test(t)) {
    return hadCredentials
      ? { kind: 'refused', reason: `${registry} refused the credentials for ${tagged} (wrong user or password, or no access to this repository)` }
      : { kind: 'needsLogin', reason: `${registry} needs credentials for ${tagged}, and none are known for it` };
  }
  if (/connection refused|no such host|i\/o timeout|timeout|dial tcp|EOF|network is unreachable|TLS handshake|server gave HTTP response/i.test(t)) {
    return { kind: 'unreachable', reason: `${registry} could not be reached from the engine to look up ${tagged}` };
  }
  if (/manifest unknown|not found|no such|does not exist/i.test(t)) {
    return { kind: 'notFound', reason: `${tagged} was not found in ${registry}` };
  }
  return { kind: 'other', reason: `the digest of ${tagged} could not be looked up in ${registry}` };
}

/** The registry as messages name it. */
export function registryName(image: string): string {
  const p = parseImageRef(image);
  if (!p.ok) return 'its registry';
  return p.ref.domain === 'docker.io' ? 'Docker Hub' : p.ref.domain;
}

/** Asks the Engine for the digest `image`'s tag points to now. Never throws. */
export async function lookupImage(
  client: Pick<SwarmClient, 'distributionInspect'>,
  image: string,
  registryAuth: string | undefined,
): Promise<ImageLookup> {
  const tagged = tagOf(image);
  try {
    const info = await client.distributionInspect(tagged, registryAuth);
    if (!/^[a-z0-9]+:[0-9a-f]{32,}$/i.test(info.digest)) throw new SwarmError('api', 'the Engine returned no digest');
    return { ok: true, image, tagged, digest: info.digest, platforms: info.platforms };
  } catch (e) {
    const failure = lookupFailure(e, tagged, registryName(image), registryAuth !== undefined);
    const detail = e instanceof SwarmError ? e.detail ?? e.message : e instanceof Error ? e.message : undefined;
    return { ok: false, image, tagged, ...failure, ...(detail ? { detail } : {}) };
  }
}

/** `tagged` pinned to the looked-up digest. */
export function pinned(lookup: Extract<ImageLookup, { ok: true }>): string {
  return withDigest(lookup.tagged, lookup.digest);
}
