// The image name as the docker client sends it in a service spec: the Go client library (not the
// stack conversion) normalises every ContainerSpec.Image to its familiar form with a tag, so
// `busybox` goes out as `busybox:latest` and `docker.io/library/nginx` as `nginx:latest`; a digest
// is kept and gets no tag. The `com.docker.stack.image` label keeps the name as written.

import type { Parsed } from './durations';

// The reference grammar's pieces (distribution/reference), enough to tell a valid name.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;

/** `image` as the client sends it, or why it is not a valid reference (the CLI refuses those before deploying). */
export function familiarImageWithTag(image: string): Parsed<string> {
  const bad = (why: string): Parsed<string> => ({ ok: false, error: `"${image}" is not a valid image reference: ${why}` });
  if (image === '') return { ok: false, error: 'an image is required' };
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return bad(`"${digest}" is not a digest`);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return bad(`"${tag}" is not a valid tag`);
  }
  const slash = rest.indexOf('/');
  let domain = '';
  let path = rest;
  const first = slash === -1 ? '' : rest.slice(0, slash);
  if (slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    domain = first;
    path = rest.slice(slash + 1);
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain !== '' && !DOMAIN_RE.test(domain)) return bad(`"${domain}" is not a valid registry`);
  if (!PATH.test(path)) return bad(`the repository name "${path}" must be lowercase letters, digits and separators`);
  // Docker Hub names lose their domain, and official images their library/ prefix.
  if (domain === 'docker.io' || domain === '') {
    domain = '';
    if (path.startsWith('library/') && path.indexOf('/', 'library/'.length) === -1) path = path.slice('library/'.length);
  }
  if (tag === '' && digest === '') tag = 'latest';
  return { ok: true, value: `${domain ? `${domain}/` : ''}${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}` };
}
