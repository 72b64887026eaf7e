// Change to pixels: in the real workbench (code-server in headless Chromium with the packaged
// .vsix, started by the end-to-end suite's own code), the time from `docker service scale`
// returning to the service's row showing the new count, with few and with 1,000 services on the
// swarm. The page side is a MutationObserver (pixelsProbe.ts); the bench spawns the CLI, notes
// its exit and asks the page when the row changed.
//
// Clocks: both sides read Date.now(), the wall clock of this one machine (Chromium and this
// process run on the same host), so a page time minus an exit time is a duration; its
// resolution is a millisecond, well below what is measured.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { EngineStream } from '../../src/docker/swarmClient';
import type { EngineServiceSpec } from '../../src/model/engineTypes';
import type { TestClient } from '../../test/support/testClient';
import { serviceSpec } from '../../test/support/swarm';
import { VSIX } from '../../test/e2e/support/suite';
import { WorkbenchUi } from '../../test/e2e/support/ui';
import { startWorkbench, type Workbench } from '../../test/e2e/support/workbench';
import { arm, installProbe, readRow, until } from './pixelsProbe';
import { BENCH_LABEL, IDLE_SCRIPT, RUN_ID, waitForRunningTasks } from './realSwarm';
import { int, median, ms, percentile, progress, sleep } from './stats';

export interface PixelsFigures {
  /** Services on the swarm asked for. */
  size: number;
  /** Services the engine listed while measuring (other services on the swarm count too). */
  onSwarm: number;
  /** Services the view listed (the target row's aria-setsize). */
  listed: number;
  /** From the CLI's exit to the row first showing the new desired count, ms (one per change). */
  samples: number[];
  /** From the CLI's exit to the page's next animation frame after that change. */
  frames: number[];
  /** From the CLI's exit to the Engine's service event reaching this process (negative: before the exit). */
  events: number[];
  /** The CLI's own run, spawn to exit. */
  cli: number[];
  /** When each sample was taken, ms after the first change of this size. */
  at: number[];
  /**
   * Changes whose row had not caught up (running = desired) two seconds after the engine ran
   * the tasks: what the row showed before the change → what it still showed.
   */
  stale: string[];
  /** Changes made first and not counted. */
  warmup: number;
  /** Creating the services that brought the swarm to this size. */
  setupMs: number;
}

export interface PixelsOptions {
  client: TestClient;
  /** The engine the CLI and the workbench's extension both use. */
  dockerHost: string;
  sizes: readonly number[];
  changes: number;
  warmup?: number;
}

/** Sorts before the fillers (the view lists services by name), so it stays at the top of the tree. */
const TARGET = `px-${RUN_ID}-aaa-target`;
const fillerName = (i: number): string => `px-${RUN_ID}-fill-${String(i).padStart(4, '0')}`;
const CREATE_CONCURRENCY = 16;
/** Bounds for each step; a step that takes longer stops the section with what it saw. */
const BOUND = { cli: 30_000, firstChange: 15_000, settle: 30_000, rowAfterEngine: 2_000, grow: 150_000, listed: 90_000 };

function bounded<T>(p: Promise<T>, msAllowed: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${msAllowed / 1000} s`)), msAllowed);
  })]).finally(() => clearTimeout(timer));
}

/** Runs a command; `exitAt` is Date.now() when the process exited (the 'exit' event, before its pipes close). */
function spawnTimed(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string; startAt: number; exitAt: number }> {
  return new Promise((resolve, reject) => {
    const startAt = Date.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let exitAt = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', () => (exitAt = Date.now()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, startAt, exitAt: exitAt || Date.now() });
    });
  });
}

/** `npm run package`: the .vsix the end-to-end workbench installs, rebuilt from this checkout each run. */
async function packageExtension(): Promise<string> {
  const r = await spawnTimed('npm', ['run', 'package'], 5 * 60_000);
  if (r.code !== 0 || !existsSync(VSIX)) throw new Error(`npm run package failed (${r.code}): ${r.stderr.slice(-1500)}`);
  return VSIX;
}

function benchService(name: string, replicas: number): EngineServiceSpec {
  // Manager nodes only, as the end-to-end suite's services: a worker may lack the local image.
  const spec = serviceSpec(name, IDLE_SCRIPT, { replicas, constraints: ['node.role==manager'] });
  spec.Labels = { [BENCH_LABEL]: RUN_ID };
  return spec;
}

/** Services of this section (name and label), removed `CREATE_CONCURRENCY` at a time. */
async function removeOurs(client: TestClient): Promise<number> {
  const ours = (await client.listServices({ label: [`${BENCH_LABEL}=${RUN_ID}`] })).filter((s) => s.Spec?.Name?.startsWith(`px-${RUN_ID}-`));
  let next = 0;
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, async () => {
    while (next < ours.length) await client.removeService((ours[next++] as { ID: string }).ID).catch(() => undefined);
  }));
  return ours.length;
}

/** Adds idle fillers at 0 replicas until the engine lists `size` services; returns the count listed. */
async function growTo(client: TestClient, size: number, made: { fillers: number }): Promise<number> {
  const have = (await client.listServices()).length;
  const names = Array.from({ length: Math.max(0, size - have) }, () => fillerName(made.fillers++));
  let next = 0;
  await bounded(Promise.all(Array.from({ length: CREATE_CONCURRENCY }, async () => {
    while (next < names.length) await client.createService(benchService(names[next++] as string, 0));
  })), BOUND.grow, `creating ${names.length} services`);
  return (await client.listServices()).length;
}

/** Brings the target row into view, with the pointer off the tree, and waits until the view lists `count` services. */
async function showTarget(ui: WorkbenchUi, count: number): Promise<number> {
  await ui.revealRow(TARGET, BOUND.listed);
  await ui.parkMouse();
  return ui.until(`the view to list ${count} services`, async () => {
    const row = await readRow(ui.page, TARGET);
    return row && row.setSize === count ? row.setSize : undefined;
  }, BOUND.listed, async () => JSON.stringify(await readRow(ui.page, TARGET)));
}

/**
 * `changes` timed changes (after `warmup` untimed ones) of the target between 1 and 2
 * replicas, each waited out until the engine runs the tasks (and up to 2 s more for the row to
 * show it), then a pause.
 */
export async function measureChangeToPixels(opts: { ui: WorkbenchUi; client: TestClient; targetId: string; events: ServiceEvents; dockerHost: string; size: number; onSwarm: number; changes: number; warmup: number; setupMs: number }): Promise<PixelsFigures> {
  const { ui, size } = opts;
  const page = ui.page;
  const listed = await showTarget(ui, opts.onSwarm);
  const figures: PixelsFigures = { size, onSwarm: opts.onSwarm, listed, samples: [], frames: [], events: [], cli: [], at: [], stale: [], warmup: opts.warmup, setupMs: opts.setupMs };
  let replicas = (await readRow(page, TARGET))?.desired ?? 1;
  let firstAt: number | undefined;
  for (let i = 0; i < opts.warmup + opts.changes; i++) {
    const next = replicas === 1 ? 2 : 1;
    const before = await arm(page, TARGET, next);
    opts.events.lastAt = undefined;
    if (!before || before.desired === next) throw new Error(`the row of ${TARGET} is not ready for a change to ${next}: ${JSON.stringify(before)}`);
    // Detached: without -d the CLI waits for the tasks to converge, and the row changes before it returns.
    const cli = await spawnTimed('docker', ['-H', opts.dockerHost, 'service', 'scale', '-d', `${TARGET}=${next}`], BOUND.cli);
    if (cli.code !== 0) throw new Error(`docker service scale failed (${cli.code}): ${cli.stderr.trim()}`);
    const seenAt = await until(page, 'seenAt', BOUND.firstChange);
    if (seenAt === null) throw new Error(`the row of ${TARGET} did not show ${next} desired within ${BOUND.firstChange / 1000} s; it shows ${JSON.stringify(await readRow(page, TARGET))}`);
    const frameAt = await until(page, 'frameAt', 5_000);
    // The next change waits for the engine to run the tasks, then briefly for the row to say so.
    await waitForRunningTasks(opts.client, opts.targetId, next, BOUND.settle, 50);
    const rowSettled = (await until(page, 'settledAt', BOUND.rowAfterEngine)) !== null;
    replicas = next;
    if (i >= opts.warmup) {
      if (!rowSettled) figures.stale.push(`${before.running}/${before.desired} → ${(await readRow(page, TARGET))?.text.split(/\s+/).slice(0, 2).join(' ') ?? '?'}`);
      firstAt ??= cli.exitAt;
      figures.samples.push(seenAt - cli.exitAt);
      figures.frames.push((frameAt ?? Number.NaN) - cli.exitAt);
      figures.events.push((opts.events.lastAt ?? Number.NaN) - cli.exitAt);
      figures.cli.push(cli.exitAt - cli.startAt);
      figures.at.push(cli.exitAt - firstAt);
      const n = figures.samples.length;
      if (n % 10 === 0) progress(`  ${int(size)} services, change ${n}: ${ms(seenAt - cli.exitAt)} after the CLI exited (p50 so far ${ms(median(figures.samples))})`);
    }
    // Apart from each other, and not in step with the view's periodic refresh.
    await sleep(250 + Math.random() * 250);
  }
  return figures;
}

/** When the Engine's last service event about the target reached this process (Date.now()). */
interface ServiceEvents {
  lastAt: number | undefined;
}

/** Packages the extension, starts the workbench, and measures at each size (the swarm grown between sizes); removes what it made. */
export async function measureChangesToPixels(opts: PixelsOptions): Promise<PixelsFigures[]> {
  const { client } = opts;
  progress('pixels: npm run package (the .vsix the workbench installs)');
  const vsix = await packageExtension();
  const results: PixelsFigures[] = [];
  let wb: Workbench | undefined;
  let stream: EngineStream | undefined;
  let dropScratch: (() => void) | undefined;
  try {
    const targetId = await client.createService(benchService(TARGET, 1));
    await waitForRunningTasks(client, targetId, 1, 60_000);
    // The Engine's own event, heard here as the extension hears it: splits engine from view.
    const events: ServiceEvents = { lastAt: undefined };
    stream = client.events((e) => {
      if (e.Actor?.ID === targetId && events.lastAt === undefined) events.lastAt = Date.now();
    }, { type: ['service'] });
    await bounded(stream.started, 30_000, 'the Engine\'s event stream to start');
    progress('pixels: starting code-server and Chromium');
    wb = await startWorkbench({
      vsix,
      settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
      viewport: { width: 1440, height: 900 },
      env: { DOCKER_HOST: opts.dockerHost, DOCKER_CONTEXT: undefined },
    });
    // Ctrl+C ends the bench with process.exit (run.ts): the workbench's scratch folder goes too.
    const root = wb.root;
    dropScratch = () => rmSync(root, { recursive: true, force: true });
    process.on('exit', dropScratch);
    const ui = new WorkbenchUi(wb.page);
    await ui.openSwarmView();
    await installProbe(ui.page, ui.servicesPane);
    const made = { fillers: 0 };
    for (const size of opts.sizes) {
      const t = Date.now();
      const onSwarm = await growTo(client, size, made);
      const setupMs = Date.now() - t;
      progress(`pixels: ${int(onSwarm)} services on the swarm (${made.fillers} of them ours at 0 replicas, made in ${(setupMs / 1000).toFixed(1)} s); ${opts.changes} changes of ${TARGET}`);
      results.push(await measureChangeToPixels({ ui, client, targetId, events, dockerHost: opts.dockerHost, size, onSwarm, changes: opts.changes, warmup: opts.warmup ?? 2, setupMs }));
      const f = results.at(-1) as PixelsFigures;
      progress(`  p50 ${ms(median(f.samples))}, p95 ${ms(percentile(f.samples, 95))}, max ${ms(Math.max(...f.samples))}; the view listed ${int(f.listed)}`);
    }
  } finally {
    stream?.stop();
    // The workbench first: otherwise the extension refreshes through a thousand removals.
    await wb?.close().catch((e: Error) => console.error(`closing the workbench failed: ${e.message}`));
    if (dropScratch) process.off('exit', dropScratch);
    const t = Date.now();
    const removed = await removeOurs(client).catch((e: Error) => {
      console.error(`removing the px- services failed: ${e.message}; remove services named px-${RUN_ID}-* by hand`);
      return 0;
    });
    progress(`pixels: removed ${removed} service(s) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  return results;
}

/** The rows for bench/results.md and the SWARM_BENCH_ONLY=pixels print. */
export function pixelsRows(figures: readonly PixelsFigures[], error?: string): { rows: string[][]; notes: string[] } {
  const rows: string[][] = [];
  const tails: string[] = [];
  const stale: string[] = [];
  const p = (xs: readonly number[], q: number): string => ms(percentile(xs, q), 0);
  for (const f of figures) {
    const p95 = percentile(f.samples, 95);
    const large = f.size >= 1000;
    const fromEvent = f.samples.map((x2, i) => x2 - (f.events[i] as number));
    rows.push([
      `Change to pixels, ${int(f.size)} services (${f.samples.length} changes)`,
      `p50 ${p(f.samples, 50)} / p95 ${p(f.samples, 95)} / max ${ms(Math.max(...f.samples), 0)}`,
      `the Engine's service event heard p50 ${p(f.events, 50)} after the CLI's exit; from it to the row p50 ${p(fromEvent, 50)} / p95 ${p(fromEvent, 95)}; \`docker service scale -d\` itself ${p(f.cli, 50)} (median); the view listed ${int(f.listed)} services`,
      large ? 'p95 < 100 ms at 1,000 services' : '(reported)',
      large ? (p95 < 100 ? 'yes' : '**no**') : '',
    ]);
    const slow = f.samples.map((x2, i) => ({ x2, at: f.at[i] as number })).filter((v) => v.x2 >= 100);
    const early = f.samples.filter((x2) => x2 < 0).length;
    tails.push(`at ${int(f.size)} services${f.onSwarm !== f.size ? ` (${int(f.onSwarm)} on the swarm)` : ''} ${slow.length === 0 ? 'none took 100 ms' : `${slow.length} of ${f.samples.length} took 100 ms or more (${slow.map((v) => `${ms(v.x2, 0)} at ${(v.at / 1000).toFixed(0)} s`).join(', ')})`}${early ? `, ${early} showed before the CLI had exited (negative)` : ''}; the next animation frame followed the change by p50 ${p(f.frames.map((fr, i) => fr - (f.samples[i] as number)), 50)}`);
    if (f.stale.length > 0) stale.push(`${f.stale.length} of ${f.samples.length} changes at ${int(f.size)} services (${[...new Set(f.stale)].join(', ')})`);
  }
  if (error) rows.push(['Change to pixels', `not measured: ${error.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 200)}`, '', 'p95 < 100 ms at 1,000 services', '**no**']);
  if (figures.length === 0) return { rows, notes: [] };
  return {
    rows,
    notes: [
      `**Change to pixels**: the extension as a person installs it (the .vsix of \`npm run package\`) in code-server, opened in headless Chromium by the end-to-end suite's own code (test/e2e/support), with default settings (the safety poll every 30 s) and the Services view shown, Nodes collapsed. A service of one idle busybox task, named to sort first so that its row stays in view, is scaled alternately to 2 and back to 1 by \`docker service scale -d\` (detached: without -d the CLI returns only once the tasks converged). A MutationObserver on the view's pane notes when the row's description first shows the new desired count (a scale-up shows \`1/2\`, then \`2/2\` when the task runs: the first counts); the time is from the CLI's exit, both sides reading Date.now() on this one machine. Each change waits until the engine runs the tasks, then 250–500 ms; ${figures[0]?.warmup ?? 0} changes first are not counted. The other services are at 0 replicas, created through the Engine API ${CREATE_CONCURRENCY} at a time (${figures.map((f) => `${(f.setupMs / 1000).toFixed(1)} s`).join(', ')}). The Engine's event is heard by a listener of the bench on the same stream the extension reads: what follows it is the extension's refresh and VS Code's drawing of the tree. Tail: ${tails.join('; ')}.`,
      ...(stale.length > 0 ? [`**Not timed, seen on the way**: 2 s after the engine ran the tasks, the row still showed the old running count in ${stale.join('; ')} (before → what it still showed); it caught up at a later event or at the poll. Most likely the refresh that follows the task's container event reads the service's counts before the manager has recorded the task as running.`] : []),
    ],
  };
}
