// The swarm's managers as last read through the connection, and which of them can take over
// when the connected one stops answering: the decisions, free of I/O so that they are
// unit-tested. Another manager is a candidate only when its engine answers with the same swarm
// ID (a context or setting may point at another swarm, or at a worker) and as a manager.
import type { NodeSummary } from '../model/nodeSummaries';
import type { SwarmStatus } from '../model/swarmRole';
import type { NodeRoute } from '../nodeEngines/nodeEngines';
import { withoutPassword } from '../nodeEngines/routes';

/** A manager of the swarm as the last node listing showed it. */
export interface ManagerRef {
  id: string;
  hostname: string;
  /** Status.Addr (for an SSH route derived from an ssh:// connection). */
  address?: string;
  leader: boolean;
  /** ManagerStatus.Reachability: reachable / unreachable. */
  reachability?: string;
}

/** What the last successful read through the connection showed of the swarm. */
export interface KnownSwarm {
  clusterId: string;
  /** The node the connected engine is. */
  nodeId: string;
  managers: readonly ManagerRef[];
  /** When the managers were read (ms since the epoch). */
  readAt: number;
}

/** How another manager's engine is reached: a docker context, a nodeEndpoints entry, or SSH beside an ssh:// connection. */
export type ManagerRoute = Extract<NodeRoute, { kind: 'context' | 'setting' | 'ssh' }>;

/** What asking one other manager gave: no known route, no answer, or its engine's swarm status. */
export type Probe =
  | { manager: ManagerRef; outcome: 'noRoute' }
  | { manager: ManagerRef; outcome: 'failed'; route?: ManagerRoute; error: string }
  /** Its endpoint is refused (a dockerSwarm.nodeEndpoints entry that is not an endpoint, or another node's engine): not asked again until it changes. */
  | { manager: ManagerRef; outcome: 'invalid'; error: string }
  | { manager: ManagerRef; outcome: 'answered'; route: ManagerRoute; status: SwarmStatus };

export interface Candidate {
  manager: ManagerRef;
  route: ManagerRoute;
  /** The node the engine said it is (the same as manager.id for a context found to be that node). */
  nodeId: string;
}

/** The other managers to ask, in the order they are offered: the leader as last read, then reachable ones, then as listed. */
export function otherManagers(known: KnownSwarm, exclude: ReadonlySet<string>): ManagerRef[] {
  const rank = (m: ManagerRef) => (m.leader ? 0 : m.reachability === 'unreachable' ? 2 : 1);
  return known.managers
    .map((m, i) => ({ m, i }))
    .filter(({ m }) => m.id !== known.nodeId && !exclude.has(m.id))
    .sort((a, b) => rank(a.m) - rank(b.m) || a.i - b.i)
    .map(({ m }) => m);
}

/**
 * The managers that can take over, in the order asked: an engine that answered as a manager
 * (Swarm.ControlAvailable) of the swarm last read (the same Cluster.ID), and is not the node
 * that failed (an endpoint may name the failed node's engine under another name).
 */
export function chooseCandidates(known: KnownSwarm, probes: readonly Probe[]): Candidate[] {
  const found: Candidate[] = [];
  for (const p of probes) {
    if (p.outcome !== 'answered') continue;
    const { status } = p;
    // A manager without a leader does not say its swarm's ID: it cannot be told to be of this swarm (nor take over).
    if (status.role !== 'manager' || !status.clusterId || status.clusterId !== known.clusterId) continue;
    const nodeId = status.nodeId ?? '';
    if (!nodeId || nodeId === known.nodeId || found.some((c) => c.nodeId === nodeId)) continue;
    found.push({ manager: p.manager, route: p.route, nodeId });
  }
  return found;
}

/** Why an answer was not taken (for the log). */
export function refusal(known: KnownSwarm, p: Probe): string | undefined {
  if (p.outcome === 'noRoute') return 'no endpoint known';
  if (p.outcome === 'failed') return `no answer (${p.error.slice(0, 200)})`;
  if (p.outcome === 'invalid') return `its endpoint is refused (${p.error.slice(0, 200)})`;
  const s = p.status;
  if (s.role !== 'manager') return `its engine is not a swarm manager (${s.role})`;
  if (!s.clusterId) return 'its engine answers as a manager but cannot read its swarm (no leader?)';
  if (s.clusterId !== known.clusterId) return 'its engine is a manager of another swarm';
  if (s.nodeId === known.nodeId) return 'its engine is the node that failed';
  return undefined;
}

/**
 * A route as the quick pick, the messages and the log name it: the context and its endpoint, or
 * the endpoint and where it came from; never a password (a context's host may hold one).
 */
export function describeRoute(route: ManagerRoute): string {
  const host = withoutPassword(route.host);
  switch (route.kind) {
    case 'context':
      return `context ${route.context} (${host})`;
    case 'setting':
      return `${host} (dockerSwarm.nodeEndpoints)`;
    case 'ssh':
      return `${host} (SSH, as the connection)`;
  }
}

/** A list of hostnames in words: `a`, `a and b`, `a, b and c`. */
function listed(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** What keeps other managers from being asked: no endpoint known for them, or one refused (with why). */
export interface Gaps {
  missing: readonly ManagerRef[];
  invalid: readonly { manager: ManagerRef; error: string }[];
}

export const NO_GAPS: Gaps = { missing: [], invalid: [] };

/** The managers the probes found no endpoint for, or a refused one. */
export function gapsIn(probes: readonly Probe[]): Gaps {
  return {
    missing: probes.filter((p) => p.outcome === 'noRoute').map((p) => p.manager),
    invalid: probes.flatMap((p) => (p.outcome === 'invalid' ? [{ manager: p.manager, error: p.error }] : [])),
  };
}

export function hasGaps(g: Gaps): boolean {
  return g.missing.length + g.invalid.length > 0;
}

/**
 * Which managers the swarm has (as last read), those without a known endpoint and those whose
 * endpoint is refused (why), and how to give one. Without `gaps`: none has an endpoint.
 */
export function noEndpointWords(known: KnownSwarm, gaps?: Gaps): string {
  const others = known.managers.filter((m) => m.id !== known.nodeId);
  const g = gaps ?? { missing: others, invalid: [] };
  // In the swarm's order, as the list above, not the order the probes ended in: the example names the first.
  const missingIds = new Set(g.missing.map((m) => m.id));
  const missing = others.filter((m) => missingIds.has(m.id)).map((m) => m.hostname);
  const named = new Set([...g.missing, ...g.invalid.map((i) => i.manager)].map((m) => m.id));
  const rest = others.filter((m) => !named.has(m.id)).map((m) => m.hostname);
  const which =
    missing.length === others.length
      ? 'no endpoint is known for any of them'
      : [
          ...(missing.length > 0 ? [`no endpoint is known for ${listed(missing)}`] : []),
          ...(g.invalid.length > 0 ? [`${g.invalid.length > 1 ? 'the endpoints of' : 'the endpoint of'} ${listed(g.invalid.map((i) => i.manager.hostname))} ${g.invalid.length > 1 ? 'are' : 'is'} refused`] : []),
          ...(rest.length > 0 ? [`${listed(rest)} did not answer as a manager of this swarm (the Swarm Services log says what each answered)`] : []),
        ].join(', ');
  const why = g.invalid.map((i) => ` ${i.error}`).join('');
  const how = missing.length > 0
    ? ` To use one, create a docker context for its engine (it is found by itself), or add it to the dockerSwarm.nodeEndpoints setting ("${missing[0]}": "ssh://user@host").`
    : ' Correct the dockerSwarm.nodeEndpoints setting, or create a docker context for its engine.';
  return `The swarm's other managers, as last read: ${listed(others.map((m) => m.hostname))}; ${which}.${why}${how}`;
}

/**
 * The Services view's message when no other manager can take over and some have no known (or
 * a refused) endpoint. A message, not welcome content: the list is the swarm's, and welcome
 * content is fixed in package.json (the message hides it, so this says what the welcome content
 * would: Refresh, or start it again).
 */
export function noEndpointMessage(known: KnownSwarm, gaps?: Gaps): string {
  const failed = known.managers.find((m) => m.id === known.nodeId)?.hostname ?? known.nodeId.slice(0, 12);
  return `The manager this editor uses, ${failed}, does not answer. ${noEndpointWords(known, gaps)} Then Refresh, or start this manager again.`;
}

/** The status bar's words for the manager in use: its hostname, and a tooltip line naming the swarm's managers and leader. */
export function statusWords(known: KnownSwarm | undefined, notAnswering: boolean): { node?: string; tooltip?: string } {
  // A single manager leaves nothing to choose: the endpoint alone says which.
  if (!known || known.managers.length < 2) return {};
  const self = known.managers.find((m) => m.id === known.nodeId);
  if (!self) return {};
  const names = known.managers.map((m) => `${m.hostname}${m.leader ? ' (leader)' : m.reachability === 'unreachable' ? ' (unreachable)' : ''}`);
  const at = new Date(known.readAt).toLocaleTimeString();
  const leader = known.managers.find((m) => m.leader)?.hostname;
  return {
    node: self.hostname,
    tooltip:
      `Manager in use: ${self.hostname}${notAnswering ? ' (not answering)' : ''}\n` +
      `The swarm's ${known.managers.length} managers: ${names.join(', ')}; ${leader ? `leader ${leader}` : 'no leader'}, as last read at ${at}.`,
  };
}

/** A node's hostname as last listed, else its short ID. */
export function hostnameOf(known: KnownSwarm, nodeId: string): string {
  return known.managers.find((m) => m.id === nodeId)?.hostname ?? nodeId.slice(0, 12);
}

/** A node of the listing as a manager. */
export function managerRef(n: NodeSummary): ManagerRef {
  return { id: n.id, hostname: n.hostname, leader: n.leader, ...(n.address ? { address: n.address } : {}), ...(n.reachability ? { reachability: n.reachability } : {}) };
}
