import * as assert from 'node:assert/strict';
import { parseImageRef, withDefaultTag, withDigest } from '../../../src/model/imageRef';

// Expected names are what CLI 28.2.2 sent as ContainerSpec.Image (with --resolve-image never).
describe('image references (the client’s normalisation)', () => {
  it('adds :latest and drops the Docker Hub domain and library/', () => {
    const cases: [string, string][] = [
      ['swarm-services-busybox', 'swarm-services-busybox:latest'],
      ['swarm-services-busybox:latest', 'swarm-services-busybox:latest'],
      ['docker.io/library/swarm-services-busybox', 'swarm-services-busybox:latest'],
      ['index.docker.io/myorg/thing', 'myorg/thing:latest'],
      ['localhost:5000/x/y', 'localhost:5000/x/y:latest'],
      ['myreg.io:443/library/z:1.0', 'myreg.io:443/library/z:1.0'],
      ['b@sha256:0123456789012345678901234567890123456789012345678901234567890123', 'b@sha256:0123456789012345678901234567890123456789012345678901234567890123'],
    ];
    for (const [input, sent] of cases) assert.equal(withDefaultTag(input), sent, input);
  });
  it('refuses what the CLI refuses', () => {
    const r = parseImageRef('Upper/Case');
    assert.ok(!r.ok && /must be lowercase/.test(r.why));
    assert.equal(parseImageRef('').ok, false);
    assert.equal(parseImageRef('a:b:c').ok, false);
    assert.equal(withDefaultTag('a:b:c'), 'a:b:c', 'an invalid reference is sent as written');
  });
  it('knows the registry of an image', () => {
    const domain = (image: string) => { const p = parseImageRef(image); return p.ok ? `${p.ref.domain} ${p.ref.path}` : p.why; };
    assert.equal(domain('busybox'), 'docker.io library/busybox');
    assert.equal(domain('index.docker.io/me/app:1'), 'docker.io me/app');
    assert.equal(domain('registry.example:5000/team/app'), 'registry.example:5000 team/app');
    assert.equal(domain('localhost/app'), 'localhost app');
  });
  it('pins a digest after the tag, once', () => {
    const d = 'sha256:' + 'a'.repeat(64);
    assert.equal(withDigest('busybox', d), `busybox@${d}`);
    assert.equal(withDigest('busybox:1', d), `busybox:1@${d}`);
    assert.equal(withDigest(`busybox@${d}`, 'sha256:' + 'b'.repeat(64)), `busybox@${d}`);
  });
});
