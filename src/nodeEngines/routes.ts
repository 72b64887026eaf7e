// The decisions behind reaching a swarm node's engine, free of I/O so that they are unit-tested:
// the dockerSwarm.nodeEndpoints setting read and checked, the SSH endpoint derived from an
// ssh:// connection, which way wins for a node, and the words the Nodes view shows for it.
import type { NodeRef, NodeRoute } from './nodeEngines';

export const NODE_ENDPOINTS_SETTING = 'dockerSwarm.nodeEndpoints';

/** The setting as read: usable entries and refused ones, each by its key (a hostname or node ID). */
export interface NodeEndpointsSetting {
  /** key -> endpoint (trimmed). */
  entries: ReadonlyMap<string, string>;
  /** key -> the message naming the key and what is wrong with its value. */
  problems: ReadonlyMap<string, string>;
  /** Set when the value as a whole is unusable (not an object): it is then ignored. */
  whole?: string;
}

export const EMPTY_SETTING: NodeEndpointsSetting = { entries: new Map(), problems: new Map() };

function shown(text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** An endpoint as messages show it: a password in it (a context's host may hold one) replaced by ***. */
export function withoutPassword(host: string): string {
  try {
    const url = new URL(host);
    if (!url.password) return host;
    url.password = '***';
    return url.toString().replace(/\/$/, host.endsWith('/') ? '/' : '');
  } catch {
    // Not a URL: anything between the scheme's // and the last @ may be credentials.
    return host.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^?#]*@/i, '$1***@');
  }
}

/** Why an endpoint string cannot be used, or undefined when it can (the schemes dockerOptions takes). */
export function endpointProblem(value: string): string | undefined {
  const usage = 'use unix:///path, tcp://host:port or ssh://user@host[:port]';
  if (!value) return `is empty: ${usage}`;
  if (value.startsWith('unix://')) return value.slice('unix://'.length).startsWith('/') ? undefined : 'needs an absolute socket path (unix:///path)';
  if (value.startsWith('npipe://')) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL: ${usage}`;
  }
  // The scheme is not repeated either: in `user:password@host` it is the user.
  if (url.protocol !== 'tcp:' && url.protocol !== 'ssh:') return `has a scheme that is not supported: ${usage}`;
  if (!url.hostname) return 'names no host';
  // Said without the value (it would show the password): keys or an agent carry SSH credentials.
  if (url.password) return 'holds a password, which is not supported: use an SSH key or ssh-agent';
  if (url.protocol === 'tcp:' && url.username) return 'names a user, which tcp:// does not take';
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) return 'has a path or query after the host, which an engine endpoint does not take';
  return undefined;
}

/** Reads the setting's raw value: every entry is checked, and each refusal names its key. */
export function parseNodeEndpoints(raw: unknown): NodeEndpointsSetting {
  if (raw === undefined || raw === null) return EMPTY_SETTING;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ...EMPTY_SETTING, whole: `${NODE_ENDPOINTS_SETTING} is ignored: it must be an object mapping a node's hostname or ID to an endpoint, such as { "worker-1": "ssh://user@worker-1" }.` };
  }
  const entries = new Map<string, string>();
  const problems = new Map<string, string>();
  for (const [rawKey, value] of Object.entries(raw as Record<string, unknown>)) {
    const key = rawKey.trim();
    const name = `${NODE_ENDPOINTS_SETTING}["${shown(key)}"]`;
    if (!key) {
      problems.set(rawKey, `${NODE_ENDPOINTS_SETTING} has an entry with an empty key: name the node by its hostname or ID.`);
      continue;
    }
    if (typeof value !== 'string') {
      problems.set(key, `${name} must be an endpoint string such as "ssh://user@host", not ${value === null ? 'null' : typeof value}.`);
      continue;
    }
    const endpoint = value.trim();
    const why = endpointProblem(endpoint);
    // The value is never repeated: a refused entry may hold a password (in a form that is not a
    // URL, or under a scheme not taken) and this message reaches the log, the view and toasts.
    if (!why) entries.set(key, endpoint);
    else problems.set(key, `${name}: the endpoint ${why}.`);
  }
  return { entries, problems };
}

/** The setting's entry for a node: by its ID first (IDs are unique), else by its hostname (any case). */
export function settingEntryFor(node: NodeRef, setting: NodeEndpointsSetting): { key: string; host?: string; problem?: string } | undefined {
  const find = (match: (key: string) => boolean) => {
    for (const [key, host] of setting.entries) if (match(key)) return { key, host };
    for (const [key, problem] of setting.problems) if (match(key)) return { key, problem };
    return undefined;
  };
  const byId = find((key) => key === node.id);
  if (byId) return byId;
  const hostname = node.hostname?.toLowerCase();
  return hostname ? find((key) => key.toLowerCase() === hostname) : undefined;
}

/** Whether a node's Status.Addr can be dialled from elsewhere: not unspecified, not loopback. */
export function dialableAddress(address: string | undefined): address is string {
  if (!address) return false;
  const a = address.trim().toLowerCase();
  return !!a && a !== '0.0.0.0' && a !== '::' && a !== '::1' && !a.startsWith('127.') && !a.startsWith('::ffff:127.');
}

/**
 * With the connection at ssh://user@manager[:port], the node's engine over SSH: the same user
 * and the same port at the node's address. The same port because the nodes of a swarm are
 * usually set up alike; a node that differs is given in dockerSwarm.nodeEndpoints.
 */
export function sshEndpointFor(connectionHost: string | undefined, address: string | undefined): string | undefined {
  if (!connectionHost?.startsWith('ssh://') || !dialableAddress(address)) return undefined;
  let url: URL;
  try {
    url = new URL(connectionHost);
  } catch {
    return undefined;
  }
  const a = address.trim();
  const host = a.includes(':') ? `[${a}]` : a;
  return `ssh://${url.username ? `${url.username}@` : ''}${host}${url.port ? `:${url.port}` : ''}`;
}

/** A docker context whose engine said it is a node. */
export interface DiscoveredContext {
  context: string;
  host: string;
}

/** What is known, at one moment, about the ways to a node's engine. */
export interface RouteFacts {
  node: NodeRef;
  /** The connected engine's Swarm.NodeID, once known. */
  connectedNodeId?: string | undefined;
  setting: NodeEndpointsSetting;
  /** Node ID -> the context found to be that node. */
  discovered: ReadonlyMap<string, DiscoveredContext>;
  /** The connection's endpoint as resolved (ssh://user@host:port, unix://…). */
  connectionHost?: string | undefined;
}

/** A route, or the user's setting entry for the node refused (its message names the key). */
export type RouteDecision = NodeRoute | { kind: 'invalid'; message: string };

/**
 * The way to a node's engine. Order: the connected engine when it is the node; the setting's
 * entry for the node (the user's explicit word, so it wins over discovery, and a bad entry is
 * reported rather than silently passed over); a docker context found to be the node; SSH at
 * the node's address when the connection is ssh://; else none.
 */
export function decideRoute(f: RouteFacts): RouteDecision {
  if (f.connectedNodeId && f.connectedNodeId === f.node.id) return { kind: 'connected' };
  const entry = settingEntryFor(f.node, f.setting);
  if (entry?.host) return { kind: 'setting', host: entry.host };
  if (entry?.problem) return { kind: 'invalid', message: entry.problem };
  const found = f.discovered.get(f.node.id);
  if (found) return { kind: 'context', context: found.context, host: found.host };
  const ssh = sshEndpointFor(f.connectionHost, f.node.address);
  if (ssh) return { kind: 'ssh', host: ssh };
  return { kind: 'none' };
}

/** The order in which contexts are asked decides which one wins when two reach the same node: the first. */
export function firstContextPerNode(answers: readonly { context: string; host: string; nodeId: string | undefined }[]): Map<string, DiscoveredContext> {
  const found = new Map<string, DiscoveredContext>();
  for (const a of answers) if (a.nodeId && !found.has(a.nodeId)) found.set(a.nodeId, { context: a.context, host: a.host });
  return found;
}

/** How the Nodes view shows a node's route: a short description part and a tooltip line. */
export function routeText(decision: RouteDecision, node: { hostname?: string }, searching: boolean): { short: string; tooltip: string } {
  const lead = 'Shell and stats:';
  switch (decision.kind) {
    case 'connected':
      return { short: 'endpoint: connected', tooltip: `${lead} through the connected engine (this node)` };
    case 'setting':
      return { short: 'endpoint: nodeEndpoints', tooltip: `${lead} through ${decision.host} (${NODE_ENDPOINTS_SETTING})` };
    case 'context':
      return { short: `endpoint: context ${shown(decision.context, 40)}`, tooltip: `${lead} through the docker context "${decision.context}" (${withoutPassword(decision.host)})` };
    case 'ssh':
      return { short: 'endpoint: ssh', tooltip: `${lead} over SSH at ${decision.host} (the connection's user and port)` };
    case 'invalid':
      return { short: 'endpoint setting invalid', tooltip: `${lead} ${decision.message}` };
    case 'none':
      if (searching) return { short: 'endpoint: looking…', tooltip: `${lead} asking the docker contexts' engines which node each is…` };
      return {
        short: 'no endpoint',
        tooltip: `${lead} no endpoint known for this node's engine. Create a docker context for it, or add "${shown(node.hostname || 'hostname')}": "ssh://user@host" to the ${NODE_ENDPOINTS_SETTING} setting.`,
      };
  }
}
