// Log throughput: a service's logs read through our client and decoder into a LineBatcher
// whose sink is shaped like an OutputChannel (it only counts what is appended), on the plain
// path (details off, the lines as they come) and on the path Show Service Logs really takes
// (details on, a CLI-style task prefix from formatServiceLine and TaskNames), side by side
// with `docker service logs <id> | wc -l` on the same service.
import { request } from 'node:http';
import type { SwarmClient } from '../../src/docker/swarmClient';
import { LineBatcher } from '../../src/logs/lineBatcher';
import { TaskNames } from '../../src/logs/taskNames';
import { LogDecoder, encodeFrame, type LogLine } from '../../src/model/logDecoder';
import { formatServiceLine } from '../../src/model/logFormat';
import type { LogOptions } from '../../src/model/logOptions';
import { median, now, run } from './stats';

export const LOG_LINES = 200_000;
const TEXT = 'lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor';
export const LAST_LINE = `the last line, number ${LOG_LINES}`;

/** Prints LOG_LINES lines on stdout (about 80 bytes each), then idles until stopped. */
export const LOG_SCRIPT = `trap 'exit 0' TERM; yes '${TEXT}' | head -n ${LOG_LINES - 1}; echo '${LAST_LINE}'; sleep 86400 & wait`;

export interface LogRun {
  ms: number;
  lines: number;
  /** Characters handed to the sink (what an OutputChannel would receive). */
  chars: number;
  appends: number;
  /** CPU time this process used meanwhile (user + system). */
  cpuMs: number;
}

const ALL: LogOptions = { details: false, follow: false, stdout: true, stderr: true, timestamps: false, tail: 'all' };

/** One full read of the service's logs through our client into a batched channel-like sink. */
export async function readLogs(client: SwarmClient, serviceId: string, serviceName: string, prefixed: boolean): Promise<LogRun> {
  const sink = { chars: 0, appends: 0, append(text: string) { this.chars += text.length; this.appends++; } };
  const batcher = new LineBatcher(sink);
  let lines = 0;
  const cpu0 = process.cpuUsage();
  const t0 = now();
  let format: (l: LogLine) => string = (l) => l.text;
  if (prefixed) {
    // As Show Service Logs does: task names first, then the stream with details on.
    const names = new TaskNames(client, serviceId);
    await names.load();
    const shown = { prefix: true, timestamps: false, details: false };
    format = (l) => formatServiceLine(l.text, serviceName, shown, names.lookup);
  }
  const stream = client.logs('service', serviceId, { ...ALL, details: prefixed }, (l) => {
    lines++;
    batcher.add(format(l));
  });
  await stream.done;
  batcher.flush();
  const ms = now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, lines, chars: sink.chars, appends: sink.appends, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** `docker service logs <id> | wc -l`, timed from spawn to exit. The id is passed as $1, never spliced into the script. */
export async function cliLogs(serviceId: string): Promise<{ ms: number; lines: number }> {
  if (!/^[a-z0-9]{25}$/.test(serviceId)) throw new Error(`not a service id: ${serviceId}`);
  const r = await run('sh', ['-c', 'docker service logs "$1" | wc -l', 'sh', serviceId]);
  if (r.code !== 0) throw new Error(`docker service logs failed: ${r.stderr.slice(0, 500)}`);
  return { ms: r.ms, lines: Number(r.stdout.trim()) };
}

/**
 * The floor of any Node client: the same request (details on) over a raw HTTP request whose
 * body is only counted, not decoded. The engine sends each line as its own HTTP chunk.
 */
export function rawLogs(socketPath: string, serviceId: string): Promise<{ ms: number; chunks: number; bytes: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    let chunks = 0;
    let bytes = 0;
    const cpu0 = process.cpuUsage();
    const t0 = now();
    const req = request({ socketPath, path: `/services/${serviceId}/logs?details=1&follow=0&stdout=1&stderr=1&timestamps=0&tail=all` }, (res) => {
      res.on('data', (c: Buffer) => {
        chunks++;
        bytes += c.length;
      });
      res.on('end', () => {
        const cpu = process.cpuUsage(cpu0);
        resolve({ ms: now() - t0, chunks, bytes, cpuMs: (cpu.user + cpu.system) / 1000 });
      });
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`the logs of ${serviceId} stopped coming for 60 s`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Our decoding (and formatting) alone, without the engine or HTTP: LOG_LINES frames shaped
 * like the engine's, from memory in 64 KB pieces, into the same batched sink. Lines a second.
 */
export function decodeFromMemory(prefixed: boolean, rounds = 5): number {
  const attrs = 'com.docker.swarm.node.id=je9qspc2r3nga4l9balzo7hq0,com.docker.swarm.service.id=uzc1cnglywcu9y27brbvv5uit,com.docker.swarm.task.id=xn21mh6hqat0lqcphaa8dcf7h';
  const frame = encodeFrame('stdout', `${prefixed ? `${attrs} ` : ''}${TEXT}\n`);
  const body = Buffer.concat(Array.from({ length: LOG_LINES }, () => frame));
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += 65536) pieces.push(body.subarray(i, i + 65536));
  const shown = { prefix: true, timestamps: false, details: false };
  const naming = { slot: 1, nodeName: 'node-1' };
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const sink = { chars: 0, append(text: string) { this.chars += text.length; } };
    const batcher = new LineBatcher(sink);
    const decoder = new LogDecoder(prefixed ? (l) => batcher.add(formatServiceLine(l.text, 'svc', shown, () => naming)) : (l) => batcher.add(l.text), { prefixTokens: prefixed ? 1 : 0 });
    const t0 = now();
    for (const p of pieces) decoder.push(p);
    decoder.end();
    batcher.flush();
    times.push(now() - t0);
  }
  return (LOG_LINES / median(times)) * 1000;
}

/** True once the service's last line is in its logs. */
export async function logsComplete(client: SwarmClient, serviceId: string): Promise<boolean> {
  let last = '';
  const s = client.logs('service', serviceId, { ...ALL, tail: 1 }, (l) => (last = l.text));
  await s.done;
  return last === LAST_LINE;
}

export interface LogFigures {
  plain: LogRun[];
  prefixed: LogRun[];
  cli: { ms: number; lines: number }[];
  raw: { ms: number; chunks: number; bytes: number; cpuMs: number }[];
  /** Lines a second through our decoder (and formatter) from memory. */
  fromMemory: { plain: number; prefixed: number };
}

/** `n` rounds of the three, in a rotating order, after one untimed round. */
export async function measureLogs(client: SwarmClient, socketPath: string, serviceId: string, serviceName: string, n: number, onRound?: (i: number) => void): Promise<LogFigures> {
  const f: LogFigures = { plain: [], prefixed: [], cli: [], raw: [], fromMemory: { plain: decodeFromMemory(false), prefixed: decodeFromMemory(true) } };
  const check = (what: string, lines: number) => {
    if (lines !== LOG_LINES) throw new Error(`${what} read ${lines} lines, expected ${LOG_LINES}`);
  };
  const runners = [
    async () => { const r = await readLogs(client, serviceId, serviceName, false); check('plain', r.lines); f.plain.push(r); },
    async () => { const r = await readLogs(client, serviceId, serviceName, true); check('prefixed', r.lines); f.prefixed.push(r); },
    async () => { const r = await cliLogs(serviceId); check('docker service logs', r.lines); f.cli.push(r); },
    async () => { f.raw.push(await rawLogs(socketPath, serviceId)); },
  ];
  for (const r of runners) await r();
  f.plain.length = f.prefixed.length = f.cli.length = f.raw.length = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < runners.length; j++) await (runners[(i + j) % runners.length] as () => Promise<void>)();
    onRound?.(i);
  }
  return f;
}
