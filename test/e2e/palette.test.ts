// The same commands from the command palette: F1, the command's title, Enter, then the
// service picked in a quick pick, as a person without the tree at hand does it.
import * as assert from 'node:assert/strict';
import { IDLE_SCRIPT, createRunService, engine, touchService, ui, waitForServicesRunning, withArtifacts } from './support/suite';
import { RUN_ID } from '../support/swarm';
import { UI_TIMEOUT_MS } from './support/ui';

interface Svc { name: string; id: string }

/** Task ids in the tree under a service, read from the rows' accessible labels (their tooltips). */
async function taskIdsShown(service: string): Promise<string[]> {
  const labels = await (await ui().tasksOf(service)).evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
  return labels.map((l) => /Task ID: (\w+)/.exec(l)?.[1] ?? `(no id in "${l}")`).sort();
}

function sameIds(a: string[], b: string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

describe('the same commands from the command palette', function () {
  let scaled: Svc, agent: Svc, reloaded: Svc, forced: Svc, removed: Svc, pair: Svc;

  before(async function () {
    this.timeout(120_000);
    await withArtifacts('the command palette before', async () => {
      [scaled, agent, reloaded, forced, removed, pair] = await Promise.all([
        createRunService('pal-scale', IDLE_SCRIPT, { replicas: 1 }),
        createRunService('pal-agent', IDLE_SCRIPT, { global: true }),
        createRunService('pal-reload', IDLE_SCRIPT, { replicas: 1 }),
        createRunService('pal-force', IDLE_SCRIPT, { replicas: 1 }),
        createRunService('pal-remove', IDLE_SCRIPT, { replicas: 0 }),
        createRunService('pal-pair', IDLE_SCRIPT, { replicas: 2 }),
      ]);
      await waitForServicesRunning([{ id: scaled.id, count: 1 }, { id: reloaded.id, count: 1 }, { id: forced.id, count: 1 }, { id: pair.id, count: 2 }]);
      await ui().openSwarmView();
      for (const s of [scaled, agent, reloaded, forced, removed]) await ui().revealRow(s.name);
    });
  });

  afterEach(() => ui().dismissOverlays());

  it('Docker Swarm: Scale Service… offers only scalable services, then sets the count typed', async () => {
    await ui().runFromPaletteTo('Docker Swarm: Scale Service…', 'Select a service to scale');
    // The global service is not offered. Filtered by the prefix all this suite's services share,
    // the picker shows the replicated ones (so its list is loaded), and not the global one.
    await ui().typeInQuickInput(`${RUN_ID}-pal-`);
    const replicated = [scaled, reloaded, forced, removed].map((s) => s.name).sort();
    const offered = await ui().until('the replicated services of this suite in the picker', async () => {
      const labels = await ui().quickPickLabels();
      return replicated.every((n) => labels.includes(n)) ? labels : undefined;
    }, UI_TIMEOUT_MS, async () => JSON.stringify(await ui().quickPickLabels()));
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
    await ui().runFromPaletteTo('Docker Swarm: Reload Service', 'Select a service to reload');
    await ui().pick(reloaded.name);
    await ui().waitForQuickInputClosed();
    await ui().until(`the row to show version ${version}`, async () => {
      const label = await ui().rowTooltip(reloaded.name);
      return label.includes(`Version: ${version}`) && label.includes('e2e.palette-reloaded=yes');
    }, UI_TIMEOUT_MS, () => ui().rowTooltip(reloaded.name));
    // The row shows what the reload read: the command has done its work; any error it met is on screen by now.
    assert.deepEqual(await ui().errorToasts(), []);
  });

  it('Docker Swarm: Force Update Service, confirmed, bumps ForceUpdate', async () => {
    const before = (await engine.inspectService(forced.id)).Spec?.TaskTemplate?.ForceUpdate ?? 0;
    await ui().runFromPaletteTo('Docker Swarm: Force Update Service', 'Select a service to force-update');
    await ui().pick(forced.name);
    assert.match(await ui().dialogText(), new RegExp(`Force update ${forced.name}\\?`));
    await ui().clickDialogButton('Force Update');
    await ui().waitForToast(new RegExp(`Force update of ${forced.name} started`));
    assert.equal((await engine.inspectService(forced.id)).Spec?.TaskTemplate?.ForceUpdate, before + 1);
  });

  it('Docker Swarm: Inspect Service opens the picked service\'s JSON', async () => {
    await ui().runFromPaletteTo('Docker Swarm: Inspect Service', 'Select a service to inspect');
    await ui().pick(reloaded.name);
    await ui().until(`an editor titled ${reloaded.name}.json`, async () => (await ui().activeTabTitle()) === `${reloaded.name}.json`,
      UI_TIMEOUT_MS, () => ui().activeTabTitle());
    await ui().until('the service id in the editor', async () => (await ui().visibleEditorText()).includes(`"ID": "${reloaded.id}"`),
      UI_TIMEOUT_MS, async () => (await ui().visibleEditorText()).slice(0, 300));
    await ui().closeAllEditors();
  });

  it('Docker Swarm: Filter Tasks… by task name leaves the matching task and shows the filter beside the view\'s title; Clear Task Filter undoes both', async () => {
    await ui().expand(pair.name);
    const running = await engine.serviceTasks(pair.id, { 'desired-state': 'running' });
    assert.equal(running.length, 2);
    await ui().until('both tasks under the service', async () => sameIds(await taskIdsShown(pair.name), running.map((t) => t.ID)),
      UI_TIMEOUT_MS, async () => JSON.stringify(await taskIdsShown(pair.name)));
    const endpoint = await ui().servicesViewDescription();
    assert.ok(endpoint !== '' && !endpoint.includes('tasks:'), `no filter beside the title: "${endpoint}"`);

    // Task names are <service>.<slot>.<task id>: the name filter matches their beginning.
    const name = `${pair.name}.2.`;
    await ui().runFromPaletteTo('Docker Swarm: Filter Tasks…', 'Filter tasks by…');
    await ui().pick('Task name');
    await ui().until('the task name input box', async () => (await ui().quickInput.innerText()).includes('Task name, or its beginning'));
    await ui().typeInQuickInput(name);
    await ui().page.keyboard.press('Enter');
    await ui().waitForQuickInputClosed();

    const matching = await engine.serviceTasks(pair.id, { 'desired-state': 'running', name });
    assert.deepEqual(matching.map((t) => t.Slot), [2], 'the engine\'s answer to that filter: the task of slot 2');
    await ui().until('only the task of slot 2 under the service', async () => sameIds(await taskIdsShown(pair.name), matching.map((t) => t.ID)),
      UI_TIMEOUT_MS, async () => JSON.stringify(await taskIdsShown(pair.name)));
    await ui().until('the filter beside the view\'s title', async () => (await ui().servicesViewDescription()) === `${endpoint} · tasks: desired-state=running, name=${name}`,
      UI_TIMEOUT_MS, () => ui().servicesViewDescription());

    await ui().runFromPalette('Docker Swarm: Clear Task Filter');
    await ui().until('both tasks again', async () => sameIds(await taskIdsShown(pair.name), running.map((t) => t.ID)),
      UI_TIMEOUT_MS, async () => JSON.stringify(await taskIdsShown(pair.name)));
    await ui().until('no filter beside the view\'s title', async () => (await ui().servicesViewDescription()) === endpoint,
      UI_TIMEOUT_MS, () => ui().servicesViewDescription());
    await ui().collapse(pair.name);
  });

  it('Docker Swarm: Remove Service…, confirmed, removes the picked service', async () => {
    await ui().runFromPaletteTo('Docker Swarm: Remove Service…', 'Select a service to remove');
    await ui().pick(removed.name);
    assert.match(await ui().dialogText(), new RegExp(`Remove service ${removed.name}\\?`));
    await ui().clickDialogButton('Remove');
    await ui().waitForToast(new RegExp(`Removed ${removed.name}\\b`));
    await assert.rejects(engine.inspectService(removed.id), (e: Error & { kind?: string }) => e.kind === 'notFound');
    await ui().waitForRowGone(removed.name);
    await ui().dismissToasts();
  });
});
