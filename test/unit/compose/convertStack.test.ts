// convertStack: a whole compose file as `docker stack deploy` converts it (checked against CLI
// 28.2.2: the same file deployed with `docker stack deploy --resolve-image never`, then the
// services, networks, secrets and configs inspected).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { convertStack } from '../../../src/compose/convertStack';
import { fakeContext, WORKING_DIR } from './fakeContext';

const stackLabel = { 'com.docker.stack.namespace': 'st' };

/** The file deployed by hand, as the loader gives it (octal modes already read as numbers). */
function sampleConfig(): Record<string, unknown> {
  return {
    version: '3.9',
    services: {
      web: {
        image: 'busybox',
        networks: { front: { aliases: ['w1', 'w2'], ipv4_address: '10.9.0.5' }, back: null },
        volumes: ['data:/data', './rel:/rel:rw,z'],
        tmpfs: '/tmpshort',
        secrets: ['a', { source: 'b', target: '/run/bb', uid: '100', gid: '101', mode: 0o400 }],
        configs: ['c', { source: 'd', target: '/etc/d.conf', mode: 0o440 }],
      },
      other: { image: 'busybox' },
    },
    networks: {
      front: { attachable: true, ipam: { driver: 'default', config: [{ subnet: '10.9.0.0/24' }] } },
      back: { internal: true },
      unused: null,
    },
    volumes: { data: { driver: 'local' }, unusedvol: null },
    secrets: { a: { file: './a.key' }, b: { file: 'a.key', labels: { sl: '1' } }, unused_s: { file: './a.key' } },
    configs: {
      c: { file: './sub/app.conf' },
      d: { file: 'sub/app.conf', name: 'fixed-d', template_driver: 'golang' },
      unused_c: { file: './sub/app.conf' },
    },
    'x-extra': { ignored: true },
  };
}

const files = { 'a.key': 's3cr3t', 'sub/app.conf': 'conf\n' };

describe('convertStack', () => {
  it('converts a whole file as the CLI does', () => {
    const stack = convertStack(sampleConfig(), fakeContext(files));
    assert.deepEqual(stack.issues, []);
    assert.equal(stack.stackName, 'st');
    assert.deepEqual(stack.services.map((service) => service.key), ['web', 'other']);

    const web = stack.services[0].spec;
    assert.equal(web.Name, 'st_web');
    assert.deepEqual(web.TaskTemplate.Networks, [
      { Target: 'st_back', Aliases: ['web'] },
      { Target: 'st_front', Aliases: ['w1', 'w2', 'web'] },
    ]);
    // The short-form `tmpfs:` key is silently dropped by the CLI.
    assert.deepEqual(web.TaskTemplate.ContainerSpec.Mounts, [
      {
        Type: 'volume',
        Source: 'st_data',
        Target: '/data',
        VolumeOptions: { Labels: stackLabel, DriverConfig: { Name: 'local' } },
      },
      { Type: 'bind', Source: path.join(WORKING_DIR, 'rel'), Target: '/rel' },
    ]);
    assert.deepEqual(web.TaskTemplate.ContainerSpec.Secrets, [
      { File: { Name: 'a', UID: '0', GID: '0', Mode: 292 }, SecretID: '', SecretName: 'st_a' },
      { File: { Name: '/run/bb', UID: '100', GID: '101', Mode: 256 }, SecretID: '', SecretName: 'st_b' },
    ]);
    assert.deepEqual(web.TaskTemplate.ContainerSpec.Configs, [
      { File: { Name: '/etc/d.conf', UID: '0', GID: '0', Mode: 288 }, ConfigID: '', ConfigName: 'fixed-d' },
      { File: { Name: 'c', UID: '0', GID: '0', Mode: 292 }, ConfigID: '', ConfigName: 'st_c' },
    ]);

    const other = stack.services[1].spec;
    assert.deepEqual(other.TaskTemplate.Networks, [{ Target: 'st_default', Aliases: ['other'] }]);
    assert.equal(other.TaskTemplate.ContainerSpec.Mounts, undefined);
    assert.equal(other.TaskTemplate.ContainerSpec.Secrets, undefined);

    // Only the networks services use; every secret and config, used or not.
    assert.deepEqual(stack.networks.map((network) => network.create.Name), ['st_front', 'st_back', 'st_default']);
    assert.deepEqual(stack.networks[1].create, {
      Name: 'st_back',
      Driver: 'overlay',
      Internal: true,
      Attachable: false,
      Labels: stackLabel,
    });
    assert.deepEqual(stack.secrets.map((secret) => secret.spec.Name), ['st_a', 'st_b', 'st_unused_s']);
    assert.deepEqual(stack.configs.map((config) => config.spec.Name), ['st_c', 'fixed-d', 'st_unused_c']);
    assert.deepEqual(stack.configs[1].spec, { Name: 'fixed-d', Labels: stackLabel, Data: 'Y29uZgo=', Templating: { Name: 'golang' } });
    assert.deepEqual(stack.filesRead, ['a.key', path.join('sub', 'app.conf')]);
    assert.deepEqual([stack.externalNetworks, stack.externalSecrets, stack.externalConfigs], [[], [], []]);
  });

  it('lists the external networks, secrets and configs that services use', () => {
    const config = {
      services: { web: { image: 'i', networks: ['e'], secrets: ['s'], configs: ['c'] } },
      networks: { e: { external: true, name: 'ext-net' } },
      secrets: { s: { external: true }, unused: { external: true } },
      configs: { c: { external: true, name: 'ext-c' } },
    };
    const stack = convertStack(config, fakeContext());
    assert.deepEqual(stack.issues, []);
    assert.deepEqual(stack.networks, []);
    assert.deepEqual([stack.externalNetworks, stack.externalSecrets, stack.externalConfigs], [['ext-net'], ['s'], ['ext-c']]);
    assert.deepEqual([stack.secrets, stack.configs, stack.filesRead], [[], [], []]);
  });

  it('reports every undefined reference and unreadable file as errors', () => {
    const config = {
      services: { web: { image: 'i', networks: ['nonet'], volumes: ['novol:/x'], secrets: ['nosec'], configs: ['nocfg'] } },
      secrets: { s: { file: './missing.txt' } },
    };
    const stack = convertStack(config, fakeContext());
    assert.deepEqual(
      stack.issues.map((issue) => [issue.severity, issue.path.join('.')]),
      [
        ['error', 'services.web.networks.0'],
        ['error', 'services.web.volumes.0'],
        ['error', 'services.web.secrets.0'],
        ['error', 'services.web.configs.0'],
        ['error', 'secrets.s.file'],
      ],
    );
    assert.match(stack.issues[4].message, /missing\.txt/);
    // An undefined network is not created (the CLI creates it before failing; nothing is sent here).
    assert.deepEqual(stack.networks, []);
  });

  it('adds a runtime reference for a credential spec config', () => {
    const config = {
      services: { web: { image: 'i', credential_spec: { config: 'cs' }, configs: ['z'] } },
      configs: { cs: { file: 'cs.json' }, z: { file: 'cs.json' } },
    };
    const stack = convertStack(config, fakeContext({ 'cs.json': '{}' }));
    assert.deepEqual(stack.issues, []);
    assert.deepEqual(stack.services[0].spec.TaskTemplate.ContainerSpec.Configs, [
      { ConfigID: '', ConfigName: 'st_cs', Runtime: {} },
      { File: { Name: 'z', UID: '0', GID: '0', Mode: 292 }, ConfigID: '', ConfigName: 'st_z' },
    ]);
  });

  it('deduplicates files read', () => {
    const stack = convertStack(
      { services: {}, secrets: { a: { file: 'a.key' } }, configs: { b: { file: './a.key' } } },
      fakeContext(files),
    );
    assert.deepEqual(stack.filesRead, ['a.key']);
  });
});
