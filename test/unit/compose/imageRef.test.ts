import * as assert from 'node:assert/strict';
import { familiarImageWithTag } from '../../../src/compose/imageRef';

// Expected names are what CLI 28.2.2 sent as ContainerSpec.Image (with --resolve-image never).
describe('familiarImageWithTag (the client’s image normalisation)', () => {
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
    for (const [input, sent] of cases) assert.deepEqual(familiarImageWithTag(input), { ok: true, value: sent }, input);
  });
  it('refuses what the CLI refuses', () => {
    const r = familiarImageWithTag('Upper/Case');
    assert.ok(!r.ok && /must be lowercase/.test(r.error));
    assert.equal(familiarImageWithTag('').ok, false);
    assert.equal(familiarImageWithTag('a:b:c').ok, false);
  });
});
