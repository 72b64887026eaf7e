// What failover keeps of the swarm as read through the endpoint in use: after each read of the
// views, the managers as listed, and (once per endpoint) which swarm and node the engine is,
// asked of the engine itself (GET /info). What was asked of an endpoint left meanwhile is dropped.
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import type { NodeSummary } from '../model/nodeSummaries';
import { managerRef, type KnownSwarm, type ManagerRef } from './managers';

export interface MemoryDeps {
  connection: {
    client(): SwarmClient;
    /** Names the endpoint in use; it changes when the endpoint does. */
    describe(): string;
  };
  /** Asks (in the background) which route reaches this node. */
  routeOf(nodeId: string): void;
  log: { warn(message: string): void };
  statusMs: number;
  /** What is known changed (the status bar's words). */
  changed(): void;
}

interface Identity {
  /** The endpoint (as the connection describes it) the identity was read through. */
  key: string;
  clusterId: string;
  nodeId: string;
}

export class SwarmMemory {
  private identity: Identity | undefined;
  private asking: Promise<void> | undefined;
  private managers: { list: ManagerRef[]; readAt: number } | undefined;

  constructor(private readonly deps: MemoryDeps) {}

  /** What the swarm was when last read through the endpoint in use, with the node it is. */
  get known(): KnownSwarm | undefined {
    const id = this.identity;
    if (!id || !this.managers || id.key !== this.key()) return undefined;
    return { clusterId: id.clusterId, nodeId: id.nodeId, managers: this.managers.list, readAt: this.managers.readAt };
  }

  /** The managers as just listed, and (once per endpoint) which swarm and node the engine is. */
  remember(nodes: readonly NodeSummary[]): void {
    const list = nodes.filter((n) => n.role === 'manager').map(managerRef);
    if (list.length === 0) return;
    this.managers = { list, readAt: Date.now() }; // shown as a time of day
    // The docker contexts are asked which node each is now, while the managers answer: during
    // an election they do not answer GET /info, and a context not found then would look like none.
    for (const m of list) this.deps.routeOf(m.id);
    const id = this.identity;
    if (id && id.key === this.key() && list.some((m) => m.id === id.nodeId)) return this.deps.changed();
    this.ask();
  }

  /** A switch to node `nodeId` of swarm `clusterId`: known from its answer, so that a failure before its first read is an outage too. */
  switched(clusterId: string, nodeId: string): void {
    this.identity = { key: this.key(), clusterId, nodeId };
  }

  private key(): string {
    return this.deps.connection.describe();
  }

  private ask(): void {
    this.asking ??= this.readIdentity().finally(() => (this.asking = undefined));
  }

  private async readIdentity(): Promise<void> {
    const key = this.key();
    try {
      const status = await this.deps.connection.client().swarmStatus(this.deps.statusMs);
      // The endpoint changed meanwhile (a switch may have set what the new one is): this answer is the old one's.
      if (this.key() !== key) return;
      this.identity = status.clusterId && status.nodeId && status.role === 'manager' ? { key, clusterId: status.clusterId, nodeId: status.nodeId } : undefined;
    } catch (e) {
      if (this.key() === key) this.deps.log.warn(`Failover: could not read which swarm node ${key} is: ${toSwarmError(e).message}`);
    } finally {
      this.deps.changed();
    }
  }
}
