// The parts of the Docker client that need no engine: endpoint parsing, naming and error mapping.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerOptionsFor } from '../../src/docker/dockerCalls';
import { EngineClient } from '../../src/docker/engineClient';
import { endpointName, resolveEndpoint } from '../../src/docker/endpoint';
import { toSwarmError } from '../../src/docker/errors';
import { SwarmError } from '../../src/model/errors';

describe('endpoints', () => {
  it('reads the endpoint forms of the docker CLI', () => {
    assert.deepEqual(dockerOptionsFor('unix:///var/run/docker.sock'), { socketPath: '/var/run/docker.sock' });
    assert.deepEqual(dockerOptionsFor('tcp://127.0.0.1:2375'), { host: '127.0.0.1', port: '2375', protocol: 'http' });
    assert.deepEqual(dockerOptionsFor('tcp://example.internal'), { host: 'example.internal', port: 2375, protocol: 'http' });
    const ssh = dockerOptionsFor('ssh://deploy@manager:2222') as { protocol: string; host: string; port: number; username: string };
    assert.deepEqual([ssh.protocol, ssh.host, ssh.port, ssh.username], ['ssh', 'manager', 2222, 'deploy']);
  });

  it('refuses what it cannot use, saying why, instead of guessing', () => {
    for (const bad of ['foo bar', 'unix://relative.sock', 'https://x:2376', 'ftp://x', 'tcp://']) {
      assert.throws(() => dockerOptionsFor(bad), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid' && e.message.includes('cannot be used'), bad);
    }
    assert.throws(() => new EngineClient({ dockerHost: 'nonsense' }), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid');
  });

  it('names the default socket as a path, not as code', () => {
    const saved = process.env['DOCKER_HOST'];
    delete process.env['DOCKER_HOST'];
    try {
      assert.match(new EngineClient().endpoint, /^unix:\/\/\/\S+docker\.sock$/);
    } finally {
      if (saved !== undefined) process.env['DOCKER_HOST'] = saved;
    }
  });
});

describe('endpointName', () => {
  it('names the engine as the client connects to it, the default socket as endpoint resolution picks it', () => {
    const home = mkdtempSync(join(tmpdir(), 'swarm-home-'));
    try {
      assert.equal(endpointName({ socketPath: '/run/x.sock' }), 'unix:///run/x.sock');
      assert.equal(endpointName({ host: '10.0.0.1', port: 2375, protocol: 'http' }), 'tcp://10.0.0.1:2375');
      assert.equal(endpointName({ host: '10.0.0.1', port: '2376', protocol: 'https' }), 'https://10.0.0.1:2376');
      assert.equal(endpointName({ host: 'manager', port: 22, protocol: 'ssh' }), 'ssh://manager:22');
      const lazily = () => '';
      assert.equal(endpointName({ socketPath: lazily }, { HOME: home }), 'unix:///var/run/docker.sock');
      mkdirSync(join(home, '.docker', 'run'), { recursive: true });
      writeFileSync(join(home, '.docker', 'run', 'docker.sock'), '');
      assert.equal(endpointName({ socketPath: lazily }, { HOME: home }), `unix://${home}/.docker/run/docker.sock`);
      assert.equal(endpointName({ socketPath: lazily }, { HOME: home }), resolveEndpoint({ env: { HOME: home } }).host);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
    assert.equal(new EngineClient({ dockerHost: 'tcp://example.internal' }).endpoint, 'tcp://example.internal:2375');
  });
});

describe('toSwarmError', () => {
  it("reads the engine's message from docker-modem's errors", () => {
    const modemError = Object.assign(new Error('(HTTP code 404) no such service - service nope not found '), {
      statusCode: 404,
      json: { message: 'service nope not found' },
    });
    const e = toSwarmError(modemError, 'unix:///x.sock');
    assert.equal(e.kind, 'notFound');
    assert.equal(e.message, 'Service nope not found');
    const noJson = toSwarmError(Object.assign(new Error('(HTTP code 500) server error - rpc error: code = Unknown desc = update out of sequence '), { statusCode: 500 }));
    assert.equal(noJson.kind, 'conflict');
    const invalid = toSwarmError(Object.assign(new Error('(HTTP code 400) bad parameter - invalid name '), { statusCode: 400, json: { message: 'invalid name' } }));
    assert.equal(invalid.kind, 'invalid');
    assert.equal(toSwarmError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'tcp://h:1').message, 'Cannot reach the Docker engine at tcp://h:1. Is it running?');
  });
});
