// Reaching the node that runs a task, in the extension host on the real two-node swarm (the
// sandbox's worker joins for this file and leaves at the end, the swarm then as it was): the
// extension's own ctx.nodeEngines, wired to the real connection, settings and contexts, reaches a
// task pinned to the worker through dockerSwarm.nodeEndpoints and through a docker context it
// finds by itself, names the node when it knows neither, and the Nodes view says which.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SwarmServicesApi } from '../../src/extension';
import type { SwarmError } from '../../src/model/errors';
import type { NodeElement, NodesTreeElement } from '../../src/tree/nodesItems';
import { createPinnedService, hostnameThrough, runningContainer } from '../support/nodeEngineChecks';
import { SANDBOX_WORKER_HOST, SANDBOX_WORKER_NODE } from '../support/sandboxEndpoints';
import { swarmNodes, swarmNodesBackTo, waitFor } from '../support/swarm';
import { TestClient } from '../support/testClient';
import { Commands } from '../../src/constants';
import type { OpenShell } from '../../src/terminal/taskShells';
import type { TaskElement } from '../../src/tree/servicesItems';
import { api, extensionLogText, sandbox, scriptedHostPerTest, serviceRow } from './support';

const client = new TestClient();
const config = () => vscode.workspace.getConfiguration('dockerSwarm');
const Global = vscode.ConfigurationTarget.Global;

/** The SwarmError a promise fails with (the extension's bundle has its own class, so no instanceof). */
async function failure(p: Promise<unknown>): Promise<SwarmError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  assert.ok(e instanceof Error && e.name === 'SwarmError', `a SwarmError, not ${String(e)}`);
  return e as SwarmError;
}


describe("reaching the node that runs a task, in the extension host (two-node swarm)", () => {
  let a: SwarmServicesApi;
  let nodesBefore: string[];
  let svc: string | undefined;
  let svcName: string;
  let workerId: string;
  let containerId: string;
  let ownConfig: string | undefined;
  const savedConfig = process.env['DOCKER_CONFIG'];

  /** The worker's row in the Nodes view, its description once `done` accepts it. */
  async function workerDescription(what: string, done: (d: string) => boolean): Promise<string> {
    return waitFor(`the worker's row: ${what}`, async () => {
      const row = ((await a.ctx.nodesTree.getChildren()) as NodesTreeElement[]).find((r): r is NodeElement => r.kind === 'node' && r.node.id === workerId);
      const d = row && String(a.ctx.nodesTree.getTreeItem(row).description);
      return d && done(d) ? d : undefined;
    }, 20_000, 100);
  }

  before(async function () {
    this.timeout(300_000);
    a = await api();
    await config().update('nodeEndpoints', undefined, Global);
    nodesBefore = (await swarmNodes(client)).filter((n) => !n.startsWith(`${SANDBOX_WORKER_NODE} `));
    await sandbox('worker-up');
    await waitFor('the worker ready in the swarm', async () => (await swarmNodes(client)).includes(`${SANDBOX_WORKER_NODE} worker ready`), 60_000, 500);
    ({ id: svc, name: svcName } = await createPinnedService(client, SANDBOX_WORKER_NODE));
    ({ nodeId: workerId, containerId } = await runningContainer(client, svc));
    await waitFor('the worker in the store', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.nodes.some((n) => n.id === workerId && n.hostname === SANDBOX_WORKER_NODE);
    });
  });

  // Each test sets what it needs: none finds the setting of the one before (if it failed midway).
  afterEach(() => config().update('nodeEndpoints', undefined, Global));
  const host = scriptedHostPerTest(() => a);

  /** The worker task's row in the Services view (its service expanded). */
  async function workerTaskRow(): Promise<TaskElement> {
    const row = await serviceRow(a, svc!);
    return waitFor('the worker task\'s row', async () => {
      await a.ctx.store.refresh();
      return (await a.ctx.servicesTree.getChildren(row)).find((e): e is TaskElement => e.kind === 'task' && e.task.state === 'running' && e.task.nodeId === workerId);
    }, 20_000, 200);
  }

  it('Open Shell in Task on the worker\'s task: with no endpoint, one message naming the node and no terminal; through dockerSwarm.nodeEndpoints, a shell on the worker', async function () {
    this.timeout(120_000);
    const task = await workerTaskRow();
    const terminals = vscode.window.terminals.length;
    assert.equal(await vscode.commands.executeCommand(Commands.openShell, task), undefined);
    assert.equal(vscode.window.terminals.length, terminals, 'no terminal opened');
    assert.deepEqual(host().errors.length, 1, host().errors.join(' | '));
    assert.match(host().errors[0]!, /^No Docker endpoint is known for node "swarm-worker-1" .*dockerSwarm\.nodeEndpoints/);

    await config().update('nodeEndpoints', { [SANDBOX_WORKER_NODE]: SANDBOX_WORKER_HOST }, Global);
    const shell = await vscode.commands.executeCommand<OpenShell | undefined>(Commands.openShell, task);
    assert.ok(shell, host().errors.join(' | '));
    try {
      assert.equal(shell.name, `${svcName}.1@${SANDBOX_WORKER_NODE}`);
      await waitFor('the shell running', async () => shell.shell.phase === 'running', 20_000, 50);
      shell.terminal.sendText('hostname; echo on-$((40+2))');
      // The shell asks the terminal where its cursor is (ESC[6n); under load the answer can come
      // after the command was typed, and the shell echoes it (^[[8;5R) before the next output.
      await waitFor('the worker\'s hostname in the terminal', async () => /\r\nswarm-worker-1\r\n(?:\^\[\[\d+;\d+R)?on-42\r\n/.test(shell.shell.transcript), 20_000, 50)
        .catch((e: Error) => { throw new Error(`${e.message}: ${JSON.stringify(shell.shell.transcript.slice(-400))}`); });
      // The exec is the worker engine's: the manager's knows nothing of it.
      const worker = new TestClient({ dockerHost: SANDBOX_WORKER_HOST });
      assert.equal((await worker.inspectExec(shell.shell.execId!)).running, true);
      await assert.rejects(client.inspectExec(shell.shell.execId!));
    } finally {
      shell.terminal.dispose();
    }
    const worker = new TestClient({ dockerHost: SANDBOX_WORKER_HOST });
    await waitFor('the worker\'s exec ended after the terminal closed', async () => !(await worker.inspectExec(shell.shell.execId!)).running, 15_000, 200);
  });

  it('Show Task Stats for the worker\'s task: "no endpoint" without one, its figures through dockerSwarm.nodeEndpoints', async function () {
    this.timeout(120_000);
    const task = await workerTaskRow();
    const description = async () => {
      const row = await serviceRow(a, svc!);
      const now = (await a.ctx.servicesTree.getChildren(row)).find((e): e is TaskElement => e.kind === 'task' && e.task.id === task.task.id);
      return now ? String(a.ctx.servicesTree.getTreeItem(now).description ?? '') : '';
    };
    // Stats are read only while the Services view shows.
    await vscode.commands.executeCommand('workbench.view.extension.dockerSwarm');
    await vscode.commands.executeCommand(Commands.showTaskStats);
    try {
      await waitFor('"no endpoint" on the worker task\'s row', async () => (await description()).endsWith('no endpoint'), 20_000, 200)
        .catch(async (e: Error) => { throw new Error(`${e.message}: ${await description()}`); });
      await config().update('nodeEndpoints', { [SANDBOX_WORKER_NODE]: SANDBOX_WORKER_HOST }, Global);
      // Read from the worker's engine now. (The sandbox's worker engine runs in a namespace whose
      // cgroup gives it no CPU or memory accounting: it reports zeros, `docker stats` there says
      // "0.00% 0B / 0B", and so do the figures here; the busy and idle figures are tested on the manager.)
      await waitFor('CPU and memory on the worker task\'s row', async () => /  \d+(\.\d+)?% [\d.]+ (B|[KMG]iB)( \/ [\d.]+ (B|[KMG]iB))?$/.test(await description()), 30_000, 200)
        .catch(async (e: Error) => { throw new Error(`${e.message}: ${await description()}`); });
    } finally {
      await vscode.commands.executeCommand(Commands.hideTaskStats);
    }
  });

  after(async function () {
    this.timeout(300_000);
    await config().update('nodeEndpoints', undefined, Global);
    if (savedConfig === undefined) delete process.env['DOCKER_CONFIG'];
    else process.env['DOCKER_CONFIG'] = savedConfig;
    if (ownConfig) rmSync(ownConfig, { recursive: true, force: true });
    if (svc) await client.removeService(svc).catch(() => undefined);
    await sandbox('worker-down');
    const after = await swarmNodesBackTo(client, nodesBefore);
    assert.deepEqual(after, nodesBefore, 'no node left over from the worker');
  });

  it('with no endpoint known for the worker: the message names it, and the Nodes view says "no endpoint"', async () => {
    const err = await failure(a.ctx.nodeEngines.engineFor({ id: workerId }));
    assert.equal(err.kind, 'noEndpoint');
    assert.match(err.message, /^No Docker endpoint is known for node "swarm-worker-1" .*Create a docker context for its engine, or add it to the dockerSwarm\.nodeEndpoints setting/);
    assert.match(await workerDescription('no endpoint', (d) => !d.endsWith('looking…')), /^worker · active · ready.* · no endpoint$/);
    // The manager is the connected engine's node.
    const manager = a.ctx.store.nodes.find((n) => n.role === 'manager' && n.leader)!;
    assert.deepEqual((await a.ctx.nodeEngines.engineFor(manager)).route, { kind: 'connected' });
  });

  it('dockerSwarm.nodeEndpoints: the view redraws to say so, and the task is reached on the worker', async () => {
    let redraws = 0;
    const listening = a.ctx.nodesTree.onDidChangeTreeData(() => redraws++);
    try {
      await config().update('nodeEndpoints', { [SANDBOX_WORKER_NODE]: SANDBOX_WORKER_HOST }, Global);
      await waitFor('a redraw of the Nodes view', async () => redraws > 0, 10_000, 50);
    } finally {
      listening.dispose();
    }
    assert.match(await workerDescription('known', (d) => !d.endsWith('no endpoint')), / · endpoint: nodeEndpoints$/);
    const node = a.ctx.store.nodes.find((n) => n.id === workerId)!;
    const got = await a.ctx.nodeEngines.engineFor({ id: node.id, hostname: node.hostname, ...(node.address ? { address: node.address } : {}) });
    assert.deepEqual(got.route, { kind: 'setting', host: SANDBOX_WORKER_HOST });
    assert.match(await hostnameThrough(got.client, containerId), /swarm-worker-1/);
  });

  it('a bad entry: a message naming the key at use, in the view and in the log; nothing crashes', async () => {
    await config().update('nodeEndpoints', { [SANDBOX_WORKER_NODE]: 'ftp://10.231.0.2' }, Global);
    const message = `dockerSwarm.nodeEndpoints["${SANDBOX_WORKER_NODE}"]: the endpoint has a scheme that is not supported: use unix:///path, tcp://host:port or ssh://user@host[:port].`;
    assert.match(await workerDescription('setting invalid', (d) => d.endsWith('endpoint setting invalid')), /endpoint setting invalid$/);
    const err = await failure(a.ctx.nodeEngines.engineFor({ id: workerId }));
    assert.equal(err.kind, 'invalid');
    assert.equal(err.message, message);
    await waitFor('the warning in the log', async () => extensionLogText(a.hostLogDir).includes(`${message} This entry is not used.`), 10_000);
    await config().update('nodeEndpoints', undefined, Global);
    assert.match(await workerDescription('no endpoint again', (d) => d.endsWith('no endpoint')), /no endpoint$/);
  });

  it('a docker context whose engine is the worker: found by itself, and the task is reached through it', async () => {
    // A DOCKER_CONFIG of this test's own, read by the extension at each use (same process).
    ownConfig = mkdtempSync(join(tmpdir(), 'h17n-docker-config-'));
    execFileSync('docker', ['context', 'create', 'h17n-worker', '--docker', `host=${SANDBOX_WORKER_HOST}`], { env: { ...process.env, DOCKER_CONFIG: ownConfig }, stdio: 'ignore' });
    process.env['DOCKER_CONFIG'] = ownConfig;
    const got = await a.ctx.nodeEngines.engineFor({ id: workerId });
    assert.deepEqual(got.route, { kind: 'context', context: 'h17n-worker', host: SANDBOX_WORKER_HOST });
    assert.match(await hostnameThrough(got.client, containerId), /swarm-worker-1/);
    assert.match(await workerDescription('the context', (d) => d.endsWith('endpoint: context h17n-worker')), /endpoint: context h17n-worker$/);
    assert.match(extensionLogText(a.hostLogDir), /Node engines: asked \d+ docker context\(s\);[^\n]*"h17n-worker" is node /);
  });
});
