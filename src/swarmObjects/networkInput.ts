// The Create Network input (name, overlay driver, attachable, internal, optional subnet and
// gateway, labels), checked before anything is sent. The name rule is swarmkit's
// validateAnnotations (manager/controlapi/common.go); subnet and gateway follow its
// validateIPAMConfiguration (network.go). Two checks go further than the Engine, which accepts
// both and leaves a network that does not work: a subnet overlapping an existing network's, and
// a subnet written with host bits set (10.1.2.3/24 for 10.1.2.0/24).
import type { Parsed } from '../model/input';
import { contains, formatAddress, formatCidr, lastAddress, parseAddress, parseCidr, overlaps, type Cidr } from './cidr';
import { parseLabels } from './validation';

/** Network names: DNS labels are limited to 63 characters. */
export const MAX_NETWORK_NAME_LENGTH = 63;

// Equivalent to swarmkit's `^[a-zA-Z0-9](?:[-_]*[A-Za-z0-9]+)*$`, whose nested repetition
// would backtrack exponentially in JavaScript on a long bad name.
const NETWORK_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_-]*[a-zA-Z0-9])?$/;

/** Names the daemon keeps for itself (moby runconfig.IsPreDefinedNetwork, and the local ones). */
const PREDEFINED = ['bridge', 'host', 'none', 'default', 'ingress', 'docker_gwbridge'];

/** A label the swarm keeps for its own networks (swarmkit CreateNetwork refuses it). */
const INTERNAL_LABEL = 'com.docker.swarm.internal';

export interface ExistingNetwork {
  name: string;
  /** The network's IPAM subnets (IPAM.Config[].Subnet), as the Engine lists them. */
  subnets: readonly string[];
}

export interface NetworkInput {
  name: string;
  attachable?: boolean;
  internal?: boolean;
  subnet?: string;
  gateway?: string;
  /** `key=value` entries, read as parseLabel reads them. */
  labels?: readonly string[];
}

/** The body of POST /networks/create for a swarm overlay network. */
export interface NetworkCreateRequest {
  Name: string;
  CheckDuplicate: true;
  Driver: 'overlay';
  Attachable: boolean;
  Internal: boolean;
  EnableIPv6: boolean;
  IPAM?: { Driver: 'default'; Config: Array<{ Subnet: string; Gateway?: string }> };
  Labels: Record<string, string>;
}

function quote(text: string, max = 70): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** A network name as the Engine takes it, not predefined and not taken (compared without case). */
export function validateNetworkName(text: string, existingNames: readonly string[] = []): Parsed<string> {
  const name = text.trim();
  if (name === '') return { ok: false, message: 'Enter a name for the network.' };
  if (name.length > MAX_NETWORK_NAME_LENGTH) {
    return { ok: false, message: `The network name is ${name.length} characters long; the Engine takes at most ${MAX_NETWORK_NAME_LENGTH}.` };
  }
  if (!NETWORK_NAME.test(name)) {
    return {
      ok: false,
      message: `The network name ${quote(name)} is not valid: use letters, digits, "-" and "_" only (no dots or spaces), starting and ending with a letter or digit.`,
    };
  }
  const lower = name.toLowerCase();
  if (PREDEFINED.includes(lower)) return { ok: false, message: `"${name}" is a name Docker keeps for its own networks.` };
  if (existingNames.some((n) => n.toLowerCase() === lower)) {
    return { ok: false, message: `A network named ${quote(name)} already exists (names are compared without case).` };
  }
  return { ok: true, value: name };
}

/** The first existing network whose subnet overlaps `subnet`, if any (unparsable ones are skipped). */
export function findSubnetOverlap(subnet: Cidr, existing: readonly ExistingNetwork[]): { network: string; subnet: string } | undefined {
  for (const network of existing) {
    for (const text of network.subnets) {
      const other = parseCidr(text);
      if (other && overlaps(subnet, other)) return { network: network.name, subnet: text };
    }
  }
  return undefined;
}

/** A subnet in canonical CIDR form that overlaps no existing network's. */
export function validateSubnet(text: string, existing: readonly ExistingNetwork[] = []): Parsed<Cidr> {
  const trimmed = text.trim();
  const subnet = parseCidr(trimmed);
  if (!subnet) {
    return { ok: false, message: `The subnet ${quote(trimmed)} is not a CIDR such as 10.20.0.0/24 or fd00:20::/64.` };
  }
  if (subnet.address !== subnet.network) {
    return { ok: false, message: `The subnet ${quote(trimmed)} has host bits set: did you mean ${formatCidr(subnet)}?` };
  }
  const clash = findSubnetOverlap(subnet, existing);
  if (clash) {
    return { ok: false, message: `The subnet ${formatCidr(subnet)} overlaps ${clash.subnet} of the network ${quote(clash.network)}.` };
  }
  return { ok: true, value: subnet };
}

/**
 * A gateway inside the subnet. For IPv4 subnets with room for hosts (up to /30), the network and
 * broadcast addresses are refused too: the Engine accepts them, but no task can reach them.
 */
export function validateGateway(text: string, subnet: Cidr): Parsed<string> {
  const trimmed = text.trim();
  const gateway = parseAddress(trimmed);
  if (!gateway) return { ok: false, message: `The gateway ${quote(trimmed)} is not an IP address.` };
  const shown = formatCidr(subnet);
  if (gateway.family !== subnet.family) {
    return { ok: false, message: `The gateway ${trimmed} is IPv${gateway.family} but the subnet ${shown} is IPv${subnet.family}.` };
  }
  if (!contains(subnet, gateway)) return { ok: false, message: `The gateway ${trimmed} is not inside the subnet ${shown}.` };
  if (subnet.family === 4 && subnet.prefix <= 30 && (gateway.value === subnet.network || gateway.value === lastAddress(subnet))) {
    return { ok: false, message: `The gateway ${trimmed} is the network or broadcast address of ${shown}; pick an address between them.` };
  }
  return { ok: true, value: formatAddress(gateway.family, gateway.value) };
}

/**
 * The whole Create Network input, checked field by field (first failure reported), as the
 * request body to send. An IPv6 subnet turns EnableIPv6 on: without it the Engine stores the
 * subnet but gives tasks no IPv6 address.
 */
export function validateNetworkInput(input: NetworkInput, existing: readonly ExistingNetwork[] = []): Parsed<NetworkCreateRequest> {
  const name = validateNetworkName(input.name, existing.map((n) => n.name));
  if (!name.ok) return name;
  const labels = parseLabels(input.labels ?? []);
  if (!labels.ok) return labels;
  if (INTERNAL_LABEL in labels.value) {
    return { ok: false, message: `The label ${INTERNAL_LABEL} is kept for the swarm's own networks.` };
  }
  const subnetText = (input.subnet ?? '').trim();
  const gatewayText = (input.gateway ?? '').trim();
  const request: NetworkCreateRequest = {
    Name: name.value,
    CheckDuplicate: true,
    Driver: 'overlay',
    Attachable: input.attachable === true,
    Internal: input.internal === true,
    EnableIPv6: false,
    Labels: labels.value,
  };
  if (subnetText === '') {
    if (gatewayText !== '') return { ok: false, message: 'A gateway needs a subnet: enter the subnet too, or leave the gateway empty.' };
    return { ok: true, value: request };
  }
  const subnet = validateSubnet(subnetText, existing);
  if (!subnet.ok) return subnet;
  const config: { Subnet: string; Gateway?: string } = { Subnet: formatCidr(subnet.value) };
  if (gatewayText !== '') {
    const gateway = validateGateway(gatewayText, subnet.value);
    if (!gateway.ok) return gateway;
    config.Gateway = gateway.value;
  }
  return { ok: true, value: { ...request, EnableIPv6: subnet.value.family === 6, IPAM: { Driver: 'default', Config: [config] } } };
}
