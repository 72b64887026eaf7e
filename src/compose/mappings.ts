// The compose file's "list or map" and "string or list" shapes, normalised as the docker CLI's
// loader does, and scalar values printed as Go's fmt.Sprint prints them (so `1.5` stays "1.5" and
// `1e-05` is written the Go way).

/**
 * A scalar as the CLI prints it with Go's `fmt.Sprint`: integers in full, other numbers in
 * Go's shortest `%g` form, null as ''.
 */
export function goString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return goNumber(value);
  return String(value);
}

function goNumber(value: number): string {
  // YAML integers reach the CLI as Go integers (printed in full up to int64); other numbers as float64.
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) return String(value);
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
  // Go's %v for a float64 is the shortest %g: %e when the exponent is < -4 or >= 6.
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, exp] = value.toExponential().split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(value);
}

/** A YAML scalar as Go's fmt.Sprint prints it (the CLI's toString). */
export function goSprint(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return goString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null || value === undefined) return '<nil>';
  return String(value);
}

/** Go's sort.Strings order (bytes of UTF-8, which is code point order). */
export function compareGoStrings(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) ?? 0) - (y[i].codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** A string or a list of strings (dns, dns_search, env_file, ...) as a list. */
export function stringOrList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(goSprint);
  return [goSprint(value)];
}

/**
 * `environment` (MappingWithEquals): a list of `KEY=VALUE` / `KEY`, or a map. A bare `KEY` or a
 * null value is `null` (no value at all); `KEY=` is the empty string. Later list entries win.
 */
export function mappingWithEquals(value: unknown): Map<string, string | null> {
  const result = new Map<string, string | null>();
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = goSprint(item);
      const eq = text.indexOf('=');
      result.set(eq === -1 ? text : text.slice(0, eq), eq === -1 ? null : text.slice(eq + 1));
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) result.set(k, v === null || v === undefined ? null : goSprint(v));
  }
  return result;
}

/**
 * `labels`, `sysctls`, `deploy.labels` (Mapping/Labels): a list of `KEY=VALUE` / `KEY`, or a map;
 * a missing or null value is the empty string. Undefined when the key is absent.
 */
export function mapping(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const result: Record<string, string> = {};
  for (const [k, v] of mappingWithEquals(value)) result[k] = v ?? '';
  return result;
}

/**
 * `extra_hosts` as the CLI 28 loader normalises it before conversion: `host:ip` or `host=ip` (the
 * first `=` wins, else the first `:`), brackets around an IPv6 address dropped; a map becomes
 * `host:ip` entries sorted; an entry without a separator is dropped. Returns [host, ip] pairs.
 */
export function hostsList(value: unknown): [string, string][] {
  const unbracket = (ip: string): string => (ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip);
  if (Array.isArray(value)) {
    const pairs: [string, string][] = [];
    for (const entry of value.map(goSprint)) {
      let at = entry.indexOf('=');
      if (at === -1) at = entry.indexOf(':');
      if (at !== -1) pairs.push([entry.slice(0, at), unbracket(entry.slice(at + 1))]);
    }
    return pairs;
  }
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]): [string, string] => [k, goSprint(v)])
      .sort((a, b) => compareGoStrings(`${a[0]}:${a[1]}`, `${b[0]}:${b[1]}`))
      .map(([k, v]) => [k, unbracket(v)]);
  }
  return [];
}
