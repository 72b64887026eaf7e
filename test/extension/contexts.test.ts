// Select Docker Context… in the extension host: the extension's endpoint follows the chosen
// CLI context (the CLI's own current context is untouched), an unreachable one is reported
// clearly, and the picker still works after it; ssh:// with the key only in ssh-agent, and TLS
// with SkipTLSVerify, against the sandbox's real sshd and TLS listener.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Commands } from '../../src/constants';
import { TestClient } from '../support/testClient';
import type { SwarmServicesApi } from '../../src/extension';
import type { Host } from '../../src/host';
import * as vscode from 'vscode';
import { authorizeOnSandboxSshd, newSshKey, SANDBOX_SSH_HOST, SANDBOX_TLS_DIR, SANDBOX_TLS_HOST, sshHomeKnowingSandbox, startSshAgent } from '../support/sandboxEndpoints';
import { createService, SOLO_DOCKER_HOST, uniqueName, waitFor } from '../support/swarm';
import { ScriptedHost } from './scriptedHost';
import { api } from './support';

describe('Docker contexts', () => {
  let a: SwarmServicesApi;
  let host: ScriptedHost;
  let previous: Host;
  let config: string;
  const savedConfig = process.env['DOCKER_CONFIG'];

  before(async () => {
    a = await api();
    config = mkdtempSync(join(tmpdir(), 'docker-config-'));
    const make = (name: string, hostUrl: string) =>
      execFileSync('docker', ['context', 'create', name, '--description', `${name} for tests`, '--docker', `host=${hostUrl}`], { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' });
    make('sandbox-socket', 'unix:///var/run/docker.sock');
    make('dead', 'tcp://127.0.0.1:1');
    // The extension host is this process: the extension reads the same environment.
    process.env['DOCKER_CONFIG'] = config;
  });
  beforeEach(() => {
    host = new ScriptedHost();
    previous = a.setHost(host);
  });
  afterEach(() => a.setHost(previous));
  after(async () => {
    await vscode.commands.executeCommand(Commands.selectContext, '');
    if (savedConfig === undefined) delete process.env['DOCKER_CONFIG'];
    else process.env['DOCKER_CONFIG'] = savedConfig;
    rmSync(config, { recursive: true, force: true });
  });

  it('offers the CLI contexts with their endpoints in a quick pick, and switches to the one picked', async () => {
    const id = await createService(new TestClient(), uniqueName('ctx'), 'sleep 3600', { replicas: 0 });
    let offered: string[] = [];
    host.answer((items) => {
      offered = items.map((i) => `${i.label} ${i.description ?? ''}`);
      return items.find((i) => i.label === 'sandbox-socket');
    });
    const described = (await vscode.commands.executeCommand(Commands.selectContext)) as string;
    assert.ok(offered.some((o) => o.startsWith('sandbox-socket unix:///var/run/docker.sock')), offered.join('\n'));
    assert.ok(offered.some((o) => o.startsWith('dead tcp://127.0.0.1:1')));
    assert.equal(described, 'sandbox-socket (unix:///var/run/docker.sock)');
    await waitFor('the service through the context', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.findService(id);
    });
    assert.ok(!existsSync(join(config, 'config.json')) || !/currentContext/.test(readFileSync(join(config, 'config.json'), 'utf8')), "the CLI's current context is untouched");
  });

  it('an unreachable context: a clear message in the view, and the picker still works', async () => {
    await vscode.commands.executeCommand(Commands.selectContext, 'dead');
    await waitFor('unreachable', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.state === 'unreachable';
    });
    assert.match(a.ctx.store.lastError?.message ?? '', /Cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:1/);
    host.answer('sandbox-socket');
    await vscode.commands.executeCommand(Commands.selectContext);
    await waitFor('connected again', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.state === 'ok';
    });
  });

  it('a context that does not exist is refused and the endpoint stays', async () => {
    await vscode.commands.executeCommand(Commands.selectContext, 'no-such-context');
    assert.match(host.errors[0] ?? '', /does not exist/);
    assert.equal(a.ctx.endpoint.describe(), 'sandbox-socket (unix:///var/run/docker.sock)');
  });
});

describe("the docker CLI's current context, watched", () => {
  // The extension watches the CLI's configuration directory: `docker context use` in a
  // terminal moves the extension along. The test host runs with a DOCKER_CONFIG of its own
  // (runTests.mjs), so the user's ~/.docker is never touched.
  let a: SwarmServicesApi;
  const name = `swarm-services-watch-${process.pid}`;
  const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '' } }).trim();
  const savedHost = process.env['DOCKER_HOST'];

  before(async () => {
    a = await api();
    assert.ok(process.env['DOCKER_CONFIG'], 'the test host has a DOCKER_CONFIG of its own');
    // DOCKER_HOST would outrank the CLI's context; the extension reads the environment of this process.
    delete process.env['DOCKER_HOST'];
    docker('context', 'create', name, '--docker', `host=${SOLO_DOCKER_HOST}`);
    // VS Code sets file watchers up asynchronously: give one made at activation a moment.
    await new Promise((r) => setTimeout(r, 3000));
  });
  after(() => {
    try {
      docker('context', 'use', 'default');
      docker('context', 'rm', '--force', name);
    } finally {
      if (savedHost !== undefined) process.env['DOCKER_HOST'] = savedHost;
    }
  });

  it('`docker context use` elsewhere switches the view, and switching back restores it', async () => {
    await vscode.commands.executeCommand(Commands.selectContext, '');
    await waitFor('connected', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.state === 'ok';
    });
    docker('context', 'use', name);
    // No command: the file watcher sees config.json change.
    const seen = async () => `state ${a.ctx.store.state}, endpoint ${a.ctx.endpoint.describe()}`;
    await waitFor('the view on the context made current', async () => a.ctx.store.state === 'notSwarm' && a.ctx.endpoint.describe().startsWith(name), 30_000, 100, seen);
    docker('context', 'use', 'default');
    await waitFor('back on the swarm', async () => a.ctx.store.state === 'ok' && !a.ctx.endpoint.describe().startsWith(name), 30_000, 100, seen);
  });
});

describe('contexts over ssh:// and TLS, against the sandbox sshd and TLS listener', () => {
  // Contexts made by the docker CLI in a DOCKER_CONFIG of this suite; the extension reads
  // DOCKER_CONFIG, HOME (known_hosts, ~/.ssh keys) and SSH_AUTH_SOCK from this process when it
  // connects, so the tests set them here and put them back.
  let a: SwarmServicesApi;
  let tmp: string;
  let config: string;
  let serviceId: string;
  const saved = { DOCKER_CONFIG: process.env['DOCKER_CONFIG'], HOME: process.env['HOME'], SSH_AUTH_SOCK: process.env['SSH_AUTH_SOCK'] };
  const restoreEnv = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const createContext = (name: string, docker: string) =>
    execFileSync('docker', ['context', 'create', name, '--docker', docker], { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' });
  const listed = () => waitFor('the service listed through the context', async () => {
    await a.ctx.store.refresh();
    return a.ctx.store.findService(serviceId);
  }, 30_000, 200, async () => `state ${a.ctx.store.state}: ${a.ctx.store.lastError?.message ?? ''}`);

  before(async () => {
    a = await api();
    tmp = mkdtempSync(join(tmpdir(), 'swarm-ctx-remote-'));
    config = join(tmp, 'docker-config');
    mkdirSync(config);
    serviceId = await createService(new TestClient(), uniqueName('remote'), 'sleep 3600', { replicas: 0 });
  });
  afterEach(async () => {
    restoreEnv();
    await vscode.commands.executeCommand(Commands.selectContext, '');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('an ssh:// context whose key is only in ssh-agent: the view connects through sshd and lists the services', async () => {
    const home = sshHomeKnowingSandbox(join(tmp, 'home'));
    const keyDir = join(tmp, 'agent-key');
    mkdirSync(keyDir);
    const revoke = authorizeOnSandboxSshd(newSshKey(join(keyDir, 'id_ed25519')));
    const agent = startSshAgent(join(tmp, 'agent.sock'));
    try {
      agent.add(join(keyDir, 'id_ed25519'));
      rmSync(keyDir, { recursive: true, force: true }); // from here on the key exists only in the agent
      assert.deepEqual(readdirSync(join(home, '.ssh')), ['known_hosts'], 'no key file in ~/.ssh');
      createContext('over-ssh', `host=${SANDBOX_SSH_HOST}`);
      process.env['DOCKER_CONFIG'] = config;
      process.env['HOME'] = home;
      process.env['SSH_AUTH_SOCK'] = agent.socket;
      await vscode.commands.executeCommand(Commands.selectContext, 'over-ssh');
      await listed();
      assert.equal(a.ctx.store.state, 'ok');
      assert.equal(a.ctx.client().endpoint, 'ssh://127.0.0.1:2222');
      assert.equal(a.ctx.endpoint.describe(), `over-ssh (${SANDBOX_SSH_HOST})`);
    } finally {
      agent.stop();
      revoke();
    }
  });

  it('a TLS context with SkipTLSVerify connects to the real TLS engine; the same context verifying, without the CA, is untrusted', async () => {
    // The engine requires a client certificate, so both contexts carry cert and key; neither has the CA.
    const clientCert = `cert=${join(SANDBOX_TLS_DIR, 'cert.pem')},key=${join(SANDBOX_TLS_DIR, 'key.pem')}`;
    createContext('tls-skip-verify', `host=${SANDBOX_TLS_HOST},${clientCert},skip-tls-verify=true`);
    createContext('tls-no-ca', `host=${SANDBOX_TLS_HOST},${clientCert}`);
    process.env['DOCKER_CONFIG'] = config;

    await vscode.commands.executeCommand(Commands.selectContext, 'tls-skip-verify');
    await listed();
    assert.equal(a.ctx.client().endpoint, 'https://127.0.0.1:2376');

    await vscode.commands.executeCommand(Commands.selectContext, 'tls-no-ca');
    await waitFor('untrusted', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.state === 'untrusted';
    }, 30_000);
    assert.deepEqual(await a.ctx.servicesTree.getChildren(), []);
    assert.match(a.ctx.store.lastError?.message ?? '', /at https:\/\/127\.0\.0\.1:2376 presented a TLS certificate that is not trusted/);
  });
});
