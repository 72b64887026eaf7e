// What the Services view shows in the states where it cannot list services, as the page renders
// it (the welcome content's words and its Retry button, and no rows), each reached through a
// real endpoint: a socket of this test that accepts and never answers (timeout), the sandbox
// sshd refusing the key (permission), the sandbox's worker engine (notManager), and the
// engine's TLS listener through a docker context whose CA is not the engine's (untrusted).
// (engineStates.test.ts shows notSwarm and unreachable.)
//
// The workbench here is one of this file's own: its extension host reads HOME (known_hosts
// and the key for ssh://), SSH_AUTH_SOCK and DOCKER_CONFIG from code-server's environment,
// which is set once at its start. The shared workbench and the user's ~/.ssh and ~/.docker are
// left alone. It adds the worker engine for a while: run it with `flock -x` beside other suites.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from '../support/testClient';
import {
  newSshKey, SANDBOX_SSH_HOST, SANDBOX_TLS_DIR, SANDBOX_TLS_HOST, SANDBOX_WORKER_HOST, SANDBOX_WORKER_NODE,
  serveSilentSocket, sshHomeKnowingSandbox,
} from '../support/sandboxEndpoints';
import { waitFor } from '../support/swarm';
import { createRunService, engine, REFRESH_INTERVAL, RESULTS_DIR, VSIX } from './support/suite';
import { UI_TIMEOUT_MS, WorkbenchUi } from './support/ui';
import { REPO_ROOT, startWorkbench, type Workbench } from './support/workbench';

function sandbox(command: string): void {
  execFileSync('bash', [join(REPO_ROOT, 'scripts', 'sandbox.sh'), command], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
}

describe('the Services view in each state it shows instead of services', function () {
  let wb: Workbench | undefined;
  let view: WorkbenchUi;
  let tmp: string;
  let silent: Awaited<ReturnType<typeof serveSilentSocket>> | undefined;
  let silentSocket: string;
  let probe: { name: string; id: string };
  let workerUp = false;

  const setDockerHost = (host: string | undefined): void => {
    // Machine scope: in code-server's (remote) window it is read from the machine settings.
    wb!.updateSettings('machine', (s) => {
      if (host === undefined) delete s['dockerSwarm.dockerHost'];
      else s['dockerSwarm.dockerHost'] = host;
    });
  };
  const welcome = () => view.servicesPane.locator('.welcome-view-content');
  const welcomeText = async () => (await welcome().allInnerTexts()).join('\n').replace(/\s+/g, ' ');
  const retry = () => welcome().getByRole('button', { name: 'Retry' });

  /** Waits for the welcome content to say `text` with its Retry button and no service rows, and to keep saying it. */
  async function expectWelcome(text: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    await view.until(`the welcome content "${text}" with a Retry button`, async () =>
      (await welcomeText()).includes(text) && await retry().isVisible(),
    timeoutMs, () => view.describeView());
    // A welcome content that only flashes while the view settles does not count.
    await view.page.waitForTimeout(1500);
    assert.ok((await welcomeText()).includes(text), `the welcome content stays; the view shows ${await view.describeView()}`);
    assert.ok(await retry().isVisible(), 'the Retry button stays');
    assert.deepEqual(await view.serviceLabels(), [], 'no service rows beside the welcome content');
  }

  /** What the view's title bar says beside "Services" (the endpoint, and the engine's words for some states). */
  const titleDescription = async () => (await view.servicesPane.locator('.pane-header .description').allInnerTexts()).join(' ');

  before(async function () {
    this.timeout(5 * 60_000);
    tmp = mkdtempSync(join(tmpdir(), 'swarm-e2e-states-'));
    // A HOME that knows the sandbox sshd's host key and holds a key the sshd was never given.
    const home = sshHomeKnowingSandbox(join(tmp, 'home'));
    newSshKey(join(home, '.ssh', 'id_ed25519'));
    // A docker context for the engine's TLS listener with the right client certificate but
    // a CA that did not sign the engine's certificate.
    const dockerConfig = join(tmp, 'docker-config');
    const wrongCa = join(tmp, 'wrong-ca');
    mkdirSync(dockerConfig);
    mkdirSync(wrongCa);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=not the sandbox CA',
      '-keyout', join(wrongCa, 'ca-key.pem'), '-out', join(wrongCa, 'ca.pem')], { stdio: 'ignore' });
    copyFileSync(join(SANDBOX_TLS_DIR, 'cert.pem'), join(wrongCa, 'cert.pem'));
    copyFileSync(join(SANDBOX_TLS_DIR, 'key.pem'), join(wrongCa, 'key.pem'));
    execFileSync('docker', ['context', 'create', 'wrong-ca', '--description', 'TLS with a CA that is not the engine\'s', '--docker',
      `host=${SANDBOX_TLS_HOST},ca=${join(wrongCa, 'ca.pem')},cert=${join(wrongCa, 'cert.pem')},key=${join(wrongCa, 'key.pem')}`],
    { env: { ...process.env, DOCKER_CONFIG: dockerConfig }, stdio: 'ignore' });
    silentSocket = join(tmp, 'silent.sock');
    silent = await serveSilentSocket(silentSocket);

    probe = await createRunService('states', 'sleep 3600', { replicas: 0 });
    wb = await startWorkbench({
      vsix: VSIX,
      settings: { 'dockerSwarm.refreshInterval': REFRESH_INTERVAL, 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
      viewport: { width: 1440, height: 900 },
      env: { HOME: home, DOCKER_CONFIG: dockerConfig, SSH_AUTH_SOCK: undefined, DOCKER_CONTEXT: undefined },
    });
    view = new WorkbenchUi(wb.page);
    await view.openSwarmView();
  });

  beforeEach(async function () {
    // Each state is reached from a view that lists the swarm's services.
    setDockerHost(undefined);
    await view.revealRow(probe.name);
  });

  afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed' && wb) {
      const dir = join(RESULTS_DIR, `view-states-${test.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60)}`);
      await wb.saveArtifacts(dir).then(() => console.log(`      screenshot and logs of this file's workbench: ${dir}`), () => undefined);
    }
  });

  after(async function () {
    this.timeout(3 * 60_000);
    await wb?.close();
    await silent?.close();
    if (workerUp) sandbox('worker-down');
    rmSync(tmp, { recursive: true, force: true });
  });

  it('an engine that accepts the connection and never answers: "did not answer in time", with Retry, no rows', async function () {
    this.timeout(150_000); // room for the hang guard below to say what the page showed
    setDockerHost(`unix://${silentSocket}`);
    // Requests give up after the client's time-out (15 s); the bound is only a hang guard.
    await expectWelcome('The Docker engine did not answer in time.', 90_000);
    assert.ok(silent!.connections() > 0, 'the extension connected to the socket');
    assert.match(await titleDescription(), /did not answer within \d+ s/);
  });

  it('an ssh:// endpoint whose sshd refuses the key: "Permission denied" and the reason SSH gave, with Retry, no rows', async () => {
    setDockerHost(SANDBOX_SSH_HOST);
    await expectWelcome('Permission denied: the Docker socket or the SSH server refused this user', 60_000);
    assert.match(await titleDescription(), /SSH refused the login/);
  });

  it('a swarm worker engine: "is a swarm worker", with Retry, no rows', async function () {
    this.timeout(5 * 60_000);
    workerUp = true;
    sandbox('worker-up');
    try {
      // Drained at once: no task of another suite is placed on it while it is here.
      await engine.setNodeAvailability(SANDBOX_WORKER_NODE, 'drain');
      assert.equal((await new TestClient({ dockerHost: SANDBOX_WORKER_HOST }).swarmStatus()).role, 'worker');
      setDockerHost(SANDBOX_WORKER_HOST);
      await expectWelcome('This Docker engine is a swarm worker.');
    } finally {
      setDockerHost(undefined);
      sandbox('worker-down');
      workerUp = false;
    }
  });

  it('a docker context whose CA did not sign the engine\'s TLS certificate: "could not be trusted", with Retry, no rows', async () => {
    await view.runFromPalette('Docker Swarm: Select Docker Context…');
    await view.pick('wrong-ca');
    try {
      await expectWelcome('The Docker engine could not be trusted');
      assert.match(await titleDescription(), /TLS certificate that is not trusted/);
    } finally {
      await view.runFromPalette('Docker Swarm: Select Docker Context…');
      await view.pick('default');
    }
    await waitFor('the services back on the default context', async () => (await view.serviceLabels()).length > 0, UI_TIMEOUT_MS);
  });
});
