// An engine endpoint of the test's own whose event stream never flows, for tests that must
// show that a click (Retry, Refresh) and nothing else brought the view up to date: an HTTP
// proxy on a Unix socket that holds every /events request open without answering (so the
// extension's stream neither delivers an event nor ends, and its reconnect-and-refresh never
// runs), and passes every other request through to the manager - or, while "down", resets
// the connection, as a stopped engine's socket does. It counts what it did, so a test can
// say which requests reached the engine and when. Beside it, what such tests also need: the
// endpoint and poll settings, and the extension's own log (where it says when a poll took effect).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { Workbench } from './workbench';

/** The manager's socket on this machine (DOCKER_HOST if it is a unix socket). */
export function managerSocketPath(): string {
  const host = process.env['DOCKER_HOST'];
  if (!host) return '/var/run/docker.sock';
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  throw new Error(`DOCKER_HOST=${host} is not a unix socket; these tests put a socket of their own in front of the manager's`);
}

/** The endpoint the extension uses with no setting and no context chosen: the environment's. */
export function environmentEndpoint(): string {
  return process.env['DOCKER_HOST'] || `unix://${managerSocketPath()}`;
}

/** Points the extension at `host` (undefined: back to the environment's engine). */
export function setDockerHostSetting(wb: Workbench, host: string | undefined): void {
  // dockerHost has machine scope: in code-server's (remote) window it is read from the machine settings.
  wb.updateSettings('machine', (s) => {
    if (host === undefined) delete s['dockerSwarm.dockerHost'];
    else s['dockerSwarm.dockerHost'] = host;
  });
}

/** The extension's own log ("Swarm Services" in the Output view), as the workbench wrote it. */
export function swarmServicesLogText(wb: Workbench): string {
  const logs = join(wb.userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  let text = '';
  for (const session of readdirSync(logs).sort()) {
    const file = join(logs, session, 'exthost1', 'swarm-services.swarm-services', 'Swarm Services.log');
    if (existsSync(file)) text += readFileSync(file, 'utf8');
  }
  return text;
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/**
 * Overrides dockerSwarm.refreshInterval (0 turns the view's safety-net poll off; undefined
 * drops the override, back to the suite's value) and waits until the extension says the poll
 * it now runs. It goes into the machine settings: code-server's window picks up a change to
 * that file at once, and not reliably to the user's.
 */
export async function overrideRefreshInterval(
  wb: Workbench,
  seconds: number | undefined,
  suiteSeconds: number,
  waitFor: (what: string, probe: () => Promise<boolean>) => Promise<unknown>,
): Promise<void> {
  const effective = seconds ?? suiteSeconds;
  const said = effective > 0 ? `polling every ${Math.max(5, effective)} s` : 'polling off';
  const before = occurrences(swarmServicesLogText(wb), said);
  let previous: unknown;
  wb.updateSettings('machine', (s) => {
    previous = s['dockerSwarm.refreshInterval'] ?? suiteSeconds;
    if (seconds === undefined) delete s['dockerSwarm.refreshInterval'];
    else s['dockerSwarm.refreshInterval'] = seconds;
  });
  if (previous === effective) return; // no change, nothing to wait for
  await waitFor(`the extension to log "${said}"`, async () => occurrences(swarmServicesLogText(wb), said) > before);
}

const EVENTS_PATH = /^(?:\/v[\d.]+)?\/events(?:\?|$)/;

export class EventlessProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private up: boolean;
  /** /events requests received and held open (never answered). */
  heldEvents = 0;
  /** Other requests passed through to the engine. */
  forwarded = 0;
  /** Requests answered with a reset connection while down. */
  refused = 0;
  /** One line per request (time, what was done, method and path): for failure messages. */
  readonly journal: string[] = [];

  constructor(readonly path: string, private readonly target = managerSocketPath(), options: { up: boolean } = { up: true }) {
    this.up = options.up;
  }

  get endpoint(): string {
    return `unix://${this.path}`;
  }

  /** From now on, requests other than /events reach the engine. */
  bringUp(): void {
    this.journal.push(`${new Date().toISOString()} up`);
    this.up = true;
  }

  async start(): Promise<void> {
    if (this.server) return;
    rmSync(this.path, { force: true });
    const server = createServer((req, res) => this.handle(req, res));
    server.keepAliveTimeout = 0;
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => s.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.path, resolve));
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(this.path, { force: true });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const note = (what: string): number => this.journal.push(`${new Date().toISOString()} ${what} ${req.method} ${req.url}`);
    if (EVENTS_PATH.test(req.url ?? '')) {
      this.heldEvents++;
      note('held');
      return; // no status line, no headers, ever: the stream neither starts nor ends
    }
    if (!this.up) {
      this.refused++;
      note('refused');
      req.socket.destroy();
      return;
    }
    this.forwarded++;
    note('forwarded');
    const upstream = request({ socketPath: this.target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }
}

/**
 * Checks `holds` every 250 ms for `ms` and fails at the first false: what a view must go on
 * showing while the test knows it has no way to learn otherwise (used only after the reason
 * is established, e.g. the endpoint holds the event stream and the poll is off).
 */
export async function assertHoldsFor(ms: number, what: string, holds: () => Promise<boolean>, seen: () => Promise<string>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!(await holds())) throw new Error(`${what} stopped holding; ${await seen()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
