// Small helpers for the benchmark: clocks, medians and percentiles, formatting, and running a
// child process to completion while timing it.
import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const now = (): number => performance.now();

export function median(xs: readonly number[]): number {
  return percentile(xs, 50);
}

/** Nearest-rank percentile (p in 0..100) of the samples; NaN when there are none. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function ms(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${x.toFixed(digits)} ms` : 'n/a';
}

export function mb(bytes: number, digits = 1): string {
  return `${(bytes / (1024 * 1024)).toFixed(digits)} MB`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

export function int(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** Runs a script's main: exit 0 when it resolves, else the error's stack and exit 1. */
export function runMain(main: () => Promise<unknown>): void {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}

export const sleep = (msToWait: number): Promise<void> => new Promise((r) => setTimeout(r, msToWait));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

/**
 * Runs a command without a shell (unless the caller names one) and collects its output. A
 * command that has not ended after `timeoutMs` (5 minutes unless given) is killed, and the
 * promise rejects saying which command and what it printed last: no wait of the bench is unbounded.
 */
export function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 300_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const last = Buffer.concat([...out, ...err]).toString().trim().slice(-300);
      reject(new Error(`\`${[cmd, ...args].join(' ').slice(0, 200)}\` did not end within ${Math.round(timeoutMs / 1000)} s${last ? `; it printed last: ${last}` : ''}`));
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), ms: now() - started });
    });
  });
}

/** Runs `fn` `warmup` times untimed, then `n` times timed; returns the samples in ms. */
export async function sample(n: number, warmup: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = now();
    await fn();
    out.push(now() - t);
  }
  return out;
}

/** Prints a progress line with the time since the bench started. */
const benchStart = now();
export function progress(message: string): void {
  process.stdout.write(`[bench ${((now() - benchStart) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}

/**
 * A full collection, run between timed runs so that no run pays for the garbage another left
 * (the extension's refreshes are seconds apart, with idle-time collections between them).
 * `npm run bench` starts Node without --expose-gc, so the flag is set here.
 */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') throw new Error('could not expose the garbage collector');
  return gc as () => void;
})();
