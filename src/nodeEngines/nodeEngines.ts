// Which engine reaches a swarm node. The Engine's exec and stats APIs answer only for
// containers on the engine's own node, so a task's shell or stats need the engine of the node
// that runs it: the connected engine when it is that node, else one known for the node (the
// dockerSwarm.nodeEndpoints setting, a docker context whose engine says it is that node, or
// the same SSH user at the node's address when the connection is ssh://), else a message that
// names the node and how to give its endpoint.
import type { SwarmClient } from '../docker/swarmClient';
import { SwarmError } from '../model/errors';
import type { Event } from '../tree/emitter';

/** How a node's engine is reached. */
export type NodeRoute =
  | { kind: 'connected' }
  | { kind: 'context'; context: string; host: string }
  | { kind: 'setting'; host: string }
  | { kind: 'ssh'; host: string }
  | { kind: 'none' };

/** A swarm node as the callers know it (from the manager's node list). */
export interface NodeRef {
  id: string;
  hostname?: string;
  /** Status.Addr: the address the node's swarm traffic comes from. */
  address?: string;
}

export interface NodeEngine {
  client: SwarmClient;
  route: NodeRoute;
}

export interface NodeEngines {
  /** How a node's engine is reached as far as known now, without waiting (for the Nodes view). */
  routeOf(nodeId: string): NodeRoute;
  /** The engine of a node; fails with a SwarmError (kind noEndpoint) naming the node and how to give its endpoint. */
  engineFor(node: NodeRef): Promise<NodeEngine>;
  /** Fires when what routeOf says may have changed (discovery finished, a setting changed). */
  readonly onDidChange: Event<void>;
  /**
   * routeOf with what the Nodes view also says (added with the full implementation; optional
   * so that simpler implementations and fakes need not give it).
   */
  routeDetail?(nodeId: string): RouteDetail;
}

/** A node's route as the Nodes view shows it. */
export interface RouteDetail {
  route: NodeRoute;
  /** The node's dockerSwarm.nodeEndpoints entry is refused: this message names the key. */
  problem?: string;
  /** No route yet, and the docker contexts are being asked which node each is. */
  searching: boolean;
}

/** The message for a node no engine is known for. */
export function noEndpointError(node: NodeRef): SwarmError {
  const name = node.hostname || node.id.slice(0, 12);
  return new SwarmError(
    'noEndpoint',
    `No Docker endpoint is known for node "${name}" (${node.id.slice(0, 12)}), which runs this task. Create a docker context for its engine, or add it to the dockerSwarm.nodeEndpoints setting ("${name}": "ssh://user@host" or "tcp://host:2375"; for TLS, a docker context).`,
  );
}
