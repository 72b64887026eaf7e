// Shared by the tests of reaching a node's engine (integration and extension host): a busybox
// task pinned to a node whose container's hostname is the node's (so `hostname` in an exec tells
// which node's container the session reached), and running `hostname` in it through a client.
import type { SwarmClient } from '../../src/docker/swarmClient';
import { serviceSpec, uniqueName, waitFor } from './swarm';
import type { TestClient } from './testClient';

/** A one-replica service on `hostname` whose container is named after the node (a swarm template). */
export async function createPinnedService(client: TestClient, hostname: string): Promise<{ id: string; name: string }> {
  const name = `h17n-${uniqueName('pinned')}`;
  const spec = serviceSpec(name, 'sleep 3600', { replicas: 1, constraints: [`node.hostname==${hostname}`] });
  (spec.TaskTemplate as { ContainerSpec: Record<string, unknown> }).ContainerSpec['Hostname'] = '{{.Node.Hostname}}';
  return { id: await client.createService(spec), name };
}

/** The running task's node and container, once it has both. */
export function runningContainer(client: TestClient, serviceId: string): Promise<{ nodeId: string; containerId: string }> {
  return waitFor(`a running container of ${serviceId}`, async () => {
    const t = (await client.serviceTasks(serviceId, { 'desired-state': 'running' })).find((x) => x.Status?.State === 'running');
    const containerId = t?.Status?.ContainerStatus?.ContainerID;
    return t?.NodeID && containerId ? { nodeId: t.NodeID, containerId } : undefined;
  }, 120_000, 500);
}

/** Runs `hostname` in the container through `client`'s exec, and returns what the terminal showed. */
export async function hostnameThrough(client: SwarmClient, containerId: string): Promise<string> {
  const session = await client.execInContainer(containerId, { cmd: ['sh'] });
  const chunks: Buffer[] = [];
  session.onData((c) => chunks.push(Buffer.from(c)));
  session.write('hostname; exit\n');
  let timer: NodeJS.Timeout | undefined;
  const ended = await Promise.race([session.ended.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15_000)))]);
  clearTimeout(timer);
  if (!ended) session.detach();
  return Buffer.concat(chunks).toString('utf8');
}
