// Three managers, in the extension: connected (through a docker context) to one manager of the
// sandbox's three-manager swarm, the other two stopped. The Services view keeps the services it
// read, marked stale, says "No quorum: 1 of 3 managers reachable" by itself (its own reads every
// 3 s, no refresh given), Scale is refused before sending in the same words with no progress
// left open, and once a manager is back the view recovers by itself.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import type { Host } from '../../src/host';
import { TestClient } from '../support/testClient';
import { serviceSpec, uniqueName, waitFor } from '../support/swarm';
import { ScriptedHost } from './scriptedHost';
import { api, EXTENSION_ID, serviceRow } from './support';

const m = (n: number) => `unix:///run/swarm-services-m${n}.sock`;

/** `scripts/sandbox.sh <args>` of the extension under test. */
function sandbox(...args: string[]): Promise<void> {
  const script = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'scripts', 'sandbox.sh');
  return new Promise((resolve, reject) => {
    execFile('bash', [script, ...args], { timeout: 180_000 }, (e, _out, err) => (e ? reject(new Error(`sandbox.sh ${args.join(' ')}: ${e.message}\n${err}`)) : resolve()));
  });
}

describe('three managers: the quorum lost, in the extension', function () {
  this.timeout(300_000);
  let a: SwarmServicesApi;
  let host: ScriptedHost;
  let previous: Host;
  let config: string;
  let id: string;
  const on1 = new TestClient({ dockerHost: m(1) });
  const savedConfig = process.env['DOCKER_CONFIG'];

  before(async () => {
    a = await api();
    await sandbox('managers-up');
    config = mkdtempSync(join(tmpdir(), 'docker-config-'));
    execFileSync('docker', ['context', 'create', 'm1', '--docker', `host=${m(1)}`], { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' });
    process.env['DOCKER_CONFIG'] = config;
    id = await on1.createService(serviceSpec(uniqueName('quorum'), 'sleep 3600', { replicas: 0, constraints: ['node.labels.swarm-services-never==true'] }));
    await vscode.commands.executeCommand(Commands.selectContext, 'm1');
    await vscode.commands.executeCommand('workbench.view.extension.dockerSwarm');
    await waitFor('the view visible and subscribed', async () => a.refresher.isActive && a.refresher.isSubscribed, 20_000);
    await waitFor('the service on manager 1 in the view', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.findService(id);
    });
    host = new ScriptedHost();
    previous = a.setHost(host);
  });

  after(async () => {
    a.setHost(previous);
    await sandbox('manager-start', '2').catch(() => undefined);
    await sandbox('manager-start', '3').catch(() => undefined);
    await sandbox('managers-up');
    await on1.removeService(id).catch(() => undefined);
    await vscode.commands.executeCommand(Commands.selectContext, '');
    if (savedConfig === undefined) delete process.env['DOCKER_CONFIG'];
    else process.env['DOCKER_CONFIG'] = savedConfig;
    rmSync(config, { recursive: true, force: true });
  });

  it('stale rows and "No quorum: 1 of 3 managers reachable", Scale refused before sending, then back by itself', async () => {
    const version = (await on1.inspectService(id)).Version?.Index;
    const stopped = Date.now();
    await sandbox('manager-stop', '2');
    await sandbox('manager-stop', '3');
    // No refresh from here on: the view's own reads (every 3 s while it has no leader).
    const detectMs = await waitFor(
      'the view saying the quorum is lost',
      async () => /^No quorum: 1 of 3 managers reachable\. Showing the services as last read at /.test(a.servicesView.message ?? '') && Date.now() - stopped,
      150_000,
    );
    const row = a.ctx.servicesTree.getTreeItem(await serviceRow(a, id));
    assert.match(String(row.description), /^\(stale\)/, 'the row is kept, marked stale');
    assert.match(String(row.tooltip), /^As last read at /);

    await vscode.commands.executeCommand(Commands.scale, await serviceRow(a, id), '3');
    assert.equal(host.errors.length, 1, host.errors.join('\n'));
    assert.match(host.errors[0]!, /No quorum: 1 of 3 managers reachable: the swarm refuses changes until a majority of its managers is back\. Nothing was sent\./);
    assert.equal(host.progressOpen, 0, 'no progress notification left open');

    const started = Date.now();
    await sandbox('manager-start', '2');
    const recoverMs = await waitFor('the view back by itself', async () => a.servicesView.message === undefined && a.ctx.store.state === 'ok' && Date.now() - started, 120_000);
    assert.doesNotMatch(String(a.ctx.servicesTree.getTreeItem(await serviceRow(a, id)).description), /stale/);
    assert.equal((await on1.inspectService(id)).Version?.Index, version, 'the refused scale was never sent');
    console.log(`      the view said "No quorum" ${detectMs} ms after the stops began; back ${recoverMs} ms after manager-start began`);
  });
});
