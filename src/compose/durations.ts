// Go duration strings ("1m30s", "1.5h", "500ms", "-2s") as the docker CLI reads every duration of a
// compose file (time.ParseDuration), converted to the nanoseconds the Engine takes. Exact: the
// arithmetic runs on BigInt, so "1.000000001s" is 1000000001 ns, as in Go.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const NANOS_PER_UNIT: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 MICRO SIGN
  'μs': 1_000n, // U+03BC GREEK SMALL LETTER MU
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_INT64 = (1n << 63n) - 1n;

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Parses like Go's time.ParseDuration; the error says what is wrong in plain words. */
export function parseGoDuration(text: string): Parsed<number> {
  const invalid = (why: string): Parsed<number> => ({ ok: false, error: `"${text}" is not a duration: ${why}` });
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  // Only a bare zero may go without a unit.
  if (s === '0') return { ok: true, value: 0 };
  if (s === '') return invalid('it is empty (write e.g. 10s, 1m30s or 500ms)');
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid('expected a number (write e.g. 10s, 1m30s or 500ms)');
    let i = 0;
    while (isDigit(s[i])) i++;
    const whole = s.slice(0, i);
    s = s.slice(i);
    let fraction = '';
    if (s.startsWith('.')) {
      let j = 1;
      while (isDigit(s[j])) j++;
      fraction = s.slice(1, j);
      s = s.slice(j);
    }
    if (whole === '' && fraction === '') return invalid('a dot needs digits next to it');
    let k = 0;
    while (k < s.length && s[k] !== '.' && !isDigit(s[k])) k++;
    if (k === 0) return invalid('a number has no unit (use ns, us, ms, s, m or h)');
    const unitName = s.slice(0, k);
    s = s.slice(k);
    const unit = NANOS_PER_UNIT[unitName];
    if (unit === undefined) return invalid(`unknown unit "${unitName}" (use ns, us, ms, s, m or h)`);
    // Go truncates the fractional part towards zero after scaling it to the unit.
    const part = BigInt(whole || '0') * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    total += part;
    if (total > MAX_INT64 + (negative ? 1n : 0n)) return invalid('it is too long (at most about 292 years)');
  }
  return { ok: true, value: Number(negative ? -total : total) };
}
