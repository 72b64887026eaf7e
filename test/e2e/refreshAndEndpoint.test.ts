// The view's title-bar Refresh and the status bar's endpoint item, as a person sees them.
// Refresh is shown doing what nothing else would: the view reads the engine through an
// endpoint of this run (support/eventlessEngine.ts) that holds the event stream open without
// a word, with the poll off, so a service created behind the view's back shows only when
// Refresh is clicked.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EventlessProxy, assertHoldsFor, environmentEndpoint, managerSocketPath, overrideRefreshInterval, setDockerHostSetting, swarmServicesLogText,
} from './support/eventlessEngine';
import { IDLE_SCRIPT, REFRESH_INTERVAL, createRunService, engine, ui, withArtifacts, workbench } from './support/suite';
import { UI_TIMEOUT_MS } from './support/ui';

/** The docker CLI's own list of its contexts: what the picker must offer. */
function cliContexts(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('docker', ['context', 'ls', '--format', '{{.Name}}'], { timeout: 30_000 }, (err, stdout) =>
      err ? reject(err) : resolve(stdout.split('\n').map((l) => l.trim()).filter(Boolean)));
  });
}

async function statusItemText(): Promise<string> {
  return (await ui().endpointStatusItem.innerText()).replace(/\s+/g, ' ').trim();
}

describe('the title bar\'s Refresh and the status bar\'s endpoint', function () {
  let probe: { name: string; id: string };
  let scratch: string;
  let proxy: EventlessProxy;
  const waitFor = (what: string, probe: () => Promise<boolean>): Promise<unknown> => ui().until(what, probe);

  before(async function () {
    this.timeout(90_000);
    await withArtifacts('refresh and endpoint before', async () => {
      probe = await createRunService('refresh-probe', IDLE_SCRIPT, { replicas: 0 });
      scratch = mkdtempSync(join(tmpdir(), 'swarm-services-e2e-sock-'));
      await ui().openSwarmView();
      await ui().revealRow(probe.name);
    });
  });

  beforeEach(async () => {
    proxy = new EventlessProxy(join(scratch, 'docker.sock'), managerSocketPath());
    await proxy.start();
  });

  afterEach(async function () {
    this.timeout(60_000);
    for (let i = 0; i < 3 && await ui().quickInput.isVisible(); i++) await ui().page.keyboard.press('Escape');
    setDockerHostSetting(workbench(), undefined);
    await overrideRefreshInterval(workbench(), undefined, REFRESH_INTERVAL, waitFor).catch(() => undefined);
    await ui().until('the view to read the environment\'s engine again', async () => (await ui().servicesViewDescription()).startsWith(environmentEndpoint()))
      .catch(() => undefined);
    await proxy.stop();
  });

  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('Refresh in the title bar shows a service created outside the editor, which the view has no other way to learn of', async function () {
    this.timeout(120_000);
    await overrideRefreshInterval(workbench(), 0, REFRESH_INTERVAL, waitFor);
    setDockerHostSetting(workbench(), proxy.endpoint);
    await ui().until(`the view to read ${proxy.endpoint}`, async () => (await ui().servicesViewDescription()).startsWith(proxy.endpoint),
      UI_TIMEOUT_MS, () => ui().servicesViewDescription());
    await ui().revealRow(probe.name);
    await ui().until('the extension\'s event stream to be held at the endpoint', async () => proxy.heldEvents > 0);

    const created = await createRunService('refreshed', IDLE_SCRIPT, { replicas: 0 });
    await ui().until('the engine to list the new service', async () => (await engine.listServices({ name: [created.name] })).length === 1);
    // Longer than the shortest poll the setting allows (5 s): no event reaches the view and it
    // asks the engine nothing, so the new service does not show.
    const forwarded = proxy.forwarded;
    await assertHoldsFor(7_000, `no row ${created.name} before Refresh`, async () => !(await ui().scrollToRow(created.name)),
      async () => `the view shows ${await ui().describeView()}; the endpoint saw:\n${proxy.journal.join('\n')}`);
    assert.equal(proxy.forwarded, forwarded, `the view asked the engine nothing meanwhile; the endpoint saw:\n${proxy.journal.join('\n')}`);

    await ui().viewTitleAction('Refresh');
    await ui().revealRow(created.name);
    assert.ok(proxy.forwarded > forwarded, 'Refresh read the services through the endpoint');
    await ui().revealRow(probe.name);
    assert.deepEqual(await ui().errorToasts(), []);
  });

  it('the status bar item shows the active endpoint and opens Select Docker Context with the docker CLI\'s contexts; Escape changes nothing', async () => {
    // The environment's engine first, then another endpoint: the item follows.
    await ui().until(`the status bar item to show ${environmentEndpoint()}`, async () => (await statusItemText()) === environmentEndpoint(),
      UI_TIMEOUT_MS, statusItemText);
    setDockerHostSetting(workbench(), proxy.endpoint);
    await ui().until(`the status bar item to show ${proxy.endpoint}`, async () => (await statusItemText()) === proxy.endpoint,
      UI_TIMEOUT_MS, statusItemText);
    await ui().revealRow(probe.name); // the view reads that endpoint too
    const tooltip = await ui().hoverText(ui().endpointStatusItem);
    assert.equal(tooltip, `Docker Swarm endpoint: ${proxy.endpoint}\nClick to select a Docker context for Swarm Services.`);
    const description = await ui().servicesViewDescription();
    assert.equal(description, proxy.endpoint, 'the view names the endpoint it reads beside its title');

    const logBefore = swarmServicesLogText(workbench());
    await ui().endpointStatusItem.click();
    await ui().waitForQuickPick('Docker context for Swarm Services (the docker CLI keeps its own)');
    const contexts = await cliContexts();
    assert.ok(contexts.includes('default'), `the CLI lists its default context: ${JSON.stringify(contexts)}`);
    await ui().until('the docker CLI\'s contexts in the picker, after the settings entry', async () =>
      JSON.stringify(await ui().quickPickLabels()) === JSON.stringify(['Settings and environment', ...contexts]),
    UI_TIMEOUT_MS, async () => JSON.stringify(await ui().quickPickLabels()));
    const active = await ui().quickPickRows().first().locator('.label-description').innerText();
    assert.equal(active.trim(), 'active', 'no context is chosen: settings and environment are in effect');

    await ui().page.keyboard.press('Escape');
    await ui().waitForQuickInputClosed();
    // Nothing changed: the same endpoint on the item, beside the view's title and in use.
    await ui().viewTitleAction('Refresh');
    await ui().revealRow(probe.name);
    assert.equal(await statusItemText(), proxy.endpoint);
    assert.equal(await ui().hoverText(ui().endpointStatusItem), tooltip);
    assert.equal(await ui().servicesViewDescription(), description);
    const logAfter = swarmServicesLogText(workbench()).slice(logBefore.length);
    assert.ok(!logAfter.includes('Docker endpoint:'), `no endpoint change in the log: ${logAfter}`);
    assert.deepEqual(await ui().errorToasts(), []);
  });
});
