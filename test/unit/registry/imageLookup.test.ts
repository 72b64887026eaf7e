import * as assert from 'assert';
import { SwarmError } from '../../../src/model/errors';
import { digestOf, hasTag, lookupFailure, lookupImage, pinned, registryName, tagOf } from '../../../src/registry/imageLookup';

const D = `sha256:${'a'.repeat(64)}`;

describe('imageLookup', () => {
  it('tagOf: the reference without its digest, with a tag; a digest-only reference stays', () => {
    assert.equal(tagOf('app'), 'app:latest');
    assert.equal(tagOf(`127.0.0.1:5000/team/app:1@${D}`), '127.0.0.1:5000/team/app:1');
    assert.equal(tagOf('docker.io/library/busybox'), 'busybox:latest');
    assert.equal(tagOf(`app@${D}`), `app@${D}`);
    assert.equal(hasTag(`app@${D}`), false);
    assert.equal(hasTag(`app:1@${D}`), true);
    assert.equal(hasTag('app'), true);
    assert.equal(digestOf(`app:1@${D}`), D);
    assert.equal(digestOf('app:1'), undefined);
  });

  it('registryName: Docker Hub by name, others by host and port', () => {
    assert.equal(registryName('busybox'), 'Docker Hub');
    assert.equal(registryName('127.0.0.1:5000/a/b:1'), '127.0.0.1:5000');
  });

  it('lookupFailure: the Engine\'s words become a kind and a reason of ours', () => {
    const engine = (m: string) => new SwarmError('api', 'The engine refused the request', m);
    assert.equal(lookupFailure(engine('Head "http://r/v2/a/manifests/1": no basic auth credentials'), 'r/a:1', 'r', false).kind, 'needsLogin');
    assert.equal(lookupFailure(engine('unauthorized: authentication required'), 'r/a:1', 'r', true).kind, 'refused');
    assert.equal(lookupFailure(engine('Get "http://127.0.0.1:5999/v2/": dial tcp 127.0.0.1:5999: connect: connection refused'), 'x', 'r', false).kind, 'unreachable');
    assert.equal(lookupFailure(engine('Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host'), 'x', 'r', false).kind, 'unreachable');
    assert.equal(lookupFailure(engine('manifest unknown: manifest unknown'), 'x', 'r', true).kind, 'notFound');
    assert.equal(lookupFailure(engine('something else'), 'x', 'r', true).kind, 'other');
    // A port or address with 401 in it is not an authorization failure.
    assert.equal(lookupFailure(engine('dial tcp 10.0.0.1:4011: connect: connection refused'), 'x', 'r', false).kind, 'unreachable');
    assert.match(lookupFailure(engine('no basic auth credentials'), 'r/a:1', 'r', false).reason, /^r needs credentials for r\/a:1/);
    assert.equal(lookupFailure(engine('Get "https://r/v2/": x509: certificate signed by unknown authority'), 'x', 'r', false).kind, 'untrusted');
    assert.equal(lookupFailure(new SwarmError('timeout', 'The Docker engine did not answer in time.'), 'x', 'r', false).kind, 'unreachable');
    // Our own words about the engine are not read as the registry's: "Permission denied" is not a refused login.
    const socket = lookupFailure(new SwarmError('permission', 'Permission denied on the Docker socket at unix:///x. Add your user to the docker group.', 'connect EACCES'), 'x', 'r', true);
    assert.deepEqual(socket, { kind: 'engine', reason: 'permission denied on the Docker socket at unix:///x. Add your user to the docker group' });
  });

  it('lookupImage: asks for the tag, pins the answer; a failure is a value, never a throw', async () => {
    const asked: { image: string; auth?: string }[] = [];
    const ok = await lookupImage({ distributionInspect: async (image, auth) => { asked.push({ image, auth }); return { digest: D, platforms: [{ architecture: 'amd64', os: 'linux' }] }; } }, `r:5000/a:1@sha256:${'b'.repeat(64)}`, 'HEADER');
    assert.deepEqual(asked, [{ image: 'r:5000/a:1', auth: 'HEADER' }]);
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(pinned(ok), `r:5000/a:1@${D}`);
    const bad = await lookupImage({ distributionInspect: async () => { throw new SwarmError('api', 'refused', 'no basic auth credentials'); } }, 'r:5000/a:1', undefined);
    assert.deepEqual(bad.ok ? 'ok' : [bad.kind, bad.detail], ['needsLogin', 'no basic auth credentials']);
    const empty = await lookupImage({ distributionInspect: async () => ({ digest: '', platforms: [] }) }, 'r:5000/a:1', undefined);
    assert.equal(empty.ok, false, 'an answer without a digest is not a pin');
  });
});
