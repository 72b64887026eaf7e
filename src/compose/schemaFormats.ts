// The two value formats the CLI's schema checks: Go durations (time.ParseDuration) and port
// specs as `docker stack deploy` parses them ([ip:][published[-end]:]target[-end][/protocol]).

const DURATION = /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$/;

export function isGoDuration(text: string): boolean {
  return DURATION.test(text);
}

function portNumber(text: string): number | undefined {
  if (!/^[-+]?[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 0 && n <= 65535 ? n : undefined;
}

function portRange(text: string): [number, number] | undefined {
  if (text === '') return undefined;
  if (!text.includes('-')) {
    const n = portNumber(text);
    return n === undefined ? undefined : [n, n];
  }
  const [a, b] = [text.slice(0, text.indexOf('-')), text.slice(text.indexOf('-') + 1)];
  const start = portNumber(a), end = portNumber(b);
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

function isIp(text: string): boolean {
  if (IPV4.test(text)) return true;
  // IPv6: hex groups with at most one '::', optionally ending in an IPv4 address.
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return false;
  const doubles = text.split('::').length - 1;
  if (doubles > 1) return false;
  const groups = text.split(':').filter((g, i, all) => g !== '' || (i > 0 && i < all.length - 1 && doubles === 0));
  const last = groups[groups.length - 1] ?? '';
  const v4 = last.includes('.');
  if (v4 && !IPV4.test(last)) return false;
  const hex = v4 ? groups.slice(0, -1) : groups;
  if (!hex.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hex.length + (v4 ? 2 : 0);
  return doubles ? count < 8 : count === 8;
}

/** Why a short-syntax port is refused, or undefined when it is valid. */
export function portSpecProblem(spec: string): string | undefined {
  const parts = spec.split(':');
  let ip = '', host = '', container: string;
  if (parts.length === 1) container = parts[0];
  else if (parts.length === 2) [host, container] = parts;
  else {
    container = parts[parts.length - 1];
    host = parts[parts.length - 2];
    ip = parts.slice(0, -2).join(':');
  }
  const slash = container.indexOf('/');
  const proto = slash < 0 ? 'tcp' : (container.slice(slash + 1) || 'tcp').toLowerCase();
  container = slash < 0 ? container : container.slice(0, slash);
  if (container === '') return 'no target port';
  if (!['tcp', 'udp', 'sctp'].includes(proto)) return `the protocol ${proto} is not tcp, udp or sctp`;
  if (ip.startsWith('[')) {
    if (!ip.endsWith(']')) return `the address ${ip} is not valid`;
    ip = ip.slice(1, -1);
  }
  if (ip !== '' && !isIp(ip)) return `the address ${ip} is not valid`;
  const target = portRange(container);
  if (!target) return `the target port ${container} is not a port or range of ports (0-65535)`;
  if (host !== '') {
    const published = portRange(host);
    if (!published) return `the published port ${host} is not a port or range of ports (0-65535)`;
    if (target[1] - target[0] !== published[1] - published[0] && target[0] !== target[1]) {
      return `the ranges ${host} and ${container} are not the same size`;
    }
  }
  return undefined;
}
