// The private registry of scripts/registry.sh for tests: its address and test login, the
// X-Registry-Auth value for it, and the docker CLI as the oracle and the pusher (new content
// under a tag, the digest the registry holds, local images removed so that a task must pull).
// The CLI runs with the registry's own DOCKER_CONFIG, so the user's ~/.docker is never read or
// written. Nothing here prints a credential.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeRegistryAuth } from '../../src/registry/credentials';
import { IMAGE } from './swarm';

export const REGISTRY = '127.0.0.1:5000';
export const REGISTRY_USER = 'swarm-services';
/** A test password for a registry that only listens on loopback (scripts/registry.sh). */
export const REGISTRY_PASSWORD = 'swarm-services-test-password';
export const REGISTRY_REPO = `${REGISTRY}/swarm-services/app`;
/** Pushed by scripts/registry.sh up: the sandbox's busybox image. */
export const REGISTRY_IMAGE = `${REGISTRY_REPO}:1`;
/** Nothing listens here: a registry the Engine cannot reach. */
export const UNREACHABLE_REGISTRY = '127.0.0.1:5999';

const STATE_DIR = join(
  process.env['SWARM_SERVICES_STATE'] ?? join(process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'), 'swarm-services'),
  'registry',
);
/** The docker config scripts/registry.sh logged in with (an `auths` entry for REGISTRY). */
export const REGISTRY_DOCKER_CONFIG = join(STATE_DIR, 'docker-config');

/**
 * Only tasks on nodes in this machine's network namespace reach 127.0.0.1:5000 (the sandbox's
 * worker engine has a loopback of its own), so services that pull from it go to the manager.
 */
export const REGISTRY_PLACEMENT = ['node.role==manager'];

/** The X-Registry-Auth value for the test registry (or for `server` with these credentials). */
export function registryAuthHeader(user = REGISTRY_USER, password = REGISTRY_PASSWORD, server = REGISTRY): string {
  return encodeRegistryAuth({ serverAddress: server, username: user, password });
}

/** `REGISTRY_REPO:tag`. */
export const registryRef = (tag: string): string => `${REGISTRY_REPO}:${tag}`;

interface Run { code: number; stdout: string; stderr: string }

function docker(args: string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      { env: { ...process.env, DOCKER_CONFIG: REGISTRY_DOCKER_CONFIG, DOCKER_CLI_HINTS: 'false' }, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

async function dockerOk(args: string[]): Promise<string> {
  const r = await docker(args);
  if (r.code !== 0) throw new Error(`docker ${args[0]} ${args[1] ?? ''} failed (${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** Fails clearly when the registry is not up with the test login (run scripts/registry.sh up). */
export async function assertRegistryUp(): Promise<void> {
  const basic = Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64');
  let status = 0;
  try {
    status = (await fetch(`http://${REGISTRY}/v2/`, { headers: { Authorization: `Basic ${basic}` }, signal: AbortSignal.timeout(5000) })).status;
  } catch {
    status = 0;
  }
  if (status !== 200) {
    throw new Error(`The test registry on ${REGISTRY} is not serving the test login (HTTP ${status || 'no answer'}). Run: bash scripts/registry.sh up`);
  }
}

/** The digest the registry holds for `ref`, as the docker CLI reads it (`docker manifest inspect -v`). */
export async function cliRegistryDigest(ref: string): Promise<string> {
  const out = await dockerOk(['manifest', 'inspect', '--insecure', '-v', ref]);
  const parsed = JSON.parse(out) as { Descriptor?: { digest?: string } } | { Descriptor?: { digest?: string } }[];
  const digest = (Array.isArray(parsed) ? undefined : parsed.Descriptor?.digest) ?? '';
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`docker manifest inspect gave no single digest for ${ref}`);
  return digest;
}

/**
 * Pushes an image with content of its own (the sandbox image plus a file holding a random
 * value) to `REGISTRY_REPO:tag` and returns the digest the registry reported for the push.
 * The image stays local under that tag; removeLocalImage takes it away.
 */
export async function pushNewContent(tag: string): Promise<string> {
  const ref = registryRef(tag);
  const dir = mkdtempSync(join(tmpdir(), 'swarm-services-content-'));
  const container = (await dockerOk(['create', IMAGE, 'true'])).trim();
  try {
    writeFileSync(join(dir, 'content'), `${randomBytes(16).toString('hex')}\n`);
    await dockerOk(['cp', join(dir, 'content'), `${container}:/content`]);
    await dockerOk(['commit', container, ref]);
  } finally {
    await docker(['rm', '-f', container]);
    rmSync(dir, { recursive: true, force: true });
  }
  const pushed = await dockerOk(['push', ref]);
  // The last line of a push: "<tag>: digest: sha256:… size: N".
  const m = /digest: (sha256:[0-9a-f]{64})/.exec(pushed);
  if (!m) throw new Error(`docker push ${ref} printed no digest`);
  return m[1]!;
}

/**
 * Removes `ref` from the local engine together with every digest reference of its repository
 * that names the same image: a task pinned to `repo:tag@digest` would otherwise run from the
 * local image without pulling. Layers other tags still use stay. Absent refs are fine; an image
 * still used by the container of a service just removed is waited for (up to 30 s).
 */
export async function removeLocalImage(ref: string): Promise<void> {
  const inspected = await docker(['image', 'inspect', '--format', '{{json .RepoTags}} {{json .RepoDigests}}', ref]);
  if (inspected.code !== 0) return;
  const [tagsJson, digestsJson] = inspected.stdout.trim().split(' ');
  const tags = (JSON.parse(tagsJson ?? '[]') as string[] | null) ?? [];
  const digests = (JSON.parse(digestsJson ?? '[]') as string[] | null) ?? [];
  const repo = repositoryOf(ref);
  const names = [...tags.filter((t) => t === ref), ...digests.filter((d) => d.startsWith(`${repo}@`))];
  if (!ref.includes('@') && !names.includes(ref)) names.push(ref);
  for (const name of names) {
    // A removed service's task containers go away a moment later; until then the image is in use.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const r = await docker(['image', 'rm', name]);
      if (r.code === 0 || /No such image/i.test(r.stderr)) break;
      if (!/conflict/i.test(r.stderr) || Date.now() > deadline) throw new Error(`docker image rm ${name} failed: ${r.stderr.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** `host:port/path:tag@digest` -> `host:port/path` (the tag's colon is the one after the last slash). */
function repositoryOf(ref: string): string {
  const noDigest = ref.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** Writes `dir/config.json` (mode 0600) for tests that need a docker config; returns its path. */
export function writeDockerConfig(dir: string, content: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2), { mode: 0o600 });
  return file;
}

/** A docker config whose `auths` holds the test login for the registry, in the `auth` form. */
export function registryDockerConfig(user = REGISTRY_USER, password = REGISTRY_PASSWORD): { auths: Record<string, { auth: string }> } {
  return { auths: { [REGISTRY]: { auth: Buffer.from(`${user}:${password}`).toString('base64') } } };
}

/** Whether the local engine has an image under `ref` (a tag or `repo@digest`). */
export async function hasLocalImage(ref: string): Promise<boolean> {
  return (await docker(['image', 'inspect', '--format', '{{.Id}}', ref])).code === 0;
}

/**
 * Deletes a manifest from the registry by digest (the registry runs with deletes enabled), so
 * that content a test pushed does not pile up; every tag on it goes with it.
 */
export async function deleteFromRegistry(digest: string): Promise<void> {
  const basic = Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64');
  const path = REGISTRY_REPO.slice(REGISTRY.length + 1);
  const r = await fetch(`http://${REGISTRY}/v2/${path}/manifests/${digest}`, {
    method: 'DELETE',
    headers: { Authorization: `Basic ${basic}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (r.status !== 202 && r.status !== 404) throw new Error(`the registry answered HTTP ${r.status} to deleting ${digest}`);
}
