// IPv4/IPv6 addresses and CIDR subnets, parsed strictly, for the network create input and the
// node.ip placement constraint. Addresses are held as bigints so that containment and overlap
// are exact for both families without a library.

export type Family = 4 | 6;

export interface Address { family: Family; value: bigint }

export interface Cidr {
  family: Family;
  /** The address as written (host bits possibly set). */
  address: bigint;
  prefix: number;
  /** The address with the host bits cleared. */
  network: bigint;
}

const WIDTH: Record<Family, number> = { 4: 32, 6: 128 };

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Leading zeros are refused, as Go's net.ParseIP does: 010 could be read as octal elsewhere.
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  if (text.includes('%')) return undefined; // zones have no meaning in a subnet
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    // Keep the colon before the IPv4 part, but make it end in a group placeholder.
    head = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): string[] | undefined => (s === '' ? [] : s.split(':'));
  const left = groupsOf(halves[0] as string);
  const right = halves.length === 2 ? groupsOf(halves[1] as string) : [];
  if (!left || !right) return undefined;
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  if (tailV4 !== undefined) value = ((value >> 32n) << 32n) | tailV4;
  return value;
}

/** An IPv4 or IPv6 address, or undefined if the text is not exactly one. */
export function parseAddress(text: string): Address | undefined {
  if (text.includes(':')) {
    const value = parseIPv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIPv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

function mask(family: Family, prefix: number): bigint {
  const width = WIDTH[family];
  return ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
}

/** `address/prefix`, or undefined if it is not a valid CIDR of either family. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > WIDTH[address.family]) return undefined;
  return { family: address.family, address: address.value, prefix, network: address.value & mask(address.family, prefix) };
}

export function contains(subnet: Cidr, address: Address): boolean {
  return subnet.family === address.family && (address.value & mask(subnet.family, subnet.prefix)) === subnet.network;
}

/** Two subnets overlap when the shorter prefix's network holds the other's network. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const prefix = Math.min(a.prefix, b.prefix);
  const m = mask(a.family, prefix);
  return (a.network & m) === (b.network & m);
}

/** The last address of the subnet (the IPv4 broadcast address). */
export function lastAddress(subnet: Cidr): bigint {
  return subnet.network | ((1n << BigInt(WIDTH[subnet.family] - subnet.prefix)) - 1n);
}

export function formatAddress(family: Family, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
  const groups = [...Array(8).keys()].map((i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run (first if tied) of two or more zero groups becomes "::".
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

export function formatCidr(cidr: Cidr, useNetwork = true): string {
  return `${formatAddress(cidr.family, useNetwork ? cidr.network : cidr.address)}/${cidr.prefix}`;
}
