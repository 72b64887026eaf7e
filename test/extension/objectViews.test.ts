// The Secrets, Configs and Networks views in a real VS Code against the real swarm: shown, they
// fill; they follow changes made outside the editor through the Engine's events alone (the
// poll is off); under each object the services using it, at the path the file really has in
// their containers (read back from a running task); networks with driver, subnet and aliases;
// grouping by stack under the Services view's setting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SwarmServicesApi } from '../../src/extension';
import type { NetworkElement, ObjectKind, ObjectsTreeElement, ObjectUseElement } from '../../src/tree/objectsItems';
import { objectOf } from '../../src/tree/objectsItems';
import { serviceSpec, uniqueName, waitFor } from '../support/swarm';
import { TestClient } from '../support/testClient';
import { api, dockerCli } from './support';

const VIEWS: Record<ObjectKind, string> = { secret: 'dockerSwarm.secrets', config: 'dockerSwarm.configs', network: 'dockerSwarm.networks' };
const STACK = 'com.docker.stack.namespace';

describe('the Secrets, Configs and Networks views', () => {
  let a: SwarmServicesApi;
  const client = new TestClient();
  const config = () => vscode.workspace.getConfiguration('dockerSwarm');
  const created: { services: string[]; secrets: string[]; configs: string[]; networks: string[] } = { services: [], secrets: [], configs: [], networks: [] };

  const tree = (kind: ObjectKind) => a.ctx.objectTrees[kind];
  /** Every row of a view, depth first (what VS Code would get expanding everything). */
  async function rows(kind: ObjectKind, parent?: ObjectsTreeElement): Promise<ObjectsTreeElement[]> {
    const children = await tree(kind).getChildren(parent);
    const below = await Promise.all(children.map((c) => rows(kind, c)));
    return children.flatMap((c, i) => [c, ...below[i]!]);
  }
  const item = (kind: ObjectKind, e: ObjectsTreeElement) => tree(kind).getTreeItem(e);
  /** The top-level object row with this ID (outside any stack), if the view shows it now. */
  async function objectRow(kind: ObjectKind, id: string): Promise<ObjectsTreeElement | undefined> {
    return (await tree(kind).getChildren()).find((e) => e.kind === kind && objectOf(e).id === id);
  }

  before(async () => {
    a = await api();
    // Events only: nothing else can explain a view following a change.
    await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.extension.dockerSwarm');
    for (const view of Object.values(VIEWS)) await vscode.commands.executeCommand(`${view}.focus`);
    await waitFor('the three object views visible, the swarm watched', async () =>
      (['secret', 'config', 'network'] as const).every((k) => a.ctx.objects.isVisible(k)) && a.refresher.isActive && a.refresher.isSubscribed, 20_000);
  });

  after(async () => {
    await config().update('refreshInterval', undefined, vscode.ConfigurationTarget.Global);
    await config().update('groupByStack', undefined, vscode.ConfigurationTarget.Global);
    for (const id of created.services) await client.removeService(id).catch(() => undefined);
    // A removed service's tasks hold its secrets and networks a moment longer.
    await waitFor('the services gone', async () => (await client.listServices({ id: created.services })).length === 0 || created.services.length === 0, 30_000).catch(() => undefined);
    const remove = async (what: string, f: () => Promise<void>) => waitFor(`${what} removed`, async () => f().then(() => true), 30_000).catch(() => undefined);
    for (const id of created.secrets) await remove(id, () => client.removeSecret(id));
    for (const id of created.configs) await remove(id, () => client.removeConfig(id));
    for (const id of created.networks) await remove(id, () => client.removeNetwork(id));
  });

  it('fill when shown: the swarm-scope networks with ingress protected, and objects made outside', async () => {
    const secretId = await client.createSecret({ Name: uniqueName('fill-secret'), Data: Buffer.from('s3cret').toString('base64'), Labels: { purpose: 'test' } });
    created.secrets.push(secretId);
    const configId = await client.createConfig({ Name: uniqueName('fill-config'), Data: Buffer.from('a=1\n').toString('base64'), Templating: { Name: 'golang' } });
    created.configs.push(configId);
    const secretRow = await waitFor('the secret row', () => objectRow('secret', secretId), 10_000);
    const s = item('secret', secretRow);
    assert.equal(s.id, `secret:${secretId}`);
    assert.equal(s.contextValue, 'secret:unused');
    assert.match(String(s.tooltip), /\nLabels:\n {2}purpose=test\n/);
    assert.deepEqual((await tree('secret').getChildren(secretRow)).map((e) => item('secret', e).label), ['No service uses it']);
    const c = item('config', await waitFor('the config row', () => objectRow('config', configId), 10_000));
    assert.match(String(c.description), /template \(golang\)/);
    // Networks: what `docker network ls --filter scope=swarm` lists, and nothing else (other
    // runs may be changing networks meanwhile: the two must meet, not be equal at one instant).
    const listed = async () => {
      const cli = (await dockerCli('network', 'ls', '--no-trunc', '--filter', 'scope=swarm', '--format', '{{.ID}}')).trim().split('\n').sort();
      const shown = (await rows('network')).filter((e): e is NetworkElement => e.kind === 'network');
      return { cli, shown };
    };
    const { shown } = await waitFor('the Networks view to list what the CLI lists', async () => {
      const l = await listed();
      return JSON.stringify(l.shown.map((e) => e.network.id).sort()) === JSON.stringify(l.cli) ? l : undefined;
    }, 10_000, 200, async () => JSON.stringify(await listed().then((l) => ({ cli: l.cli, shown: l.shown.map((e) => e.network.id) }))));
    const ingress = shown.find((e) => e.network.ingress);
    assert.ok(ingress, 'ingress is shown');
    assert.equal(item('network', ingress).contextValue, 'network:ingress', 'and protected (no Remove in its menu)');
  });

  it('follow `docker secret create` within a second, and its removal, through the event stream', async () => {
    const name = uniqueName('live-secret');
    const eventsBefore = a.refresher.stats.events;
    const out = await dockerCli('secret', 'create', '--label', 'made=outside', name, '/etc/hostname');
    const returned = Date.now();
    const id = out.trim();
    created.secrets.push(id);
    const row = await waitFor('the new secret in the Secrets view', () => objectRow('secret', id), 5_000, 10);
    const ms = Date.now() - returned;
    assert.ok(ms < 1000, `shown ${ms} ms after docker secret create returned`);
    assert.ok(a.refresher.stats.events > eventsBefore, 'an engine event drove it');
    assert.equal(item('secret', row).label, name);
    // Another refresh keeps the element the view knows: what was expanded stays expanded.
    await a.ctx.objects.refresh();
    assert.equal(await objectRow('secret', id), row);
    await dockerCli('secret', 'rm', id);
    const gone = Date.now();
    await waitFor('the removed secret to leave the view', async () => !(await objectRow('secret', id)), 5_000, 10);
    assert.ok(Date.now() - gone < 1000, `gone ${Date.now() - gone} ms after docker secret rm returned`);
  });

  it('a config and a secret used by a service: the service beneath each, at the path the file has in its container', async () => {
    const configName = uniqueName('used-config');
    const secretName = uniqueName('used-secret');
    const configId = await client.createConfig({ Name: configName, Data: Buffer.from('listen 8080\n').toString('base64') });
    created.configs.push(configId);
    const secretId = await client.createSecret({ Name: secretName, Data: Buffer.from('pw-123').toString('base64') });
    created.secrets.push(secretId);
    const spec = serviceSpec(uniqueName('uses-objects'), 'sleep 3600');
    // Relative targets: a config's is under / and a secret's under /run/secrets (what the Engine mounts).
    spec.TaskTemplate!.ContainerSpec!['Configs'] = [{ ConfigID: configId, ConfigName: configName, File: { Name: 'etc/app/app.conf', UID: '0', GID: '0', Mode: 0o440 } }];
    spec.TaskTemplate!.ContainerSpec!['Secrets'] = [{ SecretID: secretId, SecretName: secretName, File: { Name: 'db_pw', UID: '1000', GID: '1000', Mode: 0o400 } }];
    const serviceId = await client.createService(spec);
    created.services.push(serviceId);

    const useOf = async (kind: ObjectKind, objectId: string) =>
      waitFor(`the service under the ${kind}`, async () => {
        const row = await objectRow(kind, objectId);
        const children = row ? await tree(kind).getChildren(row) : [];
        return children.find((e): e is ObjectUseElement => e.kind === 'objectUse' && e.use.id === serviceId);
      }, 10_000);
    const configUse = item('config', await useOf('config', configId));
    assert.equal(configUse.label, spec.Name);
    assert.equal(configUse.description, '/etc/app/app.conf · 0:0 0440');
    assert.equal(item('config', (await objectRow('config', configId))!).contextValue, 'config:used');
    const secretUse = item('secret', await useOf('secret', secretId));
    assert.equal(secretUse.description, '/run/secrets/db_pw · 1000:1000 0400');

    // The paths shown are where the files are: read them in the running task's container.
    const container = await waitFor('a running task container', async () =>
      (await dockerCli('ps', '-q', '--filter', `label=com.docker.swarm.service.id=${serviceId}`)).trim().split('\n')[0] || undefined, 60_000, 500);
    assert.equal(await dockerCli('exec', container, 'cat', '/etc/app/app.conf'), 'listen 8080\n');
    assert.equal(await dockerCli('exec', container, 'sh', '-c', 'stat -c "%a %u" /run/secrets/db_pw'), '400 1000\n');
  });

  it('a network made with a subnet: driver, attachable, subnet, labels; the service attached with its aliases', async () => {
    const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}.0/24`;
    const name = uniqueName('net');
    const networkId = await client.createNetwork({ Name: name, Driver: 'overlay', Attachable: true, IPAM: { Config: [{ Subnet: subnet }] }, Labels: { tier: 'back' } });
    created.networks.push(networkId);
    const spec = serviceSpec(uniqueName('on-net'), 'sleep 3600', { replicas: 0 });
    spec.TaskTemplate!['Networks'] = [{ Target: networkId, Aliases: ['db', 'primary'] }];
    const serviceId = await client.createService(spec);
    created.services.push(serviceId);
    const row = await waitFor('the network attached to the service', async () => {
      const r = await objectRow('network', networkId);
      return r && String(item('network', r).description).endsWith('1 service') ? r : undefined;
    }, 10_000);
    const n = item('network', row);
    assert.equal(n.label, name);
    assert.equal(n.description, `overlay · attachable · ${subnet} · 1 service`);
    assert.equal(n.contextValue, 'network:used');
    assert.match(String(n.tooltip), new RegExp(`\\nSubnet: ${subnet.replace(/\./g, '\\.')}(, gateway [\\d.]+)?\\n`));
    assert.match(String(n.tooltip), /\nLabels:\n {2}tier=back$/);
    const uses = await tree('network').getChildren(row);
    assert.deepEqual(uses.map((e) => [item('network', e).label, item('network', e).description]), [[spec.Name, 'aliases: db, primary']]);
  });

  it('grouped by stack under dockerSwarm.groupByStack: the stack row, the object beneath it', async () => {
    const stack = uniqueName('stk');
    const secretId = await client.createSecret({ Name: `${stack}_token`, Data: Buffer.from('t').toString('base64'), Labels: { [STACK]: stack } });
    created.secrets.push(secretId);
    await config().update('groupByStack', false, vscode.ConfigurationTarget.Global);
    await waitFor('flat: the secret at the top level', () => objectRow('secret', secretId), 10_000);
    await config().update('groupByStack', true, vscode.ConfigurationTarget.Global);
    const stackRow = await waitFor('the stack row', async () => (await tree('secret').getChildren()).find((e) => e.kind === 'objectStack' && e.name === stack), 10_000);
    assert.equal(item('secret', stackRow).description, 'stack · 1 secret');
    const inside = await tree('secret').getChildren(stackRow);
    assert.deepEqual(inside.map((e) => item('secret', e).id), [`secret:${secretId}`]);
    assert.equal(tree('secret').getParent(inside[0]!), stackRow);
    assert.equal(await objectRow('secret', secretId), undefined, 'not at the top level as well');
    assert.ok((await rows('secret')).some((e) => e === inside[0]));
    await config().update('groupByStack', undefined, vscode.ConfigurationTarget.Global);
  });
});
