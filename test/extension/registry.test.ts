// Registry credentials and digests in the real extension host, against the real registry on
// loopback (scripts/registry.sh) and the real swarm: Log In to Registry… checked by the engine
// and kept in secret storage, Update Service Image… pinning a private image whose task pulls and
// runs, Redeploy with Latest Image following a tag pushed again, the failures, and no credential
// anywhere the user or a log could see it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import { encodeRegistryAuth } from '../../src/registry/credentials';
import { TestClient } from '../support/testClient';
import { createService, RUN_ID, RUN_LABEL, uniqueName, waitFor } from '../support/swarm';
import {
  assertRegistryUp, cliRegistryDigest, deleteFromRegistry, pushNewContent, REGISTRY, REGISTRY_PASSWORD, REGISTRY_PLACEMENT, REGISTRY_USER, registryRef, removeLocalImage,
} from '../support/registry';
import { api, dockerCli, scriptedHostPerTest, serviceRow } from './support';

const client = new TestClient();
/** A tag of this run's own, so that moving it disturbs no other test. */
const TAG = `ext-${RUN_ID}`;
const IMAGE_REF = registryRef(TAG);
const pushed: string[] = [];

/** Every file under the extension host's log folder (output channels are mirrored there). */
function allLogText(dir: string): string {
  let text = '';
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else text += readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return text;
}

describe('Registries: Log In, pinning and Redeploy with Latest Image against a real registry', function () {
  this.timeout(180_000);
  let a: SwarmServicesApi;
  const services: string[] = [];
  const stack = `reg${RUN_ID}`.toLowerCase();
  let dir: string;
  let stackUri: vscode.Uri;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'swarm-registry-'));
    stackUri = vscode.Uri.file(join(dir, 'docker-stack.yml'));
    writeFileSync(stackUri.fsPath, [
      'services:', '  app:', `    image: ${IMAGE_REF}`, '    command: ["sleep", "3600"]', '    deploy:', '      replicas: 1',
      '      labels:', `        ${RUN_LABEL}: ${RUN_ID}`, '      placement:', '        constraints: [node.role==manager]', '',
    ].join('\n'));
    a = await api();
    await assertRegistryUp();
    await a.ctx.registry.logins.remove(REGISTRY);
    pushed.push(await pushNewContent(TAG));
  });
  after(async () => {
    for (const id of services) await client.removeService(id).catch(() => undefined);
    await dockerCli('stack', 'rm', stack).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    await a.ctx.registry.logins.remove(REGISTRY);
    await removeLocalImage(IMAGE_REF).catch(() => undefined);
    for (const d of pushed) await deleteFromRegistry(d).catch(() => undefined);
  });
  const host = scriptedHostPerTest(() => a);
  const imageOf = async (id: string) => (await client.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec?.Image;
  const versionOf = async (id: string) => (await client.inspectService(id)).Version?.Index;
  let id: string;

  it('Log In with a wrong password: the registry refuses it, the message says so, nothing is stored', async () => {
    host().answer('Other registry…', REGISTRY, REGISTRY_USER, 'not-the-password');
    await vscode.commands.executeCommand(Commands.logInToRegistry);
    assert.equal(host().errors.length, 1, host().notifications.map((n) => n.message).join(' | '));
    assert.match(host().errors[0]!, new RegExp(`${REGISTRY.replace(/\./g, '\\.')} refused the login of ${REGISTRY_USER}`));
    assert.ok(!host().errors[0]!.includes('not-the-password'));
    assert.deepEqual(await a.ctx.registry.logins.list(), []);
  });

  it('without credentials, Update Service Image… to a private image says the registry needs them and, cancelled, changes nothing', async () => {
    id = await createService(client, uniqueName('reg'), 'sleep 3600', { constraints: REGISTRY_PLACEMENT });
    services.push(id);
    const before = await versionOf(id);
    host().answer(undefined);
    await vscode.commands.executeCommand(Commands.updateImage, id, IMAGE_REF);
    assert.equal(host().choices.length, 1);
    assert.match(host().choices[0]!.message, /needs credentials for .*swarm-services\/app:ext-/);
    assert.deepEqual(host().choices[0]!.buttons, ['Use Unpinned Image', 'Log In to Registry…']);
    assert.equal(await versionOf(id), before);
  });

  it('without credentials, Deploy Stack… names the image that cannot be pinned in its confirmation; cancelled, nothing is created', async () => {
    host().answer(stack, undefined);
    await vscode.commands.executeCommand(Commands.deployStack, stackUri);
    assert.equal(host().choices.length, 1);
    assert.match(host().choices[0]!.detail, /Not pinned to a digest[^\n]*\n• 127\.0\.0\.1:5000 needs credentials for 127\.0\.0\.1:5000\/swarm-services\/app:ext-\w+/);
    assert.deepEqual(await client.listServices({ label: [`com.docker.stack.namespace=${stack}`] }), []);
  });

  it('Log In: checked by the engine and stored; Update Service Image… pins the private image to the registry\'s digest and its task pulls it and runs', async () => {
    host().answer((items) => items.find((i) => i.label === 'Other registry…'), REGISTRY, REGISTRY_USER, REGISTRY_PASSWORD);
    await vscode.commands.executeCommand(Commands.logInToRegistry);
    assert.deepEqual(host().errors, []);
    assert.match(host().infos[0] ?? '', /^Logged in to 127\.0\.0\.1:5000 as swarm-services\./);
    assert.deepEqual(await a.ctx.registry.logins.list(), [{ serverAddress: REGISTRY, username: REGISTRY_USER }]);
    await removeLocalImage(IMAGE_REF);
    await vscode.commands.executeCommand(Commands.updateImage, id, IMAGE_REF);
    assert.deepEqual(host().errors, []);
    assert.deepEqual(host().choices, [], 'no question: the lookup worked');
    const digest = await cliRegistryDigest(IMAGE_REF);
    assert.equal(digest, pushed[0]);
    assert.equal(await imageOf(id), `${IMAGE_REF}@${digest}`);
    await a.ctx.rollouts.settled();
    await waitFor('the task pulled from the registry and running', async () => {
      const tasks = await client.serviceTasks(id);
      return tasks.some((t) => t.Status?.State === 'running' && t.Spec?.ContainerSpec?.Image === `${IMAGE_REF}@${digest}`);
    }, 90_000);
  });

  it('with the login, Deploy Stack… pins the private image, and its task pulls it and runs', async () => {
    await removeLocalImage(IMAGE_REF);
    host().answer(stack, 'Deploy');
    await vscode.commands.executeCommand(Commands.deployStack, stackUri);
    assert.doesNotMatch(host().choices[0]!.detail, /Not pinned/);
    assert.deepEqual(host().errors, []);
    const [svc] = await client.listServices({ label: [`com.docker.stack.namespace=${stack}`] });
    assert.equal(svc?.Spec?.TaskTemplate?.ContainerSpec?.Image, `${IMAGE_REF}@${pushed[0]}`);
    await waitFor('the stack\'s task pulled and running', async () => (await client.serviceTasks(svc!.ID)).some((t) => t.Status?.State === 'running'), 90_000);
  });

  it('Redeploy with Latest Image: a tag pushed again rolls the service to the new digest; run again, it says nothing changed and leaves the version alone', async () => {
    const next = await pushNewContent(TAG);
    pushed.push(next);
    assert.notEqual(next, pushed[0], 'the push moved the tag');
    await removeLocalImage(IMAGE_REF);
    await vscode.commands.executeCommand(Commands.redeployLatestImage, id);
    assert.deepEqual(host().errors, []);
    assert.match(host().infos.join(' '), /Redeploying .* to 127\.0\.0\.1:5000\/swarm-services\/app:ext-\w+ .*: the tag moved\./);
    assert.equal(await imageOf(id), `${IMAGE_REF}@${next}`);
    await a.ctx.rollouts.settled();
    const row = await waitFor('the tooltip with the new digest', async () => {
      await a.ctx.store.refresh();
      const item = a.ctx.servicesTree.getTreeItem((await a.ctx.servicesTree.getChildren()).find((n) => n.kind === 'service' && n.service.id === id)!);
      return String(item.tooltip).includes(`Pinned to: ${next}`) ? item : undefined;
    });
    assert.match(String(row.description), /127\.0\.0\.1:5000\/swarm-services\/app:ext-\w+ /, 'the row shows the tag, not the digest');
    const version = await versionOf(id);
    host().infos.length = 0;
    await vscode.commands.executeCommand(Commands.redeployLatestImage, id);
    assert.match(host().infos[0] ?? '', /already runs the latest 127\.0\.0\.1:5000\/swarm-services\/app:ext-\w+ \(/);
    assert.equal(await versionOf(id), version);
  });

  it('a registry nobody answers for: one message naming it, no Log In offered; cancelled nothing changes, and going on sends the image as written', async () => {
    const version = await versionOf(id);
    const unreachable = '127.0.0.1:5999/swarm-services/app:1';
    host().answer(undefined);
    await vscode.commands.executeCommand(Commands.updateImage, id, unreachable);
    assert.match(host().choices[0]!.message, /^127\.0\.0\.1:5999 could not be reached from the engine to look up 127\.0\.0\.1:5999\/swarm-services\/app:1\.$/);
    assert.deepEqual(host().choices[0]!.buttons, ['Use Unpinned Image']);
    assert.equal(await versionOf(id), version);
    const before = await imageOf(id);
    host().answer('Use Unpinned Image');
    await vscode.commands.executeCommand(Commands.updateImage, id, unreachable);
    assert.equal(await imageOf(id), unreachable);
    // Back to the pinned image for the tests after (its tasks cannot pull from a registry that is not there).
    await client.updateSpec(id, (spec) => ({ ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...spec.TaskTemplate?.ContainerSpec, Image: before } } }));
  });

  it('a stored password the registry no longer takes: Redeploy says the credentials were refused and changes nothing; Update Service Image… offers to log in again', async () => {
    const good = (await a.ctx.registry.logins.get(REGISTRY))!;
    await a.ctx.registry.logins.set({ serverAddress: REGISTRY, username: REGISTRY_USER, password: 'changed-since' });
    try {
      const version = await versionOf(id);
      await vscode.commands.executeCommand(Commands.redeployLatestImage, id);
      assert.match(host().errors[0] ?? '', /^127\.0\.0\.1:5000 refused the credentials for 127\.0\.0\.1:5000\/swarm-services\/app:ext-\w+ .*Nothing was changed\.$/);
      assert.ok(!host().errors[0]!.includes('changed-since'));
      assert.deepEqual(host().notifications[0]?.buttons, ['Log In to Registry…']);
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.updateImage, id, IMAGE_REF);
      assert.deepEqual(host().choices[0]!.buttons, ['Use Unpinned Image', 'Log In to Registry…']);
      assert.equal(await versionOf(id), version);
    } finally {
      await a.ctx.registry.logins.set(good);
    }
  });

  it('refused, then Log In to Registry… from the message: the login is replaced and the redeploy runs again', async () => {
    await a.ctx.registry.logins.set({ serverAddress: REGISTRY, username: REGISTRY_USER, password: 'changed-since' });
    host().click('Log In to Registry…').answer(REGISTRY_USER, REGISTRY_PASSWORD);
    await vscode.commands.executeCommand(Commands.redeployLatestImage, id);
    await host().notified(/already runs the latest/);
    assert.equal((await a.ctx.registry.logins.get(REGISTRY))?.password, REGISTRY_PASSWORD);
    assert.equal(host().inputBoxes[1]?.password, true, 'the password box hides what is typed');
  });

  it('Redeploy with Latest Image on a multi-selection: each service looked up, one message with what was done and what failed', async () => {
    const other = await createService(client, uniqueName('reg-unreachable'), 'sleep 3600', { replicas: 0 });
    services.push(other);
    await client.updateSpec(other, (spec) => ({ ...spec, TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...spec.TaskTemplate?.ContainerSpec, Image: '127.0.0.1:5999/swarm-services/app:1' } } }));
    const versions = [await versionOf(id), await versionOf(other)];
    const rows = [await serviceRow(a, id), await serviceRow(a, other)];
    await vscode.commands.executeCommand(Commands.redeployLatestImage, rows[0], rows);
    assert.equal(host().errors.length, 1, host().notifications.map((n) => n.message).join(' | '));
    assert.match(host().errors[0]!, /already runs the latest 127\.0\.0\.1:5000\/swarm-services\/app:ext-\w+ \(\w{12}\); nothing changed\./);
    assert.match(host().errors[0]!, /Could not redeploy .*reg-unreachable.*: 127\.0\.0\.1:5999 could not be reached from the engine/);
    assert.deepEqual([await versionOf(id), await versionOf(other)], versions);
  });

  it('resolveImage never: Update Service Image… sends the image as written (with the credentials), no lookup', async () => {
    const config = vscode.workspace.getConfiguration('dockerSwarm');
    await config.update('deploy.resolveImage', 'never', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand(Commands.updateImage, id, IMAGE_REF);
      assert.deepEqual(host().choices, []);
      assert.deepEqual(host().errors, []);
      assert.equal(await imageOf(id), IMAGE_REF);
      assert.ok(!host().progressTitles.some((t) => /^Looking up/.test(t)), host().progressTitles.join(' | '));
    } finally {
      await config.update('deploy.resolveImage', undefined, vscode.ConfigurationTarget.Global);
    }
    await a.ctx.rollouts.settled();
    await waitFor('the unpinned tag pulled with the stored credentials and running', async () =>
      (await client.serviceTasks(id)).some((t) => t.Status?.State === 'running' && t.Spec?.ContainerSpec?.Image === IMAGE_REF), 90_000);
  });

  it('no credential reaches an output channel, the log or a notification', () => {
    const header = encodeRegistryAuth({ serverAddress: REGISTRY, username: REGISTRY_USER, password: REGISTRY_PASSWORD });
    const logs = allLogText(a.hostLogDir);
    assert.ok(logs.includes('Registry credentials for'), 'the log says where the credentials came from');
    for (const secret of [REGISTRY_PASSWORD, header, Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64')]) {
      assert.ok(!logs.includes(secret), 'a credential in the logs');
    }
  });

  it('Log Out lists the login and removes it; Redeploy then says the registry needs credentials and changes nothing', async () => {
    host().answer('127.0.0.1:5000');
    await vscode.commands.executeCommand(Commands.logOutOfRegistry);
    assert.deepEqual(host().quickPicks[0]?.labels, ['127.0.0.1:5000']);
    assert.deepEqual(await a.ctx.registry.logins.list(), []);
    const version = await versionOf(id);
    await vscode.commands.executeCommand(Commands.redeployLatestImage, id);
    assert.match(host().errors[0] ?? '', /needs credentials for 127\.0\.0\.1:5000\/swarm-services\/app:ext-\w+.*Nothing was changed\./);
    assert.equal(await versionOf(id), version);
  });
});
