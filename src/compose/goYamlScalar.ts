// How the docker CLI's YAML reader (go-yaml v3, decoding into untyped values) reads a plain,
// unquoted scalar: `yes`/`on` stay strings, `0440` is octal, `1_000` is 1000, `80:80` is a string
// (no YAML 1.1 sexagesimal), `~`/`null` is null, and dates become timestamps. The `yaml` package's
// own schemas differ on several of these, so plain scalars are parsed as text and resolved here.

export type GoScalar =
  | { kind: 'null'; value: null }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int' | 'float'; value: number }
  | { kind: 'timestamp'; value: string }
  | { kind: 'str'; value: string };

const FIXED: Record<string, GoScalar> = {};
for (const s of ['true', 'True', 'TRUE']) FIXED[s] = { kind: 'bool', value: true };
for (const s of ['false', 'False', 'FALSE']) FIXED[s] = { kind: 'bool', value: false };
for (const s of ['', '~', 'null', 'Null', 'NULL']) FIXED[s] = { kind: 'null', value: null };
for (const s of ['.nan', '.NaN', '.NAN']) FIXED[s] = { kind: 'float', value: NaN };
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) FIXED[s] = { kind: 'float', value: Infinity };
for (const s of ['-.inf', '-.Inf', '-.INF']) FIXED[s] = { kind: 'float', value: -Infinity };

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64) (base from the prefix), as far as the YAML reader relies on it. */
function goParseInt(text: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const body = m[2];
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (body.length > 1 && body[0] === '0') n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  // Beyond int64 Go fails (uint64 aside); large values are rare in a stack file and lose precision here.
  if (!Number.isFinite(n) || Math.abs(n) > 9223372036854775807) return undefined;
  return m[1] === '-' ? -n : n;
}

/** Go's strconv.ParseInt also allows `_` between digits with a base prefix; the YAML reader removes all `_` first. */
function resolveNumber(text: string): GoScalar | undefined {
  const plain = text.replace(/_/g, '');
  const int = goParseInt(plain);
  if (int !== undefined) return { kind: 'int', value: int };
  if (YAML_FLOAT.test(plain)) return { kind: 'float', value: Number(plain) };
  const bin = /^(-?)0b([01]+)$/.exec(plain);
  if (bin) return { kind: 'int', value: (bin[1] ? -1 : 1) * parseInt(bin[2], 2) };
  const oct = /^(-?)0o([0-7]+)$/.exec(plain);
  if (oct) return { kind: 'int', value: (oct[1] ? -1 : 1) * parseInt(oct[2], 8) };
  return undefined;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * The timestamp forms go-yaml accepts (YYYY-M-D with an optional time), rendered as Go prints a
 * time.Time, which is what the CLI's string conversions of such a value give.
 */
function resolveTimestamp(text: string): GoScalar | undefined {
  if (!/^[0-9]{4}-/.test(text)) return undefined;
  const m = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:([Tt ])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, sep, h, mi, s, frac, zone] = m;
  if (sep && sep !== ' ' && !zone) return undefined;
  if (sep === ' ' && zone) return undefined;
  const month = Number(mo), day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const date = `${y}-${pad(month)}-${pad(day)}`;
  if (!sep) return { kind: 'timestamp', value: `${date} 00:00:00 +0000 UTC` };
  const fraction = frac ? frac.replace(/0+$/, '').replace(/^\.$/, '') : '';
  const time = `${pad(Number(h))}:${pad(Number(mi))}:${pad(Number(s))}${fraction}`;
  const tz = !zone || zone === 'Z' ? '+0000 UTC' : `${zone.replace(':', '')} ${zone.replace(':', '')}`;
  return { kind: 'timestamp', value: `${date} ${time} ${tz}` };
}

/** Resolves a plain scalar's source text as the CLI's YAML reader does. */
export function resolvePlainScalar(text: string): GoScalar {
  const fixed = FIXED[text];
  if (fixed) return fixed;
  const c = text[0];
  if (c === '.') {
    const f = Number(text);
    if (/^\.[0-9]/.test(text) && Number.isFinite(f)) return { kind: 'float', value: f };
  } else if (c === '+' || c === '-' || (c >= '0' && c <= '9')) {
    const ts = resolveTimestamp(text);
    if (ts) return ts;
    const n = resolveNumber(text);
    if (n) return n;
  }
  return { kind: 'str', value: text };
}
