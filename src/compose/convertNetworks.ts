// Networks as `docker stack deploy` converts them: a service's attachments (list and map forms,
// the implicit `default`, the service name added as an alias, sorted by name), and the networks
// the deploy creates, which are only those some service uses.

import type { NetworkAttachment, NetworkCreate } from './engineSpecs';
import type { ComposeIssue, ConvertedNetwork } from './types';
import { compareGoStrings } from './mappings';
import { isRecord, resolveObject, scopedName, toStringMap, withStackLabel, type ResolvedObject } from './names';

/** The driver the CLI gives a stack's networks that do not name one. */
const DEFAULT_DRIVER = 'overlay';
const DEFAULT_NETWORK = 'default';

export interface StackNetworks {
  /** The top-level networks by key, with their `external`/`name` resolved. */
  declared: Map<string, { object: Record<string, unknown>; resolved: ResolvedObject }>;
  stackName: string;
}

export function declareNetworks(
  section: Map<string, Record<string, unknown>>,
  stackName: string,
  version: string | undefined,
  issues: ComposeIssue[],
): StackNetworks {
  const declared: StackNetworks['declared'] = new Map();
  for (const [key, object] of section) {
    declared.set(key, { object, resolved: resolveObject('network', 'networks', key, object, version, issues) });
  }
  return { declared, stackName };
}

/** The network's name on the engine: its `name:` (or external name), else `<stack>_<key>`. */
export function networkName(networks: StackNetworks, key: string): string {
  return networks.declared.get(key)?.resolved.name ?? scopedName(networks.stackName, key);
}

/** The keys of the networks a service names (its `networks:` list or map), `default` when none. */
export function serviceNetworkKeys(service: Record<string, unknown>): string[] {
  const value = service.networks;
  const keys = Array.isArray(value) ? value.map(String) : isRecord(value) ? Object.keys(value) : [];
  return keys.length === 0 ? [DEFAULT_NETWORK] : [...new Set(keys)];
}

/**
 * A service's `TaskTemplate.Networks`. The CLI adds the service's key as an alias on every
 * network that takes aliases (not host, bridge, none), ignores `ipv4_address`/`ipv6_address`,
 * and sorts the attachments by network name.
 */
export function convertServiceNetworks(
  key: string,
  service: Record<string, unknown>,
  networks: StackNetworks,
  issues: ComposeIssue[],
): NetworkAttachment[] {
  const value = service.networks;
  const attachments: NetworkAttachment[] = [];
  for (const [index, networkKey] of serviceNetworkKeys(service).entries()) {
    if (!networks.declared.has(networkKey) && networkKey !== DEFAULT_NETWORK) {
      const at = Array.isArray(value) ? value.findIndex((entry) => String(entry) === networkKey) : networkKey;
      issues.push({
        severity: 'error',
        path: ['services', key, 'networks', at === -1 ? index : at],
        message: `services.${key}.networks: undefined network "${networkKey}" (declare it under the top-level networks key).`,
      });
      continue;
    }
    const options = isRecord(value) && isRecord(value[networkKey]) ? value[networkKey] : undefined;
    const aliases = Array.isArray(options?.aliases) ? options.aliases.map(String) : [];
    const target = networkName(networks, networkKey);
    if (isUserDefined(target)) aliases.push(key);
    const attachment: NetworkAttachment = { Target: target };
    if (aliases.length > 0) attachment.Aliases = aliases;
    attachments.push(attachment);
  }
  return attachments.sort((a, b) => compareGoStrings(a.Target, b.Target));
}

/** Whether the engine's network of that name is user-defined (the predefined ones take no alias and exist everywhere). */
export function isUserDefined(name: string): boolean {
  return !['default', 'bridge', 'host', 'none'].includes(name) && !name.startsWith('container:');
}

/**
 * The networks a deploy creates (those used by some service, not external), in the order the
 * services first use them, and the names of the external ones it must find first. External
 * networks that are predefined (host, bridge...) are left out: the CLI does not look them up.
 */
export function convertStackNetworks(
  networks: StackNetworks,
  usedKeys: string[],
): { create: ConvertedNetwork[]; external: string[] } {
  const create: ConvertedNetwork[] = [];
  const external: string[] = [];
  for (const key of usedKeys) {
    const declared = networks.declared.get(key);
    // An undefined network other than `default` is an error reported by the service that names it.
    if (declared === undefined && key !== DEFAULT_NETWORK) continue;
    const name = networkName(networks, key);
    if (declared?.resolved.external) {
      if (isUserDefined(name) && !external.includes(name)) external.push(name);
      continue;
    }
    create.push({ key, create: networkCreate(name, declared?.object ?? {}, networks.stackName) });
  }
  return { create, external };
}

function networkCreate(name: string, object: Record<string, unknown>, stackName: string): NetworkCreate {
  const driver = typeof object.driver === 'string' && object.driver !== '' ? object.driver : DEFAULT_DRIVER;
  const create: NetworkCreate = {
    Name: name,
    Driver: driver,
    Internal: object.internal === true,
    Attachable: object.attachable === true,
    Labels: withStackLabel(toStringMap(object.labels), stackName),
  };
  const options = toStringMap(object.driver_opts);
  if (options !== undefined) create.Options = options;
  const ipam = isRecord(object.ipam) ? object.ipam : {};
  const ipamDriver = typeof ipam.driver === 'string' ? ipam.driver : '';
  const pools = Array.isArray(ipam.config) ? ipam.config : [];
  // The CLI sends IPAM only with a driver or pools, and of each pool only its subnet.
  if (ipamDriver !== '' || pools.length > 0) {
    create.IPAM = { Driver: ipamDriver };
    if (pools.length > 0) {
      create.IPAM.Config = pools.map((pool) =>
        isRecord(pool) && typeof pool.subnet === 'string' ? { Subnet: pool.subnet } : {},
      );
    }
  }
  return create;
}
