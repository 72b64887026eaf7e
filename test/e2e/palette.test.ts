// The same commands from the command palette: F1, the command's title, Enter, then the
// service picked in a quick pick, as a person without the tree at hand does it.
import * as assert from 'node:assert/strict';
import { IDLE_SCRIPT, createRunService, engine, touchService, ui, waitForServicesRunning, withArtifacts } from './support/suite';
import { UI_TIMEOUT_MS } from './support/ui';

interface Svc { name: string; id: string }

describe('the same commands from the command palette', function () {
  let scaled: Svc, agent: Svc, reloaded: Svc, forced: Svc, removed: Svc;

  before(async function () {
    this.timeout(120_000);
    await withArtifacts('the command palette before', async () => {
      [scaled, agent, reloaded, forced, removed] = await Promise.all([
        createRunService('pal-scale', IDLE_SCRIPT, { replicas: 1 }),
        createRunService('pal-agent', IDLE_SCRIPT, { global: true }),
        createRunService('pal-reload', IDLE_SCRIPT, { replicas: 1 }),
        createRunService('pal-force', IDLE_SCRIPT, { replicas: 1 }),
        createRunService('pal-remove', IDLE_SCRIPT, { replicas: 0 }),
      ]);
      await waitForServicesRunning([{ id: scaled.id, count: 1 }, { id: reloaded.id, count: 1 }, { id: forced.id, count: 1 }]);
      await ui().openSwarmView();
      for (const s of [scaled, agent, reloaded, forced, removed]) await ui().revealRow(s.name);
    });
  });

  afterEach(async () => {
    for (let i = 0; i < 3; i++) {
      if (await ui().quickInput.isVisible() || await ui().dialog.isVisible()) {
        await ui().page.keyboard.press('Escape');
        await ui().page.waitForTimeout(200);
      }
    }
  });

  it('Docker Swarm: Scale Service… offers only scalable services, then sets the count typed', async () => {
    await ui().runFromPalette('Docker Swarm: Scale Service…');
    await ui().waitForQuickPick('Select a service to scale');
    // The global service is not offered: filtering by its name leaves no row of that name.
    await ui().typeInQuickInput(agent.name);
    await ui().page.waitForTimeout(1000);
    const offered = await ui().quickPickLabels();
    assert.ok(!offered.includes(agent.name), `the global ${agent.name} is not offered: ${JSON.stringify(offered)}`);
    await ui().pick(scaled.name);
    await ui().until('the replica input box', async () => (await ui().quickInputBox.inputValue()) === '1');
    await ui().typeInQuickInput('2');
    await ui().page.keyboard.press('Enter');
    await ui().waitForQuickInputClosed();
    assert.equal((await engine.inspectService(scaled.id)).Spec?.Mode?.Replicated?.Replicas, 2);
    await waitForServicesRunning([{ id: scaled.id, count: 2 }]);
    await ui().until(`${scaled.name} to read "replicated 2/2"`, async () => (await ui().rowDescription(scaled.name)).startsWith('replicated 2/2'),
      30_000, () => ui().rowDescription(scaled.name));
    assert.deepEqual(await ui().errorToasts(), []);
  });

  it('Docker Swarm: Reload Service redraws the picked service', async () => {
    const version = await touchService(reloaded.id, 'e2e.palette-reloaded');
    await ui().runFromPalette('Docker Swarm: Reload Service');
    await ui().waitForQuickPick('Select a service to reload');
    await ui().pick(reloaded.name);
    await ui().waitForQuickInputClosed();
    await ui().until(`the row to show version ${version}`, async () => {
      const label = await ui().rowTooltip(reloaded.name);
      return label.includes(`Version: ${version}`) && label.includes('e2e.palette-reloaded=yes');
    }, UI_TIMEOUT_MS, () => ui().rowTooltip(reloaded.name));
    await ui().page.waitForTimeout(500);
    assert.deepEqual(await ui().errorToasts(), []);
  });

  it('Docker Swarm: Force Update Service, confirmed, bumps ForceUpdate', async () => {
    const before = (await engine.inspectService(forced.id)).Spec?.TaskTemplate?.ForceUpdate ?? 0;
    await ui().runFromPalette('Docker Swarm: Force Update Service');
    await ui().waitForQuickPick('Select a service to force-update');
    await ui().pick(forced.name);
    assert.match(await ui().dialogText(), new RegExp(`Force update ${forced.name}\\?`));
    await ui().clickDialogButton('Force Update');
    await ui().waitForToast(new RegExp(`Force update of ${forced.name} started`));
    assert.equal((await engine.inspectService(forced.id)).Spec?.TaskTemplate?.ForceUpdate, before + 1);
  });

  it('Docker Swarm: Inspect Service opens the picked service\'s JSON', async () => {
    await ui().runFromPalette('Docker Swarm: Inspect Service');
    await ui().waitForQuickPick('Select a service to inspect');
    await ui().pick(reloaded.name);
    await ui().until(`an editor titled ${reloaded.name}.json`, async () => (await ui().activeTabTitle()) === `${reloaded.name}.json`,
      UI_TIMEOUT_MS, () => ui().activeTabTitle());
    await ui().until('the service id in the editor', async () => (await ui().visibleEditorText()).includes(`"ID": "${reloaded.id}"`),
      UI_TIMEOUT_MS, async () => (await ui().visibleEditorText()).slice(0, 300));
    await ui().closeAllEditors();
  });

  it('Docker Swarm: Remove Service…, confirmed, removes the picked service', async () => {
    await ui().runFromPalette('Docker Swarm: Remove Service…');
    await ui().waitForQuickPick('Select a service to remove');
    await ui().pick(removed.name);
    assert.match(await ui().dialogText(), new RegExp(`Remove service ${removed.name}\\?`));
    await ui().clickDialogButton('Remove');
    await ui().waitForToast(new RegExp(`Removed ${removed.name}\\b`));
    await assert.rejects(engine.inspectService(removed.id), (e: Error & { kind?: string }) => e.kind === 'notFound');
    await ui().waitForRowGone(removed.name);
    await ui().dismissToasts();
  });
});
