// How live stats and capacities read in the views: bytes in the binary units `docker stats`
// uses (KiB, MiB, GiB), CPU as a percentage where 100 % is one CPU busy (as `docker stats`
// counts it), and CPUs as cores. Pure, so that every figure shown is unit-tested.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * `512 B`, `3.14 MiB`, `12.5 MiB`, `256 MiB`, `1 GiB`: three significant digits, trailing zeros
 * dropped. Three digits keep a row short and still tell two readings apart by under 1 %.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${trimmed(value, value >= 100 ? 0 : value >= 10 ? 1 : 2)} ${UNITS[unit]}`;
}

/** `0.3%`, `5.0%`, `12%`, `199%`: a decimal only where it tells an idle task from a light one. */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent) || percent < 0) return '?';
  return percent < 9.95 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
}

/** CPUs given in billionths (the Engine's NanoCPUs) as cores: `2`, `0.5`, `1.25`. */
export function formatCores(nanoCpus: number): string {
  return trimmed(nanoCpus / 1e9, 2);
}

function trimmed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
