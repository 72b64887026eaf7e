// The Services view when the engine cannot be used, with real engines: the shared swarm
// manager is never stopped (other suites use it); the workbench is pointed elsewhere through
// the dockerSwarm.dockerHost setting instead: at the second, non-swarm engine of
// `scripts/sandbox.sh solo-up`, and at a socket path of this run where no engine answers
// until the test makes the manager's socket appear there.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SwarmClient } from '../../src/docker/swarmClient';
import { SOLO_DOCKER_HOST } from '../support/swarm';
import { createRunService, screenshot, ui, withArtifacts, workbench } from './support/suite';
import { UI_TIMEOUT_MS } from './support/ui';

/** The manager's socket on this machine (DOCKER_HOST if it is a unix socket). */
function managerSocket(): string {
  const host = process.env['DOCKER_HOST'];
  if (!host) return '/var/run/docker.sock';
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  throw new Error(`DOCKER_HOST=${host} is not a unix socket; this test links a socket path to the manager's`);
}

function setDockerHost(host: string | undefined): void {
  // dockerHost has machine scope: in code-server's (remote) window it is read from the machine settings.
  workbench().updateSettings('machine', (s) => {
    if (host === undefined) delete s['dockerSwarm.dockerHost'];
    else s['dockerSwarm.dockerHost'] = host;
  });
}

async function welcomeText(): Promise<string> {
  return (await ui().servicesPane.locator('.welcome-view-content').allInnerTexts()).join('\n').replace(/\s+/g, ' ');
}

/** Waits for the view's welcome content to say `text` and keep saying it, with a Retry button and no service rows. */
async function waitForWelcome(text: string): Promise<void> {
  await ui().until(`the welcome content "${text}" with a Retry button`, async () =>
    (await welcomeText()).includes(text) && await ui().servicesPane.getByRole('button', { name: 'Retry' }).isVisible(),
  UI_TIMEOUT_MS, () => ui().describeView());
  // It stays (a welcome content that only flashes while the view settles does not count).
  await ui().page.waitForTimeout(1500);
  assert.ok((await welcomeText()).includes(text), `the welcome content stays; the view shows ${await ui().describeView()}`);
  assert.ok(await ui().servicesPane.getByRole('button', { name: 'Retry' }).isVisible(), 'the Retry button stays');
  assert.deepEqual(await ui().serviceLabels(), [], 'no service rows beside the welcome content');
}

describe('the Services view when the engine cannot be used', function () {
  let probe: { name: string; id: string };
  let scratch: string;

  before(async function () {
    this.timeout(60_000);
    await withArtifacts('engine states before', async () => {
      const solo = await new SwarmClient({ dockerHost: SOLO_DOCKER_HOST }).swarmStatus().catch((e: Error) => {
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
    rmSync(scratch, { recursive: true, force: true });
    await ui().revealRow(probe.name).catch(() => undefined);
  });

  it('an engine that is not in a swarm: the welcome content says so, with Retry; back on the manager the tree returns', async () => {
    setDockerHost(SOLO_DOCKER_HOST);
    await waitForWelcome('This Docker engine is not part of a swarm.');
    await screenshot('welcome-not-swarm');
    setDockerHost(undefined);
    await ui().revealRow(probe.name); // the tree back, with the run's service
    assert.equal(await ui().servicesPane.locator('.welcome-view-content').isVisible(), false);
  });

  it('no engine at the endpoint: "cannot be reached" with Retry; once an engine answers there, the tree comes back', async () => {
    const socket = join(scratch, 'docker.sock');
    setDockerHost(`unix://${socket}`);
    await waitForWelcome('The Docker engine cannot be reached.');
    await screenshot('welcome-unreachable');
    // Retry while nothing answers: the view keeps saying so.
    await ui().servicesPane.getByRole('button', { name: 'Retry' }).click();
    await ui().page.waitForTimeout(1000);
    await waitForWelcome('The Docker engine cannot be reached.');

    // The engine "starts" at that path: the manager's socket appears there. Retry (if the
    // view has not already reconnected by itself) brings the services back.
    symlinkSync(managerSocket(), socket);
    const retry = ui().servicesPane.getByRole('button', { name: 'Retry' });
    if (await retry.isVisible()) await retry.click({ timeout: 2000 }).catch(() => undefined);
    await ui().revealRow(probe.name); // the tree back once the engine answers
    assert.equal(await ui().servicesPane.locator('.welcome-view-content').isVisible(), false);

    // Switched back to the default engine, the tree stays.
    setDockerHost(undefined);
    await ui().page.waitForTimeout(2000);
    await ui().revealRow(probe.name);
  });
});
