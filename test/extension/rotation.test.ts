// Rotate Secret… / Rotate Config… as a user runs them in the extension host, on the real swarm:
// the pick, the content typed once, the confirmation naming the new version and the services,
// the removal choice; asserted on what the engine holds afterwards and what the user was told
// (never the secret's value). Everything made here is named h16r-<run>-… and removed after.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import type { EngineServiceSpec } from '../../src/model/engineTypes';
import { REMOVE_OLD, ROTATE, KEEP_OLD } from '../../src/rotation/rotate';
import type { SecretElement } from '../../src/tree/objectsItems';
import { RUN_ID, RUN_LABEL, serviceSpec, uniqueName, waitFor, waitForRunning } from '../support/swarm';
import { TestClient } from '../support/testClient';
import { api, extensionLogText, scriptedHostPerTest } from './support';

const client = new TestClient();
const PREFIX = `h16r-${RUN_ID}`;
const labels = { [RUN_LABEL]: RUN_ID };
const name = (base: string) => `h16r-${uniqueName(base)}`;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const madeServices: string[] = [];

async function secretRow(id: string): Promise<SecretElement> {
  const secret = (await client.listSecrets()).find((s) => s.id === id);
  assert.ok(secret, `secret ${id} is listed`);
  return { kind: 'secret', secret };
}

describe('Rotate Secret… and Rotate Config… in the extension host', () => {
  let a: SwarmServicesApi;
  before(async () => {
    a = await api();
  });
  const host = scriptedHostPerTest(() => a);

  after(async () => {
    await Promise.all(madeServices.map((id) => client.removeService(id).catch(() => undefined)));
    const remove = async (fn: () => Promise<void>) => waitFor('removal', async () => fn().then(() => true, (e: Error) => /not found|no such/i.test(e.message) || Promise.reject(e)), 20_000, 500).catch(() => undefined);
    const [secrets, configs] = await Promise.all([client.listSecrets(), client.listConfigs()]);
    await Promise.all([
      ...secrets.filter((s) => s.name.startsWith(PREFIX)).map((s) => remove(() => client.removeSecret(s.id))),
      ...configs.filter((c) => c.name.startsWith(PREFIX)).map((c) => remove(() => client.removeConfig(c.id))),
    ]);
  });

  it('from the palette: picked, typed once in a password box, confirmed, old version removed; the engine holds the rotation and no message carries the value', async () => {
    const secretName = name('db-password');
    const oldId = await client.createSecret({ Name: secretName, Labels: labels, Data: b64('first-value') });
    const file = { Name: '/etc/app/db-password', UID: '1000', GID: '1000', Mode: 0o400 };
    const spec: EngineServiceSpec = serviceSpec(name('api'), 'sleep 3600', { replicas: 2, updateConfig: { Parallelism: 2, Delay: 0, Monitor: 1_000_000_000, FailureAction: 'pause' } });
    spec.TaskTemplate!.ContainerSpec!['Secrets'] = [{ SecretID: oldId, SecretName: secretName, File: file }];
    const serviceId = await client.createService(spec);
    madeServices.push(serviceId);
    await waitForRunning(client, serviceId, 2, 60_000);

    const value = 'second-value-never-shown';
    host().answer(secretName, 'Type the value…', value, ROTATE, REMOVE_OLD);
    await vscode.commands.executeCommand(Commands.rotateSecret);

    const h = host();
    assert.deepEqual(h.errors, []);
    assert.equal(h.quickPicks[0]?.options?.placeHolder, 'Select a secret to rotate');
    assert.ok(h.quickPicks[0]?.labels.includes(secretName));
    assert.equal(h.inputBoxes[0]?.password, true, 'a secret is typed in a password box');
    const newName = `${secretName}-v2`;
    assert.equal(h.confirmations[0]?.message, `Rotate secret ${secretName} to ${newName}? One service will be updated: ${spec.Name}.`);
    assert.match(h.confirmations[0]!.detail, new RegExp(`${spec.Name} \\(/etc/app/db-password\\)`));
    assert.deepEqual(h.choices[0]?.buttons, [REMOVE_OLD, KEEP_OLD]);
    assert.ok(h.progressTitles.includes(`Rotating secret ${secretName} to ${newName}`));
    assert.ok(h.progressMessages.some((m) => m.startsWith(`waiting for ${spec.Name} (1/1)`)), h.progressMessages.join('\n'));
    assert.deepEqual(h.infos, [`Rotated secret ${secretName} to ${newName} (${spec.Name} updated); ${secretName} is removed.`]);

    const secrets = await client.listSecrets();
    const created = secrets.find((s) => s.name === newName);
    assert.ok(created, 'the new version exists');
    assert.deepEqual(created.labels, labels);
    assert.equal(secrets.some((s) => s.id === oldId), false, 'the old version is removed');
    const refs = (await client.inspectService(serviceId)).Spec?.TaskTemplate?.ContainerSpec?.['Secrets'];
    assert.deepEqual(refs, [{ SecretID: created.id, SecretName: newName, File: file }]);
    const running = await client.serviceTasks(serviceId, { 'desired-state': 'running' });
    assert.equal(running.filter((t) => t.Status?.State === 'running').length, 2);

    const told = [...h.infos, ...h.errors, ...h.confirmations.flatMap((c) => [c.message, c.detail]), ...h.choices.flatMap((c) => [c.message, c.detail]), ...h.progressMessages];
    assert.ok(told.every((m) => !m.includes(value)), 'the value is in no message');
    assert.ok(!extensionLogText(a.hostLogDir).includes(value), 'the value is not in the log');
  });

  it('from a row, a secret no service uses: the next version is created and the old one kept when asked', async () => {
    const secretName = name('unused');
    const oldId = await client.createSecret({ Name: secretName, Labels: labels, Data: b64('a') });
    host().answer('Type the value…', 'b', ROTATE, KEEP_OLD);
    await vscode.commands.executeCommand(Commands.rotateSecret, await secretRow(oldId));
    assert.deepEqual(host().errors, []);
    assert.match(host().confirmations[0]!.detail, new RegExp(`^No service uses ${secretName}, so no service is updated\\.`));
    assert.deepEqual(host().infos, [`Created secret ${secretName}-v2; ${secretName} is kept.`]);
    const names = (await client.listSecrets()).map((s) => s.name);
    assert.ok(names.includes(secretName) && names.includes(`${secretName}-v2`));
  });

  it('cancelling the confirmation creates nothing; a multi-selection is refused with a message', async () => {
    const secretName = name('declined');
    const oldId = await client.createSecret({ Name: secretName, Labels: labels, Data: b64('a') });
    const other = await client.createSecret({ Name: name('other'), Labels: labels, Data: b64('a') });
    host().answer('Type the value…', 'b', undefined);
    await vscode.commands.executeCommand(Commands.rotateSecret, secretName);
    assert.equal(host().confirmations.length, 1);
    const row = await secretRow(oldId);
    await vscode.commands.executeCommand(Commands.rotateSecret, row, [row, await secretRow(other)]);
    assert.deepEqual(host().errors, ['Rotate one secret at a time (2 are selected).']);
    assert.equal((await client.listSecrets()).some((s) => s.name === `${secretName}-v2`), false, 'nothing was created');
  });

  it('Rotate Config…: a config rotated with its templating driver, the service repointed with the same file', async () => {
    const configName = name('app.conf');
    const oldId = await client.createConfig({ Name: configName, Labels: labels, Data: b64('name={{ .Service.Name }}\n'), Templating: { Name: 'golang' } });
    const file = { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o440 };
    const spec: EngineServiceSpec = serviceSpec(name('web'), 'sleep 3600', { replicas: 1, updateConfig: { Parallelism: 1, Delay: 0, Monitor: 1_000_000_000 } });
    spec.TaskTemplate!.ContainerSpec!['Configs'] = [{ ConfigID: oldId, ConfigName: configName, File: file }];
    const serviceId = await client.createService(spec);
    madeServices.push(serviceId);
    await waitForRunning(client, serviceId, 1, 60_000);
    host().answer(configName, 'Type the value…', 'svc={{ .Service.Name }}\n', ROTATE, REMOVE_OLD);
    await vscode.commands.executeCommand(Commands.rotateConfig);
    assert.deepEqual(host().errors, []);
    assert.equal(host().inputBoxes[0]?.password, false);
    const created = (await client.listConfigs()).find((c) => c.name === `${configName}-v2`);
    assert.ok(created);
    assert.equal(created.templating, 'golang');
    const refs = (await client.inspectService(serviceId)).Spec?.TaskTemplate?.ContainerSpec?.['Configs'];
    assert.deepEqual(refs, [{ ConfigID: created.id, ConfigName: `${configName}-v2`, File: file }]);
    assert.equal((await client.listConfigs()).some((c) => c.id === oldId), false);
  });
});
