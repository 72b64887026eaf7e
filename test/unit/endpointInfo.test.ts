// When a new resolution is the same engine (nothing reconnects), and how an endpoint is named.
import * as assert from 'node:assert/strict';
import type { ResolvedEndpoint } from '../../src/docker/endpoint';
import { describeEndpoint, sameEndpoint } from '../../src/endpointInfo';

describe('endpoint identity', () => {
  const prod: ResolvedEndpoint = {
    host: 'tcp://10.9.9.9:2376',
    source: 'context',
    contextName: 'prod',
    label: 'prod',
    tls: { verify: true, ca: Buffer.from('ca'), cert: Buffer.from('cert'), key: Buffer.from('key') },
  };

  it('the same resolution read again is the same engine (fresh buffers, another label)', () => {
    const again: ResolvedEndpoint = { ...prod, label: 'renamed', tls: { verify: true, ca: Buffer.from('ca'), cert: Buffer.from('cert'), key: Buffer.from('key') } };
    assert.equal(sameEndpoint(prod, again), true);
    const socket: ResolvedEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default', label: 'unix:///var/run/docker.sock' };
    assert.equal(sameEndpoint(socket, { ...socket }), true);
  });

  it('a different host, context, source or TLS material is another engine', () => {
    assert.equal(sameEndpoint(prod, { ...prod, host: 'tcp://10.9.9.8:2376' }), false);
    assert.equal(sameEndpoint(prod, { ...prod, contextName: 'prod2' }), false);
    assert.equal(sameEndpoint(prod, { ...prod, source: 'current context' }), false, 'the same context, now the CLI current one');
    assert.equal(sameEndpoint(prod, { ...prod, tls: { ...prod.tls!, cert: Buffer.from('rotated') } }), false, 'rotated certificates');
    assert.equal(sameEndpoint(prod, { ...prod, tls: { ...prod.tls!, verify: false } }), false);
    assert.equal(sameEndpoint(prod, { ...prod, tls: undefined }), false, 'TLS dropped');
  });

  it('no usable endpoint on either side always counts as a change', () => {
    assert.equal(sameEndpoint(undefined, prod), false);
    assert.equal(sameEndpoint(prod, undefined), false);
    assert.equal(sameEndpoint(undefined, undefined), false);
  });

  it('describes a context with its host, a bare host as is, none as not connected', () => {
    assert.equal(describeEndpoint(prod), 'prod (tcp://10.9.9.9:2376)');
    assert.equal(describeEndpoint({ host: 'tcp://10.0.0.5:2375', source: 'setting', label: 'tcp://10.0.0.5:2375' }), 'tcp://10.0.0.5:2375');
    assert.equal(describeEndpoint(undefined), 'not connected');
  });
});
