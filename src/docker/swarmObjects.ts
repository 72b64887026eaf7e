// The Engine calls behind the Secrets, Configs and Networks views and the node label commands:
// listing (one request per kind), reading a config's content, removing, and changing a node's
// labels with the version it was read at. Creating reuses the stack deploy's calls (./stackDeploy);
// removals and label changes are sent as ./writes sends every change.
import type { EngineNode } from '../model/engineTypes';
import type { SwarmConfig, SwarmConfigWithData, SwarmNetwork, SwarmSecret } from '../model/swarmObjects';
import type { Engine } from './dockerCalls';
import { request } from './stackDeploy';
import { inspectNode, nodeSubject, readBack, retryOnceOnConflict, sendNodeUpdate, sendRemove } from './writes';

interface ObjectJson {
  ID: string;
  Version?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string> | null;
    Data?: string;
    Driver?: { Name?: string } | null;
    Templating?: { Name?: string } | null;
  };
}

interface NetworkJson {
  Id: string;
  Name: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  EnableIPv6?: boolean;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null } | null;
  Labels?: Record<string, string> | null;
}

const path = (kind: 'secrets' | 'configs' | 'networks', idOrName: string) => `/${kind}/${encodeURIComponent(idOrName)}`;

function base(o: ObjectJson) {
  return {
    id: o.ID,
    name: o.Spec?.Name ?? o.ID,
    ...(o.CreatedAt ? { createdAt: o.CreatedAt } : {}),
    ...(o.UpdatedAt ? { updatedAt: o.UpdatedAt } : {}),
    labels: { ...(o.Spec?.Labels ?? {}) },
    version: o.Version?.Index ?? 0,
  };
}

function secretOf(o: ObjectJson): SwarmSecret {
  const driver = o.Spec?.Driver?.Name;
  const templating = o.Spec?.Templating?.Name;
  return { ...base(o), ...(driver ? { driver } : {}), ...(templating ? { templating } : {}) };
}

/** Without the content: the list carries every config's data, which the views must not hold on to. */
function configOf(o: ObjectJson): SwarmConfig {
  const templating = o.Spec?.Templating?.Name;
  return { ...base(o), ...(templating ? { templating } : {}) };
}

function networkOf(n: NetworkJson): SwarmNetwork {
  return {
    id: n.Id,
    name: n.Name,
    ...(n.Created ? { createdAt: n.Created } : {}),
    labels: { ...(n.Labels ?? {}) },
    driver: n.Driver ?? '',
    attachable: n.Attachable === true,
    internal: n.Internal === true,
    ingress: n.Ingress === true,
    ipv6: n.EnableIPv6 === true,
    ipam: (n.IPAM?.Config ?? []).map((c) => ({
      ...(c.Subnet ? { subnet: c.Subnet } : {}),
      ...(c.Gateway ? { gateway: c.Gateway } : {}),
      ...(c.IPRange ? { ipRange: c.IPRange } : {}),
    })),
  };
}

export async function listSecrets(engine: Engine): Promise<SwarmSecret[]> {
  return (await request<ObjectJson[] | null>(engine, { method: 'GET', path: '/secrets' }) ?? []).map(secretOf);
}

export async function listConfigs(engine: Engine): Promise<SwarmConfig[]> {
  return (await request<ObjectJson[] | null>(engine, { method: 'GET', path: '/configs' }) ?? []).map(configOf);
}

export async function inspectConfig(engine: Engine, idOrName: string): Promise<SwarmConfigWithData> {
  const o = await request<ObjectJson>(engine, { method: 'GET', path: path('configs', idOrName) });
  return { ...configOf(o), data: o.Spec?.Data ?? '' };
}

/**
 * Swarm-scope networks only. The scope filter is the Engine's; the check after it is ours, for a
 * network listed with another scope by an engine that ignores the filter. With `localToo`, this
 * node's own networks as well (bridge, docker_gwbridge...), whose subnets an overlay must not
 * overlap either.
 */
export async function listNetworks(engine: Engine, localToo = false): Promise<SwarmNetwork[]> {
  const list = await request<NetworkJson[] | null>(engine, {
    method: 'GET',
    path: '/networks',
    ...(localToo ? {} : { query: { filters: JSON.stringify({ scope: ['swarm'] }) } }),
  });
  return (list ?? []).filter((n) => localToo || n.Scope === 'swarm').map(networkOf);
}

export function removeSecret(engine: Engine, idOrName: string): Promise<void> {
  return sendRemove(engine, () => request(engine, { method: 'DELETE', path: path('secrets', idOrName) }));
}

export function removeConfig(engine: Engine, idOrName: string): Promise<void> {
  return sendRemove(engine, () => request(engine, { method: 'DELETE', path: path('configs', idOrName) }));
}

export function removeNetwork(engine: Engine, idOrName: string): Promise<void> {
  return sendRemove(engine, () => request(engine, { method: 'DELETE', path: path('networks', idOrName) }));
}

/**
 * `docker node update --label-add/--label-rm`: reads the node, applies `change` to its labels and
 * writes the whole spec back with the version read, retried once on a conflict, sent as Drain's
 * is (refused while the quorum is known lost, an election waited out). Returns the node as read after the write.
 */
export async function updateNodeLabels(
  engine: Engine,
  idOrName: string,
  change: (labels: Record<string, string>) => Record<string, string>,
): Promise<EngineNode> {
  let labels: Record<string, string> = {};
  const written = await retryOnceOnConflict(
    () => inspectNode(engine, idOrName, true),
    async (node) => {
      labels = change({ ...(node.Spec?.Labels ?? {}) });
      await sendNodeUpdate(engine, node.ID, node.Version?.Index ?? 0, { ...(node.Spec ?? {}), Labels: labels });
    },
    nodeSubject,
  );
  return readBack(inspectNode(engine, written.ID), { ...written, Spec: { ...(written.Spec ?? {}), Labels: labels } });
}
