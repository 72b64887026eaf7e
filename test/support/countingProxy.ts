// A Unix-socket HTTP proxy in front of the real engine's socket that counts and records every
// request passing through it, streams included: the benchmark and the integration tests point
// a client at it to see how many Engine requests one refresh (or one `docker service ls`)
// really makes, counted on the wire.
import { existsSync, unlinkSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

export interface CountingProxy {
  readonly requests: { method: string; url: string }[];
  reset(): void;
  close(): Promise<void>;
}

export function startCountingProxy(listenPath: string, enginePath = '/var/run/docker.sock'): Promise<CountingProxy> {
  const requests: { method: string; url: string }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '' });
    const upstream = request(
      { socketPath: enginePath, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        // At once: a stream (GET /events) may send no body for a long time, and the client
        // counts it open only from the headers.
        res.flushHeaders();
        up.pipe(res);
      },
    );
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ message: `proxy: ${e.message}` }));
    });
    res.on('close', () => upstream.destroy());
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
