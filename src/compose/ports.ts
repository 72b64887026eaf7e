// `ports:` as `docker stack deploy` turns them into the Engine's PortConfigs: the short syntax
// ("80", "8080:80", "3000-3005:3000-3005/udp", "127.0.0.1:8080:80", "8090-8091:90") expands the way
// go-connections' ParsePortSpec and the CLI's ConvertPortToPortConfig do (the host IP is dropped
// with a warning: a swarm service listens on every address), the long syntax is passed as
// written (the Engine fills tcp/ingress), and the whole list is sorted by published port, stably,
// never deduplicated (the Engine refuses duplicates).

import type { PortConfig } from './engineSpecs';
import type { Parsed } from './durations';
import { compareGoStrings } from './mappings';

function parseRange(text: string): { start: number; end: number } | undefined {
  const parts = text.split('-');
  if (parts.length > 2) return undefined;
  const nums = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (nums.some((n) => !(n >= 0 && n <= 65535))) return undefined;
  const [start, end = start] = nums;
  return end < start ? undefined : { start, end };
}

function isIp(text: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text.split('.').every((o) => Number(o) <= 255);
  return text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text);
}

export interface ShortPorts { ports: PortConfig[]; ignoredIp?: string }

/** One short-syntax entry (a string, or a YAML number like `80`) as PortConfigs. */
export function parseShortPort(spec: string): Parsed<ShortPorts> {
  const bad = (why: string): Parsed<ShortPorts> => ({ ok: false, error: `"${spec}" is not a port mapping: ${why}` });
  const parts = spec.split(':');
  const n = parts.length;
  let rawContainer = parts[n - 1];
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const hostPort = n >= 2 ? parts[n - 2] : '';
  let protocol = 'tcp';
  const slash = rawContainer.indexOf('/');
  if (slash !== -1) {
    protocol = rawContainer.slice(slash + 1).toLowerCase() || 'tcp';
    rawContainer = rawContainer.slice(0, slash);
  }
  if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp') return bad(`unknown protocol "${protocol}" (use tcp, udp or sctp)`);
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip !== '' && !isIp(ip)) return bad(`"${ip}" is not an IP address`);
  if (rawContainer === '') return bad('no container port');
  const container = parseRange(rawContainer);
  if (!container) return bad(`"${rawContainer}" is not a port or a port range`);
  let host: { start: number; end: number } | undefined;
  if (hostPort !== '') {
    host = parseRange(hostPort);
    if (!host) return bad(`"${hostPort}" is not a port or a port range`);
    if (container.end - container.start !== host.end - host.start && container.end !== container.start) {
      return bad(`the ranges ${rawContainer} and ${hostPort} have different lengths`);
    }
  }
  // One entry per container port, keyed "port/proto" and visited in string order, as the CLI does.
  const entries: { key: string; target: number; published: number[] }[] = [];
  for (let i = 0; i <= container.end - container.start; i++) {
    const target = container.start + i;
    let published = [0];
    if (host) {
      // A single container port with a host range publishes the port on each host port.
      if (container.start === container.end && host.start !== host.end) {
        published = [];
        for (let p = host.start; p <= host.end; p++) published.push(p);
      } else {
        published = [host.start + i];
      }
    }
    entries.push({ key: `${target}/${protocol}`, target, published });
  }
  entries.sort((a, b) => compareGoStrings(a.key, b.key));
  const ports = entries.flatMap((e) =>
    e.published.map((p): PortConfig => ({
      Protocol: protocol as PortConfig['Protocol'],
      TargetPort: e.target,
      ...(p !== 0 ? { PublishedPort: p } : {}),
      PublishMode: 'ingress',
    })),
  );
  const unspecified = ip === '' || ip === '0.0.0.0' || ip === '::' || /^0*:[0:]*$/.test(ip);
  return { ok: true, value: { ports, ...(unspecified ? {} : { ignoredIp: ip }) } };
}

/** Long syntax: only what is written is sent (the Engine defaults protocol and mode). */
export function longPort(entry: Record<string, unknown>): PortConfig {
  const port: PortConfig = {};
  if (typeof entry.protocol === 'string' && entry.protocol !== '') port.Protocol = entry.protocol as PortConfig['Protocol'];
  if (entry.target !== undefined && entry.target !== null) port.TargetPort = Number(entry.target);
  const published = entry.published === undefined || entry.published === null ? 0 : Number(entry.published);
  if (published) port.PublishedPort = published;
  if (typeof entry.mode === 'string' && entry.mode !== '') port.PublishMode = entry.mode as PortConfig['PublishMode'];
  return port;
}

/** The CLI's final order: by published port, keeping the order of equal ones (0 = unpublished first). */
export function sortPorts(ports: PortConfig[]): PortConfig[] {
  return ports
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.PublishedPort ?? 0) - (b.p.PublishedPort ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
