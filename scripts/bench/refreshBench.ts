// Refresh at scale: our refresh (client.snapshot() then modelFromSnapshot(), exactly what the
// Services view runs), side by side with the floor (the same HTTP requests, raw, plus
// JSON.parse) and with what a user would run instead (`docker service ls`), all against the
// same socket and interleaved in one loop so load from elsewhere hits all three alike.
import { get } from 'node:http';
import { SwarmClient, modelFromSnapshot, type Snapshot } from '../../src/docker/swarmClient';
import { median, now, run } from './stats';

export interface RequestCounter {
  reset(): Promise<void>;
  read(): Promise<{ method: string; url: string }[]>;
}

export interface RefreshFigures {
  services: number;
  runningTasks: number;
  nodes: number;
  /** Bytes of each response body our refresh reads. */
  responseBytes: number[];
  /** What one refresh of ours asked the Engine for, and what `docker service ls` did. */
  ourRequests: string[];
  cliRequests: string[];
  cliServicesListed: number;
  ours: number[];
  /** The two parts of ours, per run: the snapshot's requests, then building the model. */
  oursSnapshot: number[];
  oursModel: number[];
  floor: number[];
  cli: number[];
}

/** GET over a Unix socket, body read whole and parsed: the least any client must do. */
export function fetchJson(socketPath: string, path: string): Promise<{ value: unknown; bytes: number }> {
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
    req.on('error', reject);
  });
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
): Promise<RefreshFigures> {
  // What one refresh asks for, seen on the wire.
  const counted = new SwarmClient({ dockerHost: `unix://${countVia.socketPath}` });
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

  const client = new SwarmClient({ dockerHost: `unix://${socketPath}` });
  const paths = ourRequests.map((r) => r.slice(r.indexOf(' ') + 1));
  let last: Snapshot | undefined;
  const ours: number[] = [];
  const oursSnapshot: number[] = [];
  const oursModel: number[] = [];
  const floor: number[] = [];
  const cli: number[] = [];
  let responseBytes: number[] = [];
  const runners: (() => Promise<void>)[] = [
    async () => {
      const t0 = now();
      const snapshot = await client.snapshot();
      const t1 = now();
      modelFromSnapshot(snapshot);
      const t2 = now();
      ours.push(t2 - t0);
      oursSnapshot.push(t1 - t0);
      oursModel.push(t2 - t1);
      last = snapshot;
    },
    async () => {
      const t0 = now();
      const bodies = await Promise.all(paths.map((p) => fetchJson(socketPath, p)));
      floor.push(now() - t0);
      responseBytes = bodies.map((b) => b.bytes);
    },
    async () => {
      const r = await cliServiceLs(socketPath);
      cli.push(r.ms);
    },
  ];
  for (let i = 0; i < warmup; i++) for (const r of runners) await r();
  for (const a of [ours, oursSnapshot, oursModel, floor, cli]) a.length = 0;
  for (let i = 0; i < n; i++) {
    // Rotate the order so none of the three always runs right after another.
    for (let j = 0; j < runners.length; j++) await (runners[(i + j) % runners.length] as () => Promise<void>)();
  }
  const s = last as Snapshot;
  return {
    services: s.services.length,
    runningTasks: s.runningTasks.length,
    nodes: s.nodes.length,
    responseBytes,
    ourRequests,
    cliRequests,
    cliServicesListed: cliCounted.listed,
    ours,
    oursSnapshot,
    oursModel,
    floor,
    cli,
  };
}

export function summarize(f: RefreshFigures): { ours: number; floor: number; cli: number; ratioFloor: number; ratioCli: number } {
  const ours = median(f.ours);
  const floor = median(f.floor);
  const cli = median(f.cli);
  return { ours, floor, cli, ratioFloor: ours / floor, ratioCli: ours / cli };
}
