// Run by the permission test as an unprivileged user: what does the client say about the
// engine's socket? Prints the SwarmError's kind and message as JSON.
import { EngineClient } from '../../src/docker/engineClient';

new EngineClient({ dockerHost: process.argv[2] ?? 'unix:///var/run/docker.sock' })
  .swarmStatus()
  .then(
    (status) => console.log(JSON.stringify({ ok: true, status })),
    (e: { kind?: string; message?: string }) => console.log(JSON.stringify({ ok: false, kind: e.kind, message: e.message })),
  );
