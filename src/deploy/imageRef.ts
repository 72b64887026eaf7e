// Image references as the docker client rewrites them before a service create or update: a name
// without tag or digest gets `:latest`, and a digest from the registry is pinned after the tag
// (`busybox:latest@sha256:…`), both in the short ("familiar") form users write. A reference that
// does not parse is left exactly as written, as the client does.

interface ImageRef { domain: string; path: string; tag?: string; digest?: string }

const DEFAULT_DOMAIN = 'docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function parseImageRef(image: string): ImageRef | undefined {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  // The first component is a registry when it looks like a host (a dot, a port, or localhost).
  const hasDomain = first !== '' && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  let domain = hasDomain ? first : DEFAULT_DOMAIN;
  let path = hasDomain ? rest.slice(slash + 1) : rest;
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = `library/${path}`;
  if (path === '' || !path.split('/').every((c) => COMPONENT.test(c))) return undefined;
  return { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

function familiar(ref: ImageRef): string {
  let name = `${ref.domain}/${ref.path}`;
  if (ref.domain === DEFAULT_DOMAIN) {
    name = ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice('library/'.length) : ref.path;
  }
  return `${name}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** `busybox` -> `busybox:latest`, `docker.io/library/busybox:1` -> `busybox:1`; a digest-only reference keeps no tag. */
export function withDefaultTag(image: string): string {
  const ref = parseImageRef(image);
  if (!ref) return image;
  return familiar(ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref);
}

/** The reference pinned to `digest`, unless it already carries one. */
export function withDigest(image: string, digest: string): string {
  const ref = parseImageRef(image);
  if (!ref || ref.digest !== undefined || digest === '') return image;
  return familiar({ ...ref, digest });
}

/** The platforms the client puts in Placement.Platforms: "arm" loses its architecture (nodes report armv7l). */
export function placementPlatforms(platforms: readonly { architecture?: string; os?: string }[]): { Architecture?: string; OS?: string }[] {
  return platforms.map((p) => {
    const arch = p.architecture && p.architecture.toLowerCase() !== 'arm' ? p.architecture : '';
    return { ...(arch ? { Architecture: arch } : {}), ...(p.os ? { OS: p.os } : {}) };
  });
}

/** The client's warning when a digest could not be looked up. */
export function digestWarning(image: string): string {
  return `image ${image} could not be accessed on a registry to record its digest. Each node will access ${image} independently, possibly leading to different nodes running different versions of the image.`;
}
