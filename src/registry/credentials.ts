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

/**
 * The `auths` entry for `server`: its own key, else (as the CLI's file store does) a key that
 * reduces to it once scheme and path are dropped (`https://host:5000/v2/`). Docker Hub is found
 * only under its v1 URL: the CLI ignores `docker.io`, `index.docker.io` etc. as auths keys.
 */
function entryFor(auths: Record<string, AuthEntry>, server: string): AuthEntry | undefined {
  if (Object.prototype.hasOwnProperty.call(auths, server)) return auths[server];
  for (const [key, entry] of Object.entries(auths)) {
    if (hostOf(key) === server) return entry;
  }
  return undefined;
}

const isObject = <T>(v: T | undefined): v is T => typeof v === 'object' && v !== null && !Array.isArray(v);

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
  // The CLI drops NUL padding some tools leave at the end of the password.
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1).replace(/^\0+|\0+$/g, '') };
}

/**
 * What the config says about `server` (a value of registryOf), in the CLI's order: the
 * `credHelpers` entry under exactly that key (Docker Hub's is its v1 URL), else `credsStore`, else
 * `auths`. A helper, once named, is the only source: the CLI does not fall back to `auths` when
 * it has nothing. An empty `credHelpers` entry sends the registry to `auths`, passing over credsStore.
 */
export function lookupCredential(config: DockerConfigFile, server: string): CredentialLookup {
  const helpers = config.credHelpers;
  const named = helpers && typeof helpers === 'object' && Object.prototype.hasOwnProperty.call(helpers, server) ? helpers[server] : undefined;
  const helper = typeof named === 'string' ? named : config.credsStore;
  if (typeof helper === 'string' && helper !== '') return { kind: 'helper', helper, serverAddress: server };
  const entry = isObject(config.auths) ? entryFor(config.auths, server) : undefined;
  if (!isObject(entry)) return { kind: 'none', serverAddress: server };
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

/**
 * The registries the config names (auths keys as registryOf spells them, credHelpers keys), sorted:
 * names only, never what is stored under them. A credsStore may hold more; it is not asked.
 */
export function configRegistries(config: DockerConfigFile): string[] {
  const names = new Set<string>();
  if (isObject(config.auths)) for (const key of Object.keys(config.auths)) names.add(key === DOCKER_HUB_KEY ? key : hostOf(key));
  if (isObject(config.credHelpers)) for (const key of Object.keys(config.credHelpers)) names.add(key);
  names.delete('');
  return [...names].sort();
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
