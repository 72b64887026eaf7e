// What live stats say about one task, and about a service as the sum over its tasks: the
// reading kept per task between polls, and the words a row's description gets for it. Pure.
import { toSwarmError } from '../docker/errors';
import { formatBytes, formatPercent } from './format';

/** The last reading of one task's container. */
export type TaskStatsReading =
  /** cpuPercent is undefined until a second sample of the same container came in. */
  | { kind: 'sample'; cpuPercent?: number; memoryBytes: number; memoryLimitBytes: number }
  /** No engine is known for the node that runs it (stats are per node). */
  | { kind: 'noEndpoint' }
  | { kind: 'error'; reason: string };

/** `12% 3.14 MiB / 7.65 GiB`; `CPU … 3.14 MiB / 7.65 GiB` after the first sample; `no endpoint`; `stats: timed out`. */
export function readingText(r: TaskStatsReading): string {
  switch (r.kind) {
    case 'sample':
      return `${cpuText(r.cpuPercent)} ${formatBytes(r.memoryBytes)}${r.memoryLimitBytes > 0 ? ` / ${formatBytes(r.memoryLimitBytes)}` : ''}`;
    case 'noEndpoint':
      return 'no endpoint';
    case 'error':
      return `stats: ${r.reason}`;
  }
}

function cpuText(percent: number | undefined): string {
  return percent === undefined ? 'CPU …' : formatPercent(percent);
}

/** A service's running tasks taken together. */
export interface StatsSum {
  /** The sum over the tasks sampled; undefined while one of them has no CPU figure yet. */
  cpuPercent?: number;
  memoryBytes: number;
  /** Tasks with a sample, and tasks in all (those not read yet included). */
  sampled: number;
  of: number;
  /** What the first task without a sample says (no endpoint, an error). */
  problem?: string;
}

/** Sums the readings of a service's running tasks (undefined: not read yet). */
export function sumReadings(readings: readonly (TaskStatsReading | undefined)[]): StatsSum {
  const sum: StatsSum = { cpuPercent: 0, memoryBytes: 0, sampled: 0, of: readings.length };
  let cpuKnown = true;
  for (const r of readings) {
    if (r?.kind === 'sample') {
      sum.sampled++;
      sum.memoryBytes += r.memoryBytes;
      if (r.cpuPercent === undefined) cpuKnown = false;
      else sum.cpuPercent! += r.cpuPercent;
    } else if (r && sum.problem === undefined) {
      sum.problem = readingText(r);
    }
  }
  if (!cpuKnown) delete sum.cpuPercent;
  return sum;
}

/**
 * A service row's words: `112% 6.2 MiB`, with `(2 of 3 tasks)` when some gave none; what the
 * tasks say when none did; undefined when nothing was read yet (or it has no running task).
 */
export function sumText(sum: StatsSum): string | undefined {
  if (sum.sampled === 0) return sum.problem;
  const text = `${cpuText(sum.cpuPercent)} ${formatBytes(sum.memoryBytes)}`;
  return sum.sampled < sum.of ? `${text} (${sum.sampled} of ${sum.of} tasks)` : text;
}

const REASONS: Partial<Record<ReturnType<typeof toSwarmError>['kind'], string>> = {
  notFound: 'not running',
  timeout: 'timed out',
  unreachable: 'engine unreachable',
  permission: 'permission denied',
  untrusted: 'engine not trusted',
};

/** A failed read in a few words for a row (the full message goes to the log). */
export function readingOfFailure(e: unknown): TaskStatsReading {
  const err = toSwarmError(e);
  if (err.kind === 'noEndpoint') return { kind: 'noEndpoint' };
  const known = REASONS[err.kind];
  if (known) return { kind: 'error', reason: known };
  const first = err.message.split('\n')[0] ?? '';
  return { kind: 'error', reason: first.length > 60 ? `${first.slice(0, 59)}…` : first || 'failed' };
}
