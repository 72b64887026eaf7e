// The endpoint forms of the docker CLI as dockerode options, and what the client refuses.
import * as assert from 'node:assert/strict';
import { dockerOptionsFor } from '../../../src/docker/dockerCalls';
import { EngineClient } from '../../../src/docker/engineClient';
import { SwarmError } from '../../../src/model/errors';

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
