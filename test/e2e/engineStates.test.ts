// The Services view when the engine cannot be used, with real engines: the shared swarm
// manager is never stopped (other suites use it); the workbench is pointed elsewhere through
// the dockerSwarm.dockerHost setting instead: at the second, non-swarm engine of
// `scripts/sandbox.sh solo-up`, and at a socket of this run (support/eventlessEngine.ts) that
// resets every connection until the test lets requests through to the manager.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../support/testClient';
import { SOLO_DOCKER_HOST } from '../support/swarm';
import { EventlessProxy, assertHoldsFor, environmentEndpoint, managerSocketPath, overrideRefreshInterval, setDockerHostSetting } from './support/eventlessEngine';
import { REFRESH_INTERVAL, createRunService, screenshot, ui, withArtifacts, workbench } from './support/suite';
import { UI_TIMEOUT_MS } from './support/ui';

function setDockerHost(host: string | undefined): void {
  setDockerHostSetting(workbench(), host);
}

async function welcomeText(): Promise<string> {
  return (await ui().servicesPane.locator('.welcome-view-content').allInnerTexts()).join('\n').replace(/\s+/g, ' ');
}

/** Whether the view shows `text` as its welcome content, with a Retry button and no service rows. */
async function showsWelcome(text: string): Promise<boolean> {
  return (await welcomeText()).includes(text)
    && await ui().servicesPane.getByRole('button', { name: 'Retry' }).isVisible()
    && (await ui().serviceLabels()).length === 0;
}

/**
 * Waits for the view to have refreshed against `endpoint` (the view's description names the
 * endpoint it last read, and is set only once a refresh against it finished) and to show
 * `text` as its welcome content then, with a Retry button and no service rows: the state the
 * view settled in for that endpoint, not one it passed through on the way.
 */
async function waitForWelcome(text: string, endpoint: string): Promise<void> {
  await ui().until(`the view to read ${endpoint} and show the welcome content "${text}" with a Retry button`, async () =>
    (await ui().servicesViewDescription()).startsWith(endpoint) && await showsWelcome(text),
  UI_TIMEOUT_MS, async () => `${await ui().describeView()} description "${await ui().servicesViewDescription()}"`);
}

describe('the Services view when the engine cannot be used', function () {
  let probe: { name: string; id: string };
  let scratch: string;

  before(async function () {
    this.timeout(60_000);
    await withArtifacts('engine states before', async () => {
      const solo = await new TestClient({ dockerHost: SOLO_DOCKER_HOST }).swarmStatus().catch((e: Error) => {
        throw new Error(`the second engine at ${SOLO_DOCKER_HOST} does not answer (${e.message}); start it with: bash scripts/sandbox.sh solo-up`);
      });
      assert.equal(solo.role, 'inactive', `the engine at ${SOLO_DOCKER_HOST} must not be in a swarm`);
      probe = await createRunService('probe', 'sleep 3600', { replicas: 0 });
      scratch = mkdtempSync(join(tmpdir(), 'swarm-services-e2e-sock-'));
      await ui().openSwarmView();
      await ui().revealRow(probe.name);
    });
  });

  after(async function () {
    this.timeout(30_000);
    setDockerHost(undefined);
    await overrideRefreshInterval(workbench(), undefined, REFRESH_INTERVAL, (what, probe) => ui().until(what, probe)).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    await ui().revealRow(probe.name).catch(() => undefined);
  });

  it('an engine that is not in a swarm: the welcome content says so, with Retry; back on the manager the tree returns', async () => {
    setDockerHost(SOLO_DOCKER_HOST);
    await waitForWelcome('This Docker engine is not part of a swarm.', SOLO_DOCKER_HOST);
    await screenshot('welcome-not-swarm');
    setDockerHost(undefined);
    await ui().revealRow(probe.name); // the tree back, with the run's service
    assert.equal(await ui().servicesPane.locator('.welcome-view-content').isVisible(), false);
  });

  it('no engine at the endpoint: "cannot be reached" with Retry; once an engine answers there, Retry and nothing else brings the tree back', async function () {
    this.timeout(150_000);
    // Only Retry may bring the view back: the poll is off, and the endpoint holds the
    // extension's event stream open without a word, so the stream neither delivers an event
    // nor ends (an end would schedule a reconnect, and a refresh with it).
    await overrideRefreshInterval(workbench(), 0, REFRESH_INTERVAL, (what, probe) => ui().until(what, probe));
    const proxy = new EventlessProxy(join(scratch, 'docker.sock'), managerSocketPath(), { up: false });
    await proxy.start();
    const retry = ui().servicesPane.getByRole('button', { name: 'Retry' });
    try {
      setDockerHost(proxy.endpoint);
      await waitForWelcome('The Docker engine cannot be reached.', proxy.endpoint);
      await ui().until('the extension\'s event stream to be held at the endpoint', async () => proxy.heldEvents > 0);
      await screenshot('welcome-unreachable');

      // Retry while nothing answers: the view asks the endpoint again, and keeps saying so.
      const refused = proxy.refused;
      await retry.click();
      await ui().until('Retry to ask the endpoint again', async () => proxy.refused > refused);
      await waitForWelcome('The Docker engine cannot be reached.', proxy.endpoint);

      // The engine "starts" at that path: from now on requests reach the manager. Longer than
      // the shortest poll the setting allows (5 s), the view goes on saying it cannot reach
      // the engine and sends it nothing: it has no way of its own to learn that it is back.
      proxy.bringUp();
      const heldEvents = proxy.heldEvents;
      await assertHoldsFor(7_000, 'the welcome content "cannot be reached" until Retry', () => showsWelcome('The Docker engine cannot be reached.'),
        async () => `the view shows ${await ui().describeView()}; the endpoint saw:\n${proxy.journal.join('\n')}`);
      assert.equal(proxy.forwarded, 0, `no request reached the engine before Retry; the endpoint saw:\n${proxy.journal.join('\n')}`);
      assert.equal(proxy.heldEvents, heldEvents, 'the event stream was not reopened meanwhile');

      await retry.click();
      await ui().revealRow(probe.name); // the tree back, read through the endpoint
      assert.ok(proxy.forwarded > 0, 'Retry read the services through the endpoint');
      assert.equal(await ui().servicesPane.locator('.welcome-view-content').isVisible(), false);
      assert.deepEqual(await ui().errorToasts(), []);

      // Switched back to the default engine, the tree stays.
      setDockerHost(undefined);
      await ui().until('the view to read the environment\'s engine again', async () => (await ui().servicesViewDescription()).startsWith(environmentEndpoint()),
        UI_TIMEOUT_MS, () => ui().servicesViewDescription());
      await ui().revealRow(probe.name);
    } finally {
      setDockerHost(undefined);
      await overrideRefreshInterval(workbench(), undefined, REFRESH_INTERVAL, (what, probe) => ui().until(what, probe)).catch(() => undefined);
      await proxy.stop();
    }
  });
});
