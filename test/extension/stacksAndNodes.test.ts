// Stacks grouped in the Services view, Remove Stack…, and the Nodes view with its commands,
// on the real swarm.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { SwarmClient } from '../../src/docker/swarmClient';
import type { SwarmServicesApi } from '../../src/extension';
import type { StackNode, SwarmNode } from '../../src/tree/nodes';
import type { NodesViewItem } from '../../src/tree/nodesProvider';
import { RUN_ID, createService, uniqueName, waitFor, waitForRunning } from '../support/swarm';
import { api, scriptedHostPerTest } from './support';

const client = new SwarmClient();

describe('stacks and nodes', () => {
  let a: SwarmServicesApi;
  before(async () => {
    a = await api();
  });
  const host = scriptedHostPerTest(() => a);

  describe('stacks', () => {
    const stack = `${RUN_ID}-shop`;
    let ids: string[];
    before(async () => {
      const labels = { 'com.docker.stack.namespace': stack };
      ids = await Promise.all([
        createService(client, `${stack}_api`, 'sleep 3600', { replicas: 1, labels }),
        createService(client, `${stack}_worker`, 'sleep 3600', { replicas: 0, labels }),
      ]);
    });
    after(async () => {
      await vscode.workspace.getConfiguration('dockerSwarm').update('groupByStack', undefined, vscode.ConfigurationTarget.Global);
    });

    async function stackNode(): Promise<StackNode | undefined> {
      await a.ctx.services.refresh();
      return (await a.ctx.services.getChildren()).find((n): n is StackNode => n.kind === 'stack' && n.name === stack);
    }

    it('groups the services of a stack under it', async () => {
      const node = await waitFor('the stack in the tree', stackNode);
      const children = (await a.ctx.services.getChildren(node)) as SwarmNode[];
      assert.deepEqual(children.map((c) => (c.kind === 'service' ? c.service.name : '?')).sort(), [`${stack}_api`, `${stack}_worker`]);
      assert.match(String(a.ctx.services.getTreeItem(node).description), /^stack · 2 services/);
      const roots = await a.ctx.services.getChildren();
      assert.ok(!roots.some((n) => n.kind === 'service' && n.service.stack === stack), 'not also at the top level');
      assert.equal(a.ctx.services.getParent(children[0]!), node);
    });

    it('with grouping turned off, lists them at the top level', async () => {
      await vscode.workspace.getConfiguration('dockerSwarm').update('groupByStack', false, vscode.ConfigurationTarget.Global);
      await waitFor('ungrouped', async () => !(await stackNode()));
      const roots = await a.ctx.services.getChildren();
      assert.equal(roots.filter((n) => n.kind === 'service' && n.service.stack === stack).length, 2);
      await vscode.workspace.getConfiguration('dockerSwarm').update('groupByStack', true, vscode.ConfigurationTarget.Global);
      await waitFor('grouped again', stackNode);
    });

    it('Remove Stack… lists what will go; cancelled, nothing goes; confirmed, it all goes', async () => {
      const node = (await stackNode())!;
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.removeStack, node);
      assert.equal((await client.inspectService(ids[0]!)).ID, ids[0]);
      host().answer('Remove');
      await vscode.commands.executeCommand(Commands.removeStack, node);
      assert.equal(host().confirms.length, 2);
      assert.deepEqual(host().errors, []);
      for (const id of ids) await assert.rejects(client.inspectService(id));
      assert.equal(await stackNode(), undefined);
    });
  });

  describe('the Nodes view', () => {
    let svc: string;
    before(async () => {
      svc = await createService(client, uniqueName('onnode'), 'sleep 3600', { replicas: 1 });
      await waitForRunning(client, svc, 1);
      await a.ctx.services.refresh();
    });
    after(async () => {
      const [node] = await client.listNodes();
      await client.setNodeAvailability(node!.ID, 'active');
    });

    it('lists the node with role, availability, state, engine and leadership, and the tasks it runs', async () => {
      const [engineNode] = await client.listNodes();
      const roots = (await a.ctx.nodes.getChildren()) as NodesViewItem[];
      const mine = roots.find((r) => r.kind === 'node' && r.node.id === engineNode!.ID)!;
      const item = a.ctx.nodes.getTreeItem(mine);
      assert.equal(item.label, engineNode!.Description!.Hostname);
      assert.match(String(item.description), /^manager \(leader\) · active · ready · engine \d+\./);
      assert.equal(item.contextValue, 'node:manager:active');
      const tasks = (await a.ctx.nodes.getChildren(mine)) as NodesViewItem[];
      const name = (await client.inspectService(svc)).Spec!.Name!;
      assert.ok(tasks.some((t) => t.kind === 'nodeTask' && t.task.name === `${name}.1`), 'the test task is listed under its node');
      // Expanded, the node's tasks come with every refresh from now on (one request for them).
      await a.ctx.services.refresh();
      const snap = a.ctx.services.snapshot!;
      assert.ok(snap.nodeTasksFor !== 'all' && snap.nodeTasksFor.includes(engineNode!.ID), 'the node is in the refresh');
      assert.ok(snap.nodeTasks.some((t) => t.ServiceID === svc));
    });

    it('Drain Node… asks first; cancelled, the node stays active', async () => {
      const [node] = await client.listNodes();
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.drainNode, node!.ID);
      assert.equal(host().confirms.length, 1);
      assert.match(host().confirms[0]!, /^Drain /);
      assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'active');
    });

    it('Pause Node and Activate Node change the availability on the engine and in the view', async () => {
      const [node] = await client.listNodes();
      await vscode.commands.executeCommand(Commands.pauseNode, node!.ID);
      assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'pause');
      assert.equal(a.ctx.nodes.nodes.find((n) => n.id === node!.ID)?.availability, 'pause');
      // Running tasks stay where they are on a paused node.
      assert.equal((await client.serviceTasks(svc, { 'desired-state': 'running' })).length, 1);
      await vscode.commands.executeCommand(Commands.activateNode, node!.ID);
      assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'active');
      assert.equal(a.ctx.nodes.nodes.find((n) => n.id === node!.ID)?.availability, 'active');
    });
  });
});
