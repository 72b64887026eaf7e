import * as assert from 'node:assert/strict';
import { withImage } from '../../../src/model/specs';
import { summarizeService } from '../../../src/model/summaries';
import { serviceTooltip } from '../../../src/tree/servicesItems';
import { encodeRegistryAuth } from '../../../src/registry/credentials';
import { headerForWrite } from '../../../src/registry/registryAuth';

const D = `sha256:${'c'.repeat(64)}`;
const decode = (h: string) => JSON.parse(Buffer.from(h.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as Record<string, string>;

describe('image writes', () => {
  it('withImage: the pinned image and the registry\'s platforms ("arm" without its architecture); no platforms keep the placement', () => {
    const spec = { Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'app:1', Args: ['x'] }, Placement: { Constraints: ['node.role==manager'], Platforms: [{ OS: 'windows' }] } } };
    const next = withImage(spec, `app:1@${D}`, [{ architecture: 'amd64', os: 'linux' }, { architecture: 'arm', os: 'linux' }]);
    assert.deepEqual(next.TaskTemplate?.['Placement'], { Constraints: ['node.role==manager'], Platforms: [{ Architecture: 'amd64', OS: 'linux' }, { OS: 'linux' }] });
    assert.equal(next.TaskTemplate?.ContainerSpec?.Image, `app:1@${D}`);
    assert.deepEqual(next.TaskTemplate?.ContainerSpec?.Args, ['x']);
    assert.deepEqual(withImage(spec, 'app:2', []).TaskTemplate?.['Placement'], spec.TaskTemplate.Placement);
    assert.deepEqual(withImage(spec, 'app:2').TaskTemplate?.['Placement'], spec.TaskTemplate.Placement);
    assert.equal(spec.TaskTemplate.ContainerSpec.Image, 'app:1', 'the spec given is not changed');
  });

  it('the tree shows the tag; the tooltip says what digest it is pinned to', () => {
    const s = summarizeService({ ID: 'abcdefabcdefabcdef', Spec: { Name: 'web', TaskTemplate: { ContainerSpec: { Image: `r:5000/app:1@${D}` } } } });
    assert.equal(s.image, 'r:5000/app:1');
    assert.equal(s.digest, D);
    assert.match(serviceTooltip(s), new RegExp(`^Image: r:5000/app:1\\nPinned to: ${D}$`, 'm'));
    const unpinned = summarizeService({ ID: 'abcdefabcdefabcdef', Spec: { Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'app:1' } } } });
    assert.equal(unpinned.digest, undefined);
    assert.doesNotMatch(serviceTooltip(unpinned), /Pinned to/);
  });

  it('headerForWrite: known credentials go; none known and another registry: an empty login for it, so the service\'s stored credentials are not sent elsewhere; the same registry: nothing', () => {
    const known = encodeRegistryAuth({ serverAddress: 'a:5000', username: 'u', password: 'p' });
    assert.equal(headerForWrite(known, 'a:5000/x:1', 'b:5000/x:1'), known);
    assert.deepEqual(decode(headerForWrite(undefined, 'b:5000/x:1', `a:5000/x:1@${D}`)!), { serveraddress: 'b:5000' });
    assert.deepEqual(decode(headerForWrite(undefined, 'busybox', 'a:5000/x:1')!), { serveraddress: 'https://index.docker.io/v1/' });
    assert.equal(headerForWrite(undefined, 'a:5000/x:2', 'a:5000/x:1'), undefined);
    assert.equal(headerForWrite(undefined, 'a:5000/x:2', undefined), undefined);
  });
});
