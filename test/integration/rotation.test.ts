// Rotating secrets and configs on the real swarm, through the orchestration the commands run
// (src/rotation/rotate.ts) with the real client and a scripted host. What is asserted is what
// the engine holds afterwards and what each running task's container sees: the file is read
// inside every task through the Engine's exec API (cat and stat), so "same path, owner and mode,
// new content" is checked where it matters. Everything made here is named h16r-<run>-… and
// labelled with the run, and removed after.
import * as assert from 'node:assert/strict';
import type { EngineServiceSpec } from '../../src/model/engineTypes';
import { KEEP_OLD, REMOVE_OLD, ROTATE, rotateObject, type RotationParts } from '../../src/rotation/rotate';
import { ScriptedHost } from '../extension/scriptedHost';
import { RUN_ID, RUN_LABEL, serviceSpec, uniqueName, removeQuietly, waitForRunning } from '../support/swarm';
import { TestClient } from '../support/testClient';

const client = new TestClient();
const PREFIX = `h16r-${RUN_ID}`;
const labels = { [RUN_LABEL]: RUN_ID };
const b64 = (s: string) => Buffer.from(s).toString('base64');
const bytes = (s: string) => new TextEncoder().encode(s);
const name = (base: string) => `h16r-${uniqueName(base)}`;
const made = { services: [] as string[] };

/** Fast rollouts: all tasks at once (or one by one where a failure must leave old tasks), no delay, a short monitor. */
const fast = (o: Record<string, unknown> = {}) => ({ Parallelism: 3, Delay: 0, Monitor: 1_000_000_000, FailureAction: 'pause', Order: 'stop-first', ...o });

function parts(host: ScriptedHost): RotationParts {
  return { client: () => client, host, log: { info: () => undefined, warn: () => undefined } };
}

async function service(serviceName: string, script: string, replicas: number, refs: { Secrets?: unknown[]; Configs?: unknown[] }, update: Record<string, unknown>): Promise<string> {
  const spec: EngineServiceSpec = serviceSpec(serviceName, script, { replicas, updateConfig: update });
  Object.assign(spec.TaskTemplate!.ContainerSpec!, refs);
  if (update['FailureAction'] === 'rollback') spec['RollbackConfig'] = { Parallelism: 3, Delay: 0, Monitor: 1_000_000_000, FailureAction: 'pause' };
  const id = await client.createService(spec);
  made.services.push(id);
  await waitForRunning(client, id, replicas, 60_000);
  return id;
}

/** What each running task's container sees at `path`: content, and `mode uid gid` from stat. */
async function seenInTasks(serviceId: string, path: string): Promise<{ content: string; stat: string }[]> {
  const tasks = (await client.serviceTasks(serviceId, { 'desired-state': 'running' })).filter((t) => t.Status?.State === 'running');
  return Promise.all(tasks.map(async (t) => {
    const container = t.Status?.ContainerStatus?.ContainerID;
    assert.ok(container, `task ${t.ID} has a container`);
    const cat = await client.runInContainer(container, ['cat', path]);
    // The image links only a few applets; busybox itself has stat.
    const stat = await client.runInContainer(container, ['busybox', 'stat', '-c', '%a %u %g', path]);
    assert.equal(cat.exitCode, 0, `cat ${path} in ${t.ID}: ${cat.stderr}`);
    assert.equal(stat.exitCode, 0, `stat ${path} in ${t.ID}: ${stat.stderr}`);
    return { content: cat.stdout, stat: stat.stdout.trim() };
  }));
}

const refsOf = async (id: string, kind: 'Secrets' | 'Configs') =>
  ((await client.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec?.[kind] ?? []) as Record<string, unknown>[];

describe('rotation on the real swarm', () => {
  after(async () => {
    await Promise.all(made.services.map((id) => client.removeService(id).catch(() => undefined)));
    const [secrets, configs] = await Promise.all([client.listSecrets(), client.listConfigs()]);
    await Promise.all([
      ...secrets.filter((s) => s.name.startsWith(PREFIX)).map((s) => removeQuietly((x) => client.removeSecret(x), s.id)),
      ...configs.filter((c) => c.name.startsWith(PREFIX)).map((c) => removeQuietly((x) => client.removeConfig(x), c.id)),
    ]);
  });

  it('a secret at a custom target, uid, gid and mode: every task runs with the new content at the same path and mode, and the old secret is gone', async () => {
    const secretName = name('token');
    const oldId = await client.createSecret({ Name: secretName, Labels: { ...labels, purpose: 'rotation' }, Data: b64('old-token-1') });
    const file = { Name: '/etc/app/token', UID: '1000', GID: '1000', Mode: 0o400 };
    const id = await service(name('app'), 'sleep 3600', 3, { Secrets: [{ SecretID: oldId, SecretName: secretName, File: file }] }, fast());
    assert.deepEqual((await seenInTasks(id, '/etc/app/token')).map((s) => s.content), ['old-token-1', 'old-token-1', 'old-token-1']);
    const before = await client.inspectService(id);

    const host = new ScriptedHost().answer(ROTATE, REMOVE_OLD);
    const object = (await client.listSecrets()).find((s) => s.id === oldId)!;
    const result = await rotateObject(parts(host), { kind: 'secret', object, data: bytes('new-token-2'), origin: 'the value typed' });

    assert.equal(result.outcome, 'rotated', host.errors.join('\n'));
    assert.equal(result.oldRemoved, true);
    const newName = `${secretName}-v2`;
    assert.equal(result.newVersion?.name, newName);
    assert.match(host.confirmations[0]!.message, new RegExp(`to ${newName}\\? One service will be updated: ${before.Spec?.Name}\\.$`));
    assert.deepEqual(host.infos, [`Rotated secret ${secretName} to ${newName} (${before.Spec?.Name} updated); ${secretName} is removed.`]);
    const seen = await seenInTasks(id, '/etc/app/token');
    assert.equal(seen.length, 3, 'three tasks run');
    assert.deepEqual(seen, Array(3).fill({ content: 'new-token-2', stat: '400 1000 1000' }));
    assert.deepEqual(await refsOf(id, 'Secrets'), [{ SecretID: result.newVersion!.id, SecretName: newName, File: file }]);
    const secrets = await client.listSecrets();
    assert.equal(secrets.some((s) => s.id === oldId), false, 'the old secret is gone');
    assert.deepEqual(secrets.find((s) => s.id === result.newVersion!.id)?.labels, { ...labels, purpose: 'rotation' });
    // Nothing else in the spec changed (the image included).
    const after = await client.inspectService(id);
    const withoutSecrets = (s: EngineServiceSpec | undefined) => ({ ...s, TaskTemplate: { ...s?.TaskTemplate, ContainerSpec: { ...s?.TaskTemplate?.ContainerSpec, Secrets: undefined } } });
    assert.deepEqual(withoutSecrets(after.Spec), withoutSecrets(before.Spec));
  });

  it('a rollout the Engine pauses stops the rotation: the old secret stays, the next service is not touched, and the message says who runs what', async () => {
    const secretName = name('gate');
    const oldId = await client.createSecret({ Name: secretName, Labels: labels, Data: b64('good') });
    const ref = { SecretID: oldId, SecretName: secretName, File: { Name: 'x', UID: '0', GID: '0', Mode: 0o444 } };
    const script = 'grep -q good /run/secrets/x && sleep 3600';
    // One task at a time, so that the failing update leaves old tasks running (the Engine moves on
    // to the next slot once a new task runs, so it may have replaced two before the first fails).
    const failing = await service(name('a-fails'), script, 3, { Secrets: [ref] }, fast({ Parallelism: 1, Monitor: 2_000_000_000 }));
    const waiting = await service(name('b-waits'), script, 1, { Secrets: [ref] }, fast());
    const [failingName, waitingName] = [(await client.inspectService(failing)).Spec?.Name, (await client.inspectService(waiting)).Spec?.Name];
    const waitingBefore = await client.inspectService(waiting);

    const host = new ScriptedHost().answer(ROTATE);
    const object = (await client.listSecrets()).find((s) => s.id === oldId)!;
    const result = await rotateObject(parts(host), { kind: 'secret', object, data: bytes('bad'), origin: 'the value typed' });

    assert.equal(result.outcome, 'stopped');
    assert.deepEqual(result.services.map((s) => [s.name, s.state]), [[failingName, 'stopped'], [waitingName, 'notUpdated']]);
    assert.equal(host.errors.length, 1);
    const message = host.errors[0]!;
    assert.match(message, new RegExp(`^Rotation of secret ${secretName} to ${secretName}-v2 stopped: the Engine paused the update of ${failingName} \\(update paused due to failure`));
    assert.match(message, new RegExp(`No service runs ${secretName}-v2 \\(new\\) yet\\. On ${secretName} \\(old\\): ${waitingName} \\(not updated\\)\\.`));
    assert.match(message, new RegExp(`Between the two: ${failingName} \\(update paused; its spec names ${secretName}-v2; \\d running tasks? on ${secretName}-v2, [1-9] running tasks? on ${secretName}\\)\\. ${secretName} is kept\\.$`));
    assert.equal(host.choices.length, 0, 'no removal offered');
    assert.equal((await client.inspectService(failing)).UpdateStatus?.State, 'paused');
    assert.ok((await client.listSecrets()).some((s) => s.id === oldId), 'the old secret still exists');
    const waitingAfter = await client.inspectService(waiting);
    assert.equal(waitingAfter.Version?.Index, waitingBefore.Version?.Index, 'the service not yet repointed was not touched');
    assert.equal((await refsOf(waiting, 'Secrets'))[0]!['SecretID'], oldId);
    assert.equal(host.progressOpen, 0);
  });

  it('a rollout the Engine rolls back: the service runs the old secret again, and the message says so', async () => {
    const secretName = name('back');
    const oldId = await client.createSecret({ Name: secretName, Labels: labels, Data: b64('good') });
    const ref = { SecretID: oldId, SecretName: secretName, File: { Name: 'x', UID: '0', GID: '0', Mode: 0o444 } };
    const id = await service(name('rolls-back'), 'grep -q good /run/secrets/x && sleep 3600', 2, { Secrets: [ref] }, fast({ FailureAction: 'rollback' }));
    const serviceName = (await client.inspectService(id)).Spec?.Name;

    const host = new ScriptedHost().answer(ROTATE);
    const object = (await client.listSecrets()).find((s) => s.id === oldId)!;
    const result = await rotateObject(parts(host), { kind: 'secret', object, data: bytes('bad'), origin: 'the value typed' });

    assert.equal(result.outcome, 'stopped');
    assert.match(host.errors[0]!, new RegExp(`stopped: the Engine rolled back the update of ${serviceName} .*On ${secretName} \\(old\\): ${serviceName} \\(the Engine rolled its update back, so it runs the old version again\\)\\. ${secretName} is kept\\.$`));
    assert.equal((await refsOf(id, 'Secrets'))[0]!['SecretID'], oldId);
    assert.ok((await client.listSecrets()).some((s) => s.id === oldId));
    await waitForRunning(client, id, 2, 60_000);
    assert.deepEqual((await seenInTasks(id, '/run/secrets/x')).map((s) => s.content), ['good', 'good']);
  });

  it('a config at /etc/app.conf, mode 0440: the tasks read the new content with the same owner and mode; kept when asked', async () => {
    const configName = name('app.conf');
    const oldId = await client.createConfig({ Name: configName, Labels: labels, Data: b64('level=info\n') });
    const file = { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o440 };
    const id = await service(name('conf'), 'sleep 3600', 2, { Configs: [{ ConfigID: oldId, ConfigName: configName, File: file }] }, fast());

    const host = new ScriptedHost().answer(ROTATE, KEEP_OLD);
    const object = (await client.listConfigs()).find((c) => c.id === oldId)!;
    const result = await rotateObject(parts(host), { kind: 'config', object, data: bytes('level=debug\n'), origin: 'file app.conf' });

    assert.equal(result.outcome, 'rotated', host.errors.join('\n'));
    assert.equal(result.oldRemoved, false);
    assert.deepEqual(await seenInTasks(id, '/etc/app.conf'), Array(2).fill({ content: 'level=debug\n', stat: '440 0 0' }));
    assert.deepEqual(await refsOf(id, 'Configs'), [{ ConfigID: result.newVersion!.id, ConfigName: `${configName}-v2`, File: file }]);
    assert.ok((await client.listConfigs()).some((c) => c.id === oldId), 'kept, as chosen');
    assert.deepEqual(Buffer.from((await client.inspectConfig(result.newVersion!.id)).data, 'base64').toString(), 'level=debug\n');
  });
});
