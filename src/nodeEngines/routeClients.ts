// The clients this extension keeps for other nodes' engines, one per route and endpoint, closed
// when no longer valid. An endpoint the user named or SSH derived is used only once its engine
// said it is the node; a failure stands for a while, so that a view polling stats does not
// hammer an engine that is down.
import type { ResolvedEndpoint } from '../docker/endpoint';
import type { SwarmClient } from '../docker/swarmClient';
import { SwarmError } from '../model/errors';

interface RouteClient {
  client: SwarmClient;
  verified?: Promise<void> | undefined;
  failure?: { error: SwarmError; at: number };
}

export interface RouteClientsDeps {
  makeClient(endpoint: ResolvedEndpoint, timeoutMs?: number): SwarmClient;
  now(): number;
  /** verifyMs: an engine's time to say which node it is; failureRetryMs: how long a failure stands. */
  timing: { verifyMs: number; failureRetryMs: number };
}

/** What a checked endpoint's messages say: who it is (`Node "w1": its endpoint …`) and what to do. */
export interface Naming {
  what: string;
  hint: string;
}

export class RouteClients {
  private readonly clients = new Map<string, RouteClient>();

  constructor(private readonly deps: RouteClientsDeps) {}

  /** The client kept under `key`, made for `endpoint` when there is none. */
  client(key: string, endpoint: ResolvedEndpoint): SwarmClient {
    return this.entry(key, endpoint).client;
  }

  /** The client under `key` once its engine said it is node `nodeId`; else a SwarmError naming it. */
  async checked(key: string, host: string, nodeId: string, naming: Naming): Promise<SwarmClient> {
    const rc = this.entry(key, { host, source: 'setting', label: host });
    if (rc.failure && this.deps.now() - rc.failure.at < this.deps.timing.failureRetryMs) throw rc.failure.error;
    const { what, hint } = naming;
    rc.verified ??= rc.client.localNodeId(this.deps.timing.verifyMs).then(
      (id) => {
        if (id !== nodeId) throw new SwarmError('invalid', `${what} is ${id ? `the engine of node ${id.slice(0, 12)}` : 'an engine outside the swarm'}, not this node's.${hint}`);
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
      rc.failure = { error: e as SwarmError, at: this.deps.now() };
      throw e;
    }
    return rc.client;
  }

  /** Closes and forgets the clients whose key `which` accepts. */
  close(which: (key: string) => boolean): void {
    for (const [key, rc] of [...this.clients]) {
      if (!which(key)) continue;
      this.clients.delete(key);
      rc.client.close?.();
    }
  }

  private entry(key: string, endpoint: ResolvedEndpoint): RouteClient {
    let rc = this.clients.get(key);
    if (!rc) {
      rc = { client: this.deps.makeClient(endpoint) };
      this.clients.set(key, rc);
    }
    return rc;
  }
}
