// How the notes in a log channel write amounts: line counts, megabytes (2^20 characters) and
// rates in MB/s. One place, so every note counts alike; the two precisions exist because the
// notes already read that way and tests (and users' eyes) hold them.

const MB = 2 ** 20;

/**
 * `n` in megabytes, without the unit.
 * - 'tenths': one decimal under 10 MB, whole above (`0.1`, `3.0`, `12`), for amounts.
 * - 'setting': as one would write the setting (`0.10`, `0.25`, `2`, `1.5`): two significant
 *   digits under 1 MB, else at most one decimal.
 */
export function megabytes(n: number, precision: 'tenths' | 'setting'): string {
  const mb = n / MB;
  if (precision === 'tenths') return mb >= 10 ? mb.toFixed(0) : mb.toFixed(1);
  return mb >= 1 ? mb.toFixed(1).replace(/\.0$/, '') : mb.toPrecision(2);
}

/** A rate of `perSecond` characters, e.g. `2.0 MB/s`. */
export function mbPerSecond(perSecond: number, precision: 'tenths' | 'setting'): string {
  return `${megabytes(perSecond, precision)} MB/s`;
}

/** `1 line`, `12,345 lines`. */
export function linesText(n: number): string {
  return `${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'}`;
}
