// Which Docker engine to talk to, resolved the way the docker CLI does, and the dockerode
// options for it. Order: a context chosen in the editor, the dockerSwarm.dockerHost setting,
// DOCKER_HOST (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), the CLI's current context
// (DOCKER_CONTEXT, else currentContext in config.json), the platform's default socket.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { SwarmError } from '../model/errors';
import { isKnownHostKey } from '../model/sshKnownHosts';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Verify the engine's certificate (on unless the user turned it off). */
  verify: boolean;
}

export interface ResolvedEndpoint {
  /** unix:///…, tcp://…, ssh://…, npipe://…; empty for the platform default. */
  host: string;
  /** 'failover': another manager's endpoint used for this session (src/failover). */
  source: 'context' | 'setting' | 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'current context' | 'default' | 'failover';
  contextName?: string;
  tls?: TlsMaterial;
  /** What the status bar shows. */
  label: string;
}

export interface DockerContextInfo {
  name: string;
  description: string;
  host: string;
  skipTLSVerify: boolean;
  /** Folder holding ca.pem, cert.pem, key.pem for this context, if any. */
  tlsDir?: string;
}

export interface ResolveInput {
  selectedContext?: string | undefined;
  setting?: string | undefined;
  env: NodeJS.ProcessEnv;
}

export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env['DOCKER_CONFIG'] || join(env['HOME'] || homedir(), '.docker');
}

function contextDigest(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

function defaultHost(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return 'npipe:////./pipe/docker_engine';
  const home = env['HOME'] || homedir();
  const desktop = join(home, '.docker', 'run', 'docker.sock');
  return `unix://${existsSync(desktop) ? desktop : '/var/run/docker.sock'}`;
}

/** The CLI's contexts: "default" first, then those in the context store, by name as `docker context ls` lists them. */
export function listContexts(env: NodeJS.ProcessEnv): DockerContextInfo[] {
  const dir = dockerConfigDir(env);
  const contexts: DockerContextInfo[] = [
    { name: 'default', description: 'DOCKER_HOST, else the default socket', host: env['DOCKER_HOST'] || defaultHost(env), skipTLSVerify: false },
  ];
  const metaRoot = join(dir, 'contexts', 'meta');
  if (!existsSync(metaRoot)) return contexts;
  for (const entry of readdirSync(metaRoot)) {
    try {
      const meta = JSON.parse(readFileSync(join(metaRoot, entry, 'meta.json'), 'utf8')) as {
        Name?: string;
        Metadata?: { Description?: string };
        Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
      };
      if (!meta.Name || !meta.Endpoints?.docker?.Host) continue;
      const tlsDir = join(dir, 'contexts', 'tls', contextDigest(meta.Name), 'docker');
      contexts.push({
        name: meta.Name,
        description: meta.Metadata?.Description ?? '',
        host: meta.Endpoints.docker.Host,
        skipTLSVerify: meta.Endpoints.docker.SkipTLSVerify === true,
        ...(existsSync(tlsDir) ? { tlsDir } : {}),
      });
    } catch {
      // An unreadable context is skipped, as the CLI lists the others.
    }
  }
  // In the CLI's order: by name (the store's folders are named by a hash of it).
  const [first, ...rest] = contexts;
  return [first!, ...rest.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))];
}

/** The CLI's current context name: DOCKER_CONTEXT, else config.json's currentContext. */
export function cliCurrentContext(env: NodeJS.ProcessEnv): { name: string; source: 'DOCKER_CONTEXT' | 'current context' } | undefined {
  if (env['DOCKER_CONTEXT']) return { name: env['DOCKER_CONTEXT'], source: 'DOCKER_CONTEXT' };
  try {
    const config = JSON.parse(readFileSync(join(dockerConfigDir(env), 'config.json'), 'utf8')) as { currentContext?: string };
    if (config.currentContext) return { name: config.currentContext, source: 'current context' };
  } catch {
    // No config file: no current context.
  }
  return undefined;
}

function readTls(dir: string, verify: boolean): TlsMaterial {
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f)) : undefined);
  const tls: TlsMaterial = { verify };
  const ca = read('ca.pem');
  const cert = read('cert.pem');
  const key = read('key.pem');
  if (ca) tls.ca = ca;
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  return tls;
}

function fromContext(context: DockerContextInfo, source: ResolvedEndpoint['source']): ResolvedEndpoint {
  const e: ResolvedEndpoint = { host: context.host, source, contextName: context.name, label: context.name };
  if (context.host.startsWith('tcp://') && (context.tlsDir || context.skipTLSVerify)) {
    e.tls = context.tlsDir ? readTls(context.tlsDir, !context.skipTLSVerify) : { verify: false };
  }
  return e;
}

/** A context's endpoint with its TLS material, as choosing the context would give it (for reaching other swarm nodes). */
export function contextEndpoint(context: DockerContextInfo): ResolvedEndpoint {
  return fromContext(context, 'context');
}

export function resolveEndpoint(input: ResolveInput): ResolvedEndpoint {
  const { env } = input;
  const byName = (name: string) => {
    const found = listContexts(env).find((c) => c.name === name);
    if (!found) throw new SwarmError('invalid', `The Docker context "${name.slice(0, 100)}" does not exist. Select another one.`);
    return found;
  };
  if (input.selectedContext) {
    const context = byName(input.selectedContext);
    if (context.name !== 'default') return fromContext(context, 'context');
  }
  const setting = input.setting?.trim();
  if (setting) return { host: setting, source: 'setting', label: setting };
  const dockerHost = env['DOCKER_HOST'];
  if (dockerHost) {
    const e: ResolvedEndpoint = { host: dockerHost, source: 'DOCKER_HOST', label: dockerHost };
    // As the docker CLI reads it: any non-empty DOCKER_TLS_VERIFY turns verification on.
    const verify = !!env['DOCKER_TLS_VERIFY'];
    const certPath = env['DOCKER_CERT_PATH'] || dockerConfigDir(env);
    if (dockerHost.startsWith('tcp://') && (verify || env['DOCKER_TLS'] === '1')) e.tls = readTls(certPath, verify);
    return e;
  }
  const current = input.selectedContext ? undefined : cliCurrentContext(env);
  if (current && current.name !== 'default') return fromContext(byName(current.name), current.source);
  const host = defaultHost(env);
  return { host, source: 'default', label: host };
}

/** How dockerode connects, as docker-modem holds it once built from options or DOCKER_HOST. */
export interface ModemConnection {
  /** A path, or a function when docker-modem picks the platform's default socket itself. */
  socketPath?: unknown;
  host?: string;
  port?: string | number;
  protocol?: string;
}

/**
 * The name messages and the log give the engine a client talks to: its socket as a unix://
 * URL (the default one as defaultHost picks it), else scheme://host:port, https when TLS.
 */
export function endpointName(m: ModemConnection, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof m.socketPath === 'string') return `unix://${m.socketPath}`;
  if (typeof m.socketPath === 'function') return defaultHost(env);
  const scheme = m.protocol === 'https' ? 'https' : m.protocol === 'ssh' ? 'ssh' : 'tcp';
  return `${scheme}://${m.host}:${m.port}`;
}

/** The SSH private key to use when no agent runs: the user's default key files. */
function defaultPrivateKey(env: NodeJS.ProcessEnv): Buffer | undefined {
  const dir = join(env['HOME'] || homedir(), '.ssh');
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const p = join(dir, name);
    if (existsSync(p)) return readFileSync(p);
  }
  return undefined;
}

/** dockerode options for an endpoint; anything it cannot use is refused with a message. */
export function dockerOptions(e: ResolvedEndpoint, env: NodeJS.ProcessEnv = process.env): Docker.DockerOptions {
  const host = e.host;
  const invalid = (why: string) =>
    new SwarmError('invalid', `The Docker endpoint "${host.slice(0, 200)}" cannot be used: ${why}. Use unix:///path, tcp://host:port or ssh://user@host.`);
  if (host.startsWith('unix://')) {
    const path = host.slice('unix://'.length);
    if (!path.startsWith('/')) throw invalid('a unix socket needs an absolute path');
    return { socketPath: path };
  }
  if (host.startsWith('npipe://')) return { socketPath: host.slice('npipe://'.length).replace(/\//g, '\\') };
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw invalid('it is not a URL');
  }
  if (!url.hostname) throw invalid('it names no host');
  if (url.protocol === 'tcp:') {
    if (!e.tls) return { host: url.hostname, port: url.port || 2375, protocol: 'http' };
    const agent = new Agent({
      keepAlive: true,
      rejectUnauthorized: e.tls.verify,
      ...(e.tls.ca ? { ca: e.tls.ca } : {}),
      ...(e.tls.cert ? { cert: e.tls.cert } : {}),
      ...(e.tls.key ? { key: e.tls.key } : {}),
    });
    return { host: url.hostname, port: url.port || 2376, protocol: 'https', agent } as Docker.DockerOptions;
  }
  if (url.protocol === 'ssh:') {
    const port = Number(url.port || 22);
    const knownHostsFile = join(env['HOME'] || homedir(), '.ssh', 'known_hosts');
    const sshAgent = env['SSH_AUTH_SOCK'];
    const privateKey = sshAgent ? undefined : defaultPrivateKey(env);
    const hostname = url.hostname;
    return {
      protocol: 'ssh',
      host: hostname,
      port,
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      sshOptions: {
        ...(sshAgent ? { agent: sshAgent } : {}),
        ...(privateKey ? { privateKey } : {}),
        // As `ssh` does: only a server whose key is in known_hosts.
        hostVerifier: (key: Buffer) => existsSync(knownHostsFile) && isKnownHostKey(readFileSync(knownHostsFile, 'utf8'), hostname, port, key),
      },
    } as Docker.DockerOptions;
  }
  throw invalid(`the scheme ${url.protocol} is not supported`);
}
