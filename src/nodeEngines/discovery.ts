// Which docker CLI context reaches which swarm node: every context's engine is asked for its
// Swarm.NodeID, in the background, a few at a time, each with a short timeout. The answers are
// kept until the caller says the contexts (or the connection) changed, or a miss makes a new
// round due; a round started since has the last word over an older one still running.
import type { ResolvedEndpoint } from '../docker/endpoint';
import type { SwarmClient } from '../docker/swarmClient';
import { forEachLimited } from '../deploy/pool';
import { firstContextPerNode, type DiscoveredContext } from './routes';

/** A docker CLI context with the endpoint (and TLS material) its engine is reached at. */
export interface ContextEndpoint {
  name: string;
  endpoint: ResolvedEndpoint;
}

/** A context found to be a node, with the endpoint to build its client from. */
export type FoundContext = DiscoveredContext & { endpoint: ResolvedEndpoint };

export interface DiscoveryDeps {
  /** The docker CLI's contexts, in the CLI's order (the first to reach a node is used). */
  contexts(): ContextEndpoint[];
  makeClient(endpoint: ResolvedEndpoint, timeoutMs?: number): SwarmClient;
  log: { info(message: string): void; warn(message: string): void };
  now(): number;
  /** probeMs: each engine's time to answer; waitMs: a caller's longest wait; missRetryMs: a miss's new round at most this often. */
  timing: { probeMs: number; waitMs: number; missRetryMs: number };
  /** A round finished with these findings. */
  done(found: ReadonlyMap<string, FoundContext>): void;
}

interface Round {
  fingerprint: string;
  running?: Promise<void> | undefined;
  doneAt?: number;
}

type Answer = { context: string; host: string; nodeId: string | undefined; error?: string };

const PROBES_AT_ONCE = 8;

function fingerprintOf(contexts: readonly ContextEndpoint[]): string {
  return contexts.map((c) => `${c.name}\t${c.endpoint.host}\t${c.endpoint.tls ? `tls ${c.endpoint.tls.verify}` : ''}`).join('\n');
}

/** Waits for `p` (whatever its outcome) at most `ms`. */
export function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([p.then(() => undefined, () => undefined), bound]).finally(() => clearTimeout(timer));
}

export class ContextDiscovery {
  private round: Round | undefined;
  private current = new Map<string, FoundContext>();
  private disposed = false;

  constructor(private readonly deps: DiscoveryDeps) {}

  /** Node ID -> the context found to be that node, as of the last round. */
  get found(): ReadonlyMap<string, FoundContext> {
    return this.current;
  }

  /** Whether a round is running. */
  get searching(): boolean {
    return this.round?.running !== undefined;
  }

  /** Starts a round unless one ran (or runs) since the last change. */
  ensure(): void {
    if (!this.round) void this.start();
  }

  /**
   * Waits (at most waitMs) for the round in flight, or the one started because none ran since
   * the last change, or, on a miss, because the contexts differ from those last asked or
   * missRetryMs has passed.
   */
  async settle(miss: boolean): Promise<void> {
    const r = this.round;
    if (!r) return within(this.start(), this.deps.timing.waitMs);
    if (r.running) return within(r.running, this.deps.timing.waitMs);
    if (!miss) return;
    // Reading the context list is cheap; asking every engine again is not.
    const contexts = this.list();
    if (fingerprintOf(contexts) !== r.fingerprint || this.deps.now() - (r.doneAt ?? 0) >= this.deps.timing.missRetryMs) {
      await within(this.start(contexts), this.deps.timing.waitMs);
    }
  }

  /** The contexts or the connection changed: the next ask starts a round (what was found stays until it ends). */
  invalidate(): void {
    this.round = undefined;
  }

  dispose(): void {
    this.disposed = true;
  }

  private list(): ContextEndpoint[] {
    try {
      return this.deps.contexts();
    } catch (e) {
      this.deps.log.warn(`Node engines: the docker contexts could not be read: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  private start(contexts = this.list()): Promise<void> {
    const round: Round = { fingerprint: fingerprintOf(contexts) };
    this.round = round;
    const answers: Answer[] = contexts.map((c) => ({ context: c.name, host: c.endpoint.host, nodeId: undefined }));
    round.running = forEachLimited(contexts.map((c, i) => ({ c, i })), PROBES_AT_ONCE, ({ c, i }) => this.probe(c, answers[i]!)).then(() => {
      round.running = undefined;
      round.doneAt = this.deps.now();
      if (this.round !== round || this.disposed) return;
      const found = new Map<string, FoundContext>();
      for (const [nodeId, f] of firstContextPerNode(answers)) found.set(nodeId, { ...f, endpoint: contexts.find((c) => c.name === f.context)!.endpoint });
      this.current = found;
      this.deps.log.info(describe(answers));
      this.deps.done(found);
    });
    return round.running;
  }

  private async probe(c: ContextEndpoint, answer: Answer): Promise<void> {
    let client: SwarmClient | undefined;
    try {
      client = this.deps.makeClient(c.endpoint, this.deps.timing.probeMs);
      // The client's own timeout aborts the request; this bound holds even if a transport ignores it.
      const asked = client.localNodeId(this.deps.timing.probeMs);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no answer in time')), this.deps.timing.probeMs + 1000)));
      answer.nodeId = await Promise.race([asked, late]).finally(() => clearTimeout(timer));
    } catch (e) {
      answer.error = e instanceof Error ? e.message : String(e);
    } finally {
      client?.close?.();
    }
  }
}

function describe(answers: readonly Answer[]): string {
  const nodes = answers.filter((a) => a.nodeId).map((a) => `"${a.context}" is node ${a.nodeId!.slice(0, 12)}`);
  const silent = answers.filter((a) => a.error).map((a) => `"${a.context}" (${a.error!.slice(0, 200)})`);
  return `Node engines: asked ${answers.length} docker context(s)${nodes.length ? `; ${nodes.join(', ')}` : '; none is a swarm node'}${silent.length ? `; no answer from ${silent.join(', ')}` : ''}`;
}
