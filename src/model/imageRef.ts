// Image references (distribution's grammar: [domain/]path[:tag][@digest]) and the two rewrites
// the docker client makes before it sends a service spec: the short ("familiar") form with a
// tag (`docker.io/library/busybox` goes out as `busybox:latest`; a digest gets no tag), and a
// digest from the registry pinned after the tag (`busybox:latest@sha256:…`). Pure: used by the
// compose conversion, the deploy and, later, registry credentials (which registry an image is in).

export interface ImageRef {
  /** The registry, `docker.io` for Docker Hub. */
  domain: string;
  /** The repository, `library/<name>` for Docker Hub's official images. */
  path: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;

/** The parts of `image`, or why it is not a valid reference. */
export function parseImageRef(image: string): { ok: true; ref: ImageRef } | { ok: false; why: string } {
  if (image === '') return { ok: false, why: 'an image is required' };
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, why: `"${digest}" is not a digest` };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, why: `"${tag}" is not a valid tag` };
  }
  const slash = rest.indexOf('/');
  const first = slash === -1 ? '' : rest.slice(0, slash);
  // The first component names a registry when it looks like a host: a dot, a port, localhost, or capitals.
  const hasDomain = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let domain = hasDomain ? first : DOCKER_HUB;
  let path = hasDomain ? rest.slice(slash + 1) : rest;
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (hasDomain && !HOST.test(domain)) return { ok: false, why: `"${domain}" is not a valid registry` };
  if (path === '' || !path.split('/').every((c) => COMPONENT.test(c))) {
    return { ok: false, why: `the repository name "${path}" must be lowercase letters, digits and separators` };
  }
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  return { ok: true, ref: { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) } };
}

/** The short form: Docker Hub names without their domain, official images without `library/`. */
export function familiarName(ref: ImageRef): string {
  let name = `${ref.domain}/${ref.path}`;
  if (ref.domain === DOCKER_HUB) name = ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice('library/'.length) : ref.path;
  return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** `busybox` -> `busybox:latest`, `docker.io/library/busybox:1` -> `busybox:1`; a digest keeps no tag. Invalid: as written. */
export function withDefaultTag(image: string): string {
  const p = parseImageRef(image);
  if (!p.ok) return image;
  return familiarName(p.ref.tag === undefined && p.ref.digest === undefined ? { ...p.ref, tag: 'latest' } : p.ref);
}

/** The reference pinned to `digest`, unless it already carries one (or does not parse). */
export function withDigest(image: string, digest: string): string {
  const p = parseImageRef(image);
  if (!p.ok || p.ref.digest !== undefined || digest === '') return image;
  return familiarName({ ...p.ref, digest });
}

/** The platforms the client puts in Placement.Platforms: "arm" loses its architecture (nodes report armv7l). */
export function placementPlatforms(platforms: readonly { architecture?: string; os?: string }[]): { Architecture?: string; OS?: string }[] {
  return platforms.map((p) => {
    const arch = p.architecture && p.architecture.toLowerCase() !== 'arm' ? p.architecture : '';
    return { ...(arch ? { Architecture: arch } : {}), ...(p.os ? { OS: p.os } : {}) };
  });
}
