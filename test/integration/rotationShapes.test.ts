// Rotation on services of the shapes a rotation meets besides the plain replicated one: scaled
// to 0 (nothing to roll out, converged at once), global, a replicated job (updated, not
// followed), and one that mounts the old secret twice (both mounts repointed, each keeping its
// own file, uid, gid and mode). On the real swarm; everything is named h16y-<run>-… and removed.
import * as assert from 'node:assert/strict';
import type { EngineServiceSpec } from '../../src/model/engineTypes';
import { KEEP_OLD, ROTATE, rotateObject, type RotationParts } from '../../src/rotation/rotate';
import { ScriptedHost } from '../extension/scriptedHost';
import { RUN_ID, RUN_LABEL, serviceSpec, uniqueName, waitFor } from '../support/swarm';
import { TestClient } from '../support/testClient';

const client = new TestClient();
const PREFIX = `h16y-${RUN_ID}`;
const labels = { [RUN_LABEL]: RUN_ID };
const name = (base: string) => `h16y-${uniqueName(base)}`;
const made: string[] = [];
const parts = (host: ScriptedHost): RotationParts => ({ client: () => client, host, log: { info: () => undefined, warn: () => undefined } });
const fast = { Parallelism: 3, Delay: 0, Monitor: 1_000_000_000, FailureAction: 'pause', Order: 'stop-first' };

type Shape = 'scaled to 0' | 'global' | 'replicated job' | 'mounting it twice';

function shaped(shape: Shape, serviceName: string, refs: unknown[]): EngineServiceSpec {
  const spec = serviceSpec(serviceName, shape === 'replicated job' ? 'true' : 'sleep 3600', { replicas: shape === 'scaled to 0' ? 0 : 1, global: shape === 'global', updateConfig: fast });
  if (shape === 'replicated job') {
    spec.Mode = { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } };
    delete spec['UpdateConfig'];
    spec.TaskTemplate!.RestartPolicy = { Condition: 'none' };
  }
  spec.TaskTemplate!.ContainerSpec!['Secrets'] = refs;
  return spec;
}

describe('rotation on services of other shapes', () => {
  after(async () => {
    await Promise.all(made.map((id) => client.removeService(id).catch(() => undefined)));
    const [secrets, configs] = await Promise.all([client.listSecrets(), client.listConfigs()]);
    await Promise.all([
      ...secrets.filter((s) => s.name.startsWith(PREFIX)).map((s) => waitFor(`removal of ${s.name}`, () => client.removeSecret(s.id).then(() => true, () => false), 20_000, 500).catch(() => undefined)),
      ...configs.filter((c) => c.name.startsWith(PREFIX)).map((c) => waitFor(`removal of ${c.name}`, () => client.removeConfig(c.id).then(() => true, () => false), 20_000, 500).catch(() => undefined)),
    ]);
  });

  const cases: [Shape, string][] = [['scaled to 0', 'updated'], ['global', 'updated'], ['replicated job', 'jobUpdated'], ['mounting it twice', 'updated']];
  for (const [shape, state] of cases) {
    it(`${shape}: repointed with the same files, and the rotation completes (${state})`, async () => {
      const secretName = name('token');
      const oldId = await client.createSecret({ Name: secretName, Labels: labels, Data: Buffer.from('a').toString('base64') });
      const refs = [{ SecretID: oldId, SecretName: secretName, File: { Name: 'a', UID: '0', GID: '0', Mode: 0o400 } }];
      if (shape === 'mounting it twice') refs.push({ SecretID: oldId, SecretName: secretName, File: { Name: '/etc/b', UID: '1', GID: '2', Mode: 0o440 } });
      const id = await client.createService(shaped(shape, name('svc'), refs));
      made.push(id);
      if (shape === 'global' || shape === 'mounting it twice') {
        await waitFor('a running task', async () => (await client.serviceTasks(id, { 'desired-state': 'running' })).some((t) => t.Status?.State === 'running'), 60_000);
      }

      const host = new ScriptedHost().answer(ROTATE, KEEP_OLD);
      const object = (await client.listSecrets()).find((s) => s.id === oldId)!;
      const result = await rotateObject(parts(host), { kind: 'secret', object, data: new TextEncoder().encode('b'), origin: 'the value typed' }, { limitMs: 60_000 });

      assert.equal(result.outcome, 'rotated', host.errors.join('\n'));
      assert.deepEqual(result.services.map((s) => s.state), [state]);
      const after = (await client.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec?.['Secrets'];
      assert.deepEqual(after, refs.map((r) => ({ ...r, SecretID: result.newVersion!.id, SecretName: `${secretName}-v2` })));
    });
  }

  it('a config used as a credential spec: the runtime reference and the credential spec both name the new version', async () => {
    const configName = name('cred');
    const oldId = await client.createConfig({ Name: configName, Labels: labels, Data: Buffer.from('{}').toString('base64') });
    const spec = serviceSpec(name('cred-svc'), 'sleep 3600', { replicas: 0, updateConfig: fast });
    spec.TaskTemplate!.ContainerSpec!['Configs'] = [{ ConfigID: oldId, ConfigName: configName, Runtime: {} }];
    spec.TaskTemplate!.ContainerSpec!['Privileges'] = { CredentialSpec: { Config: oldId } };
    const id = await client.createService(spec);
    made.push(id);

    const host = new ScriptedHost().answer(ROTATE, KEEP_OLD);
    const object = (await client.listConfigs()).find((c) => c.id === oldId)!;
    const result = await rotateObject(parts(host), { kind: 'config', object, data: new TextEncoder().encode('{"a":1}'), origin: 'the value typed' }, { limitMs: 60_000 });

    assert.equal(result.outcome, 'rotated', host.errors.join('\n'));
    const container = (await client.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec;
    assert.deepEqual(container?.['Configs'], [{ ConfigID: result.newVersion!.id, ConfigName: `${configName}-v2`, Runtime: {} }]);
    assert.equal((container?.['Privileges'] as { CredentialSpec?: { Config?: string } }).CredentialSpec?.Config, result.newVersion!.id);
  });
});
