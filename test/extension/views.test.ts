// The Services view when the engine cannot be used: emptied so its welcome content explains
// why (with a retry), and filled again once the engine is usable. Real engines throughout:
// a second engine that is not in a swarm, and a socket nobody listens on.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SwarmServicesApi } from '../../src/extension';
import { SOLO_DOCKER_HOST, waitFor } from '../support/swarm';
import { Commands } from '../../src/constants';
import { SwarmClient } from '../../src/docker/swarmClient';
import { ScriptedHost } from './scriptedHost';
import { api, EXTENSION_ID } from './support';

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
      await a.ctx.services.refresh();
      const expectOk = host === undefined;
      return (a.ctx.services.state === 'ok') === expectOk ? a.ctx.services.state : undefined;
    }, 20_000);
  }

  it('has welcome content, with a retry, for every state in which it shows no services', () => {
    const welcome = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.viewsWelcome as { view: string; when: string; contents: string }[];
    for (const state of ['unreachable', 'permission', 'timeout', 'notSwarm', 'notManager']) {
      const entry = welcome.find((w) => w.view === 'dockerSwarm.services' && w.when.includes(`== ${state}`));
      assert.ok(entry, `welcome content for ${state}`);
      assert.match(entry.contents, /\(command:dockerSwarm\.services\.refresh\)/);
    }
  });

  it('an engine that is not in a swarm: state notSwarm, no items, and the reason on the view', async () => {
    assert.equal(await stateAfterSwitchingTo(SOLO_DOCKER_HOST), 'notSwarm');
    assert.deepEqual(await a.ctx.services.getChildren(), []);
    assert.match(a.ctx.services.lastError?.message ?? '', /not part of a swarm/);
  });

  it('Initialize Swarm… asks first; confirmed, the engine becomes a manager and the view fills', async () => {
    const host = new ScriptedHost();
    const previous = a.setHost(host);
    const solo = new SwarmClient({ dockerHost: SOLO_DOCKER_HOST });
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
        await a.ctx.services.refresh();
        return a.ctx.services.state === 'ok';
      });
    } finally {
      a.setHost(previous);
      await solo.leaveSwarm().catch(() => undefined);
    }
    assert.equal((await solo.swarmStatus()).role, 'inactive');
  });

  it('no engine at the endpoint: state unreachable', async () => {
    assert.equal(await stateAfterSwitchingTo('unix:///run/swarm-services-no-such.sock'), 'unreachable');
    assert.deepEqual(await a.ctx.services.getChildren(), []);
  });

  it('an endpoint that is not a valid address: state invalid, with the reason', async () => {
    await config().update('dockerHost', 'not an endpoint', vscode.ConfigurationTarget.Global);
    const state = await waitFor('invalid state', async () => {
      await a.ctx.services.refresh();
      return a.ctx.services.state === 'invalid' ? a.ctx.services.state : undefined;
    }, 20_000);
    assert.equal(state, 'invalid');
    assert.match(a.ctx.services.lastError?.message ?? '', /cannot be used/);
  });

  it('back on the swarm manager, the services return', async () => {
    assert.equal(await stateAfterSwitchingTo(undefined), 'ok');
    assert.equal(a.ctx.services.lastError, undefined);
  });
});
