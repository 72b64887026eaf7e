// `npm run bench`: measures the extension on the local swarm and writes bench/results.md.
// Everything it creates on the swarm carries the label swarm-services.bench=<run id> and is
// removed at the end, on failure and on Ctrl+C too; nothing else on the swarm is touched.
//
// Sections: refresh at scale (real swarm with 200 idle services plus 20 running tasks, and a
// synthetic 1,000-service/10,000-task swarm served by an Engine API stand-in), log
// throughput, event latency, activation and bundle size, the heap after loading the
// 10,000-task model, a 1 GiB log flood followed in the extension host, and stack files (a
// 50-service file loaded and converted, and deployed against `docker stack deploy`). Each
// comparison is measured side by side, interleaved, in this run. SWARM_BENCH_ONLY=stack runs
// only the stack-file rows, SWARM_BENCH_ONLY=registry only Redeploy with Latest Image against
// `docker service update --image` on the private registry (scripts/registry.sh up),
// SWARM_BENCH_ONLY=objects only the requests per refresh with the Secrets, Configs and
// Networks views open, on the real swarm at two sizes (a minute or so), SWARM_BENCH_ONLY=shell
// only keystroke to echo in a task's shell against `docker exec -it` (seconds),
// SWARM_BENCH_ONLY=pixels only change to pixels: `docker service scale` to the row's change in
// the real workbench, with 10 and with 1,000 services on the swarm (about 3 minutes),
// SWARM_BENCH_ONLY=changes only what a change costs: reads per isolated change and per burst
// and the heap under changes (the stores in a plain Node process, then the whole extension in
// VS Code's extension host) on the synthetic swarm, and change to model and the reads of a
// change until settled on the real swarm (about 20 minutes).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../../test/support/testClient';
import type { EngineNode, EngineService, EngineTask } from '../../src/model/engineTypes';
import { IMAGE, waitFor } from '../../test/support/swarm';
import { buildForActivation, measureActivation, type ActivationRun, type BundleFigures } from './activationBench';
import { startCountingProxy, type CountingProxy } from '../../test/support/countingProxy';
import type { Templates } from './engineStandIn';
import { benchStackName, contenderName, measureConversion, measureStackDeploy, removeBenchStack, STACK_SERVICES, type DeployContender } from './composeBench';
import { composeRows } from './composeReport';
import { assertRegistryUp } from '../../test/support/registry';
import { measureBursts, measureChangesHeap, measureIsolatedChanges, standInControl } from './changesBench';
import { changesRows, changeToModelRows, realCostRows, type ChangesFigures } from './changesReport';
import { measureEventLatency, measureRealChangeCost, type RealChange } from './eventBench';
import { measureExtensionHostHeap } from './extHostHeapBench';
import { measureFlood } from './floodBench';
import type { HeapFigures } from './heapChild';
import { LOG_LINES, LOG_SCRIPT, logsComplete, measureLogs } from './logBench';
import type { RssFigures } from './logRssChild';
import { measureObjectViews, objectViewsHold, objectViewsRows, type ObjectViewsFigures } from './objectViewsBench';
import { BENCH_LABEL, IDLE_SCRIPT, RUN_ID, benchSpec, createAll, createServicesWithObjects, removeBenchObjects, removeBenchServices, waitForRunningTasks } from './realSwarm';
import { measureRegistryRedeploy } from './registryBench';
import { measureChangesToPixels, pixelsRows } from './pixelsBench';
import { measureShellEcho, shellRows, type ShellFigures } from './shellBench';
import { registryRows } from './registryReport';
import { fetchJson, measureRefresh, measureViewRefresh, type RequestCounter } from './refreshBench';
import { renderResults, type BenchResults } from './report';
import { median, now, progress, run, runMain } from './stats';

const ENGINE_SOCKET = '/var/run/docker.sock';
const IDLE_SERVICES = 200;
const BUSY_REPLICAS = 20;
const SYNTHETIC = { services: 1000, tasksPerService: 10, nodes: 10 };
const ROUNDS = {
  refreshReal: 101,
  refreshRealCliEvery: 4,
  refreshSynthetic: 21,
  logs: 7,
  rssPasses: 5,
  apiChanges: 50,
  cliChanges: 10,
  activations: 5,
  stackLoads: 31,
  stackDeploys: 7,
  registryRedeploys: 5,
  objectViews: 21,
  keystrokes: 100,
  isolatedChanges: 20,
  realChanges: 24,
  bursts: 3,
};
/** Change to pixels: services on the swarm at each size (the others at 0 replicas), and changes timed at each. */
const PIXELS = { sizes: [10, 1000], changes: 30 };
/** The burst of changes on the synthetic swarm: this many services, one every intervalMs. */
const BURST = { services: 100, intervalMs: 10 };
/** The heap under changes: batches of this many changes (an hour of a busy swarm's events), this far apart. */
const HEAP_CHANGES = { perBatch: 10_000, batches: 4, intervalMs: 2 };
/** Every HEAP_STRIDE-th service in listing order (prime to the 1,000), so a batch's changes spread over all of them. */
const HEAP_STRIDE = 37;
/** SWARM_BENCH_ONLY=objects: services (each with a secret and a config) at the first size, then added for the second. */
const OBJECT_SIZES = [10, 90];

/** SWARM_BENCH_ONLY=stack (or registry, or objects) runs only those rows and prints them (bench/results.md is left as it is). */
const ONLY = process.env['SWARM_BENCH_ONLY'];
/** The deploys compared: ours with runDeploy's default concurrency, and the CLI. */
const CONTENDERS: DeployContender[] = [{ kind: 'ours' }, { kind: 'cli' }];

/**
 * What every row needs, checked before anything is created, within a minute: a swarm manager
 * and the sandbox image on it (the tasks of a swarm without it are rejected, "No such image").
 */
async function preflight(client: TestClient): Promise<void> {
  const fix = 'Run `bash scripts/sandbox.sh up` (npm run bench does it first).';
  await client.requireManager().catch((e: Error) => {
    throw new Error(`The benchmark needs a swarm manager at unix://${ENGINE_SOCKET}: ${e.message} ${fix}`);
  });
  const image = await Promise.race([
    run('docker', ['-H', `unix://${ENGINE_SOCKET}`, 'image', 'inspect', '--format', '{{.Id}}', IMAGE]),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`docker image inspect did not answer within 30 s. ${fix}`)), 30_000).unref()),
  ]);
  if (image.code !== 0) throw new Error(`The image ${IMAGE} is not on the engine (${image.stderr.trim()}). ${fix}`);
}

/**
 * Forks a benchmark module (with this process's tsx loader) and resolves with the first message
 * it sends; a child that sends none within `timeoutMs` is stopped and the run fails, naming it.
 */
function forkForMessage<T>(file: string, args: string[], extraExecArgv: string[] = [], timeoutMs = 10 * 60_000): { child: ChildProcess; message: Promise<T> } {
  const child = fork(join(__dirname, file), args, { execArgv: [...process.execArgv, ...extraExecArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let timer: NodeJS.Timeout | undefined;
  const message = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${file} sent no result within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}) without a result`)));
    child.once('error', reject);
  }).finally(() => clearTimeout(timer));
  return { child, message };
}

/** A 1-replica idle service of the run, and keystroke to echo in a shell in its task. */
async function measureShell(client: TestClient): Promise<ShellFigures> {
  const [id] = await createAll(client, [benchSpec('shell', IDLE_SCRIPT, 1)]);
  await waitForRunningTasks(client, id as string, 1, 60_000);
  const [task] = (await client.serviceTasks(id as string, { 'desired-state': 'running' })).filter((t) => t.Status?.State === 'running');
  const containerId = task?.Status?.ContainerStatus?.ContainerID;
  if (!containerId) throw new Error('the shell service has no running container');
  const figures = await measureShellEcho(client, containerId, ROUNDS.keystrokes, (i, f) => {
    if ((i + 1) % 25 === 0) progress(`  keystroke ${i + 1}: ours ${f.ours.toFixed(2)} ms, CLI ${f.cli.toFixed(2)} ms`);
  });
  await client.removeService(id as string).catch(() => undefined);
  return figures;
}

async function versions(client: TestClient): Promise<BenchResults['machine']> {
  const engine = (await fetchJson(ENGINE_SOCKET, '/version')).value as { Version?: string; ApiVersion?: string };
  const cli = await run('docker', ['version', '--format', '{{.Client.Version}}']);
  const info = await client.swarmStatus();
  const dockerode = (JSON.parse(readFileSync(require.resolve('dockerode/package.json'), 'utf8')) as { version: string }).version;
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryBytes: totalmem(),
    kernel: release(),
    engine: `${engine.Version ?? '?'} (API ${engine.ApiVersion ?? '?'})`,
    dockerCli: cli.stdout.trim(),
    node: process.version,
    dockerode,
    swarmRole: info.role,
    loadAtStart: loadavg()[0] ?? 0,
  };
}

/** The objects the synthetic swarm is cloned from, read from the real engine. */
async function captureTemplates(busyId: string): Promise<Templates> {
  const service = (await fetchJson(ENGINE_SOCKET, `/services/${busyId}`)).value as EngineService;
  const tasks = (await fetchJson(ENGINE_SOCKET, `/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [busyId], 'desired-state': ['running'] }))}`)).value as EngineTask[];
  const task = tasks.find((t) => t.Status?.State === 'running');
  if (!task) throw new Error('no running task to copy');
  const nodes = (await fetchJson(ENGINE_SOCKET, '/nodes')).value as EngineNode[];
  const node = nodes.find((n) => n.ManagerStatus?.Leader) ?? nodes[0];
  if (!node) throw new Error('no node to copy');
  const version = (await fetchJson(ENGINE_SOCKET, '/version')).value as Record<string, unknown>;
  const info = (await fetchJson(ENGINE_SOCKET, '/info')).value as Record<string, unknown>;
  return { service, task, node, version, info };
}

/**
 * The service the synthetic swarm is cloned from: made with `docker service create`, so that
 * the service and task objects are shaped exactly as the CLI makes them.
 */
async function createBusyWithCli(replicas: number): Promise<string> {
  const busy = await run('docker', [
    'service', 'create', '--detach', '--quiet', '--no-resolve-image', '--name', `${RUN_ID}-busy`,
    '--label', `${BENCH_LABEL}=${RUN_ID}`, '--replicas', String(replicas), '--stop-grace-period', '1s', '--constraint', 'node.role==manager',
    IMAGE, 'sh', '-c', IDLE_SCRIPT,
  ]);
  if (busy.code !== 0) throw new Error(`docker service create failed: ${busy.stderr}`);
  return busy.stdout.trim();
}

/**
 * Starts the Engine stand-in with the synthetic swarm cloned from the busy service; resolves
 * once it serves. `control`: its control socket (for the extension-host test, outside its log).
 */
async function startStandIn(busyId: string, dir: string): Promise<{ child: ChildProcess; socket: string; control: string }> {
  const templatesPath = join(dir, 'templates.json');
  writeFileSync(templatesPath, JSON.stringify(await captureTemplates(busyId)));
  const socket = join(dir, 'engine.sock');
  const control = join(dir, 'control.sock');
  const started = forkForMessage<{ type: string; services: number; tasks: number }>(
    'engineStandIn.ts',
    [socket, templatesPath, String(SYNTHETIC.services), String(SYNTHETIC.tasksPerService), String(SYNTHETIC.nodes), control],
  );
  const ready = await started.message;
  progress(`Engine stand-in serves ${ready.services} services and ${ready.tasks} tasks`);
  return { child: started.child, socket, control };
}

/** What a change costs on the synthetic swarm behind the stand-in: isolated, in a burst, and to the heap. */
async function measureChanges(standIn: ChildProcess, socket: string, controlSocket: string, dir: string): Promise<ChangesFigures> {
  const control = standInControl(standIn);
  try {
    const listed = (await fetchJson(socket, '/services?status=true')).value as EngineService[];
    const ids = listed.map((sv) => sv.ID);
    // About one service in ten has a task that stays starting, so its counts never meet and the
    // store reads it again for about 25 s after each change (as it would on a real swarm): the
    // changes are made to services whose counts meet, so each is counted alone until settled.
    const met = new Set(listed.filter((sv) => sv.ServiceStatus?.RunningTasks === sv.ServiceStatus?.DesiredTasks).map((sv) => sv.ID));
    // Ten expanded (the first listed of those); collapsed ones spread over the rest.
    const expanded = ids.filter((id) => met.has(id)).slice(0, 10);
    const collapsed = ids.filter((id, i) => i >= 10 && i % 41 === 7 && met.has(id) && !expanded.includes(id));
    progress(`changes: ${ids.length - met.size} of ${ids.length} services have counts that never meet; changes go to the others`);
    progress(`changes: ${ROUNDS.isolatedChanges} rounds of a collapsed service's change / an expanded one's / a full refresh, ${expanded.length} expanded`);
    const isolated = await measureIsolatedChanges(socket, control, expanded, collapsed, SYNTHETIC.tasksPerService, ROUNDS.isolatedChanges);
    progress(`  a change reads ${median(isolated.collapsed.map((c) => c.bytes))} bytes collapsed, ${median(isolated.expandedChanges.map((c) => c.bytes))} expanded; a full refresh ${median(isolated.full.map((c) => c.bytes))}`);
    const burstIds = ids.filter((_, i) => i % 10 === 0).slice(0, BURST.services);
    progress(`changes: ${ROUNDS.bursts} bursts of ${burstIds.length} changes ${BURST.intervalMs} ms apart, incremental / reading everything`);
    const bursts = await measureBursts(socket, join(dir, 'burst-proxy.sock'), control, expanded, burstIds, SYNTHETIC.tasksPerService, BURST.intervalMs, ROUNDS.bursts);
    for (const b of bursts) progress(`  ${b.mode}: ${b.reads.length} reads, ${b.bytes} bytes`);
    progress(`changes: heap after ${HEAP_CHANGES.batches} batches of ${HEAP_CHANGES.perBatch} changes (child process, --expose-gc; about ${Math.round((HEAP_CHANGES.batches * (HEAP_CHANGES.perBatch * HEAP_CHANGES.intervalMs * 1.2 + 16_000) + 16_000) / 1000)} s)`);
    const heap = await measureChangesHeap(control, socket, ids[0] as string, HEAP_CHANGES.perBatch, HEAP_CHANGES.batches, HEAP_CHANGES.intervalMs, HEAP_STRIDE);
    progress(`  heap ${heap.loaded.map((b) => (b / 2 ** 20).toFixed(1)).join(' / ')} MB loaded, ${heap.afterBatch.map((b) => (b / 2 ** 20).toFixed(1)).join(' / ')} MB after each batch`);
    // The same batches in VS Code's extension host, the views drawn. Like the other workbench
    // rows, a failure of the harness is reported in the table rather than losing the others.
    progress(`changes: the extension host's heap after ${HEAP_CHANGES.batches} batches of ${HEAP_CHANGES.perBatch} changes (code-server, 1,000 services shown, 1 expanded; several minutes)`);
    const figures: ChangesFigures = { isolated, bursts, burstIntervalMs: BURST.intervalMs, heap };
    try {
      const snapshots = process.env['SWARM_BENCH_EXTHOST_HEAP_SNAPSHOTS'];
      const h = figures.extHostHeap = await measureExtensionHostHeap({
        socket, control: controlSocket, ...HEAP_CHANGES, stride: HEAP_STRIDE, ...(snapshots ? { snapshots } : {}),
      });
      progress(`  extension host: heap ${h.loaded.map((b) => (b / 2 ** 20).toFixed(1)).join(' / ')} MB loaded, ${h.afterBatch.map((b) => (b / 2 ** 20).toFixed(1)).join(' / ')} MB after each batch (harness ${(h.wallMs / 1000).toFixed(0)} s)`);
    } catch (e) {
      figures.extHostHeapError = e instanceof Error ? e.message : String(e);
      progress(`  extension host heap failed: ${figures.extHostHeapError.slice(0, 500)}`);
    }
    return figures;
  } finally {
    control.dispose();
  }
}

/** Every sixth real change: what it read until settled. */
function realProgress(i: number, c: RealChange): void {
  if ((i + 1) % 6 !== 0) return;
  const read = (x: RealChange['collapsed']) => `${x.reads.length} requests, ${x.reads.reduce((n, r) => n + r.bytes, 0)} bytes (${x.followUps} follow-ups)`;
  progress(`  change ${i + 1} (${c.direction}): collapsed ${read(c.collapsed)}, expanded ${read(c.expanded)}, reading everything ${read(c.everything)}`);
}

/** Prints a section's rows and notes (the SWARM_BENCH_ONLY runs). */
function printRows({ rows, notes }: { rows: string[][]; notes: string[] }): void {
  process.stdout.write(`\n${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n`);
}

async function main(): Promise<void> {
  const started = now();
  const client = new TestClient({ dockerHost: `unix://${ENGINE_SOCKET}`, timeoutMs: 30_000 });
  await preflight(client);
  // Before anything is created: the registry rows need it, and a full run should not fail late.
  if (ONLY !== 'stack' && ONLY !== 'objects' && ONLY !== 'pixels' && ONLY !== 'changes') await assertRegistryUp();
  const dir = mkdtempSync(join(tmpdir(), `swarm-bench-${RUN_ID}-`));
  let proxy: CountingProxy | undefined;
  let standIn: ChildProcess | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      standIn?.kill();
      await proxy?.close().catch(() => undefined);
      progress('removing the services this run created');
      // A second pass catches a service whose creation was still in flight (Ctrl+C during setup).
      let removed = 0;
      for (let pass = 0; pass < 3; pass++) {
        const n = await removeBenchServices(client).catch((e: unknown) => {
          console.error(`cleanup failed: ${String(e)}; remove services labelled ${BENCH_LABEL}=${RUN_ID} by hand`);
          return 0;
        });
        removed += n;
        if (n === 0 && pass > 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      progress(`removed ${removed} service(s) labelled ${BENCH_LABEL}=${RUN_ID}`);
      await removeBenchObjects(client).then(
        (n) => n > 0 && progress(`removed ${n} secret(s), config(s) and network(s) labelled ${BENCH_LABEL}=${RUN_ID}`),
        (e: unknown) => console.error(`cleanup failed: ${String(e)}; remove secrets, configs and networks labelled ${BENCH_LABEL}=${RUN_ID} by hand`));
      for (let i = 0; i < CONTENDERS.length; i++) {
        await removeBenchStack(client, benchStackName(i)).catch((e: unknown) =>
          console.error(`cleanup failed: ${String(e)}; remove stack ${benchStackName(i)} by hand`));
      }
      rmSync(dir, { recursive: true, force: true });
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  const results: Partial<BenchResults> = { runId: RUN_ID };
  try {
    results.machine = await versions(client);
    progress(`run ${RUN_ID}: ${results.machine.cores} cores, engine ${results.machine.engine}, load ${results.machine.loadAtStart.toFixed(2)}`);

    // What starting the docker CLI costs before it talks to any engine.
    results.cliStart = [];
    for (let i = 0; i < 7; i++) results.cliStart.push((await run('docker', ['--version'])).ms);

    // ---- change to pixels: the real workbench, at 10 and at 1,000 services ------------------
    // Before the bundle's size: it packages (and so builds) the extension itself.
    if (ONLY === 'pixels') {
      results.pixels = await measureChangesToPixels({ client, dockerHost: `unix://${ENGINE_SOCKET}`, ...PIXELS });
      printRows(pixelsRows(results.pixels));
      return;
    }

    // ---- what a change costs (synthetic swarm), change to model (real swarm) ----------------
    if (ONLY === 'changes') {
      progress('changes: a service to clone the synthetic swarm from, and one to scale');
      const busyId = await createBusyWithCli(1);
      const [scaleId] = await createAll(client, [benchSpec('scale', IDLE_SCRIPT, 1)]);
      await waitForRunningTasks(client, busyId, 1, 60_000);
      await waitForRunningTasks(client, scaleId as string, 1, 60_000);
      const s = await startStandIn(busyId, dir);
      standIn = s.child;
      results.changes = await measureChanges(s.child, s.socket, s.control, dir);
      standIn.kill();
      standIn = undefined;
      progress(`events: ${ROUNDS.apiChanges} scale changes through the API, then ${ROUNDS.cliChanges} with docker service scale`);
      results.events = await measureEventLatency(client, scaleId as string, ROUNDS.apiChanges, ROUNDS.cliChanges, (i, c) => {
        if ((i + 1) % 10 === 0) progress(`  change ${i + 1}: ${c.fromEvent.toFixed(1)} ms after the event, ${c.fromDone.toFixed(1)} ms after the ${c.via === 'api' ? 'update returned' : 'CLI exited'}`);
      });
      progress(`changes: ${ROUNDS.realChanges} scales of one service on the real swarm, counted until settled (collapsed / expanded / reading everything)`);
      results.realCost = await measureRealChangeCost(client, scaleId as string, ROUNDS.realChanges, dir, realProgress);
      const a = changesRows(results.changes);
      const r = realCostRows(results.realCost, results.changes.isolated);
      const b = changeToModelRows(results.events, median(results.cliStart));
      printRows({ rows: [...a.rows, ...r.rows, ...b.rows], notes: [...a.notes, ...r.notes, ...b.notes] });
      return;
    }

    // ---- bundle size, from the production build `npm run bench` has just made ------------
    const bundleBytes = statSync('dist/extension.js').size;
    progress(`bundle: dist/extension.js is ${(bundleBytes / 1024).toFixed(0)} KB`);

    // ---- keystroke to echo in a task's shell, against docker exec -it -----------------------
    if (ONLY === 'shell') {
      results.shell = await measureShell(client);
      printRows(shellRows(results.shell));
      return;
    }

    // ---- the object views alone, on the real swarm at two sizes ------------------------------
    if (ONLY === 'objects') {
      proxy = await startCountingProxy(join(dir, 'proxy.sock'), ENGINE_SOCKET);
      const p = proxy;
      const countVia = { socketPath: join(dir, 'proxy.sock'), counter: { reset: async () => p.reset(), read: async () => [...p.requests] } };
      const networkId = await client.createNetwork({ Name: `${RUN_ID}-objects`, Driver: 'overlay', Labels: { [BENCH_LABEL]: RUN_ID } });
      const sizes: ObjectViewsFigures[] = [];
      let made: string[] = [];
      for (const [i, count] of OBJECT_SIZES.entries()) {
        progress(`object views: adding ${count} services, each with a secret and a config`);
        made = [...made, ...await createServicesWithObjects(client, made.length, count, networkId)];
        // The same ten services expanded at each size, as in "Refresh (b), the views".
        sizes.push(await measureObjectViews(`size ${i + 1}`, ENGINE_SOCKET, countVia, made.slice(0, 10), ROUNDS.objectViews));
        const f = sizes.at(-1)!;
        progress(`  ${f.services} services, ${f.secrets} secrets: ${f.shown.length} requests a refresh with the views open, ${f.hidden.length} without`);
      }
      printRows(objectViewsRows(sizes));
      if (!objectViewsHold(sizes)) throw new Error('the object views do not add exactly one request each, at every size');
      return;
    }

    // ---- stack files: load and convert, deploy against docker stack deploy -----------------
    if (ONLY !== 'registry') {
      progress(`stack file: ${ROUNDS.stackLoads} rounds of load / load + convert of a ${STACK_SERVICES}-service file`);
      results.conversion = measureConversion(ROUNDS.stackLoads);
      progress(`stack deploy: ${ROUNDS.stackDeploys} rounds of ${CONTENDERS.map(contenderName).join(' / ')} (deploy, redeploy, remove)`);
      results.stackDeploy = await measureStackDeploy(client, dir, CONTENDERS, ROUNDS.stackDeploys, (i, round) =>
        progress(`  round ${i + 1}: ${round.map((d, k) => `${contenderName(CONTENDERS[k] as DeployContender)} ${d.deploy.toFixed(0)} ms, again ${d.redeploy.toFixed(0)} ms`).join('; ')}`));
      if (ONLY === 'stack') {
        printRows(composeRows(results.conversion, results.stackDeploy));
        return;
      }
    }

    // ---- the private registry: Redeploy with Latest Image against docker service update -----
    progress(`registry: ${ROUNDS.registryRedeploys} rounds of a push, then ours / docker service update --image (to converged); then ${ROUNDS.registryRedeploys} with the tag unmoved`);
    results.registry = await measureRegistryRedeploy(client, ROUNDS.registryRedeploys, (kind, i, r) =>
      progress(`  ${kind} ${i + 1}: ${'first' in r ? `ours ${r.ours.total.toFixed(0)} ms (lookup ${r.ours.lookup.toFixed(0)}, update ${r.ours.update.toFixed(0)}, converge ${r.ours.converge.toFixed(0)}), CLI ${r.cli.total.toFixed(0)} ms` : `ours ${r.ours.toFixed(0)} ms, CLI ${r.cli.toFixed(0)} ms${r.cliNewTask ? ' (task replaced)' : ''}`}`));
    if (ONLY === 'registry') {
      printRows(registryRows(results.registry, median(results.cliStart)));
      return;
    }

    // ---- change to pixels, before this run's services are on the swarm ----------------------
    // Like the other workbench rows, a failure of the harness is reported in the table.
    progress(`pixels: ${PIXELS.changes} scale changes to the row on the page, at ${PIXELS.sizes.join(' and ')} services`);
    try {
      results.pixels = await measureChangesToPixels({ client, dockerHost: `unix://${ENGINE_SOCKET}`, ...PIXELS });
    } catch (e) {
      results.pixelsError = e instanceof Error ? e.message : String(e);
      progress(`  pixels failed: ${results.pixelsError.slice(0, 500)}`);
    }

    // ---- services on the real swarm ----------------------------------------------------------
    progress(`creating ${IDLE_SERVICES} services at 0 replicas, one with ${BUSY_REPLICAS} running tasks, one printing ${LOG_LINES.toLocaleString('en-US')} lines, one to scale`);
    const busyId = await createBusyWithCli(BUSY_REPLICAS);
    const logSpec = benchSpec('logs', LOG_SCRIPT, 1);
    const scaleSpec = benchSpec('scale', IDLE_SCRIPT, 1);
    const [logId, scaleId] = await createAll(client, [logSpec, scaleSpec]);
    const idleSpecs = Array.from({ length: IDLE_SERVICES }, (_, i) => benchSpec(`idle-${String(i).padStart(3, '0')}`, IDLE_SCRIPT, 0));
    await createAll(client, idleSpecs);
    await waitForRunningTasks(client, busyId, BUSY_REPLICAS, 180_000, 250);
    await waitForRunningTasks(client, scaleId as string, 1, 60_000);
    await waitFor('the log service to print every line', async () => (await logsComplete(client, logId as string)) || undefined, 120_000, 250);
    progress('services are up');

    // ---- refresh at scale: (a) the real swarm ------------------------------------------------
    proxy = await startCountingProxy(join(dir, 'proxy.sock'), ENGINE_SOCKET);
    const p = proxy;
    const proxyCounter: RequestCounter = { reset: async () => p.reset(), read: async () => [...p.requests] };
    progress(`refresh (a), real swarm: ${ROUNDS.refreshReal} rounds of ours / floor / floor + model, docker service ls in every ${ROUNDS.refreshRealCliEvery}th`);
    results.refreshReal = await measureRefresh(ENGINE_SOCKET, { socketPath: join(dir, 'proxy.sock'), counter: proxyCounter }, ROUNDS.refreshReal, 5, ROUNDS.refreshRealCliEvery);
    progress(`  ${results.refreshReal.services} services, ${results.refreshReal.tasksToRun} running tasks, ${results.refreshReal.ourRequests.length} requests a refresh`);
    progress(`refresh (a), the views with Secrets, Configs and Networks open: ${ROUNDS.objectViews} rounds`);
    const objectViewsReal = await measureObjectViews('(a)', ENGINE_SOCKET, { socketPath: join(dir, 'proxy.sock'), counter: proxyCounter }, [busyId, scaleId as string], ROUNDS.objectViews);

    // ---- refresh at scale: (b) the synthetic swarm behind the Engine stand-in ------------
    const started2 = await startStandIn(busyId, dir);
    standIn = started2.child;
    const standInSocket = started2.socket;
    // Asked through the bounded control: each ask waits for its own reply type, at most 2 minutes.
    const counterControl = standInControl(standIn);
    const standInCounter: RequestCounter = {
      reset: async () => void (await counterControl.ask({ type: 'clear' }, 'cleared')),
      read: async () => (await counterControl.ask<{ log: { method: string; url: string }[] }>({ type: 'log' }, 'log')).log,
    };
    progress(`refresh (b), synthetic swarm: ${ROUNDS.refreshSynthetic} rounds of ours / floor / floor + model / docker service ls`);
    results.refreshSynthetic = await measureRefresh(standInSocket, { socketPath: standInSocket, counter: standInCounter }, ROUNDS.refreshSynthetic, 3);
    if (results.refreshSynthetic.cliServicesListed !== SYNTHETIC.services) {
      throw new Error(`docker service ls listed ${results.refreshSynthetic.cliServicesListed} services from the stand-in, not ${SYNTHETIC.services}`);
    }

    const someServices = ((await fetchJson(standInSocket, '/services')).value as EngineService[]).slice(0, 10).map((sv) => sv.ID);
    progress(`refresh (b), the views' own refresh (${someServices.length} services expanded): ${ROUNDS.refreshSynthetic} rounds`);
    results.viewRefresh = await measureViewRefresh(standInSocket, { socketPath: standInSocket, counter: standInCounter }, someServices, ROUNDS.refreshSynthetic);
    progress(`refresh (b), the views with Secrets, Configs and Networks open: ${ROUNDS.objectViews} rounds`);
    results.objectViews = [
      objectViewsReal,
      await measureObjectViews('(b)', standInSocket, { socketPath: standInSocket, counter: standInCounter }, someServices.slice(0, 2), ROUNDS.objectViews),
    ];

    // ---- memory: the heap after loading the 10,000-task model ------------------------------
    progress('memory: heap after loading the synthetic model (child process, --expose-gc)');
    results.heap = await forkForMessage<HeapFigures>('heapChild.ts', [standInSocket], ['--expose-gc']).message;
    // Last on the stand-in: the changes alter its services.
    results.changes = await measureChanges(standIn, standInSocket, started2.control, dir);
    standIn.kill();
    standIn = undefined;

    // ---- log throughput ------------------------------------------------------------------
    progress(`logs: ${ROUNDS.logs} rounds of plain / prefixed / docker service logs | wc -l / raw HTTP, ${LOG_LINES.toLocaleString('en-US')} lines each`);
    results.logs = await measureLogs(client, ENGINE_SOCKET, logId as string, logSpec.Name as string, ROUNDS.logs, (i) => progress(`  round ${i + 1} done`));
    progress(`logs: RSS over ${ROUNDS.rssPasses} passes (${((ROUNDS.rssPasses * LOG_LINES) / 1e6).toFixed(1)} M lines) in a child process`);
    results.rss = await forkForMessage<RssFigures>('logRssChild.ts', [logId as string, logSpec.Name as string, String(ROUNDS.rssPasses)]).message;

    // ---- event latency -----------------------------------------------------------------------
    progress(`events: ${ROUNDS.apiChanges} scale changes through the API, then ${ROUNDS.cliChanges} with docker service scale`);
    progress(`shell: ${ROUNDS.keystrokes} keystrokes to echo, ours / docker exec -it through a pty, interleaved`);
    results.shell = await measureShell(client);

    results.events = await measureEventLatency(client, scaleId as string, ROUNDS.apiChanges, ROUNDS.cliChanges, (i, c) => {
      if ((i + 1) % 10 === 0) progress(`  change ${i + 1}: ${c.fromEvent.toFixed(1)} ms after the event, ${c.fromDone.toFixed(1)} ms after the ${c.via === 'api' ? 'update returned' : 'CLI exited'}`);
    });
    progress(`changes: ${ROUNDS.realChanges} scales of one service on the real swarm, counted until settled (collapsed / expanded / reading everything)`);
    results.realCost = await measureRealChangeCost(client, scaleId as string, ROUNDS.realChanges, dir, realProgress);

    // ---- activation -------------------------------------------------------------------------
    progress('activation: building the production bundle with the extension-host tests');
    const bundle: BundleFigures = await buildForActivation(dir);
    if (bundle.bytes !== bundleBytes) progress(`  note: the rebuilt bundle is ${bundle.bytes} bytes, the measured one ${bundleBytes}`);
    results.bundle = { ...bundle, bytes: bundleBytes };
    // The harness (code-server, Chromium) is the most fragile part: a failure is reported in
    // the table rather than losing every other figure.
    const activations: ActivationRun[] = [];
    results.activation = activations;
    try {
      for (let i = 0; i < ROUNDS.activations; i++) {
        const a = await measureActivation();
        activations.push(a);
        progress(`  activation ${i + 1}/${ROUNDS.activations}: activate() took ${a.activationMs.toFixed(1)} ms (harness ${(a.wallMs / 1000).toFixed(1)} s)`);
      }
    } catch (e) {
      results.activationError = e instanceof Error ? e.message : String(e);
      progress(`  activation failed: ${results.activationError.slice(0, 500)}`);
    }

    // ---- a log flood in the extension host ---------------------------------------------------
    progress('flood: a followed service printing 1 GiB, in the extension host (about a minute)');
    try {
      results.flood = await measureFlood();
      const f = results.flood;
      progress(`  shown ${(f.shownBytes / 2 ** 20).toFixed(0)} MB in ${f.followedS.toFixed(0)} s; RSS +${((f.rssPeakBytes - f.rssBaseBytes) / 2 ** 20).toFixed(0)} MB; event loop p99 ${f.eventLoopP99Ms.toFixed(0)} ms`);
    } catch (e) {
      results.floodError = e instanceof Error ? e.message : String(e);
      progress(`  flood failed: ${results.floodError.slice(0, 500)}`);
    }
  } finally {
    await cleanup();
  }
  results.totalMs = now() - started;
  const raw = join(tmpdir(), `swarm-services-bench-${RUN_ID}.json`);
  writeFileSync(raw, JSON.stringify(results, null, 1));
  progress(`raw samples: ${raw}`);
  const markdown = renderResults(results as BenchResults);
  mkdirSync('bench', { recursive: true });
  writeFileSync('bench/results.md', markdown);
  process.stdout.write(`\n${markdown}\n`);
  progress(`wrote bench/results.md; the bench took ${(results.totalMs / 1000).toFixed(0)} s`);
}

runMain(main);
