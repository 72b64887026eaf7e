// The "used by" index: which services use each secret, config and network, with the file target
// (which a rotation must keep) and the aliases.
import * as assert from 'node:assert/strict';
import type { EngineService } from '../../../src/model/engineTypes';
import { usage } from '../../../src/model/swarmObjects';

function service(id: string, name: string, container: Record<string, unknown>, task: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): EngineService {
  return { ID: id, Spec: { Name: name, TaskTemplate: { ContainerSpec: { Image: 'x', ...container }, ...task }, ...spec } };
}

const file = (name: string, uid = '0', gid = '0', mode = 0o444) => ({ Name: name, UID: uid, GID: gid, Mode: mode });

describe('usage: who uses each secret, config and network', () => {
  it('indexes secrets by ID with each service and its target file, uid, gid and mode', () => {
    const index = usage([
      service('s1', 'web', { Secrets: [{ File: file('/run/x/key', '100', '101', 0o400), SecretID: 'sec1', SecretName: 'key' }] }),
      service('s2', 'api', { Secrets: [{ File: file('key'), SecretID: 'sec1', SecretName: 'key' }, { File: file('other'), SecretID: 'sec2', SecretName: 'other' }] }),
    ]);
    assert.deepEqual(index.secrets.get('sec1'), [
      { id: 's1', name: 'web', target: { name: '/run/x/key', uid: '100', gid: '101', mode: 0o400 } },
      { id: 's2', name: 'api', target: { name: 'key', uid: '0', gid: '0', mode: 0o444 } },
    ]);
    assert.deepEqual(index.secrets.get('sec2'), [{ id: 's2', name: 'api', target: { name: 'other', uid: '0', gid: '0', mode: 0o444 } }]);
    assert.equal(index.secrets.size, 2);
    assert.equal(index.configs.size, 0);
  });

  it('keeps both entries when one service mounts the same config twice', () => {
    const index = usage([service('s1', 'web', { Configs: [{ File: file('/a'), ConfigID: 'c1' }, { File: file('/b', '1', '2', 0o440), ConfigID: 'c1' }] })]);
    assert.deepEqual(index.configs.get('c1')?.map((u) => u.target?.name), ['/a', '/b']);
    assert.deepEqual(index.configs.get('c1')?.[1]?.target, { name: '/b', uid: '1', gid: '2', mode: 0o440 });
  });

  it('a config used by the runtime (credential spec) has no target', () => {
    const index = usage([service('s1', 'win', { Configs: [{ Runtime: {}, ConfigID: 'c9', ConfigName: 'cred' }] })]);
    assert.deepEqual(index.configs.get('c9'), [{ id: 's1', name: 'win' }]);
  });

  it('a reference without an ID is placed by its name when the object is known', () => {
    const index = usage([service('s1', 'web', { Secrets: [{ File: file('k'), SecretName: 'key' }] })], { secrets: [{ id: 'sec1', name: 'key' }] });
    assert.deepEqual([...index.secrets.keys()], ['sec1']);
  });

  it('networks: by ID with the aliases; a Target given as a name resolves to the ID', () => {
    const known = { networks: [{ id: 'n1', name: 'front' }, { id: 'n2', name: 'back' }] };
    const index = usage(
      [
        service('s1', 'web', {}, { Networks: [{ Target: 'n1', Aliases: ['www', 'web'] }, { Target: 'back' }] }),
        service('s2', 'api', {}, { Networks: [{ Target: 'front', Aliases: ['api'] }] }),
      ],
      known,
    );
    assert.deepEqual(index.networks.get('n1'), [
      { id: 's1', name: 'web', aliases: ['www', 'web'] },
      { id: 's2', name: 'api', aliases: ['api'] },
    ]);
    assert.deepEqual(index.networks.get('n2'), [{ id: 's1', name: 'web', aliases: [] }]);
    assert.equal(index.networks.has('front'), false);
  });

  it('an unknown network name is kept under the name; the deprecated Spec.Networks counts once', () => {
    const index = usage([service('s1', 'old', {}, { Networks: [{ Target: 'n1' }] }, { Networks: [{ Target: 'n1', Aliases: ['dup'] }, { Target: 'elsewhere' }] })]);
    assert.deepEqual(index.networks.get('n1'), [{ id: 's1', name: 'old', aliases: [] }]);
    assert.deepEqual(index.networks.get('elsewhere'), [{ id: 's1', name: 'old', aliases: [] }]);
  });

  it('a service without a spec or with nothing attached adds nothing', () => {
    const index = usage([{ ID: 'bare' }, service('s1', 'plain', {})]);
    assert.equal(index.secrets.size + index.configs.size + index.networks.size, 0);
  });
});
