// Validation of what the user types. Each parser returns a value or a message, never throws,
// and accepts only input whose meaning is exact.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The largest replica count accepted. The Engine has no limit of its own, but a count this
 * high on a development or team swarm is almost always a typo (an extra zero or two) that
 * would start thousands of containers at once.
 */
export const MAX_REPLICAS = 10_000;

export function parseReplicas(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter the number of replicas, a whole number of 0 or more.' };
  if (!/^\d+$/.test(trimmed)) {
    return { ok: false, message: `"${trimmed.slice(0, 40)}" is not a whole number of 0 or more (digits only).` };
  }
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value) || value > MAX_REPLICAS) {
    return { ok: false, message: `At most ${MAX_REPLICAS.toLocaleString('en-US')} replicas can be set from here.` };
  }
  return { ok: true, value };
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/**
 * The `since` log option, as the docker CLI reads it: an RFC 3339 date or time, a Unix
 * timestamp (seconds, with optional fraction), or a duration before now such as `10m` or
 * `1h30m`. Returns Unix seconds (fractional), or undefined for empty input (no limit).
 */
export function parseSince(text: string, nowMs: number = Date.now()): Parsed<number | undefined> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  if (/^\d+(\.\d+)?$/.test(trimmed)) return { ok: true, value: Number(trimmed) };
  if (/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) {
    let seconds = 0;
    for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
      seconds += Number(part[1]) * (UNITS[part[2] as string] as number);
    }
    return { ok: true, value: nowMs / 1000 - seconds };
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    if (!Number.isNaN(ms)) return { ok: true, value: ms / 1000 };
  }
  return {
    ok: false,
    message: 'Use a duration such as 10m or 1h30m, an RFC 3339 time such as 2026-01-02T15:04:05Z, or Unix seconds.',
  };
}

/** `tail`: a whole number of lines per task, or `all`. */
export function parseTail(text: string): Parsed<number | 'all'> {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'all') return { ok: true, value: 'all' };
  if (/^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))) return { ok: true, value: Number(trimmed) };
  return { ok: false, message: 'Enter a whole number of lines per task, or "all".' };
}

/**
 * An image reference as Docker accepts it: `[registry[:port]/]path[:tag][@digest]`, lower
 * case path components. Checked here so a typo gets a message instead of a failed rollout.
 */
export function parseImageReference(text: string): Parsed<string> {
  const ref = text.trim();
  if (ref === '') return { ok: false, message: 'Enter an image, such as nginx:1.27.' };
  if (ref.length > 512) return { ok: false, message: 'That image reference is too long.' };
  const pattern = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
  if (!pattern.test(ref)) {
    return { ok: false, message: `"${ref.slice(0, 80)}" is not an image reference (lower-case name, optional :tag, no spaces).` };
  }
  return { ok: true, value: ref };
}
