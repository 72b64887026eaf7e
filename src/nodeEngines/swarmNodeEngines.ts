// The NodeEngines the extension uses: finds, caches and hands out the engine of each swarm node
// (the decisions are in ./routes). Docker contexts are asked in the background which node each
// engine is; the connection, the docker CLI's files and the setting are told to it by the
// caller (./wiring), so that this class runs in plain mocha with fake clients.
import type { ResolvedEndpoint } from '../docker/endpoint';
import type { SwarmClient } from '../docker/swarmClient';
import { forEachLimited } from '../deploy/pool';
import { SwarmError } from '../model/errors';
import { Emitter } from '../tree/emitter';
import { noEndpointError, type NodeEngine, type NodeEngines, type NodeRef, type NodeRoute, type RouteDetail } from './nodeEngines';
import { decideRoute, EMPTY_SETTING, firstContextPerNode, NODE_ENDPOINTS_SETTING, parseNodeEndpoints, settingEntryFor, type DiscoveredContext, type NodeEndpointsSetting, type RouteDecision } from './routes';

/** A docker CLI context with the endpoint (and TLS material) its engine is reached at. */
export interface ContextEndpoint {
  name: string;
  endpoint: ResolvedEndpoint;
}

export interface NodeEnginesDeps {
  /** The connected engine's client; throws when no endpoint is usable. */
  connected(): SwarmClient;
  /** The connection's endpoint as resolved (ssh://user@host:port, unix://…), when usable. */
  connectionHost(): string | undefined;
  /** The docker CLI's contexts, in the CLI's order (the first to reach a node is used). */
  contexts(): ContextEndpoint[];
  /** The raw value of dockerSwarm.nodeEndpoints. */
  setting(): unknown;
  /** A client for another engine; timeoutMs bounds each call (default: the client's). */
  makeClient(endpoint: ResolvedEndpoint, timeoutMs?: number): SwarmClient;
  /** A node as the manager lists it: fills in the hostname and address a caller left out. */
  node(nodeId: string): NodeRef | undefined;
  log: { info(message: string): void; warn(message: string): void };
  now?(): number;
  timing?: Partial<Timing>;
}

export interface Timing {
  /** How long a context's engine has to say which node it is. */
  probeMs: number;
  /** How long engineFor waits for a discovery in flight. */
  waitMs: number;
  /** A node with no route found starts a new discovery at most this often (sooner when the contexts changed). */
  missRetryMs: number;
  /** How long an endpoint from the setting or SSH has to say it is the node. */
  verifyMs: number;
  /** A failed endpoint (or connected engine) is asked again only after this long: until then the failure stands. */
  failureRetryMs: number;
}

export const DEFAULT_TIMING: Timing = { probeMs: 3000, waitMs: 4000, missRetryMs: 30_000, verifyMs: 5000, failureRetryMs: 10_000 };
const PROBES_AT_ONCE = 8;

interface Discovery {
  fingerprint: string;
  running?: Promise<void>;
  doneAt?: number;
}

interface Connected {
  known: boolean;
  id?: string | undefined;
  asking?: Promise<string | undefined> | undefined;
  failedAt?: number;
}

interface RouteClient {
  client: SwarmClient;
  verified?: Promise<void> | undefined;
  failure?: { error: SwarmError; at: number };
}

type Found = DiscoveredContext & { endpoint: ResolvedEndpoint };

function fingerprintOf(contexts: readonly ContextEndpoint[]): string {
  return contexts.map((c) => `${c.name}\t${c.endpoint.host}\t${c.endpoint.tls ? `tls ${c.endpoint.tls.verify}` : ''}`).join('\n');
}

function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([p.then(() => undefined, () => undefined), bound]).finally(() => clearTimeout(timer));
}

export class SwarmNodeEngines implements NodeEngines {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly timing: Timing;
  private readonly now: () => number;
  private setting: NodeEndpointsSetting = EMPTY_SETTING;
  private conn: Connected = { known: false };
  private discovery: Discovery | undefined;
  private discovered = new Map<string, Found>();
  /** Clients for other nodes' engines, by route and endpoint. */
  private readonly clients = new Map<string, RouteClient>();
  private disposed = false;

  constructor(private readonly deps: NodeEnginesDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.now = deps.now ?? Date.now;
    this.readSetting();
  }

  routeOf(nodeId: string): NodeRoute {
    return this.routeDetail(nodeId).route;
  }

  routeDetail(nodeId: string): RouteDetail {
    // Learnt in the background: the view is redrawn (onDidChange) when the answers come.
    void this.connectedNodeId();
    if (!this.discovery) void this.discover();
    const decision = decideRoute(this.facts(this.complete({ id: nodeId })));
    if (decision.kind === 'invalid') return { route: { kind: 'none' }, problem: decision.message, searching: false };
    return { route: decision, searching: decision.kind === 'none' && this.discovery?.running !== undefined };
  }

  async engineFor(ref: NodeRef): Promise<NodeEngine> {
    const node = this.complete(ref);
    await this.connectedNodeId();
    let decision = decideRoute(this.facts(node));
    // What the contexts say may be stale or missing (and a context would win over SSH): wait
    // for a discovery in flight, or start one when none has run since the contexts or the
    // connection changed, or (for a node with no route) when one is due.
    if (decision.kind === 'context' || decision.kind === 'ssh' || decision.kind === 'none') {
      await this.awaitDiscovery(decision.kind === 'none');
      decision = decideRoute(this.facts(node));
    }
    return this.reach(node, decision);
  }

  /** The connection changed: its node, the SSH routes and the discovery start again. */
  connectionChanged(): void {
    this.conn = { known: false };
    this.closeClients((key) => key.startsWith('ssh\n'));
    this.contextsChanged();
  }

  /** The docker CLI's contexts may have changed: they are asked again (the routes found stay until then). */
  contextsChanged(): void {
    this.discovery = undefined;
    this.changed.fire();
  }

  settingChanged(): void {
    this.readSetting();
    const hosts = new Set(this.setting.entries.values());
    this.closeClients((key) => key.startsWith('setting\n') && !hosts.has(key.slice(key.lastIndexOf('\n') + 1)));
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    this.closeClients(() => true);
    this.changed.dispose();
  }

  // ---- what is known ---------------------------------------------------------------------

  private readSetting(): void {
    let raw: unknown;
    try {
      raw = this.deps.setting();
    } catch {
      raw = undefined;
    }
    this.setting = parseNodeEndpoints(raw);
    if (this.setting.whole) this.deps.log.warn(this.setting.whole);
    for (const problem of this.setting.problems.values()) this.deps.log.warn(`${problem} This entry is not used.`);
  }

  private complete(ref: NodeRef): NodeRef {
    const listed = this.deps.node(ref.id);
    const hostname = ref.hostname || listed?.hostname;
    const address = ref.address || listed?.address;
    return { id: ref.id, ...(hostname ? { hostname } : {}), ...(address ? { address } : {}) };
  }

  private facts(node: NodeRef) {
    let connectionHost: string | undefined;
    try {
      connectionHost = this.deps.connectionHost();
    } catch {
      connectionHost = undefined;
    }
    return { node, connectedNodeId: this.conn.id, setting: this.setting, discovered: this.discovered, connectionHost };
  }

  /** The connected engine's node, asked once per connection (a failure is asked again later). */
  private connectedNodeId(): Promise<string | undefined> {
    const c = this.conn;
    if (c.known) return Promise.resolve(c.id);
    if (c.asking) return c.asking;
    if (c.failedAt !== undefined && this.now() - c.failedAt < this.timing.failureRetryMs) return Promise.resolve(undefined);
    let client: SwarmClient;
    try {
      client = this.deps.connected();
    } catch {
      c.failedAt = this.now();
      return Promise.resolve(undefined);
    }
    c.asking = client.localNodeId(this.timing.verifyMs).then(
      (id) => {
        c.asking = undefined;
        if (this.conn === c && !this.disposed) {
          Object.assign(c, { known: true, id });
          this.changed.fire();
        }
        return id;
      },
      () => {
        c.asking = undefined;
        c.failedAt = this.now();
        return undefined;
      },
    );
    return c.asking;
  }

  // ---- discovery -------------------------------------------------------------------------

  private listContexts(): ContextEndpoint[] {
    try {
      return this.deps.contexts();
    } catch (e) {
      this.deps.log.warn(`Node engines: the docker contexts could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  private async awaitDiscovery(miss: boolean): Promise<void> {
    const d = this.discovery;
    if (!d) await within(this.discover(), this.timing.waitMs);
    else if (d.running) await within(d.running, this.timing.waitMs);
    else if (miss) {
      // Reading the context list is cheap; asking every engine again is not.
      const contexts = this.listContexts();
      const due = fingerprintOf(contexts) !== d.fingerprint || this.now() - (d.doneAt ?? 0) >= this.timing.missRetryMs;
      if (due) await within(this.discover(contexts), this.timing.waitMs);
    }
  }

  /** Asks every context's engine which node it is; the answers replace what was found. */
  private discover(contexts = this.listContexts()): Promise<void> {
    const d: Discovery = { fingerprint: fingerprintOf(contexts) };
    this.discovery = d;
    const answers: { context: string; host: string; nodeId: string | undefined; error?: string }[] = contexts.map((c) => ({ context: c.name, host: c.endpoint.host, nodeId: undefined }));
    const running = forEachLimited(contexts.map((c, i) => ({ c, i })), PROBES_AT_ONCE, async ({ c, i }) => {
      let client: SwarmClient | undefined;
      try {
        client = this.deps.makeClient(c.endpoint, this.timing.probeMs);
        answers[i]!.nodeId = await client.localNodeId(this.timing.probeMs);
      } catch (e) {
        answers[i]!.error = e instanceof Error ? e.message : String(e);
      } finally {
        client?.close?.();
      }
    }).then(() => {
      d.running = undefined;
      d.doneAt = this.now();
      // A discovery started since (the contexts or the connection changed) has the last word.
      if (this.discovery !== d || this.disposed) return;
      const found = new Map<string, Found>();
      for (const [nodeId, f] of firstContextPerNode(answers)) found.set(nodeId, { ...f, endpoint: contexts.find((c) => c.name === f.context)!.endpoint });
      this.discovered = found;
      const keep = new Set([...found.values()].map((f) => `context\n${f.context}\n${f.host}`));
      this.closeClients((key) => key.startsWith('context\n') && !keep.has(key));
      this.deps.log.info(this.describeDiscovery(answers));
      this.changed.fire();
    });
    d.running = running;
    return running;
  }

  private describeDiscovery(answers: readonly { context: string; nodeId: string | undefined; error?: string }[]): string {
    const nodes = answers.filter((a) => a.nodeId).map((a) => `"${a.context}" is node ${a.nodeId!.slice(0, 12)}`);
    const silent = answers.filter((a) => a.error).map((a) => `"${a.context}" (${a.error!.slice(0, 200)})`);
    return `Node engines: asked ${answers.length} docker context(s)${nodes.length ? `; ${nodes.join(', ')}` : '; none is a swarm node'}${silent.length ? `; no answer from ${silent.join(', ')}` : ''}`;
  }

  // ---- clients ---------------------------------------------------------------------------

  private reach(node: NodeRef, decision: RouteDecision): Promise<NodeEngine> | NodeEngine {
    const name = node.hostname || node.id.slice(0, 12);
    switch (decision.kind) {
      case 'connected':
        return { client: this.deps.connected(), route: decision };
      case 'context': {
        const found = this.discovered.get(node.id)!;
        return { client: this.clientFor(`context\n${found.context}\n${found.host}`, found.endpoint).client, route: decision };
      }
      case 'setting': {
        const key = settingEntryFor(node, this.setting)?.key ?? node.id;
        return this.verified(node, decision, `Node "${name}": its endpoint ${decision.host} (${NODE_ENDPOINTS_SETTING}["${key}"])`, '');
      }
      case 'ssh':
        return this.verified(
          node,
          decision,
          `Node "${name}": its engine over SSH at ${decision.host} (the connection's user and port)`,
          ` Create a docker context for its engine, or add "${name}": "ssh://user@host[:port]" to the ${NODE_ENDPOINTS_SETTING} setting.`,
        );
      case 'invalid':
        throw new SwarmError('invalid', decision.message);
      case 'none': {
        const error = noEndpointError(node);
        if (!this.setting.whole) throw error;
        throw new SwarmError('noEndpoint', `${error.message} (${this.setting.whole})`);
      }
    }
  }

  private clientFor(key: string, endpoint: ResolvedEndpoint): RouteClient {
    let rc = this.clients.get(key);
    if (!rc) {
      rc = { client: this.deps.makeClient(endpoint) };
      this.clients.set(key, rc);
    }
    return rc;
  }

  /** A client for an endpoint the user named or SSH guessed, once its engine said it is the node. */
  private async verified(node: NodeRef, route: NodeRoute & { host: string }, what: string, hint: string): Promise<NodeEngine> {
    const rc = this.clientFor(`${route.kind}\n${node.id}\n${route.host}`, { host: route.host, source: 'setting', label: route.host });
    if (rc.failure && this.now() - rc.failure.at < this.timing.failureRetryMs) throw rc.failure.error;
    rc.verified ??= rc.client.localNodeId(this.timing.verifyMs).then(
      (id) => {
        if (id !== node.id) throw new SwarmError('invalid', `${what} is ${id ? `the engine of node ${id.slice(0, 12)}` : 'an engine outside the swarm'}, not this node's.${hint}`);
      },
      (e: unknown) => {
        const cause = e instanceof SwarmError ? e : rc.client.normalise(e);
        throw new SwarmError(cause.kind, `${what} cannot be reached: ${cause.message}${hint}`, cause.detail);
      },
    );
    try {
      await rc.verified;
    } catch (e) {
      rc.verified = undefined;
      rc.failure = { error: e as SwarmError, at: this.now() };
      throw e;
    }
    return { client: rc.client, route };
  }

  private closeClients(which: (key: string) => boolean): void {
    for (const [key, rc] of [...this.clients]) {
      if (!which(key)) continue;
      this.clients.delete(key);
      rc.client.close?.();
    }
  }
}
