// Refresh at scale: our refresh (client.snapshot() then modelFromSnapshot(), exactly what the
// Services view runs), side by side with the floor (the same HTTP requests, raw, plus
// JSON.parse) and with what a user would run instead (`docker service ls`), all against the
// same socket and interleaved in one loop so load from elsewhere hits all three alike.
import { get } from 'node:http';
import { TestClient } from '../../test/support/testClient';
import { modelFromSnapshot, type Snapshot } from '../../src/model/snapshot';
import { buildNodesModel } from '../../src/model/nodeSummaries';
import type { EngineNode, EngineService, EngineTask } from '../../src/model/engineTypes';
import { buildModel, type SwarmModel } from '../../src/model/summaries';
import { collectGarbage, median, now, run } from './stats';

export interface RequestCounter {
  reset(): Promise<void>;
  read(): Promise<{ method: string; url: string }[]>;
}

export interface RefreshFigures {
  services: number;
  tasksToRun: number;
  nodes: number;
  /** Bytes of each response body our refresh reads: services, tasks, nodes. */
  responseBytes: number[];
  /** What one refresh of ours asked the Engine for, and what `docker service ls` did. */
  ourRequests: string[];
  cliRequests: string[];
  cliServicesListed: number;
  ours: number[];
  /** The two parts of ours, per run: the snapshot's requests, then building the model. */
  oursSnapshot: number[];
  oursModel: number[];
  /**
   * The model built again from the same snapshot once a full GC has moved it out of the young
   * generation: our code's own cost, without the collection that keeping fresh JSON alive
   * through the first build costs.
   */
  modelSettled: number[];
  /** Not part of ours: the Nodes view's model, which the extension builds from the same snapshot. */
  nodesModel: number[];
  floor: number[];
  /** The floor plus building the same model from its result: what any client showing this model pays. */
  floorModel: number[];
  cli: number[];
  /** Ours in the rounds the CLI ran in, for pairing with `cli`. */
  oursWithCli: number[];
}

/** GET over a Unix socket, body read whole and parsed: the least any client must do. Rejects after `timeoutMs` of silence. */
export function fetchJson(socketPath: string, path: string, timeoutMs = 60_000): Promise<{ value: unknown; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = get({ socketPath, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          const body = Buffer.concat(chunks);
          resolve({ value: JSON.parse(body.toString()), bytes: body.length });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`GET ${path} on ${socketPath} got no answer for ${timeoutMs / 1000} s`)));
    req.on('error', reject);
  });
}

/** Whether a request path (with or without an API version) lists `what`: services, tasks, nodes. */
function isListing(path: string, what: string): boolean {
  return new RegExp(`^(?:/v[\\d.]+)?/${what}\\b`).test(path);
}

export async function cliServiceLs(socketPath: string): Promise<{ ms: number; listed: number }> {
  const r = await run('docker', ['-H', `unix://${socketPath}`, 'service', 'ls']);
  if (r.code !== 0) throw new Error(`docker service ls failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  if (r.stderr.trim()) throw new Error(`docker service ls printed on stderr: ${r.stderr.slice(0, 500)}`);
  return { ms: r.ms, listed: r.stdout.trim().split('\n').length - 1 };
}

/**
 * @param socketPath where all three are timed
 * @param countVia a socket that counts requests (a proxy in front of socketPath, or the
 *   stand-in itself) and its counter
 */
export async function measureRefresh(
  socketPath: string,
  countVia: { socketPath: string; counter: RequestCounter },
  n: number,
  warmup: number,
  cliEvery = 1,
): Promise<RefreshFigures> {
  // What one refresh asks for, seen on the wire.
  const counted = new TestClient({ dockerHost: `unix://${countVia.socketPath}` });
  await counted.snapshot();
  await countVia.counter.reset();
  const counts: string[][] = [];
  for (let i = 0; i < 3; i++) {
    await countVia.counter.reset();
    await counted.snapshot();
    counts.push((await countVia.counter.read()).map((r) => `${r.method} ${r.url}`));
  }
  const ourRequests = counts[0] ?? [];
  if (counts.some((c) => c.length !== ourRequests.length)) throw new Error(`refreshes made different numbers of requests: ${counts.map((c) => c.length).join(', ')}`);
  await countVia.counter.reset();
  const cliCounted = await cliServiceLs(countVia.socketPath);
  const cliRequests = (await countVia.counter.read()).map((r) => `${r.method} ${r.url}`);

  const client = new TestClient({ dockerHost: `unix://${socketPath}` });
  // In the order services, tasks, nodes, whatever order they reached the counter in.
  const kind = (path: string) => ['services', 'tasks', 'nodes'].findIndex((k) => isListing(path, k));
  const paths = ourRequests.map((r) => r.slice(r.indexOf(' ') + 1)).sort((a, b) => kind(a) - kind(b));
  if (paths.length !== 3 || paths.some((path, i) => kind(path) !== i)) throw new Error(`unexpected refresh requests: ${ourRequests.join(', ')}`);
  let held: { snapshot: Snapshot; model: SwarmModel } | undefined;
  const ours: number[] = [];
  const oursSnapshot: number[] = [];
  const oursModel: number[] = [];
  const modelSettled: number[] = [];
  const nodesModel: number[] = [];
  const floor: number[] = [];
  const floorModel: number[] = [];
  const cli: number[] = [];
  const oursWithCli: number[] = [];
  let responseBytes: number[] = [];
  const runners: (() => Promise<void>)[] = [
    async () => {
      const t0 = now();
      const snapshot = await client.snapshot();
      const t1 = now();
      const model = modelFromSnapshot(snapshot);
      const t2 = now();
      ours.push(t2 - t0);
      oursSnapshot.push(t1 - t0);
      oursModel.push(t2 - t1);
      // Like SwarmStore, hold the snapshot and model until the next refresh replaces them.
      held = { snapshot, model };
      collectGarbage();
      const t3 = now();
      modelFromSnapshot(snapshot);
      modelSettled.push(now() - t3);
      const t4 = now();
      buildNodesModel(snapshot.nodes, snapshot.services, snapshot.tasksToRun ?? []);
      nodesModel.push(now() - t4);
    },
    async () => {
      const t0 = now();
      const bodies = await Promise.all(paths.map((p) => fetchJson(socketPath, p)));
      floor.push(now() - t0);
      responseBytes = bodies.map((b) => b.bytes);
    },
    async () => {
      const t0 = now();
      const [services, tasks, nodes] = (await Promise.all(paths.map((p) => fetchJson(socketPath, p)))).map((b) => b.value);
      const model = buildModel(services as EngineService[], tasks as EngineTask[], nodes as EngineNode[]);
      floorModel.push(now() - t0);
      if (model.services.length === 0) throw new Error('floor + model: no services');
    },
    async () => {
      const r = await cliServiceLs(socketPath);
      cli.push(r.ms);
    },
  ];
  const each = async (r: () => Promise<void>) => {
    collectGarbage();
    await r();
  };
  for (let i = 0; i < warmup; i++) for (const r of runners) await each(r);
  for (const a of [ours, oursSnapshot, oursModel, modelSettled, nodesModel, floor, floorModel, cli, oursWithCli]) a.length = 0;
  const [runOurs, runFloor, runFloorModel, runCli] = runners as [() => Promise<void>, () => Promise<void>, () => Promise<void>, () => Promise<void>];
  for (let i = 0; i < n; i++) {
    // The CLI is slow; it joins every cliEvery-th round. Rotate the order so that nothing
    // always runs right after the same other thing.
    const round = i % cliEvery === 0 ? [runOurs, runFloor, runFloorModel, runCli] : [runOurs, runFloor, runFloorModel];
    for (let j = 0; j < round.length; j++) await each(round[(i + j) % round.length] as () => Promise<void>);
    if (round.length === 4) oursWithCli.push(ours.at(-1) as number);
  }
  if (!held) throw new Error('no refresh ran');
  const s = held.snapshot;
  return {
    services: s.services.length,
    tasksToRun: s.tasksToRun?.length ?? 0,
    nodes: s.nodes.length,
    responseBytes,
    ourRequests,
    cliRequests,
    cliServicesListed: cliCounted.listed,
    ours,
    oursSnapshot,
    oursModel,
    modelSettled,
    nodesModel,
    floor,
    floorModel,
    cli,
    oursWithCli,
  };
}

/** The median of per-round ratios a[i] / b[i]: each pair ran back to back, so drift in load cancels. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / (b[i] as number)));
}

/** The views' refresh with some services expanded (no node expanded), against its floor. */
export interface ViewRefreshFigures {
  expanded: number;
  /** What one such refresh asks for, seen on the wire. */
  requests: string[];
  /** Ours: snapshot with the view's scope, then the model. */
  ours: number[];
  /** The same requests, raw (fetched and parsed), and the same model built from them. */
  floor: number[];
  /** `docker service ls`, interleaved. */
  cli: number[];
}

/**
 * The refresh the views make: counts from `/services?status=true`, tasks only for `expanded`
 * services (one filtered request), nodes.
 */
export async function measureViewRefresh(
  socketPath: string,
  countVia: { socketPath: string; counter: RequestCounter },
  expanded: string[],
  n: number,
): Promise<ViewRefreshFigures> {
  const scope = { services: expanded };
  const counted = new TestClient({ dockerHost: `unix://${countVia.socketPath}` });
  await counted.snapshot(undefined, scope);
  await countVia.counter.reset();
  await counted.snapshot(undefined, scope);
  const requests = (await countVia.counter.read()).map((r) => `${r.method} ${r.url}`);
  const paths = requests.map((r) => r.slice(r.indexOf(' ') + 1));
  const client = new TestClient({ dockerHost: `unix://${socketPath}` });
  const ours: number[] = [];
  const floor: number[] = [];
  const cli: number[] = [];
  const runners: (() => Promise<void>)[] = [
    async () => {
      const t0 = now();
      modelFromSnapshot(await client.snapshot(undefined, scope));
      ours.push(now() - t0);
    },
    async () => {
      // Raw HTTP, JSON.parse and the same model: the least any client showing it pays.
      const t0 = now();
      const bodies = await Promise.all(paths.map((p) => fetchJson(socketPath, p)));
      const of = (k: string) => bodies[paths.findIndex((p) => isListing(p, k))]?.value;
      buildModel(of('services') as EngineService[], undefined, of('nodes') as EngineNode[], { tasks: (of('tasks') ?? []) as EngineTask[], for: expanded });
      floor.push(now() - t0);
    },
    async () => {
      cli.push((await cliServiceLs(socketPath)).ms);
    },
  ];
  for (let i = 0; i < n + 2; i++) {
    for (let k = 0; k < runners.length; k++) {
      collectGarbage();
      await runners[(i + k) % runners.length]!();
    }
  }
  // The first two rounds warm up.
  return { expanded: expanded.length, requests, ours: ours.slice(2), floor: floor.slice(2), cli: cli.slice(2) };
}
