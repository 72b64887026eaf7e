// Asking the swarm's other managers, each through the route src/nodeEngines knows for its node
// (the same discovery a task's shell uses, not a second one), what its engine is: GET /info's
// swarm section, bounded. Every outcome is a Probe, never a throw.
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import type { NodeEngines } from '../nodeEngines/nodeEngines';
import { otherManagers, type KnownSwarm, type ManagerRef, type ManagerRoute, type Probe } from './managers';

/** The other managers of `known` (never the node in use), in the order they are offered. */
export function probeManagers(engines: Pick<NodeEngines, 'engineFor'>, known: KnownSwarm, statusMs: number): Promise<Probe[]> {
  return Promise.all(otherManagers(known, new Set()).map((m) => probeManager(engines, m, statusMs)));
}

async function probeManager(engines: Pick<NodeEngines, 'engineFor'>, manager: ManagerRef, statusMs: number): Promise<Probe> {
  let client: SwarmClient;
  let route: ManagerRoute;
  try {
    const engine = await engines.engineFor({ id: manager.id, hostname: manager.hostname, ...(manager.address ? { address: manager.address } : {}) });
    if (engine.route.kind !== 'context' && engine.route.kind !== 'setting' && engine.route.kind !== 'ssh') return { manager, outcome: 'noRoute' };
    ({ client, route } = { client: engine.client, route: engine.route });
  } catch (e) {
    const err = toSwarmError(e);
    if (err.kind === 'noEndpoint') return { manager, outcome: 'noRoute' };
    return err.kind === 'invalid' ? { manager, outcome: 'invalid', error: err.message } : { manager, outcome: 'failed', error: err.message };
  }
  try {
    return { manager, outcome: 'answered', route, status: await client.swarmStatus(statusMs) };
  } catch (e) {
    return { manager, outcome: 'failed', route, error: toSwarmError(e).message };
  }
}
