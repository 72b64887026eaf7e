// The manager in use goes away, in the extension host on the sandbox's three-manager swarm
// (scripts/sandbox.sh managers-up): the extension reads the swarm through one manager's docker
// context, that manager's engine is stopped, and with dockerSwarm.failover at ask the view
// offers the switch and Switch to Another Manager makes it; at auto it switches by itself;
// either switch is for the session only (the context chosen stays saved); with no endpoint
// known for the other managers the view names them, and an entry added to
// dockerSwarm.nodeEndpoints is switched to for the session, until a setting changes.
// Each test starts the stopped manager again and waits for a leader. The timings (from the
// stop to the offer, to the switch, to the services listed again) are printed for the README.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import { MANAGERS, hasLeader, managerContext, managerHost, managerHostname, timeSuite, type ManagerNo } from '../support/managers';
import { createService, uniqueName, waitFor } from '../support/swarm';
import { TestClient } from '../support/testClient';
import { api, EXTENSION_ID, extensionLogText, scriptedHostPerTest } from './support';

const Global = vscode.ConfigurationTarget.Global;
const config = () => vscode.workspace.getConfiguration('dockerSwarm');

/** sandbox.sh with arguments, without blocking the extension host (the extension runs in this process). */
function sandbox(...args: string[]): Promise<string> {
  const script = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'scripts', 'sandbox.sh');
  return new Promise((resolve, reject) => {
    execFile('bash', [script, ...args], { timeout: 180_000 }, (e, out, err) => (e ? reject(new Error(`sandbox.sh ${args.join(' ')}: ${e.message}\n${err}`)) : resolve(out)));
  });
}

/** The leader every answering manager agrees on (all three unless one is named as stopped). */
async function agreedLeader(except?: ManagerNo): Promise<ManagerNo | undefined> {
  const seen = await Promise.all(MANAGERS.filter((n) => n !== except).map((n) => hasLeader(n)));
  return seen.every((l) => l !== undefined && l === seen[0]) ? seen[0] : undefined;
}

/** A docker CLI config of its own holding a context for each of these managers. */
function dockerConfigWith(dir: string, managers: readonly ManagerNo[]): string {
  mkdirSync(dir, { recursive: true });
  for (const n of managers) {
    execFileSync('docker', ['context', 'create', managerContext(n), '--docker', `host=${managerHost(n)}`], { env: { ...process.env, DOCKER_CONFIG: dir }, stdio: 'ignore' });
  }
  return dir;
}

describe('failover: the manager in use goes away (three-manager swarm)', function () {
  this.timeout(300_000);
  timeSuite('three-manager failover suite');
  let a: SwarmServicesApi;
  let tmp: string;
  let allContexts: string;
  let serviceId: string;
  let stopped: ManagerNo | undefined;
  const savedConfig = process.env['DOCKER_CONFIG'];
  const restoreConfig = () => {
    if (savedConfig === undefined) delete process.env['DOCKER_CONFIG'];
    else process.env['DOCKER_CONFIG'] = savedConfig;
  };
  const host = scriptedHostPerTest(() => a);
  const timings: string[] = [];

  before(async function () {
    this.timeout(300_000);
    a = await api();
    await sandbox('managers-up');
    await waitFor('a leader all three managers agree on', async () => (await agreedLeader()) !== undefined, 90_000, 500);
    tmp = mkdtempSync(join(tmpdir(), 'swarm-failover-'));
    allContexts = dockerConfigWith(join(tmp, 'all'), MANAGERS);
    const leader = (await agreedLeader())!;
    const client = new TestClient({ dockerHost: managerHost(leader) });
    try {
      serviceId = await createService(client, uniqueName('failover'), 'sleep 3600', { replicas: 0 });
    } finally {
      client.close();
    }
    // The views watched: the store reads by itself (events, reconnects, the poll), as for a person.
    await vscode.commands.executeCommand('workbench.view.extension.dockerSwarm');
    await waitFor('the view watched', async () => a.refresher.isActive, 20_000);
  });

  afterEach(async function () {
    this.timeout(240_000);
    await config().update('failover', undefined, Global);
    await config().update('nodeEndpoints', undefined, Global);
    await config().update('dockerHost', undefined, Global);
    if (stopped) await sandbox('manager-start', String(stopped));
    stopped = undefined;
    await waitFor('a leader all three managers agree on', async () => (await agreedLeader()) !== undefined, 90_000, 500);
    await vscode.commands.executeCommand(Commands.selectContext, '');
    restoreConfig();
  });

  after(async () => {
    restoreConfig();
    const leader = (await agreedLeader()) ?? 1;
    const client = new TestClient({ dockerHost: managerHost(leader) });
    await client.removeService(serviceId).catch(() => undefined);
    client.close();
    rmSync(tmp, { recursive: true, force: true });
    console.log(`      failover timings:\n${timings.map((t) => `        ${t}`).join('\n')}`);
  });

  /** Selects manager n's context and waits for the tree to list the test's service, and the status bar to name n. */
  async function connectTo(n: ManagerNo): Promise<void> {
    await vscode.commands.executeCommand(Commands.selectContext, managerContext(n));
    await listsTheService(`through ${managerContext(n)}`);
    await waitFor(`the status bar naming ${managerHostname(n)}`, async () => a.ctx.endpoint.statusShown().text === `$(server-environment) ${managerContext(n)} · ${managerHostname(n)}`,
      20_000, 100, async () => a.ctx.endpoint.statusShown().text);
  }

  /** The Services view's rows (the extension reads by itself: no refresh here) list the test's service. */
  function listsTheService(what: string, timeoutMs = 60_000): Promise<number> {
    const start = Date.now();
    return waitFor(`the service listed ${what}`, async () => {
      const rows = await a.ctx.servicesTree.getChildren();
      return rows.some((r) => r.kind === 'service' && r.service.id === serviceId) && a.ctx.store.state === 'ok' ? Date.now() - start : undefined;
    }, timeoutMs, 100, async () => `state ${a.ctx.store.state} (${a.ctx.store.lastError?.message ?? ''}), endpoint ${a.ctx.endpoint.describe()}`);
  }

  /** The store's states from now on, each with the time it was first seen (polled every 50 ms until `end`). */
  function recordStates(): { end(): string } {
    const start = Date.now();
    const seen: string[] = [];
    let last = '';
    const timer = setInterval(() => {
      const now = `${a.ctx.store.state}${a.ctx.failover.offering ? ' (offered)' : ''}`;
      if (now !== last) seen.push(`${((Date.now() - start) / 1000).toFixed(1)} s ${(last = now)}`);
    }, 50);
    return { end: () => (clearInterval(timer), seen.join(', ')) };
  }

  async function stop(n: ManagerNo): Promise<{ asked: number; gone: number }> {
    const asked = Date.now();
    stopped = n;
    await sandbox('manager-stop', String(n));
    return { asked, gone: Date.now() };
  }

  const since = (t: { asked: number; gone: number }) => `${((Date.now() - t.asked) / 1000).toFixed(1)} s after the stop was asked, ${((Date.now() - t.gone) / 1000).toFixed(1)} s after it returned`;

  it('ask: the view offers another manager; Switch to Another Manager picks among them, the tree lists the services again, the status bar names it', async () => {
    process.env['DOCKER_CONFIG'] = allContexts;
    const leader = (await agreedLeader())!;
    const follower = MANAGERS.find((n) => n !== leader)!;
    const third = MANAGERS.find((n) => n !== leader && n !== follower)!;
    await connectTo(follower);
    const tooltip = a.ctx.endpoint.statusShown().tooltip;
    assert.match(tooltip, new RegExp(`Manager in use: ${managerHostname(follower)}\\nThe swarm's 3 managers: .*; leader ${managerHostname(leader)}, as last read at `), tooltip);

    const states = recordStates();
    const t = await stop(follower);
    await waitFor('the switch offered', async () => a.ctx.store.state === 'unreachable' && a.ctx.failover.offering, 60_000, 50,
      async () => `state ${a.ctx.store.state}, offering ${a.ctx.failover.offering}`);
    timings.push(`ask: the switch offered ${since(t)}; the view's states from the stop: ${states.end()}`);
    assert.equal(a.servicesView.message, undefined, 'the welcome content offers it: no message hides it');
    assert.equal(a.ctx.endpoint.describe(), `${managerContext(follower)} (${managerHost(follower)})`, 'nothing switched by itself');

    host().answer(managerHostname(third));
    const described = await vscode.commands.executeCommand(Commands.switchManager);
    assert.deepEqual(host().quickPicks.map((q) => q.labels), [[managerHostname(leader), managerHostname(third)]], 'the leader as last read first');
    assert.equal(described, `${managerContext(third)} (${managerHost(third)})`);
    assert.equal(a.ctx.endpoint.selectedContext(), managerContext(follower), 'for this session only: the context chosen before stays saved');
    const filled = await listsTheService(`through ${managerContext(third)}`);
    timings.push(`ask: services listed ${(filled / 1000).toFixed(1)} s after the switch`);
    await waitFor('the status bar naming the new manager', async () => a.ctx.endpoint.statusShown().text === `$(server-environment) ${managerContext(third)} · ${managerHostname(third)}`,
      20_000, 100, async () => a.ctx.endpoint.statusShown().text);
    assert.equal(a.ctx.failover.offering, false, 'the offer ended');
    assert.deepEqual(host().errors, []);
  });

  it('auto: the manager in use (the leader) stops; the extension switches by itself, says which, and the tree lists the services again', async () => {
    process.env['DOCKER_CONFIG'] = allContexts;
    await config().update('failover', 'auto', Global);
    const leader = (await agreedLeader())!;
    await connectTo(leader);

    const states = recordStates();
    const asked = Date.now();
    // When the two left have a leader, seen from outside the extension (for the timings only).
    const elected = waitFor('a new leader', async () => {
      const now = await agreedLeader(leader);
      return now !== undefined && now !== leader;
    }, 90_000, 250).then(() => Date.now() - asked, () => NaN);
    const t = await stop(leader);
    const note = await host().notified(/^Swarm Services now uses the manager swarm-manager-\d/, 60_000);
    const switched = since(t);
    timings.push(`auto: the view's states from the stop: ${states.end()}`);
    timings.push(`auto: switched ${switched}`);
    // Polled from outside, each poll held while there is none: a bound, not the moment.
    timings.push(`auto: a new leader seen by the test ${((await elected) / 1000).toFixed(1)} s after the stop was asked`);
    // What the extension asked meanwhile, as its log says (the managers' answers and how long each search took).
    const said = extensionLogText(a.hostLogDir).split('\n').filter((l) => /Failover: /.test(l)).slice(-8);
    timings.push(`auto: the extension's log:\n${said.map((l) => `          ${l.slice(0, 400)}`).join('\n')}`);
    const now = MANAGERS.find((n) => note.message.startsWith(`Swarm Services now uses the manager ${managerHostname(n)} `))!;
    assert.notEqual(now, leader);
    assert.equal(note.message, `Swarm Services now uses the manager ${managerHostname(now)} (context ${managerContext(now)} (${managerHost(now)})): ${managerHostname(leader)} stopped answering.`);
    assert.equal(a.ctx.endpoint.describe(), `${managerContext(now)} (${managerHost(now)})`);
    assert.equal(a.ctx.endpoint.selectedContext(), managerContext(leader), 'an automatic switch saves nothing: the context chosen stays');
    // The new manager reads once the two left have elected a leader among them.
    await listsTheService(`through ${managerContext(now)}`, 90_000);
    timings.push(`auto: services listed ${since(t)} (an election included)`);
    await waitFor('the status bar naming the new manager', async () => a.ctx.endpoint.statusShown().text === `$(server-environment) ${managerContext(now)} · ${managerHostname(now)}`,
      20_000, 100, async () => a.ctx.endpoint.statusShown().text);
    assert.equal(host().notifications.length, 1, 'said once');
  });

  it('no endpoint known for the others: the view names the managers; a dockerSwarm.nodeEndpoints entry is then offered and used for the session, until a setting changes', async () => {
    const leader = (await agreedLeader())!;
    const used = MANAGERS.find((n) => n !== leader)!;
    process.env['DOCKER_CONFIG'] = dockerConfigWith(join(tmp, `only-m${used}`), [used]);
    await connectTo(used);

    const t = await stop(used);
    const others = MANAGERS.filter((n) => n !== used).map(managerHostname);
    await waitFor('the view naming the managers', async () => /no endpoint is known/.test(a.servicesView.message ?? ''), 60_000, 50,
      async () => `state ${a.ctx.store.state}, message ${a.servicesView.message}`);
    timings.push(`no endpoint: the managers named ${since(t)}`);
    assert.equal(a.servicesView.message,
      `The manager this editor uses, ${managerHostname(used)}, does not answer. The swarm's other managers, as last read: ${others.join(' and ')}; no endpoint is known for any of them. ` +
      `To use one, create a docker context for its engine (it is found by itself), or add it to the dockerSwarm.nodeEndpoints setting ("${others[0]}": "ssh://user@host"). Then Refresh, or start this manager again.`);
    assert.equal(a.ctx.failover.offering, false);

    await config().update('nodeEndpoints', { [managerHostname(leader)]: managerHost(leader) }, Global);
    await waitFor('the switch offered', async () => a.ctx.failover.offering, 30_000, 50);
    await waitFor('the message gone: the welcome content offers the switch', async () => a.servicesView.message === undefined, 10_000, 50);
    const described = await vscode.commands.executeCommand(Commands.switchManager);
    assert.deepEqual(host().quickPicks, [], 'one manager: switched at once');
    assert.equal(described, managerHost(leader));
    assert.equal(a.ctx.endpoint.selectedContext(), managerContext(used), 'no context selected: the chosen one stays for later');
    await listsTheService(`through ${managerHost(leader)}`);
    await waitFor('the status bar naming the new manager', async () => a.ctx.endpoint.statusShown().text === `$(server-environment) ${managerHost(leader)} · ${managerHostname(leader)}`,
      20_000, 100, async () => a.ctx.endpoint.statusShown().text);

    // A context chosen later wins over the session's endpoint.
    const other = MANAGERS.find((n) => n !== used && n !== leader)!;
    process.env['DOCKER_CONFIG'] = dockerConfigWith(join(tmp, `then-m${other}`), [used, other]);
    await vscode.commands.executeCommand(Commands.selectContext, managerContext(other));
    assert.equal(a.ctx.endpoint.describe(), `${managerContext(other)} (${managerHost(other)})`);
    await listsTheService(`through ${managerContext(other)}`);
  });
});
