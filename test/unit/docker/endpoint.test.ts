// Endpoint resolution as the docker CLI does it, on a context store written here, and the
// name the client gives the engine it connects to.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/docker/engineClient';
import { dockerOptions, endpointName, listContexts, resolveEndpoint } from '../../../src/docker/endpoint';
import { SwarmError } from '../../../src/model/errors';

describe('endpoint resolution', () => {
  let dir: string;
  const digest = (name: string) => createHash('sha256').update(name).digest('hex');
  function addContext(name: string, host: string, opts: { description?: string; skipTLSVerify?: boolean; tls?: boolean } = {}): void {
    const meta = join(dir, 'contexts', 'meta', digest(name));
    mkdirSync(meta, { recursive: true });
    writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: { Description: opts.description ?? '' }, Endpoints: { docker: { Host: host, SkipTLSVerify: !!opts.skipTLSVerify } } }));
    if (opts.tls) {
      const tls = join(dir, 'contexts', 'tls', digest(name), 'docker');
      mkdirSync(tls, { recursive: true });
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(tls, f), `${name}-${f}`);
    }
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'docker-config-'));
    addContext('prod', 'tcp://10.9.9.9:2376', { description: 'production', tls: true });
    addContext('edge', 'ssh://deploy@edge.example.org');
    addContext('lab', 'tcp://10.9.9.8:2376', { skipTLSVerify: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the default context and those in the store', () => {
    const contexts = listContexts({ DOCKER_CONFIG: dir, HOME: dir });
    // In `docker context ls`'s order: default, then by name (not the hashed folders' order).
    assert.deepEqual(contexts.map((c) => c.name), ['default', 'edge', 'lab', 'prod']);
    const prod = contexts.find((c) => c.name === 'prod')!;
    assert.equal(prod.host, 'tcp://10.9.9.9:2376');
    assert.equal(prod.description, 'production');
    assert.ok(prod.tlsDir);
  });

  it('follows the order: chosen context, setting, DOCKER_HOST, CLI context, default', () => {
    const env = { DOCKER_CONFIG: dir, HOME: dir, DOCKER_HOST: 'tcp://1.2.3.4:2375', DOCKER_CONTEXT: 'edge' };
    assert.equal(resolveEndpoint({ selectedContext: 'prod', setting: 'unix:///s.sock', env }).host, 'tcp://10.9.9.9:2376');
    assert.equal(resolveEndpoint({ setting: 'unix:///s.sock', env }).source, 'setting');
    assert.equal(resolveEndpoint({ env }).source, 'DOCKER_HOST');
    assert.equal(resolveEndpoint({ env: { DOCKER_CONFIG: dir, HOME: dir, DOCKER_CONTEXT: 'edge' } }).host, 'ssh://deploy@edge.example.org');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ currentContext: 'lab' }));
    const fromConfig = resolveEndpoint({ env: { DOCKER_CONFIG: dir, HOME: dir } });
    assert.deepEqual([fromConfig.source, fromConfig.contextName], ['current context', 'lab']);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({}));
    assert.equal(resolveEndpoint({ env: { DOCKER_CONFIG: dir, HOME: dir } }).source, 'default');
  });

  it("reads a context's TLS material, verifying unless the context skips it", () => {
    const prod = resolveEndpoint({ selectedContext: 'prod', env: { DOCKER_CONFIG: dir, HOME: dir } });
    assert.deepEqual([prod.tls?.verify, prod.tls?.ca?.toString(), prod.tls?.key?.toString()], [true, 'prod-ca.pem', 'prod-key.pem']);
    const lab = resolveEndpoint({ selectedContext: 'lab', env: { DOCKER_CONFIG: dir, HOME: dir } });
    assert.equal(lab.tls?.verify, false);
    const opts = dockerOptions(prod) as { protocol: string; agent: { options: { rejectUnauthorized: boolean } } };
    assert.equal(opts.protocol, 'https');
    assert.equal(opts.agent.options.rejectUnauthorized, true);
  });

  it('reads DOCKER_TLS_VERIFY and DOCKER_CERT_PATH like the CLI', () => {
    const certs = join(dir, 'certs');
    mkdirSync(certs);
    writeFileSync(join(certs, 'ca.pem'), 'CA');
    const e = resolveEndpoint({ env: { HOME: dir, DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs } });
    assert.deepEqual([e.tls?.verify, e.tls?.ca?.toString()], [true, 'CA']);
    assert.equal(resolveEndpoint({ env: { HOME: dir, DOCKER_HOST: 'tcp://127.0.0.1:2375' } }).tls, undefined);
  });

  it('refuses a chosen context that does not exist', () => {
    assert.throws(() => resolveEndpoint({ selectedContext: 'gone', env: { DOCKER_CONFIG: dir, HOME: dir } }), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid');
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
