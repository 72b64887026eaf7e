// A Unix-socket proxy in front of the real engine's socket, which a test can stop, start
// and cut: an engine that goes away and comes back, or a proxy that closes every connection,
// without touching the engine other tests use.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';

export class SocketProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  connections = 0;
  /** Every HTTP request sent through the proxy, in order (method and path, as on the wire). */
  readonly requests: { method: string; path: string; at: number }[] = [];
  /** The path of the last request sent on each open client connection. */
  private readonly lastPath = new Map<Socket, string>();

  constructor(readonly path: string, private readonly target = '/var/run/docker.sock') {}

  get endpoint(): string {
    return `unix://${this.path}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    rmSync(this.path, { force: true });
    const server = createServer((client) => {
      this.connections++;
      const upstream = createConnection(this.target);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      // Request lines are read off the client's bytes: what was really sent, not what a
      // client says it sent. A body that happened to hold such a line would be counted too;
      // the Engine requests made here carry none.
      client.on('data', (chunk: Buffer) => {
        for (const m of chunk.toString('latin1').matchAll(/^(GET|HEAD|POST|PUT|DELETE) (\S+) HTTP\/1\.[01]\r$/gm)) {
          this.requests.push({ method: m[1]!, path: m[2]!, at: Date.now() });
          this.lastPath.set(client, m[2]!);
        }
      });
      client.on('close', () => this.lastPath.delete(client));
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.path, resolve));
    this.server = server;
  }

  /**
   * Client connections open now whose last request's path matches (without a pattern: every
   * one that sent a request). Counted on the wire: an idle keep-alive connection counts too.
   */
  open(path?: RegExp): number {
    let n = 0;
    for (const [, p] of this.lastPath) if (!path || path.test(p)) n++;
    return n;
  }

  /** Closes every open connection (as a proxy restarting would); keeps listening. */
  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  /** Stops listening and cuts everything: the endpoint looks like a stopped engine. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cut();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(this.path, { force: true });
  }
}
