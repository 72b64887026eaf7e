// The NodeEngines the extension uses: finds, caches and hands out the engine of each swarm node.
// The decisions are in ./routes, the background search of the docker contexts in ./discovery,
// the clients kept for other engines in ./routeClients. The connection, the docker CLI's files
// and the setting are told to it by the caller (./wiring), so that it runs in plain mocha.
import type { ResolvedEndpoint } from '../docker/endpoint';
import type { SwarmClient } from '../docker/swarmClient';
import { SwarmError } from '../model/errors';
import { Emitter } from '../tree/emitter';
import { ContextDiscovery, type ContextEndpoint } from './discovery';
import { noEndpointError, type NodeEngine, type NodeEngines, type NodeRef, type NodeRoute, type RouteDetail } from './nodeEngines';
import { RouteClients } from './routeClients';
import { decideRoute, EMPTY_SETTING, NODE_ENDPOINTS_SETTING, parseNodeEndpoints, settingEntryFor, type NodeEndpointsSetting, type RouteDecision, type RouteFacts, withoutPassword } from './routes';

export type { ContextEndpoint } from './discovery';

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
  /** How long an endpoint from the setting or SSH (or the connected engine) has to say which node it is. */
  verifyMs: number;
  /** A failed endpoint (or connected engine) is asked again only after this long: until then the failure stands. */
  failureRetryMs: number;
}

export const DEFAULT_TIMING: Timing = { probeMs: 3000, waitMs: 4000, missRetryMs: 30_000, verifyMs: 5000, failureRetryMs: 10_000 };

interface Connected {
  known: boolean;
  id?: string | undefined;
  asking?: Promise<string | undefined> | undefined;
  failedAt?: number;
}

const contextKey = (context: string, host: string) => `context\n${context}\n${host}`;

export class SwarmNodeEngines implements NodeEngines {
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly timing: Timing;
  private readonly now: () => number;
  private setting: NodeEndpointsSetting = EMPTY_SETTING;
  private conn: Connected = { known: false };
  private readonly discovery: ContextDiscovery;
  /** Clients for other nodes' engines, keyed `<route kind>\n…\n<host>`. */
  private readonly clients: RouteClients;
  private disposed = false;

  constructor(private readonly deps: NodeEnginesDeps) {
    const timing = (this.timing = { ...DEFAULT_TIMING, ...deps.timing });
    const now = (this.now = deps.now ?? Date.now);
    this.clients = new RouteClients({ makeClient: deps.makeClient, now, timing });
    this.discovery = new ContextDiscovery({
      contexts: deps.contexts,
      makeClient: deps.makeClient,
      log: deps.log,
      now,
      timing,
      done: (found) => {
        const keep = new Set([...found.values()].map((f) => contextKey(f.context, f.host)));
        this.clients.close((key) => key.startsWith('context\n') && !keep.has(key));
        this.changed.fire();
      },
    });
    this.readSetting();
  }

  routeOf(nodeId: string): NodeRoute {
    return this.routeDetail(nodeId).route;
  }

  routeDetail(nodeId: string): RouteDetail {
    // Learnt in the background: the view is redrawn (onDidChange) when the answers come.
    void this.connectedNodeId();
    this.discovery.ensure();
    const decision = decideRoute(this.facts(this.complete({ id: nodeId })));
    if (decision.kind === 'invalid') return { route: { kind: 'none' }, problem: decision.message, searching: false };
    return { route: decision, searching: decision.kind === 'none' && this.discovery.searching };
  }

  async engineFor(ref: NodeRef): Promise<NodeEngine> {
    const node = this.complete(ref);
    await this.connectedNodeId();
    let decision = decideRoute(this.facts(node));
    // What the contexts say may be stale or missing (and a context would win over SSH): wait
    // for a discovery in flight, or start one when none has run since the contexts or the
    // connection changed, or (for a node with no route) when one is due.
    if (decision.kind === 'context' || decision.kind === 'ssh' || decision.kind === 'none') {
      await this.discovery.settle(decision.kind === 'none');
      decision = decideRoute(this.facts(node));
    }
    return this.reach(node, decision);
  }

  /** The connection changed: its node, the SSH routes and the discovery start again. */
  connectionChanged(): void {
    this.conn = { known: false };
    this.clients.close((key) => key.startsWith('ssh\n'));
    this.contextsChanged();
  }

  /**
   * The swarm's nodes as a refresh listed them. The connected engine's node is asked once per
   * connection; an engine that left its swarm and joined or made another (a sandbox made anew)
   * is another node on the same connection, so its node is asked again.
   */
  swarmNodesListed(ids: readonly string[]): void {
    const c = this.conn;
    if (!c.known) return;
    if (c.id === undefined ? ids.length === 0 : ids.includes(c.id)) return;
    this.conn = { known: false };
    this.changed.fire();
  }

  /** The docker CLI's contexts may have changed: they are asked again (the routes found stay until then). */
  contextsChanged(): void {
    this.discovery.invalidate();
    this.changed.fire();
  }

  settingChanged(): void {
    this.readSetting();
    const hosts = new Set(this.setting.entries.values());
    this.clients.close((key) => key.startsWith('setting\n') && !hosts.has(key.slice(key.lastIndexOf('\n') + 1)));
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    this.discovery.dispose();
    this.clients.close(() => true);
    this.changed.dispose();
  }

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

  private facts(node: NodeRef): RouteFacts {
    let connectionHost: string | undefined;
    try {
      connectionHost = this.deps.connectionHost();
    } catch {
      connectionHost = undefined;
    }
    return { node, connectedNodeId: this.conn.id, setting: this.setting, discovered: this.discovery.found, connectionHost };
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

  private async reach(node: NodeRef, decision: RouteDecision): Promise<NodeEngine> {
    const name = node.hostname || node.id.slice(0, 12);
    switch (decision.kind) {
      case 'connected':
        return { client: this.deps.connected(), route: decision };
      case 'context': {
        const found = this.discovery.found.get(node.id)!;
        return { client: this.clients.client(contextKey(found.context, found.host), found.endpoint), route: decision };
      }
      case 'setting': {
        const key = settingEntryFor(node, this.setting)?.key ?? node.id;
        const what = `Node "${name}": its endpoint ${withoutPassword(decision.host)} (${NODE_ENDPOINTS_SETTING}["${key}"])`;
        return { client: await this.clients.checked(`setting\n${node.id}\n${decision.host}`, decision.host, node.id, { what, hint: '' }), route: decision };
      }
      case 'ssh': {
        const what = `Node "${name}": its engine over SSH at ${withoutPassword(decision.host)} (the connection's user and port)`;
        const hint = ` Create a docker context for its engine, or add "${name}": "ssh://user@host[:port]" to the ${NODE_ENDPOINTS_SETTING} setting.`;
        return { client: await this.clients.checked(`ssh\n${node.id}\n${decision.host}`, decision.host, node.id, { what, hint }), route: decision };
      }
      case 'invalid':
        throw new SwarmError('invalid', decision.message);
      case 'none': {
        const error = noEndpointError(node);
        if (!this.setting.whole) throw error;
        throw new SwarmError('noEndpoint', `${error.message} (${this.setting.whole})`);
      }
    }
  }
}
