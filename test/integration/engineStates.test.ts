// What the client reports for engines it cannot manage services on: each a real engine or
// a real socket, never a stub of the client.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../support/testClient';
import { SwarmError } from '../../src/model/errors';
import { settlesWithin, SOLO_DOCKER_HOST } from '../support/swarm';

function isKind(kind: SwarmError['kind']) {
  return (e: unknown) => e instanceof SwarmError && e.kind === kind;
}

describe('engine states', () => {
  it('an engine that is not in a swarm: inactive, and every call says so', async () => {
    const solo = new TestClient({ dockerHost: SOLO_DOCKER_HOST });
    assert.equal((await solo.swarmStatus()).role, 'inactive');
    await assert.rejects(solo.requireManager(), isKind('notSwarm'));
    await assert.rejects(solo.listServices(), (e: unknown) => isKind('notSwarm')(e) && /not part of a swarm/.test((e as Error).message));
    await assert.rejects(solo.scaleService('anything', 2), isKind('notSwarm'));
  });

  it('no engine at the socket: unreachable, naming the endpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarm-services-'));
    try {
      const nobody = new TestClient({ dockerHost: `unix://${join(dir, 'nothing.sock')}` });
      await assert.rejects(nobody.swarmStatus(), (e: unknown) => isKind('unreachable')(e) && (e as Error).message.includes('nothing.sock'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an engine that accepts the connection but never answers: a timeout, not a hang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarm-services-'));
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s));
    const path = join(dir, 'silent.sock');
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const silent = new TestClient({ dockerHost: `unix://${path}`, timeoutMs: 500 });
      const started = Date.now();
      await settlesWithin('the call against a silent engine', assert.rejects(silent.listServices(), (e: unknown) => isKind('timeout')(e) && (e as Error).message.includes('silent.sock')));
      // Not a performance figure (a loaded machine only makes it larger): it waited for its
      // timeout rather than giving up before the engine had its chance to answer.
      const took = Date.now() - started;
      assert.ok(took >= 450, `gave up after ${took} ms, before its 500 ms timeout`);
      assert.ok(sockets.length >= 1, 'the request did reach the socket');
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('socket permissions', () => {
  it('a user without access to the socket is told so, clearly', function () {
    this.timeout(60_000);
    // A real unprivileged process (uid/gid nobody) against the real socket (root:docker 660).
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'support', 'probeAsUser.ts')], {
      uid: 65534,
      gid: 65534,
      env: { PATH: process.env['PATH'] ?? '', HOME: '/tmp', TSX_TSCONFIG_PATH: join(__dirname, '..', '..', 'tsconfig.json') },
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
    });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { ok: boolean; kind?: string; message?: string };
    assert.equal(result.ok, false);
    assert.equal(result.kind, 'permission');
    assert.match(result.message ?? '', /Permission denied on the Docker socket at unix:\/\/\/var\/run\/docker\.sock/);
  });
});
