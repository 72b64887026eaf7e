// Registry credentials as the docker CLI finds them in its config file (config.json in
// DOCKER_CONFIG or ~/.docker): which `auths` entry belongs to an image's registry (Docker Hub's
// entry is keyed by its v1 index URL), the `auth` / `username`+`password` / `identitytoken`
// forms, and the credential helpers named by `credHelpers` and `credsStore`; and the
// X-Registry-Auth header the Engine takes. Pure: the caller reads the file. Credentials are
// never put into a message here.
import { DOCKER_HUB, parseImageRef } from '../model/imageRef';

/** The key the CLI files Docker Hub's credentials under. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

export interface RegistryCredential {
  /** The registry as the Engine is told (`https://index.docker.io/v1/` for Docker Hub, else host[:port]). */
  serverAddress: string;
  username?: string;
  password?: string;
  identityToken?: string;
}

interface AuthEntry { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown }

export interface DockerConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export type CredentialLookup =
  | { kind: 'found'; credential: RegistryCredential }
  /** The config sends this registry to a credential helper (`docker-credential-<helper>`). */
  | { kind: 'helper'; helper: string; serverAddress: string }
  | { kind: 'none'; serverAddress: string };

/** The config file's JSON, or why it cannot be used (without quoting it: it holds credentials). */
export function parseDockerConfig(text: string): { ok: true; config: DockerConfigFile } | { ok: false; why: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: 'it is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, why: 'it is not a JSON object' };
  return { ok: true, config: value as DockerConfigFile };
}

/** The registry of an image, as the config keys it; undefined for a reference that does not parse. */
export function registryOf(image: string): string | undefined {
  const p = parseImageRef(image);
  if (!p.ok) return undefined;
  return p.ref.domain === DOCKER_HUB ? DOCKER_HUB_KEY : p.ref.domain;
}

/** `https://host:port/v2/` -> `host:port`, as the CLI compares `auths` keys with a registry. */
function hostOf(key: string): string {
  const bare = key.replace(/^https?:\/\//, '');
  const slash = bare.indexOf('/');
  return slash === -1 ? bare : bare.slice(0, slash);
}

function isDockerHub(key: string): boolean {
  return key === DOCKER_HUB_KEY || ['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(hostOf(key));
}

function entryFor(auths: Record<string, AuthEntry>, server: string): AuthEntry | undefined {
  if (Object.prototype.hasOwnProperty.call(auths, server)) return auths[server];
  const hub = server === DOCKER_HUB_KEY;
  for (const [key, entry] of Object.entries(auths)) {
    if (hub ? isDockerHub(key) : hostOf(key) === server) return entry;
  }
  return undefined;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function decodeAuth(auth: string): { username: string; password: string } | undefined {
  let decoded: string;
  try {
    decoded = Buffer.from(auth, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** What the config says about `server` (a value of registryOf): a helper first, as the CLI asks it first. */
export function lookupCredential(config: DockerConfigFile, server: string): CredentialLookup {
  const helper = config.credHelpers?.[server] ?? config.credHelpers?.[hostOf(server)];
  if (typeof helper === 'string' && helper !== '') return { kind: 'helper', helper, serverAddress: server };
  if (typeof config.credsStore === 'string' && config.credsStore !== '') return { kind: 'helper', helper: config.credsStore, serverAddress: server };
  const entry = config.auths ? entryFor(config.auths, server) : undefined;
  if (!entry) return { kind: 'none', serverAddress: server };
  const fromAuth = text(entry.auth) ? decodeAuth(text(entry.auth)!) : undefined;
  const username = fromAuth?.username ?? text(entry.username);
  const password = fromAuth?.password ?? text(entry.password);
  const identityToken = text(entry.identitytoken);
  if (!username && !identityToken) return { kind: 'none', serverAddress: server };
  return {
    kind: 'found',
    credential: { serverAddress: server, ...(username ? { username } : {}), ...(password ? { password } : {}), ...(identityToken ? { identityToken } : {}) },
  };
}

/** The X-Registry-Auth header value: URL-safe base64 of the Engine's AuthConfig JSON. */
export function encodeRegistryAuth(c: RegistryCredential): string {
  const body: Record<string, string> = { serveraddress: c.serverAddress };
  if (c.identityToken) body['identitytoken'] = c.identityToken;
  else {
    if (c.username) body['username'] = c.username;
    if (c.password) body['password'] = c.password;
  }
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}
