// Deploy Stack… and Preview Stack Deploy as a person uses them: a stack file of the workspace
// right-clicked in the Explorer, the name typed in the input box, the modal confirmed, and the
// stack in the Services view and on the engine; then an unsaved edit previewed as a diff with
// nothing changed on the engine; and in a workbench whose folder is not trusted, neither the
// palette nor the Explorer offers the commands.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE, RUN_ID, RUN_LABEL } from '../support/swarm';
import { REFRESH_INTERVAL, RESULTS_DIR, VSIX, engine, screenshot, ui, withArtifacts, workbench } from './support/suite';
import type { Locator } from 'playwright-core';
import { UI_TIMEOUT_MS, WorkbenchUi } from './support/ui';
import { startWorkbench, type Workbench } from './support/workbench';

const STACK_NAMESPACE = 'com.docker.stack.namespace';

function docker(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)));
  });
}

/**
 * Two busybox services, one running and one at 0 replicas, labelled with the run (so the run's
 * cleanup finds them whatever happens), placed on managers (worker nodes of other suites come
 * and go and may lack the image), stopped at once; and a config read from a file beside it, so
 * the confirmation names a local file.
 */
function stackFile(workerReplicas = 0): string {
  const service = (replicas: number, extra: string[] = []) => [
    `    image: ${IMAGE}`,
    '    command: ["sleep", "3600"]',
    '    stop_grace_period: 1s',
    ...extra,
    '    deploy:',
    `      replicas: ${replicas}`,
    '      labels:',
    `        ${RUN_LABEL}: ${RUN_ID}`,
    '      placement:',
    '        constraints: ["node.role==manager"]',
  ];
  return [
    'services:',
    '  web:',
    ...service(1, ['    configs:', '      - source: app_conf', '        target: /etc/app.conf']),
    '  worker:',
    ...service(workerReplicas),
    'configs:',
    '  app_conf:',
    '    file: ./app.conf',
    '',
  ].join('\n');
}

interface StackService { name: string; id: string; version: number; replicas: number | undefined }

async function stackServices(stack: string): Promise<StackService[]> {
  const services = await engine.listServices({ label: [`${STACK_NAMESPACE}=${stack}`] });
  return services
    .map((s) => ({ name: s.Spec!.Name!, id: s.ID, version: s.Version!.Index!, replicas: s.Spec?.Mode?.Replicated?.Replicas }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe('Deploy Stack… and Preview Stack Deploy in the workbench', function () {
  // The folder's name is not a valid stack name as it is: the name offered is it made valid.
  const folderName = `${RUN_ID} Shop.App`;
  const stack = `${RUN_ID}-shop-app`;
  const fileName = 'docker-stack.yml';
  let folder: string;
  let autoSaveToggled = false;

  before(async function () {
    await withArtifacts('deploy stack before', async () => {
      folder = join(workbench().folder, folderName);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, fileName), stackFile());
      writeFileSync(join(folder, 'app.conf'), 'greeting = hello\n');
      // In a browser VS Code saves edits after a second by default: an unsaved edit needs that
      // off. Through the palette, not the settings file: the workbench's file watcher now and
      // then takes long to see a file change (the Explorer shows the same).
      await ui().runFromPalette('File: Toggle Auto Save');
      autoSaveToggled = true;
      // The extension's contributions (its menus among them) are known once its view is.
      await ui().openSwarmView();
      await ui().widenSidebar(620);
    });
  });

  afterEach(() => ui().dismissOverlays());

  after(async function () {
    this.timeout(90_000);
    // The stack file may hold the preview's unsaved edit: revert it, so closing asks nothing.
    try {
      const tab = ui().editorTab(fileName);
      if (await tab.count()) {
        await tab.first().click();
        await ui().runFromPalette('File: Revert File');
      }
      if (await ui().page.locator('.part.editor .tab').count()) await ui().closeAllEditors();
      await ui().dismissToasts();
    } finally {
      if (autoSaveToggled) await ui().runFromPalette('File: Toggle Auto Save').catch(() => undefined);
      await docker('stack', 'rm', stack).catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
      await ui().openSwarmView().catch(() => undefined);
      await ui().waitForRowGone(stack, 60_000).catch(() => undefined);
    }
  });

  it('right-click the stack file in the Explorer, Deploy Stack…, the name, Deploy in the modal: the stack and its services in the Services view and on the engine', async function () {
    this.timeout(150_000);
    const file = await ui().revealExplorerFile(folderName, fileName);
    const items = await ui().openContextMenuOn(file);
    assert.ok(items.includes('Deploy Stack…') && items.includes('Preview Stack Deploy'), `the Explorer's menu of a .yml file offers both: ${JSON.stringify(items)}`);
    await ui().clickMenuItem('Deploy Stack…');

    await ui().waitForQuickInput();
    assert.equal(await ui().quickInputBox.inputValue(), stack, `prefilled with the folder's name "${folderName}" made valid`);
    assert.equal((await ui().quickInputTitle.innerText()).trim(), `Deploy ${folderName}/${fileName}`);
    // A name the Engine would refuse is refused in the box (and Enter does not accept it).
    await ui().typeInQuickInput('Shop.App');
    await ui().until('the box to refuse "Shop.App"', async () => /only letters, digits/.test(await ui().quickInputMessage.innerText()),
      UI_TIMEOUT_MS, () => ui().quickInputMessage.innerText());
    await ui().typeInQuickInput(stack);
    await ui().until('the prompt, without a validation error', async () => /Stack name/.test(await ui().quickInputMessage.innerText()),
      UI_TIMEOUT_MS, () => ui().quickInputMessage.innerText());
    await ui().page.keyboard.press('Enter');

    const text = await ui().dialogText();
    assert.match(text, new RegExp(`Deploy stack ${stack} on .+\\?`));
    assert.match(text, /2 services: 2 created/);
    assert.match(text, new RegExp(`Networks created: ${stack}_default`));
    assert.match(text, new RegExp(`Configs created: ${stack}_app_conf`));
    assert.match(text, /Local files read: \.\/app\.conf/);
    const buttons = (await ui().dialog.getByRole('button').allInnerTexts()).map((b) => b.trim()).filter(Boolean);
    assert.ok(buttons.includes('Deploy') && !buttons.some((b) => b.startsWith('Deploy and Remove')), `no prune button for a new stack: ${JSON.stringify(buttons)}`);
    assert.deepEqual(await stackServices(stack), [], 'nothing is sent before the confirmation');
    await screenshot('deploy-modal');
    await ui().clickDialogButton('Deploy');

    await ui().waitForToast(new RegExp(`Stack ${stack} deployed: 2 created`));
    // On the engine, through the API and as the docker CLI sees it: a stack of two services.
    const services = await stackServices(stack);
    assert.deepEqual(services.map((s) => [s.name, s.replicas]), [[`${stack}_web`, 1], [`${stack}_worker`, 0]]);
    assert.match(await docker('stack', 'ls', '--format', '{{.Name}} {{.Services}}'), new RegExp(`^${stack} 2$`, 'm'));
    assert.equal((await docker('config', 'inspect', '--format', '{{printf "%s" .Spec.Data}}', `${stack}_app_conf`)).trim(), 'greeting = hello');

    await ui().openSwarmView();
    await ui().dismissToasts();
    await ui().until(`the stack row to read "stack · 2 services · 1/1"`, async () => (await ui().rowDescription(stack)).startsWith('stack · 2 services · 1/1'),
      30_000, () => ui().rowDescription(stack));
    await ui().expand(stack);
    await ui().until(`${stack}_web to read "replicated 1/1"`, async () => (await ui().rowDescription(`${stack}_web`)).startsWith('replicated 1/1'),
      30_000, () => ui().rowDescription(`${stack}_web`));
    assert.match(await ui().rowDescription(`${stack}_worker`), /^replicated 0\/0/);
    const inStack = ui().servicesPane.locator('.monaco-list-row[role="treeitem"][aria-level="2"] .label-name');
    await ui().until('the two services under the stack', async () => {
      const names = (await inStack.allInnerTexts()).map((n) => n.trim());
      return names.includes(`${stack}_web`) && names.includes(`${stack}_worker`);
    }, UI_TIMEOUT_MS, async () => JSON.stringify(await inStack.allInnerTexts()));
    await ui().expand(`${stack}_web`);
    // Its task, a level below it (tasks of a service in a stack are at level 3).
    const task = ui().servicesPane.locator('.monaco-list-row[role="treeitem"][aria-level="3"] .label-name').getByText(`${stack}_web.1`, { exact: true });
    await ui().until(`the task ${stack}_web.1 under ${stack}_web`, async () => (await task.count()) === 1);
    await ui().scrollToRow(stack);
    assert.deepEqual(await ui().errorToasts(), []);
    await ui().dismissToasts();
    await screenshot('deploy-stack');
  });

  it('Preview Stack Deploy of an unsaved edit, from the editor tab\'s menu: a diff of the changed service, and nothing changes on the engine', async function () {
    this.timeout(120_000);
    const before = await stackServices(stack);
    assert.equal(before.length, 2, 'the stack deployed by the previous step');

    // Open the file from the Explorer and change the worker's replicas from 0 to 2, unsaved.
    const file = await ui().revealExplorerFile(folderName, fileName);
    await file.dblclick();
    await ui().until(`an editor of ${fileName}`, async () => (await ui().activeTabTitle()) === fileName, UI_TIMEOUT_MS, () => ui().activeTabTitle());
    const lines = stackFile().split('\n');
    const line = lines.findIndex((l, i) => l === '      replicas: 0' && lines.slice(0, i).includes('  worker:')) + 1;
    assert.ok(line > 0);
    await ui().activeEditor.locator('.view-lines').first().click();
    await ui().page.keyboard.press('ControlOrMeta+g');
    await ui().waitForQuickInput();
    await ui().page.keyboard.type(String(line));
    await ui().page.keyboard.press('Enter');
    await ui().waitForQuickInputClosed();
    await ui().page.keyboard.press('End');
    await ui().page.keyboard.press('Backspace');
    await ui().page.keyboard.type('2');
    const tab = ui().editorTab(fileName).first();
    await ui().until('the editor to hold the unsaved edit', async () =>
      (await tab.getAttribute('class'))?.includes('dirty') && (await ui().visibleEditorText()).includes('replicas: 2'),
    UI_TIMEOUT_MS, async () => `${await tab.getAttribute('class')}\n${await ui().visibleEditorText()}`);
    await ui().page.waitForTimeout(1500); // longer than auto save's delay, were it on
    assert.ok((await tab.getAttribute('class'))?.includes('dirty'), 'the edit stays unsaved (auto save is off)');

    const items = await ui().openContextMenuOn(tab);
    assert.ok(items.includes('Preview Stack Deploy'), `the tab's menu offers it: ${JSON.stringify(items)}`);
    await ui().clickMenuItem('Preview Stack Deploy');
    await ui().waitForQuickInput();
    assert.equal(await ui().quickInputBox.inputValue(), stack);
    await ui().page.keyboard.press('Enter');
    await ui().waitForQuickInputClosed();

    const diffTitle = `${stack}_worker: running ↔ after deploy`;
    await ui().until(`a diff editor "${diffTitle}"`, async () => (await ui().tabTitles()).includes(diffTitle),
      UI_TIMEOUT_MS, async () => JSON.stringify(await ui().tabTitles()));
    const titles = await ui().tabTitles();
    assert.ok(titles.includes(`${stack} deploy preview.txt`), `the summary document is open too: ${JSON.stringify(titles)}`);
    assert.ok(!titles.some((t) => t.startsWith(`${stack}_web:`)), `no diff for the unchanged service: ${JSON.stringify(titles)}`);
    // The diff editor shows the change: 0 replicas running, 2 after the deploy. Where the editor
    // is narrow it draws the diff inline (the removed line above the added one), else side by side.
    const diff = ui().page.locator('.part.editor .editor-group-container.active .monaco-diff-editor');
    await diff.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = (l: Locator) => l.innerText().then((t) => t.replace(/\u00a0/g, ' '), () => '');
    // The modified side's own lines (inline, the removed ones are drawn in view zones among them).
    const modified = diff.locator('.editor.modified .lines-content > .view-lines').first();
    await ui().until('"Replicas": 2 after the deploy and "Replicas": 0 running, in the diff', async () =>
      /"Replicas": 2/.test(await text(modified)) && !/"Replicas": 0/.test(await text(modified)) && /"Replicas": 0/.test(await text(diff)),
    UI_TIMEOUT_MS, async () => `diff editor:\n${await text(diff)}`);
    // For the picture, the editors get the whole width (the diff goes side by side there).
    await ui().runFromPalette('View: Toggle Primary Side Bar Visibility');
    await ui().sidebar.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    await ui().until('the diff again, in the wider editor', async () => /"Replicas": 2/.test(await text(modified)) && /"Replicas": 0/.test(await text(diff)),
      UI_TIMEOUT_MS, async () => `diff editor:\n${await text(diff)}`);
    await screenshot('deploy-preview');
    await ui().openExplorer();

    const after = await stackServices(stack);
    assert.deepEqual(after, before, 'no service changed on the engine (same versions, same replicas)');
    assert.ok((await tab.getAttribute('class'))?.includes('dirty'), 'the edit is still unsaved: the preview saved nothing');
    assert.deepEqual(await ui().errorToasts(), []);

    // Revert the edit and close the editors: the next steps see the file as written.
    await tab.click();
    await ui().runFromPalette('File: Revert File');
    await ui().until('the edit reverted', async () => !(await tab.getAttribute('class'))?.includes('dirty'));
    await ui().closeAllEditors();
  });

  it('a folder that is not trusted: neither the palette nor the Explorer offers Deploy Stack… or Preview Stack Deploy, which the trusted workbench offers', async function () {
    this.timeout(4 * 60_000);
    const offered = ['Docker Swarm: Deploy Stack…', 'Docker Swarm: Preview Stack Deploy'];
    // What the trusted workbench offers: both, beside the other stack command (Remove Stack…).
    const trusted = await ui().paletteOffers('Stack', 'Docker Swarm: Remove Stack…');
    for (const title of offered) assert.ok(trusted.includes(title), `the trusted workbench offers ${title}: ${JSON.stringify(trusted)}`);

    let wb: Workbench | undefined;
    try {
      wb = await startWorkbench({
        vsix: VSIX,
        untrustedFolder: true,
        settings: { 'dockerSwarm.refreshInterval': REFRESH_INTERVAL, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
        viewport: { width: 1440, height: 900 },
      });
      const view = new WorkbenchUi(wb.page);
      writeFileSync(join(wb.folder, fileName), stackFile());
      // The folder is in Restricted Mode (the status bar says so), and the extension is there.
      await view.until('"Restricted Mode" in the status bar', async () => (await view.statusBarItems()).some((s) => s.includes('Restricted Mode')),
        60_000, async () => JSON.stringify(await view.statusBarItems()));
      await view.activityBarEntry('Docker Swarm').waitFor({ timeout: UI_TIMEOUT_MS });

      const untrusted = await view.paletteOffers('Stack', 'Docker Swarm: Remove Stack…');
      for (const title of offered) assert.ok(!untrusted.includes(title), `the untrusted workbench does not offer ${title}: ${JSON.stringify(untrusted)}`);

      const file = await view.revealExplorerFile(fileName);
      const items = await view.openContextMenuOn(file);
      await view.closeMenus();
      assert.ok(items.length > 0, 'the Explorer\'s menu opened');
      for (const title of ['Deploy Stack…', 'Preview Stack Deploy']) {
        assert.ok(!items.includes(title), `the untrusted Explorer's menu has no ${title}: ${JSON.stringify(items)}`);
      }
    } catch (e) {
      if (wb) await wb.saveArtifacts(join(RESULTS_DIR, 'deploy-stack-untrusted-workbench')).catch(() => undefined);
      throw e;
    } finally {
      await wb?.close();
    }
    // And the same file's menu in the trusted workbench (the first step clicked it there).
    const items = await ui().openContextMenuOn(await ui().revealExplorerFile(folderName, fileName));
    await ui().closeMenus();
    assert.ok(items.includes('Deploy Stack…') && items.includes('Preview Stack Deploy'), JSON.stringify(items));
  });
});
