// A Unix-socket HTTP proxy in front of the real engine's socket that counts and records every
// request passing through it, streams included: the benchmark and the integration tests point
// a client at it to see how many Engine requests one refresh (or one `docker service ls`)
// really makes, counted on the wire, with the bytes of each response body.
import { existsSync, unlinkSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

export interface ProxiedRequest {
  method: string;
  url: string;
  /** When it reached the proxy (performance.now()). */
  at: number;
  /** Response body bytes so far (a stream's keep growing). */
  bytes: number;
  /** When its response ended or its connection closed; undefined while it runs. */
  end?: number;
}

export interface CountingProxy {
  readonly requests: ProxiedRequest[];
  reset(): void;
  close(): Promise<void>;
}

export function startCountingProxy(listenPath: string, enginePath = '/var/run/docker.sock'): Promise<CountingProxy> {
  const requests: ProxiedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const entry: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '', at: performance.now(), bytes: 0 };
    requests.push(entry);
    const ended = () => void (entry.end ??= performance.now());
    const upstream = request(
      { socketPath: enginePath, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        // At once: a stream (GET /events) may send no body for a long time, and the client
        // counts it open only from the headers.
        res.flushHeaders();
        up.on('data', (chunk: Buffer) => void (entry.bytes += chunk.length));
        up.on('end', ended);
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `proxy: ${e.message}` }));
    });
    res.on('close', () => {
      ended();
      upstream.destroy();
    });
    req.pipe(upstream);
  });
  if (existsSync(listenPath)) unlinkSync(listenPath);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPath, () =>
      resolve({
        requests,
        reset: () => void (requests.length = 0),
        close: () => new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      }),
    );
  });
}
