// The Services view when the engine cannot be used: emptied so its welcome content explains
// why (with a retry), and filled again once the engine is usable. Real engines throughout:
// a second engine that is not in a swarm, a socket nobody listens on, a socket that never
// answers, the sandbox sshd refusing a key. What the page renders for each state is checked
// end to end in test/e2e/viewStates.test.ts.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SwarmServicesApi } from '../../src/extension';
import { SOLO_DOCKER_HOST, waitFor } from '../support/swarm';
import { Commands } from '../../src/constants';
import { TestClient } from '../support/testClient';
import { newSshKey, SANDBOX_SSH_HOST, serveSilentSocket, sshHomeKnowingSandbox } from '../support/sandboxEndpoints';
import { ScriptedHost } from './scriptedHost';
import { api } from './support';

describe('the Services view and the engine state', () => {
  let a: SwarmServicesApi;
  const config = () => vscode.workspace.getConfiguration('dockerSwarm');

  before(async () => {
    a = await api();
  });
  after(async () => {
    await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
  });

  async function stateAfterSwitchingTo(host: string | undefined): Promise<string> {
    await config().update('dockerHost', host, vscode.ConfigurationTarget.Global);
    return waitFor(`view state for ${host ?? 'the default engine'}`, async () => {
      await a.ctx.store.refresh();
      const expectOk = host === undefined;
      return (a.ctx.store.state === 'ok') === expectOk ? a.ctx.store.state : undefined;
    }, 20_000);
  }

  it('an engine that is not in a swarm: state notSwarm, no items, and the reason on the view', async () => {
    assert.equal(await stateAfterSwitchingTo(SOLO_DOCKER_HOST), 'notSwarm');
    assert.deepEqual(await a.ctx.servicesTree.getChildren(), []);
    assert.match(a.ctx.store.lastError?.message ?? '', /not part of a swarm/);
  });

  it('Initialize Swarm… asks first; confirmed, the engine becomes a manager and the view fills', async () => {
    const host = new ScriptedHost();
    const previous = a.setHost(host);
    const solo = new TestClient({ dockerHost: SOLO_DOCKER_HOST });
    try {
      assert.equal(await stateAfterSwitchingTo(SOLO_DOCKER_HOST), 'notSwarm');
      host.answer(undefined);
      await vscode.commands.executeCommand(Commands.initSwarm);
      assert.match(host.confirms[0] ?? '', /^Initialize a swarm on unix:\/\/\/run\/swarm-services-solo\.sock\?$/);
      assert.equal((await solo.swarmStatus()).role, 'inactive', 'cancelled: nothing changed');
      // This engine has only a loopback interface, so it asks which address to advertise.
      host.answer('Initialize Swarm', '127.0.0.1');
      await vscode.commands.executeCommand(Commands.initSwarm);
      assert.deepEqual(host.errors, []);
      const box = host.inputBoxes[0];
      assert.ok(box, 'asked for the address');
      assert.ok(await box.validateInput?.('not an address!'), 'a bad address is refused in the box');
      assert.equal((await solo.swarmStatus()).role, 'manager');
      await waitFor('the view connected', async () => {
        await a.ctx.store.refresh();
        return a.ctx.store.state === 'ok';
      });
    } finally {
      a.setHost(previous);
      await solo.leaveSwarm().catch(() => undefined);
    }
    assert.equal((await solo.swarmStatus()).role, 'inactive');
  });

  it('no engine at the endpoint: state unreachable', async () => {
    assert.equal(await stateAfterSwitchingTo('unix:///run/swarm-services-no-such.sock'), 'unreachable');
    assert.deepEqual(await a.ctx.servicesTree.getChildren(), []);
  });

  it('an engine that accepts the connection and never answers: state timeout, no items, the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarm-silent-'));
    const silent = await serveSilentSocket(join(dir, 'docker.sock'));
    try {
      await config().update('dockerHost', `unix://${join(dir, 'docker.sock')}`, vscode.ConfigurationTarget.Global);
      // The switch itself refreshes; its requests give up after the client's time-out (15 s).
      // Another refresh here would queue one more wait. The bound is only a hang guard.
      await waitFor('timeout state', async () => a.ctx.store.state === 'timeout', 60_000);
      assert.ok(silent.connections() > 0, 'the extension did connect to the socket');
      assert.deepEqual(await a.ctx.servicesTree.getChildren(), []);
      assert.match(a.ctx.store.lastError?.message ?? '', /did not answer within \d+ s/);
    } finally {
      await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
      await silent.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an ssh:// endpoint whose sshd refuses the key: state permission, with the reason', async () => {
    // The extension reads HOME (known_hosts, key files) and SSH_AUTH_SOCK from this process
    // when it connects: a HOME of the test's own, knowing the sandbox sshd, with a key the
    // sshd has never been told about, and no agent.
    const home = sshHomeKnowingSandbox(mkdtempSync(join(tmpdir(), 'swarm-ssh-refused-')));
    newSshKey(join(home, '.ssh', 'id_ed25519'));
    const saved = { HOME: process.env['HOME'], SSH_AUTH_SOCK: process.env['SSH_AUTH_SOCK'] };
    process.env['HOME'] = home;
    delete process.env['SSH_AUTH_SOCK'];
    try {
      await config().update('dockerHost', SANDBOX_SSH_HOST, vscode.ConfigurationTarget.Global);
      await waitFor('permission state', async () => {
        await a.ctx.store.refresh();
        return a.ctx.store.state === 'permission';
      }, 30_000);
      assert.deepEqual(await a.ctx.servicesTree.getChildren(), []);
      assert.match(a.ctx.store.lastError?.message ?? '', /SSH refused the login to the Docker engine at ssh:\/\/127\.0\.0\.1:2222/);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('an endpoint that is not a valid address: state invalid, with the reason', async () => {
    await config().update('dockerHost', 'not an endpoint', vscode.ConfigurationTarget.Global);
    const state = await waitFor('invalid state', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.state === 'invalid' ? a.ctx.store.state : undefined;
    }, 20_000);
    assert.equal(state, 'invalid');
    assert.match(a.ctx.store.lastError?.message ?? '', /cannot be used/);
  });

  it('back on the swarm manager, the services return', async () => {
    assert.equal(await stateAfterSwitchingTo(undefined), 'ok');
    assert.equal(a.ctx.store.lastError, undefined);
  });
});
