import * as assert from 'node:assert/strict';
import type { EngineService } from '../../../src/model/engineTypes';
import { nextVersionName, repointReferences, rotationPlan } from '../../../src/swarmObjects/rotation';

describe('nextVersionName', () => {
  it('starts at v2 and increments a versioned name', () => {
    assert.equal(nextVersionName('db-password', []), 'db-password-v2');
    assert.equal(nextVersionName('db-password-v2', []), 'db-password-v3');
    assert.equal(nextVersionName('db-password-v9', []), 'db-password-v10');
  });
  it('goes past the highest existing version of the base, and past taken names without case', () => {
    assert.equal(nextVersionName('db-password-v2', ['db-password-v5', 'other-v9']), 'db-password-v6');
    assert.equal(nextVersionName('app', ['APP-V2']), 'app-v3');
  });
  it('does not read -v0 or -v01 as versions', () => {
    assert.equal(nextVersionName('a-v0', []), 'a-v0-v2');
    assert.equal(nextVersionName('a-v01', []), 'a-v01-v2');
  });
  it('stays within 64 characters by cutting the base, and sees cut names as versions', () => {
    const long = `s${'x'.repeat(63)}`;
    const v2 = nextVersionName(long, []);
    assert.equal(v2.length, 64);
    assert.equal(v2, `${long.slice(0, 61)}-v2`);
    const v3 = nextVersionName(long, [long, v2]);
    assert.equal(v3, `${long.slice(0, 61)}-v3`);
    assert.equal(nextVersionName(v3, [v2, v3]), `${long.slice(0, 61)}-v4`);
    const atNine = `${long.slice(0, 61)}-v9`;
    assert.equal(nextVersionName(atNine, []), `${long.slice(0, 60)}-v10`);
  });
});

const secretRef = (id: string, name: string, file: string, extra: Record<string, unknown> = {}) =>
  ({ SecretID: id, SecretName: name, File: { Name: file, UID: '1000', GID: '1001', Mode: 0o400 }, ...extra });

function service(id: string, name: string, index: number, secrets: unknown[], configs: unknown[] = []): EngineService {
  return {
    ID: id,
    Version: { Index: index },
    Spec: {
      Name: name,
      Labels: { team: 'a' },
      Mode: { Replicated: { Replicas: 3 } },
      TaskTemplate: {
        ContainerSpec: { Image: 'busybox:latest', Env: ['A=1'], Secrets: secrets, Configs: configs },
        ForceUpdate: 2,
        Placement: { Constraints: ['node.role==worker'] },
      },
      EndpointSpec: { Mode: 'vip' },
    },
  };
}

describe('repointReferences and rotationPlan', () => {
  const old = { kind: 'secret' as const, id: 'oldid', name: 'db-password' };
  const services = [
    service('s1', 'api', 10, [secretRef('oldid', 'db-password', '/run/secrets/custom/pw'), secretRef('otherid', 'tls', 'tls.pem')]),
    service('s2', 'worker', 20, [secretRef('otherid', 'tls', 'tls.pem')]),
    service('s3', 'batch', 30, [secretRef('oldid', 'db-password', 'db-password'), secretRef('oldid', 'db-password', 'copy', { Extra: 1 })]),
    { ID: 's4' },
  ];

  it('repoints only references to the old ID, keeping file name, uid, gid and mode', () => {
    const spec = repointReferences(services[0]!.Spec!, old, 'newid', 'db-password-v2');
    const secrets = spec.TaskTemplate?.ContainerSpec?.Secrets as unknown[];
    assert.deepEqual(secrets, [
      { SecretID: 'newid', SecretName: 'db-password-v2', File: { Name: '/run/secrets/custom/pw', UID: '1000', GID: '1001', Mode: 0o400 } },
      secretRef('otherid', 'tls', 'tls.pem'),
    ]);
  });
  it('changes nothing else in the spec and does not modify its input', () => {
    const before = structuredClone(services[0]!.Spec!);
    const spec = repointReferences(services[0]!.Spec!, old, 'newid', 'db-password-v2');
    assert.deepEqual(services[0]!.Spec, before);
    const restored = structuredClone(spec);
    (restored.TaskTemplate!.ContainerSpec!.Secrets as unknown[])[0] = (before.TaskTemplate!.ContainerSpec!.Secrets as unknown[])[0];
    assert.deepEqual(restored, before);
  });
  it('plans the services that use the old one, with their versions and targets', () => {
    const plan = rotationPlan(old, 'newid', 'db-password-v2', services);
    assert.deepEqual(plan.map((p) => [p.serviceId, p.serviceName, p.version, p.targets.map((t) => t.Name)]), [
      ['s1', 'api', 10, ['/run/secrets/custom/pw']],
      ['s3', 'batch', 30, ['db-password', 'copy']],
    ]);
    const s3 = plan[1]!.spec.TaskTemplate!.ContainerSpec!.Secrets as Array<Record<string, unknown>>;
    assert.deepEqual(s3.map((r) => [r.SecretID, r.SecretName, (r.File as { Name: string }).Name]), [['newid', 'db-password-v2', 'db-password'], ['newid', 'db-password-v2', 'copy']]);
    assert.equal(s3[1]!.Extra, 1);
  });
  it('matches by ID, not by name', () => {
    assert.deepEqual(rotationPlan({ kind: 'secret', id: 'gone', name: 'db-password' }, 'n', 'x', services), []);
  });
  it('repoints configs, leaving Runtime references and secrets alone', () => {
    const runtime = { ConfigID: 'cfg1', ConfigName: 'cred', Runtime: {} };
    const file = { ConfigID: 'cfg1', ConfigName: 'cred', File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o444 } };
    const svc = service('c1', 'web', 5, [secretRef('cfg1', 'same-id-as-secret', 's')], [runtime, file, { ConfigID: 'cfg2', ConfigName: 'x', File: { Name: 'x' } }]);
    const plan = rotationPlan({ kind: 'config', id: 'cfg1', name: 'cred' }, 'cfg9', 'cred-v2', [svc]);
    assert.equal(plan.length, 1);
    const configs = plan[0]!.spec.TaskTemplate!.ContainerSpec!.Configs as unknown[];
    assert.deepEqual(configs, [
      { ConfigID: 'cfg9', ConfigName: 'cred-v2', Runtime: {} },
      { ConfigID: 'cfg9', ConfigName: 'cred-v2', File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o444 } },
      { ConfigID: 'cfg2', ConfigName: 'x', File: { Name: 'x' } },
    ]);
    assert.deepEqual(plan[0]!.spec.TaskTemplate!.ContainerSpec!.Secrets, [secretRef('cfg1', 'same-id-as-secret', 's')]);
  });
  it('repoints a credential spec naming the old config with its runtime reference (the Engine refuses one without the other)', () => {
    const svc = service('c2', 'win', 6, [], [{ ConfigID: 'cfg1', ConfigName: 'cred', Runtime: {} }]);
    svc.Spec!.TaskTemplate!.ContainerSpec!['Privileges'] = { CredentialSpec: { Config: 'cfg1', File: '', Registry: '' }, NoNewPrivileges: false };
    const spec = repointReferences(svc.Spec!, { kind: 'config', id: 'cfg1', name: 'cred' }, 'cfg9', 'cred-v2');
    assert.deepEqual(spec.TaskTemplate!.ContainerSpec!['Privileges'], { CredentialSpec: { Config: 'cfg9', File: '', Registry: '' }, NoNewPrivileges: false });
    assert.equal((svc.Spec!.TaskTemplate!.ContainerSpec!['Privileges'] as { CredentialSpec: { Config: string } }).CredentialSpec.Config, 'cfg1', 'input untouched');
    const other = repointReferences(svc.Spec!, { kind: 'config', id: 'cfg2', name: 'x' }, 'cfg9', 'x-v2');
    assert.deepEqual(other.TaskTemplate!.ContainerSpec!['Privileges'], svc.Spec!.TaskTemplate!.ContainerSpec!['Privileges']);
  });
});
