// The Secrets, Configs and Networks views as a person uses them: a file of the workspace
// right-clicked in the Explorer becomes a secret (its name typed in the input box), the secret
// shows in the Secrets view and on the engine, and its context menu removes it after a modal
// confirmation. The three views, with a service using a config and a network, make the
// README's picture.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_ID, RUN_LABEL } from '../support/swarm';
import { IDLE_SCRIPT, createRunService, engine, screenshot, ui, waitForServicesRunning, withArtifacts, workbench } from './support/suite';
import { UI_TIMEOUT_MS } from './support/ui';

/** Secret and config names: the run's id keeps them apart from other runs' (and allowed characters only). */
const objectName = (base: string) => `${RUN_ID}-${base}`.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');

describe('Secrets, Configs and Networks in the workbench', function () {
  const folderName = `${RUN_ID}-objects`;
  const fileName = 'api-token.txt';
  const secret = objectName('api-token');
  const config = objectName('app.conf');
  const network = objectName('backend');
  let folder: string;
  let configId: string | undefined;
  let networkId: string | undefined;
  let serviceId: string | undefined;

  before(async function () {
    this.timeout(120_000);
    await withArtifacts('swarm objects before', async () => {
      folder = join(workbench().folder, folderName);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, fileName), 's3cr3t-token-value\n');
      // A config and a network used by a service, so that the views have something beneath.
      configId = await engine.createConfig({ Name: config, Labels: { [RUN_LABEL]: RUN_ID }, Data: Buffer.from('greeting = hello\n').toString('base64') });
      networkId = await engine.createNetwork({ Name: network, Driver: 'overlay', Attachable: true, Labels: { [RUN_LABEL]: RUN_ID },
        IPAM: { Driver: 'default', Config: [{ Subnet: '10.231.7.0/24' }] } });
      const svc = await createRunService('objects', IDLE_SCRIPT, { replicas: 1 }, (spec) => {
        const template = spec.TaskTemplate as { ContainerSpec: Record<string, unknown>; Networks?: unknown[] };
        template.ContainerSpec['Configs'] = [{ ConfigID: configId, ConfigName: config, File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o444 } }];
        template.Networks = [{ Target: networkId, Aliases: ['api'] }];
      });
      serviceId = svc.id;
      await waitForServicesRunning([{ id: svc.id, count: 1 }]);
      await ui().openSwarmView();
      await ui().widenSidebar(620);
    });
  });

  afterEach(() => ui().dismissOverlays());

  after(async function () {
    this.timeout(60_000);
    // The Services tree gets the side bar's height back for whatever runs next.
    for (const title of ['Secrets', 'Configs', 'Networks']) await ui().collapsePane(title).catch(() => undefined);
    if (serviceId) await engine.removeService(serviceId).catch(() => undefined);
    // The service's tasks hold the network and config until they are gone.
    for (let i = 0; i < 40; i++) {
      const left = await Promise.all([
        configId ? engine.removeConfig(configId).then(() => true, () => false) : true,
        networkId ? engine.removeNetwork(networkId).then(() => true, () => false) : true,
      ]);
      if (left.every(Boolean)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await engine.removeSecret(secret).catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
  });

  it('right-click a file in the Explorer, Create Secret…, a name: the secret in the Secrets view and on the engine', async function () {
    this.timeout(120_000);
    const file = await ui().revealExplorerFile(folderName, fileName);
    const items = await ui().openContextMenuOn(file);
    assert.ok(items.includes('Create Secret…') && items.includes('Create Config…'), `the Explorer's menu of a file offers both: ${JSON.stringify(items)}`);
    await ui().clickMenuItem('Create Secret…');

    await ui().waitForQuickInput();
    // A name the Engine would refuse is refused in the box.
    await ui().typeInQuickInput('api token');
    await ui().until('the box to refuse "api token"', async () => /letters|characters/i.test(await ui().quickInputMessage.innerText()),
      UI_TIMEOUT_MS, () => ui().quickInputMessage.innerText());
    await ui().typeInQuickInput(secret);
    // Enter only once the box has taken the new name (its prompt back, no refusal): an Enter
    // that lands while the refusal still shows is not accepted.
    await ui().until('the name prompt, without a validation error', async () => /The secret's name/.test(await ui().quickInputMessage.innerText()),
      UI_TIMEOUT_MS, () => ui().quickInputMessage.innerText());
    await ui().page.keyboard.press('Enter');
    // Labels: none (the labels box, told apart from the name box by its prompt).
    await ui().until('the labels box', async () => /Labels \(optional\)/.test(await ui().quickInputMessage.innerText().catch(() => '')),
      UI_TIMEOUT_MS, () => ui().quickInputMessage.innerText());
    await ui().page.keyboard.press('Enter');

    await ui().waitForToast(new RegExp(`Created secret ${secret}`));
    const onEngine = (await engine.listSecrets()).find((s) => s.name === secret);
    assert.ok(onEngine, 'the secret exists on the engine');

    await ui().openSwarmView();
    await ui().dismissToasts();
    await ui().expandPane('Secrets');
    const row = await ui().waitForPaneRow('Secrets', secret);
    assert.match((await row.locator('.label-description').first().innerText()).trim(), /unused/);
  });

  it('the three views: a config and a network with the service that uses them', async function () {
    this.timeout(90_000);
    await ui().expandPane('Configs');
    await ui().expandPane('Networks');
    const configRow = await ui().waitForPaneRow('Configs', config);
    await configRow.locator('.monaco-tl-twistie').click();
    const networkRow = await ui().waitForPaneRow('Networks', network);
    assert.match((await networkRow.locator('.label-description').first().innerText()).trim(), /overlay · attachable · 10\.231\.7\.0\/24/);
    await networkRow.locator('.monaco-tl-twistie').click();
    const used = ui().pane('Configs').locator('.monaco-list-row[role="treeitem"][aria-level="2"]');
    await ui().until('the service under the config, with its path', async () => /\/etc\/app\.conf/.test((await used.allInnerTexts()).join(' ')),
      UI_TIMEOUT_MS, async () => JSON.stringify(await used.allInnerTexts()));
    const attached = ui().pane('Networks').locator('.monaco-list-row[role="treeitem"][aria-level="2"]');
    await ui().until('the service under the network, with its alias', async () => /aliases: api/.test((await attached.allInnerTexts()).join(' ')),
      UI_TIMEOUT_MS, async () => JSON.stringify(await attached.allInnerTexts()));
    await ui().dismissToasts();
    await screenshot('swarm-objects');
  });

  it('Remove Secret… from its context menu, Remove in the modal: gone from the view and the engine', async function () {
    this.timeout(90_000);
    const row = await ui().waitForPaneRow('Secrets', secret);
    const items = await ui().openContextMenuOn(row);
    assert.ok(items.includes('Remove Secret…'), JSON.stringify(items));
    await ui().clickMenuItem('Remove Secret…');
    const text = await ui().dialogText();
    assert.match(text, new RegExp(`Remove secret ${secret}`));
    assert.ok((await engine.listSecrets()).some((s) => s.name === secret), 'nothing is removed before the confirmation');
    await ui().clickDialogButton('Remove');
    await ui().waitForPaneRowGone('Secrets', secret);
    assert.ok(!(await engine.listSecrets()).some((s) => s.name === secret), 'the secret is gone from the engine');
    assert.deepEqual(await ui().errorToasts(), []);
  });
});
