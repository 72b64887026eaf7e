// A registry as the user types it, as the credentials are filed under, and as messages name it.
// Docker Hub answers to several names (docker.io, index.docker.io, registry-1.docker.io) and its
// credentials are filed under the v1 index URL, as the docker CLI files them.
import type { Parsed } from '../model/input';
import { DOCKER_HUB_KEY } from './credentials';

const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?$/;
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com']);

/** `https://Registry.example.org:5000/v2/` -> `registry.example.org:5000`; any Docker Hub name -> its key. Or why it is not a registry. */
export function parseRegistry(input: string): Parsed<string> {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, message: 'Enter a registry, e.g. registry.example.org or docker.io' };
  const bare = trimmed.replace(/^https?:\/\//i, '');
  const host = bare.split('/')[0] ?? '';
  if (!HOST.test(host)) return { ok: false, message: 'A registry is a host name with an optional port, e.g. registry.example.org:5000' };
  const lower = host.toLowerCase();
  if (HUB_HOSTS.has(lower)) return { ok: true, value: DOCKER_HUB_KEY };
  return { ok: true, value: lower };
}

/** How messages and pickers name a registry key. */
export function displayRegistry(server: string): string {
  return server === DOCKER_HUB_KEY ? 'Docker Hub' : server;
}
