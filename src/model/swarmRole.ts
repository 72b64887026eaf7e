// An engine's place in a swarm, as GET /info reports it (`docker info`'s Swarm section), and
// why an engine that is not a manager cannot manage services (what the views and commands say).
import type { EngineInfo } from './engineTypes';
import { SwarmError } from './errors';

export type SwarmRole = 'manager' | 'worker' | 'inactive' | 'pending' | 'error' | 'locked';

export interface SwarmStatus {
  role: SwarmRole;
  nodeId?: string;
  /** The swarm's ID (Swarm.Cluster.ID), which only a manager reports: two managers of one swarm say the same. */
  clusterId?: string;
  error?: string;
}

/** The role from Swarm.LocalNodeState and, on an active node, Swarm.ControlAvailable. */
export function swarmStatusOf(info: EngineInfo): SwarmStatus {
  const swarm = info.Swarm ?? {};
  const state = swarm.LocalNodeState ?? 'inactive';
  let role: SwarmRole;
  if (state === 'active') role = swarm.ControlAvailable ? 'manager' : 'worker';
  else if (state === 'pending' || state === 'error' || state === 'locked') role = state;
  else role = 'inactive';
  const status: SwarmStatus = { role };
  if (swarm.NodeID) status.nodeId = swarm.NodeID;
  if (swarm.Cluster?.ID) status.clusterId = swarm.Cluster.ID;
  if (swarm.Error) status.error = swarm.Error;
  return status;
}

/** Why services cannot be managed on this engine (notSwarm / notManager); none on a manager. */
export function notManagerError({ role, error }: SwarmStatus): SwarmError | undefined {
  switch (role) {
    case 'manager':
      return undefined;
    case 'worker':
      return new SwarmError('notManager', 'This Docker engine is a swarm worker. Connect to a manager node to manage services.');
    case 'locked':
      return new SwarmError('notSwarm', 'This swarm is locked. Unlock it with `docker swarm unlock` on the manager.');
    case 'pending':
      return new SwarmError('notSwarm', 'This engine is still joining its swarm (pending). Try again in a moment.');
    case 'error':
      return new SwarmError('notSwarm', `This engine's swarm is in an error state${error ? `: ${error}` : ''}.`, error);
    default:
      return new SwarmError('notSwarm', 'This Docker engine is not part of a swarm. Initialize a swarm or join one first.', error);
  }
}
