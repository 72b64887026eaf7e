// Create, open and remove secrets, configs and networks through the real commands inside the
// real extension host, on the real swarm: what the Engine holds afterwards is the oracle, and
// bad input must leave it untouched. Prompts are answered by a ScriptedHost.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import type { SwarmClient } from '../../src/docker/swarmClient';
import type { SwarmSecret } from '../../src/model/swarmObjects';
import { IMAGE, RUN_ID, serviceSpec, waitFor } from '../support/swarm';
import { TestClient } from '../support/testClient';
import { api, dockerCli, scriptedHostPerTest } from './support';
import { findSubnetOverlap } from '../../src/swarmObjects/networkInput';
import { parseCidr } from '../../src/swarmObjects/cidr';

const client = new TestClient();
/** Every object and service this file makes is named with this prefix, and removed afterwards. */
const PREFIX = `h16c-${RUN_ID}`;
let counter = 0;
const named = (what: string) => `${PREFIX}-${what}-${++counter}`;

const b64 = (data: string | Uint8Array) => Buffer.from(data).toString('base64');

async function names(kind: 'secret' | 'config' | 'network'): Promise<string[]> {
  const list = kind === 'secret' ? await client.listSecrets() : kind === 'config' ? await client.listConfigs() : await client.listNetworks();
  return list.map((o) => o.name).filter((n) => n.startsWith('h16c-')).sort();
}

describe('secrets, configs and networks: create, open, remove (extension host, real swarm)', () => {
  let a: SwarmServicesApi;
  let workspaceDir: string;
  let tempDir: string;
  const services: string[] = [];
  const files: string[] = [];

  before(async () => {
    a = await api();
    workspaceDir = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    tempDir = mkdtempSync(join(tmpdir(), 'h16c-'));
  });
  const host = scriptedHostPerTest(() => a);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const id of services) await client.removeService(id).catch(() => undefined);
    for (const f of files) rmSync(f, { force: true });
    rmSync(tempDir, { recursive: true, force: true });
    const mine = (o: { name: string }) => o.name.startsWith(PREFIX);
    for (const s of (await client.listSecrets()).filter(mine)) await client.removeSecret(s.id).catch(() => undefined);
    for (const c of (await client.listConfigs()).filter(mine)) await client.removeConfig(c.id).catch(() => undefined);
    // A network stays in use until the removed services' tasks have let go of it.
    await waitFor('the test networks removed', async () => {
      const left = (await client.listNetworks()).filter(mine);
      for (const n of left) await client.removeNetwork(n.id).catch(() => undefined);
      return left.length === 0;
    }, 60_000);
  });

  function workspaceFile(name: string, content: string | Uint8Array): vscode.Uri {
    const path = join(workspaceDir, name);
    writeFileSync(path, content);
    files.push(path);
    return vscode.Uri.file(path);
  }

  /** A service (no replicas: who uses what is read from the spec) using these secrets, configs and networks. */
  async function serviceUsing(refs: { secrets?: SwarmSecret[]; configs?: { id: string; name: string; target: string }[]; networks?: string[] }): Promise<string> {
    const name = named('svc');
    const spec = serviceSpec(name, 'sleep 3600', { replicas: 0 });
    const container = spec.TaskTemplate!.ContainerSpec!;
    container['Secrets'] = (refs.secrets ?? []).map((s) => ({ SecretID: s.id, SecretName: s.name, File: { Name: s.name, UID: '0', GID: '0', Mode: 0o400 } }));
    container['Configs'] = (refs.configs ?? []).map((c) => ({ ConfigID: c.id, ConfigName: c.name, File: { Name: c.target, UID: '0', GID: '0', Mode: 0o444 } }));
    if (refs.networks) spec.TaskTemplate!['Networks'] = refs.networks.map((Target) => ({ Target }));
    const id = await client.createService(spec);
    services.push(id);
    return name;
  }

  async function secretNamed(name: string, data = 'value'): Promise<SwarmSecret> {
    await client.createSecret({ Name: name, Data: b64(data) });
    return (await client.listSecrets()).find((s) => s.name === name)!;
  }

  /** Counts the remove requests the extension sends while `run` runs. */
  async function removalsSentDuring(run: () => Thenable<unknown>): Promise<number> {
    const real = a.ctx.client;
    let sent = 0;
    a.ctx.client = () =>
      new Proxy(real.call(a.ctx), {
        get(target, p, receiver) {
          const value = Reflect.get(target, p, receiver) as unknown;
          if (typeof p === 'string' && /^remove(Secret|Config|Network)$/.test(p)) sent++;
          return typeof value === 'function' ? (value as (...x: unknown[]) => unknown).bind(target) : value;
        },
      }) as SwarmClient;
    try {
      await run();
    } finally {
      a.ctx.client = real;
    }
    return sent;
  }

  describe('Create Config… and Open Config', () => {
    const content = '{\n  "port": 8080,\n  "name": "ünïcödé"\n}\n';
    let configName: string;

    it("makes a config of a workspace file (the Explorer's Uri) with exactly the file's bytes", async () => {
      const uri = workspaceFile(`${PREFIX}-app.json`, content);
      configName = `${PREFIX}-app.json`;
      host().answer(configName, 'env=test, owner=h16c', 'None');
      const id = await vscode.commands.executeCommand<string>(Commands.createConfig, uri, [uri]);
      assert.equal(host().inputBoxes[0]?.value, `${PREFIX}-app.json`, "the name box suggests the file's name");
      const config = await client.inspectConfig(configName);
      assert.equal(config.id, id);
      assert.equal(Buffer.compare(Buffer.from(config.data, 'base64'), Buffer.from(content)), 0, "the engine holds the file's bytes");
      assert.deepEqual(config.labels, { env: 'test', owner: 'h16c' });
      assert.equal(config.templating, undefined);
      assert.deepEqual(host().infos, [`Created config ${configName}.`]);
      assert.ok(host().progressTitles.includes(`Creating config ${configName}`));
    });

    it("opens its data read-only, as it is, in the language of the config's name (.json)", async () => {
      const [doc] = await vscode.commands.executeCommand<vscode.TextDocument[]>(Commands.openConfig, configName);
      assert.ok(doc);
      assert.equal(doc.getText(), content);
      assert.equal(doc.languageId, 'json');
      assert.equal(doc.uri.scheme, 'docker-swarm-config');
      assert.equal(vscode.window.activeTextEditor?.document, doc, 'shown in an editor');
    });

    it('opens a config in the language of the file a service mounts it as (settings.yaml), not its name', async () => {
      const name = named('settings');
      await client.createConfig({ Name: name, Data: b64('a: 1\nb: [x, y]\n') });
      const config = (await client.listConfigs()).find((c) => c.name === name)!;
      await serviceUsing({ configs: [{ id: config.id, name, target: '/etc/app/settings.yaml' }] });
      const [doc] = await vscode.commands.executeCommand<vscode.TextDocument[]>(Commands.openConfig, { kind: 'config', config });
      assert.equal(doc?.getText(), 'a: 1\nb: [x, y]\n');
      assert.equal(doc?.languageId, 'yaml');
    });

    it('shows a config that is not UTF-8 text as a note and base64, never garbled', async () => {
      // Named .json: the language follows the content when it is not text.
      const name = `${PREFIX}-blob.json`;
      const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
      await client.createConfig({ Name: name, Data: b64(bytes) });
      const [doc] = await vscode.commands.executeCommand<vscode.TextDocument[]>(Commands.openConfig, name);
      assert.match(doc!.getText(), /^This config's data is not UTF-8 text \(6 bytes\), so it is shown as base64:\n\n/);
      assert.ok(doc!.getText().includes(b64(bytes)));
      assert.equal(doc!.languageId, 'plaintext');
    });

    it("makes a golang template from a value typed, and Open Config's title says so", async () => {
      const name = named('tmpl');
      host().answer('Type the value…', 'service={{.Service.Name}}', name, '', 'golang');
      await vscode.commands.executeCommand(Commands.createConfig);
      assert.equal(host().inputBoxes[0]?.password, false, 'a config is typed in a plain box');
      const config = await client.inspectConfig(name);
      assert.equal(config.templating, 'golang');
      assert.equal(Buffer.from(config.data, 'base64').toString(), 'service={{.Service.Name}}');
      const [doc] = await vscode.commands.executeCommand<vscode.TextDocument[]>(Commands.openConfig, name);
      assert.equal(doc!.uri.path, `/${name} (template: golang)`);
      assert.equal(doc!.getText(), 'service={{.Service.Name}}', 'the data is not altered');
    });

    it("makes a config of the editor's selection (the editor's context menu gives the document)", async () => {
      const uri = workspaceFile(`${PREFIX}-whole.conf`, 'first line\nsecond line\nthird line\n');
      const editor = await vscode.window.showTextDocument(uri);
      editor.selection = new vscode.Selection(1, 0, 2, 0);
      const name = named('part');
      host().answer(name, '', 'None');
      await vscode.commands.executeCommand(Commands.createConfig, uri);
      assert.equal(host().inputBoxes[0]?.value, undefined, 'a selection suggests no name');
      assert.equal(Buffer.from((await client.inspectConfig(name)).data, 'base64').toString(), 'second line\n');
    });
  });

  describe('Create Secret…', () => {
    it('makes a secret from a value typed once in a password box; the value is shown nowhere', async () => {
      const name = named('typed');
      const value = 'h16c-very-secret-value';
      host().answer('Type the value…', value, name, 'tier=db');
      await vscode.commands.executeCommand(Commands.createSecret);
      assert.equal(host().inputBoxes[0]?.password, true);
      const secret = (await client.listSecrets()).find((s) => s.name === name);
      assert.ok(secret, 'the engine has the secret');
      assert.deepEqual(secret.labels, { tier: 'db' });
      assert.deepEqual(host().infos, [`Created secret ${name}.`]);
      const shown = [...host().infos, ...host().errors, ...host().progressTitles, ...host().confirms].join('\n');
      assert.ok(!shown.includes(value));
    });

    it('makes a secret of a file from the Explorer', async () => {
      const uri = workspaceFile(`${PREFIX}-db.pass`, 'p4ss\n');
      const name = named('file');
      host().answer(name, '');
      await vscode.commands.executeCommand(Commands.createSecret, uri, [uri]);
      assert.ok((await names('secret')).includes(name));
    });

    it("a name taken meanwhile: the Engine's refusal (409) is told in our words, nothing else is created", async () => {
      const name = named('raced');
      const h = host();
      const ask = h.showInputBox.bind(h);
      // Someone creates the same name once our name box was answered.
      h.showInputBox = async (options) => {
        const answer = await ask(options);
        if (options.prompt?.startsWith('Labels')) await client.createSecret({ Name: name, Data: b64('theirs') });
        return answer;
      };
      h.answer('Type the value…', 'mine', name, '');
      await vscode.commands.executeCommand(Commands.createSecret);
      assert.deepEqual(h.errors, [`A secret named ${name} already exists on the swarm (names are compared without case). Nothing was created; choose another name.`]);
      assert.equal((await names('secret')).filter((n) => n === name).length, 1);
    });
  });

  describe('bad input: a clear message, nothing created', () => {
    let before: string[];
    beforeEach(async () => {
      before = [...(await names('secret')), ...(await names('config'))];
    });
    afterEach(async () => {
      assert.deepEqual([...(await names('secret')), ...(await names('config'))], before, 'nothing was created');
    });

    it('a name with spaces', async () => {
      const uri = workspaceFile(`${PREFIX}-ok.txt`, 'data');
      host().answer('h16c bad name');
      await vscode.commands.executeCommand(Commands.createConfig, uri, [uri]);
      assert.deepEqual(host().validationMessages, ['The config name "h16c bad name" is not valid: it contains a space; only letters, digits, "-", "_" and "." are allowed.']);
    });

    it('a name of 65 characters', async () => {
      const uri = workspaceFile(`${PREFIX}-ok2.txt`, 'data');
      host().answer(`h16c-${'a'.repeat(60)}`);
      await vscode.commands.executeCommand(Commands.createSecret, uri, [uri]);
      assert.deepEqual(host().validationMessages, ['The secret name is 65 characters long; the Engine takes at most 64.']);
    });

    it('an empty file', async () => {
      const uri = workspaceFile(`${PREFIX}-empty.txt`, '');
      await vscode.commands.executeCommand(Commands.createConfig, uri, [uri]);
      assert.deepEqual(host().errors, [`The config's data is empty: the Engine refuses an empty config. (file ${PREFIX}-empty.txt)`]);
      assert.equal(host().inputBoxes.length, 0, 'nothing more was asked');
    });

    it('a 600 KB file for a secret', async () => {
      const path = join(tempDir, 'big.bin');
      writeFileSync(path, Buffer.alloc(600 * 1024, 0x61));
      await vscode.commands.executeCommand(Commands.createSecret, vscode.Uri.file(path), [vscode.Uri.file(path)]);
      assert.equal(host().errors.length, 1);
      assert.match(host().errors[0]!, /^The secret's data is 600 KB \(614,400 bytes\); the Engine takes less than 500 KB/);
      assert.equal(host().inputBoxes.length, 0);
    });

    it('a label without "="', async () => {
      const uri = workspaceFile(`${PREFIX}-ok3.txt`, 'data');
      host().answer(named('labelled'), 'env=prod, team:web');
      await vscode.commands.executeCommand(Commands.createConfig, uri, [uri]);
      assert.deepEqual(host().validationMessages, ['The label "team:web" has no "=": write key=value, or key= for an empty value.']);
    });

    it('several files selected in the Explorer', async () => {
      const one = workspaceFile(`${PREFIX}-one.txt`, '1');
      const two = workspaceFile(`${PREFIX}-two.txt`, '2');
      await vscode.commands.executeCommand(Commands.createSecret, one, [one, two]);
      assert.deepEqual(host().errors, ['Create Secret… makes one secret from one file, and 2 files are selected: select one file.']);
    });
  });

  describe('Remove Secret… / Remove Config…', () => {
    it('removes a secret after a modal confirmation naming it', async () => {
      const secret = await secretNamed(named('old'));
      host().answer('Remove');
      const removed = await vscode.commands.executeCommand<string[]>(Commands.removeSecret, { kind: 'secret', secret });
      assert.deepEqual(removed, [secret.id]);
      assert.deepEqual(host().confirms, [`Remove secret ${secret.name}?`]);
      assert.ok(!(await names('secret')).includes(secret.name), 'gone from the engine');
      assert.deepEqual(host().infos, [`Removed secret ${secret.name}.`]);
    });

    it('keeps a secret when the confirmation is cancelled', async () => {
      const secret = await secretNamed(named('kept'));
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.removeSecret, secret.name);
      assert.ok((await names('secret')).includes(secret.name));
    });

    it('refuses a secret in use before sending anything, naming the service', async () => {
      const secret = await secretNamed(named('used'));
      const service = await serviceUsing({ secrets: [secret] });
      const sent = await removalsSentDuring(() => vscode.commands.executeCommand(Commands.removeSecret, { kind: 'secret', secret }));
      assert.equal(sent, 0, 'no remove request');
      assert.deepEqual(host().confirms, [], 'not even asked');
      assert.deepEqual(host().errors, [`Secret ${secret.name} is in use by service ${service}. Remove it from the service first (or rotate it). Nothing was removed.`]);
      assert.ok((await names('secret')).includes(secret.name), 'still there');
    });

    it('a multi-selection of two, one in use: the other is removed, the one in use reported', async () => {
      const free = await secretNamed(named('free'));
      const used = await secretNamed(named('busy'));
      const service = await serviceUsing({ secrets: [used] });
      host().answer('Remove');
      const rows = [{ kind: 'secret', secret: free }, { kind: 'secret', secret: used }];
      await vscode.commands.executeCommand(Commands.removeSecret, rows[0], rows);
      assert.deepEqual(host().confirmations.map((c) => [c.message, c.detail]), [
        [`Remove secret ${free.name}?`, `Its data is deleted from the swarm's store. This cannot be undone. ${used.name} is kept (in use by service ${service}).`],
      ]);
      assert.deepEqual(host().errors, [`Removed secret ${free.name}. Could not remove ${used.name}: in use by service ${service}`]);
      const left = await names('secret');
      assert.ok(!left.includes(free.name));
      assert.ok(left.includes(used.name));
    });

    it('a config a service starts using after the check: the Engine refuses, and the message is ours, naming it', async () => {
      const name = named('late');
      await client.createConfig({ Name: name, Data: b64('x') });
      const config = (await client.listConfigs()).find((c) => c.name === name)!;
      const h = host();
      const confirm = h.confirm.bind(h);
      let service = '';
      h.confirm = async (message, detail, button) => {
        const answer = await confirm(message, detail, button);
        service = await serviceUsing({ configs: [{ id: config.id, name, target: '/late' }] });
        return answer;
      };
      h.answer('Remove');
      await vscode.commands.executeCommand(Commands.removeConfig, name);
      assert.deepEqual(h.errors, [`Could not remove ${name}: in use by service ${service}, which started using it after the check; it was not removed`]);
      assert.ok((await names('config')).includes(name));
    });
  });

  describe('Create Network… / Remove Network…', () => {
    let subnet: string;
    let networkName: string;

    it('creates an overlay network with the subnet and gateway given', async () => {
      const existing = (await client.listNetworks()).map((n) => ({ name: n.name, subnets: n.ipam.map((i) => i.subnet ?? '') }));
      const third = [...Array(200).keys()].map((i) => i + 20).find((i) => !findSubnetOverlap(parseCidr(`10.231.${i}.0/24`)!, existing));
      assert.ok(third !== undefined, 'a free /24 under 10.231.0.0/16');
      subnet = `10.231.${third}.0/24`;
      networkName = named('net');
      host().answer(networkName, 'Yes', 'No', subnet, `10.231.${third}.1`, 'h16c=1');
      const id = await vscode.commands.executeCommand<string>(Commands.createNetwork);
      // The allocator fills in the driver a moment after the create.
      const network = await waitFor('the network listed, allocated', async () => (await client.listNetworks()).find((n) => n.name === networkName && n.driver !== ''));
      assert.equal(network.id, id);
      assert.equal(network.driver, 'overlay');
      assert.equal(network.attachable, true);
      assert.equal(network.internal, false);
      assert.deepEqual(network.ipam, [{ subnet, gateway: `10.231.${third}.1` }]);
      assert.deepEqual(network.labels, { h16c: '1' });
      assert.deepEqual(host().infos, [`Created network ${networkName} (subnet ${subnet}).`]);
    });

    it('refuses a subnet that overlaps an existing network, naming it; nothing created', async () => {
      const name = named('clash');
      host().answer(name, 'No', 'No', subnet.replace(/0\/24$/, '128/25'));
      await vscode.commands.executeCommand(Commands.createNetwork);
      assert.equal(host().validationMessages.length, 1);
      assert.match(host().validationMessages[0]!, new RegExp(`overlaps ${subnet.replace(/\./g, '\\.')} of the network "${networkName}"`));
      assert.ok(!(await names('network')).includes(name));
    });

    it("refuses a subnet that overlaps one of the engine's own networks (docker_gwbridge), naming it; nothing created", async () => {
      // The Engine accepts such an overlay; its tasks then have two routes to the same addresses.
      const gwbridge = (await dockerCli('network', 'inspect', 'docker_gwbridge', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}')).trim();
      const inside = gwbridge.replace(/\.0\.0\/16$/, '.200.0/24');
      assert.notEqual(inside, gwbridge, `docker_gwbridge is a /16 here (${gwbridge})`);
      const name = named('gw-clash');
      host().answer(name, 'No', 'No', inside);
      await vscode.commands.executeCommand(Commands.createNetwork);
      assert.deepEqual(host().validationMessages, [`The subnet ${inside} overlaps ${gwbridge} of the network "docker_gwbridge".`]);
      assert.ok(!(await names('network')).includes(name));
    });

    it('refuses a bad network name (spaces), nothing created', async () => {
      host().answer('h16c bad net');
      await vscode.commands.executeCommand(Commands.createNetwork);
      assert.match(host().validationMessages[0] ?? '', /is not valid: use letters, digits/);
      assert.ok(!(await names('network')).some((n) => n.includes('bad')));
    });

    it('refuses a network in use before sending anything, naming the service', async () => {
      const network = (await client.listNetworks()).find((n) => n.name === networkName)!;
      const service = await serviceUsing({ networks: [network.id] });
      await vscode.commands.executeCommand(Commands.removeNetwork, { kind: 'network', network });
      assert.deepEqual(host().errors, [`Network ${networkName} is in use by service ${service}. Detach it from the service first. Nothing was removed.`]);
      assert.deepEqual(host().confirms, []);
      assert.ok((await names('network')).includes(networkName));
    });

    it("a network a service attaches to after the check: the Engine's refusal (service IDs) is told with the service's name", async () => {
      const name = named('late-net');
      const id = await client.createNetwork({ Name: name, Driver: 'overlay' });
      const h = host();
      const confirm = h.confirm.bind(h);
      let service = '';
      h.confirm = async (message, detail, button) => {
        const answer = await confirm(message, detail, button);
        service = await serviceUsing({ networks: [id] });
        return answer;
      };
      h.answer('Remove');
      await vscode.commands.executeCommand(Commands.removeNetwork, name);
      assert.deepEqual(h.errors, [`Could not remove ${name}: in use by service ${service}, which started using it after the check; it was not removed`]);
      assert.ok((await names('network')).includes(name));
    });

    it('a network a standalone container is attached to: the Engine names a task, and the message says a container holds it', async () => {
      const name = named('att-net');
      await client.createNetwork({ Name: name, Driver: 'overlay', Attachable: true });
      const container = (await dockerCli('run', '-d', '--label', `h16c=${RUN_ID}`, '--network', name, IMAGE, 'sleep', '300')).trim();
      try {
        host().answer('Remove');
        await vscode.commands.executeCommand(Commands.removeNetwork, name);
        assert.equal(host().errors.length, 1);
        assert.match(
          host().errors[0]!,
          new RegExp(`^Could not remove ${name}: a container is still attached to it \\(task \\w+\\): a standalone container on this attachable network, or a task of a service removed a moment ago that is still stopping; it was not removed$`),
        );
        assert.ok((await names('network')).includes(name));
      } finally {
        await dockerCli('rm', '-f', container);
      }
    });

    it('removes an unused network after confirmation', async () => {
      const name = named('gone');
      await client.createNetwork({ Name: name, Driver: 'overlay' });
      host().answer('Remove');
      await vscode.commands.executeCommand(Commands.removeNetwork, name);
      assert.deepEqual(host().confirms, [`Remove network ${name}?`]);
      await waitFor('the network gone', async () => !(await names('network')).includes(name));
    });
  });
});
