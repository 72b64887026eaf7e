// The extension host on a real two-node swarm: the sandbox's worker engine (own network
// namespace and hostname) joins for this file and leaves at the end, and the swarm must then
// be as it was, so the suites after this one keep their single node. On one node every task
// matches any node filter, so only here can Filter Tasks… show that it keeps the tasks of the
// node chosen and drops the others.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { TestClient } from '../support/testClient';
import type { SwarmServicesApi } from '../../src/extension';
import type { ServiceElement, ServicesTreeElement } from '../../src/tree/servicesItems';
import type { NodesTreeElement } from '../../src/tree/nodesItems';
import { createService, swarmNodes, swarmNodesBackTo, uniqueName, waitFor } from '../support/swarm';
import { api, dockerCli, drainDetail, sandbox, scriptedHostPerTest } from './support';

const client = new TestClient();
const WORKER = 'swarm-worker-1';
const REPLICAS = 4;




describe('a two-node swarm in the extension host', () => {
  let a: SwarmServicesApi;
  let svc: string;
  let nodesBefore: string[];
  const nodes: { id: string; hostname: string; role: string }[] = [];
  const host = scriptedHostPerTest(() => a);

  before(async function () {
    this.timeout(300_000);
    a = await api();
    // A worker left over from an interrupted run is not part of "as it was".
    nodesBefore = (await swarmNodes(client)).filter((n) => !n.startsWith(`${WORKER} `));
    await sandbox('worker-up');
    await waitFor('the worker ready in the swarm', async () => (await swarmNodes(client)).includes(`${WORKER} worker ready`), 60_000, 500);
    for (const n of await client.listNodes()) nodes.push({ id: n.ID, hostname: n.Description!.Hostname!, role: n.Spec!.Role! });
    assert.equal(nodes.length, 2, `two nodes: ${nodes.map((n) => n.hostname).join(', ')}`);
    svc = await createService(client, uniqueName('spread'), 'sleep 3600', { replicas: REPLICAS });
    await waitFor('tasks running on both nodes', async () => {
      const running = (await client.serviceTasks(svc, { 'desired-state': 'running' })).filter((t) => t.Status?.State === 'running');
      return running.length === REPLICAS && new Set(running.map((t) => t.NodeID)).size === 2;
    }, 120_000, 500);
  });

  after(async function () {
    this.timeout(300_000);
    await vscode.commands.executeCommand(Commands.clearTaskFilter);
    if (svc) await client.removeService(svc).catch(() => undefined);
    await sandbox('worker-down');
    // The swarm as before: the worker's node removed, not merely down, and the rest unchanged.
    const after = await swarmNodesBackTo(client, nodesBefore);
    assert.deepEqual(after, nodesBefore, 'no node left over from the worker');
  });

  async function tasksInTree(): Promise<ServicesTreeElement[]> {
    return waitFor(`service ${svc} in the tree`, async () => {
      await a.ctx.store.refresh();
      const node = (await a.ctx.servicesTree.getChildren()).find((n): n is ServiceElement => n.kind === 'service' && n.service.id === svc);
      return node ? a.ctx.servicesTree.getChildren(node) : undefined;
    });
  }

  for (const role of ['manager', 'worker']) {
    it(`Filter Tasks… by node (the ${role}): the tree shows exactly the tasks the engine runs on that node`, async () => {
      const node = nodes.find((n) => n.role === role)!;
      host().answer('Node', node.hostname);
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.deepEqual(host().quickPicks[1]?.labels.slice().sort(), [...nodes.map((n) => n.hostname), '(any)'].sort(), 'both nodes offered');
      assert.equal(a.ctx.store.describeFilter(), `tasks: desired-state=running, node=${node.hostname}`);
      // What the engine itself has on that node, told apart by the tasks' NodeID (not by the
      // Engine's node filter, which is what the view uses).
      const engine = (await client.serviceTasks(svc, { 'desired-state': 'running' })).filter((t) => t.NodeID === node.id);
      assert.ok(engine.length >= 1 && engine.length < REPLICAS, `the ${role} runs some of the ${REPLICAS} tasks, not all (${engine.length})`);
      const shown = await tasksInTree();
      assert.deepEqual(shown.map((c) => (c.kind === 'task' ? c.task.id : `${c.kind}: ${c.kind === 'info' ? c.text : ''}`)).sort(), engine.map((t) => t.ID).sort());
      for (const c of shown) {
        assert.match(String(a.ctx.servicesTree.getTreeItem(c).description), new RegExp(`@${node.hostname}$`), 'each row names the node it runs on');
      }
    });
  }

  it('clearing the filter shows the tasks of both nodes again', async () => {
    await vscode.commands.executeCommand(Commands.clearTaskFilter);
    const shown = await tasksInTree();
    const engine = await client.serviceTasks(svc, { 'desired-state': 'running' });
    assert.deepEqual(shown.map((c) => (c.kind === 'task' ? c.task.id : c.kind)).sort(), engine.map((t) => t.ID).sort());
    assert.equal(new Set(shown.map((c) => (c.kind === 'task' ? c.task.nodeId : undefined))).size, 2);
  });

  it('Drain Node… on the worker, confirmed: it asks with the count of its tasks, they move to the manager, the view says drain; Activate Node brings it back', async () => {
    const worker = nodes.find((n) => n.role === 'worker')!;
    const manager = nodes.find((n) => n.role === 'manager')!;
    // The count the engine gives (through the CLI) at the moment the confirmation shows.
    let atConfirmation: number | undefined;
    const h = host();
    const confirm = h.confirm.bind(h);
    h.confirm = async (message, detail, button) => {
      atConfirmation = (await dockerCli('node', 'ps', '--filter', 'desired-state=running', '-q', worker.id)).split('\n').filter(Boolean).length;
      return confirm(message, detail, button);
    };
    try {
      h.answer('Drain');
      assert.equal(await vscode.commands.executeCommand(Commands.drainNode, worker.id), 'drain');
      assert.ok(atConfirmation !== undefined && atConfirmation >= 1, 'the worker ran some of the tasks');
      assert.deepEqual(h.confirmations, [{
        message: `Drain ${worker.hostname}?`,
        detail: drainDetail(atConfirmation),
        button: 'Drain',
      }]);
      assert.equal((await client.listNodes()).find((n) => n.ID === worker.id)?.Spec?.Availability, 'drain');
      const row = ((await a.ctx.nodesTree.getChildren()) as NodesTreeElement[]).find((r) => r.kind === 'node' && r.node.id === worker.id)!;
      assert.equal(a.ctx.nodesTree.getTreeItem(row).contextValue, 'node:worker:drain');
      assert.match(String(a.ctx.nodesTree.getTreeItem(row).description), / · drain · /);
      // The swarm moves every task to the manager, and the tree shows them there.
      await waitFor('every task running on the manager', async () => {
        const running = (await client.serviceTasks(svc, { 'desired-state': 'running' })).filter((t) => t.Status?.State === 'running');
        return running.length === REPLICAS && running.every((t) => t.NodeID === manager.id);
      }, 120_000, 500);
      await waitFor('the tree shows them on the manager', async () => {
        const shown = await tasksInTree();
        return shown.length === REPLICAS && shown.every((c) => c.kind === 'task' && c.task.nodeId === manager.id);
      }, 30_000, 250);
      assert.equal(await vscode.commands.executeCommand(Commands.activateNode, worker.id), 'active');
      assert.equal((await client.listNodes()).find((n) => n.ID === worker.id)?.Spec?.Availability, 'active');
      assert.equal(a.ctx.store.nodes.find((n) => n.id === worker.id)?.availability, 'active');
      assert.deepEqual(h.errors, []);
    } finally {
      await client.setNodeAvailability(worker.id, 'active').catch(() => undefined);
    }
  });
});
