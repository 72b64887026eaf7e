// Sizes and CPU counts as the docker CLI reads them from a compose file: memory and other byte
// sizes through go-units' RAMInBytes (binary multiples: "512M" is 512 MiB, "1g" 1 GiB, a bare
// number is bytes), and `cpus` through the CLI's ParseCPUs (an exact rational number of CPUs,
// turned into NanoCPUs).

import type { Parsed } from './durations';

const BINARY_MULTIPLIER: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

// What Go's strconv.ParseFloat takes in practice here: a decimal number with an optional exponent.
const GO_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses like go-units RAMInBytes ("512M", "1.5g", "1 k", "100000", "2GiB"); whole bytes,
 * truncated. A number (YAML int) is taken as bytes.
 */
export function parseRamInBytes(input: string | number): Parsed<number> {
  if (typeof input === 'number') return { ok: true, value: Math.trunc(input) };
  const text = input;
  const bad = (why: string): Parsed<number> => ({ ok: false, error: `"${text}" is not a size: ${why} (write e.g. 512M, 1g or 100000)` });
  // The number ends at the last digit, dot or space; the rest is the unit.
  let sep = -1;
  for (let i = text.length - 1; i >= 0; i--) {
    if ('0123456789. '.includes(text[i])) {
      sep = i;
      break;
    }
  }
  if (sep === -1) return bad('it has no number');
  const num = text[sep] === ' ' ? text.slice(0, sep) : text.slice(0, sep + 1);
  let suffix = text.slice(sep + 1);
  if (!GO_FLOAT.test(num)) return bad(`"${num}" is not a number`);
  let size = Number(num);
  if (size < 0) return bad('it is negative');
  if (suffix === '') return { ok: true, value: Math.trunc(size) };
  const badSuffix = (): Parsed<number> => bad(`unknown unit "${suffix}" (use b, k, m, g, t or p)`);
  if (suffix.length > 3) return badSuffix();
  suffix = suffix.toLowerCase();
  if (suffix[0] === 'b') return suffix.length > 1 ? badSuffix() : { ok: true, value: Math.trunc(size) };
  const multiplier = BINARY_MULTIPLIER[suffix[0]];
  if (multiplier === undefined) return badSuffix();
  size *= multiplier;
  if (suffix.length === 2 && suffix[1] !== 'i' && suffix[1] !== 'b') return badSuffix();
  if (suffix.length === 3 && (suffix[1] !== 'i' || suffix[2] !== 'b')) return badSuffix();
  return { ok: true, value: Math.trunc(size) };
}

const RATIONAL_FRACTION = /^([+-]?\d+)\/(\d+)$/;
const RATIONAL_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** An exact rational number as numerator/denominator, as Go's big.Rat.SetString reads the usual forms. */
function parseRational(text: string): { num: bigint; den: bigint } | undefined {
  const fraction = RATIONAL_FRACTION.exec(text);
  if (fraction) {
    const den = BigInt(fraction[2]);
    return den === 0n ? undefined : { num: BigInt(fraction[1]), den };
  }
  const decimal = RATIONAL_DECIMAL.exec(text);
  if (!decimal) return undefined;
  const [, sign, whole, frac = '', exp = '0'] = decimal;
  if (whole === '' && frac === '') return undefined;
  let num = BigInt(whole + frac || '0');
  let den = 10n ** BigInt(frac.length);
  const e = Number(exp);
  if (Math.abs(e) > 400) return undefined;
  if (e >= 0) num *= 10n ** BigInt(e);
  else den *= 10n ** BigInt(-e);
  return { num: sign === '-' ? -num : num, den };
}

/** Parses `cpus` ("0.5", "2", "1/4") into NanoCPUs, refusing what is finer than a billionth of a CPU. */
export function parseNanoCpus(input: string | number): Parsed<number> {
  const text = String(input);
  const rational = parseRational(text);
  if (!rational) return { ok: false, error: `"${text}" is not a number of CPUs (write e.g. 0.5 or 2)` };
  const nanos = rational.num * 1_000_000_000n;
  if (nanos % rational.den !== 0n) return { ok: false, error: `"${text}" is too precise: the smallest step is 0.000000001 CPU` };
  return { ok: true, value: Number(nanos / rational.den) };
}
