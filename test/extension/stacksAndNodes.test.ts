// Stacks grouped in the Services view, Remove Stack…, and the Nodes view with its commands,
// on the real swarm. Drain Node… confirmed runs in the two-node suite (multinode.test.ts),
// where it drains the worker, so no test here stops the tasks of the only node.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { TestClient } from '../support/testClient';
import type { SwarmServicesApi } from '../../src/extension';
import { SwarmError } from '../../src/model/errors';
import type { StackElement, ServicesTreeElement } from '../../src/tree/servicesItems';
import type { NodesTreeElement } from '../../src/tree/nodesItems';
import { IMAGE, RUN_ID, RUN_LABEL, createService, uniqueName, waitFor, waitForRunning } from '../support/swarm';
import { api, scriptedHostPerTest, dockerCli, drainDetail } from './support';

const client = new TestClient();

function isNotFound(e: unknown): boolean {
  return e instanceof SwarmError && e.kind === 'notFound';
}


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

    async function stackNode(): Promise<StackElement | undefined> {
      await a.ctx.store.refresh();
      return (await a.ctx.servicesTree.getChildren()).find((n): n is StackElement => n.kind === 'stack' && n.name === stack);
    }

    it('groups the services of a stack under it', async () => {
      const node = await waitFor('the stack in the tree', stackNode);
      const children = (await a.ctx.servicesTree.getChildren(node)) as ServicesTreeElement[];
      assert.deepEqual(children.map((c) => (c.kind === 'service' ? c.service.name : '?')).sort(), [`${stack}_api`, `${stack}_worker`]);
      assert.match(String(a.ctx.servicesTree.getTreeItem(node).description), /^stack · 2 services/);
      const roots = await a.ctx.servicesTree.getChildren();
      assert.ok(!roots.some((n) => n.kind === 'service' && n.service.stack === stack), 'not also at the top level');
      assert.equal(a.ctx.servicesTree.getParent(children[0]!), node);
    });

    it("a stack row counts a service scaled through Scale at once, without waiting for a refresh", async () => {
      const wasActive = a.refresher.isActive;
      // No event or poll may refresh the view meanwhile: a refresh would rebuild the stack
      // rows and hide a row that kept the counts from before the reload.
      a.refresher.setActive(false);
      try {
        await waitForRunning(client, ids[0]!, 1);
        const node = await waitFor('the stack row counting the running task', async () => {
          const n = await stackNode();
          return n && a.ctx.servicesTree.getTreeItem(n).description === 'stack · 2 services · 1/1' ? n : undefined;
        });
        const fullReads = a.ctx.store.stats.full;
        const api = ((await a.ctx.servicesTree.getChildren(node)) as ServicesTreeElement[]).find((c) => c.kind === 'service' && c.service.id === ids[0])!;
        // What the view is told to redraw: VS Code asks again only for the rows fired (and below).
        const fired: (ServicesTreeElement | undefined)[] = [];
        const listening = a.ctx.servicesTree.onDidChangeTreeData((e) => fired.push(...(Array.isArray(e) ? e : [e])));
        const updated = (await vscode.commands.executeCommand(Commands.scale, api, 2)) as { running: number; desired: number };
        listening.dispose();
        assert.ok(fired.some((e) => e === undefined || (e.kind === 'stack' && e.name === stack)), `the stack row is redrawn (fired: ${fired.map((e) => e?.kind).join(', ')})`);
        assert.equal(updated.desired, 2);
        const row = async () => {
          const roots = await a.ctx.servicesTree.getChildren();
          const stackRow = roots.find((n): n is StackElement => n.kind === 'stack' && n.name === stack)!;
          return String(a.ctx.servicesTree.getTreeItem(stackRow).description);
        };
        assert.equal(await row(), `stack · 2 services · ${updated.running}/2`, 'the reloaded count, not the one from before');
        // The rollout's watch reloads the service once more when it has converged.
        await a.ctx.rollouts.settled();
        assert.equal(await row(), 'stack · 2 services · 2/2');
        assert.equal(a.ctx.store.stats.full, fullReads, 'no refresh happened in between');
      } finally {
        a.refresher.setActive(wasActive);
      }
    });

    it('with grouping turned off, lists them at the top level', async () => {
      await vscode.workspace.getConfiguration('dockerSwarm').update('groupByStack', false, vscode.ConfigurationTarget.Global);
      await waitFor('ungrouped', async () => !(await stackNode()));
      const roots = await a.ctx.servicesTree.getChildren();
      assert.equal(roots.filter((n) => n.kind === 'service' && n.service.stack === stack).length, 2);
      await vscode.workspace.getConfiguration('dockerSwarm').update('groupByStack', true, vscode.ConfigurationTarget.Global);
      await waitFor('grouped again', stackNode);
    });

    it('Remove Stack… lists what will go; cancelled, nothing goes; confirmed, it all goes', async () => {
      const node = (await stackNode())!;
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.removeStack, node);
      assert.equal((await client.inspectService(ids[0]!)).ID, ids[0]);
      assert.deepEqual(host().notifications, []);
      host().answer('Remove');
      await vscode.commands.executeCommand(Commands.removeStack, node);
      const asked = { message: `Remove stack ${stack}?`, detail: `This removes:\nservice ${stack}_api\nservice ${stack}_worker`, button: 'Remove' };
      // The engine lists services by name; the order of the two lines follows it.
      const sorted = (c: typeof asked) => ({ ...c, detail: c.detail.split('\n').sort().join('\n') });
      assert.deepEqual(host().confirmations.map(sorted), [sorted(asked), sorted(asked)]);
      for (const id of ids) await assert.rejects(client.inspectService(id), isNotFound);
      assert.equal(await stackNode(), undefined);
      assert.deepEqual(host().notifications, [{ kind: 'info', message: `Removed stack ${stack}.`, buttons: [] }]);
    });
  });

  describe('a stack deployed by `docker stack deploy`, with a network, a secret and a config', () => {
    const stack = `${RUN_ID}-deployed`;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'swarm-stack-'));
      writeFileSync(join(dir, 'token.txt'), 'not really a secret\n');
      writeFileSync(join(dir, 'settings.txt'), 'level=debug\n');
      // The CLI labels every part with com.docker.stack.namespace, as a real deploy does.
      writeFileSync(join(dir, 'stack.yml'), [
        'version: "3.8"',
        'services:',
        '  api:',
        `    image: ${IMAGE}`,
        '    command: ["sleep", "3600"]',
        '    stop_grace_period: 1s',
        '    networks: [back]',
        '    secrets: [token]',
        '    configs: [settings]',
        '    deploy:',
        '      replicas: 1',
        `      labels: { "${RUN_LABEL}": "${RUN_ID}" }`,
        'networks:',
        '  back: { driver: overlay }',
        'secrets:',
        '  token: { file: ./token.txt }',
        'configs:',
        '  settings: { file: ./settings.txt }',
        '',
      ].join('\n'));
      await dockerCli('stack', 'deploy', '--resolve-image', 'never', '-c', join(dir, 'stack.yml'), stack);
    });
    after(async () => {
      await dockerCli('stack', 'rm', stack).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    });

    /** What the docker CLI lists with the stack's label, per kind. */
    async function labelled(kind: 'service' | 'network' | 'secret' | 'config'): Promise<string[]> {
      const out = await dockerCli(kind, 'ls', '--filter', `label=com.docker.stack.namespace=${stack}`, '--format', '{{.Name}}');
      return out.split('\n').filter(Boolean).sort();
    }

    it('the confirmation lists its service, network, secret and config; confirmed, they all leave the engine', async () => {
      assert.deepEqual(await labelled('network'), [`${stack}_back`]);
      assert.deepEqual(await labelled('secret'), [`${stack}_token`]);
      assert.deepEqual(await labelled('config'), [`${stack}_settings`]);
      const node = await waitFor('the stack in the tree', async () => {
        await a.ctx.store.refresh();
        return (await a.ctx.servicesTree.getChildren()).find((n): n is StackElement => n.kind === 'stack' && n.name === stack);
      });
      host().answer('Remove');
      const removed = (await vscode.commands.executeCommand(Commands.removeStack, node)) as string[];
      assert.deepEqual(host().confirmations, [{
        message: `Remove stack ${stack}?`,
        detail: `This removes:\nservice ${stack}_api\nnetwork ${stack}_back\nsecret ${stack}_token\nconfig ${stack}_settings`,
        button: 'Remove',
      }]);
      assert.deepEqual([...removed].sort(), [`${stack}_api`, `${stack}_back`, `${stack}_settings`, `${stack}_token`]);
      for (const kind of ['service', 'secret', 'config'] as const) assert.deepEqual(await labelled(kind), [], `no ${kind} left`);
      // The engine accepts the network's removal at once but lists it a few seconds more,
      // until the removed task's container has let go of it (so does `docker stack rm`).
      await waitFor('the network gone from the node too', async () => (await labelled('network')).length === 0, 30_000, 250, async () => (await labelled('network')).join(', '));
      assert.deepEqual(host().notifications, [{ kind: 'info', message: `Removed stack ${stack}.`, buttons: [] }]);
    });
  });

  describe('the Nodes view', () => {
    let svc: string;
    before(async () => {
      svc = await createService(client, uniqueName('onnode'), 'sleep 3600', { replicas: 1 });
      await waitForRunning(client, svc, 1);
      await a.ctx.store.refresh();
    });
    after(async () => {
      const [node] = await client.listNodes();
      await client.setNodeAvailability(node!.ID, 'active');
    });

    it('lists the node with role, availability, state, engine and leadership, and the tasks it runs', async () => {
      const [engineNode] = await client.listNodes();
      const roots = (await a.ctx.nodesTree.getChildren()) as NodesTreeElement[];
      const mine = roots.find((r) => r.kind === 'node' && r.node.id === engineNode!.ID)!;
      const item = a.ctx.nodesTree.getTreeItem(mine);
      assert.equal(item.label, engineNode!.Description!.Hostname);
      assert.match(String(item.description), /^manager \(leader\) · active · ready · engine \d+\./);
      assert.equal(item.contextValue, 'node:manager:active');
      const tasks = (await a.ctx.nodesTree.getChildren(mine)) as NodesTreeElement[];
      const name = (await client.inspectService(svc)).Spec!.Name!;
      assert.ok(tasks.some((t) => t.kind === 'nodeTask' && t.task.name === `${name}.1`), 'the test task is listed under its node');
      // Expanded, the node's tasks come with every refresh from now on (one request for them).
      await a.ctx.store.refresh();
      const snap = a.ctx.store.snapshot!;
      assert.ok(snap.nodeTasksFor !== 'all' && snap.nodeTasksFor.includes(engineNode!.ID), 'the node is in the refresh');
      assert.ok(snap.nodeTasks.some((t) => t.ServiceID === svc));
    });

    /** The tasks meant to run on a node, as the docker CLI lists them. */
    async function cliTasksOn(nodeId: string): Promise<number> {
      return (await dockerCli('node', 'ps', '--filter', 'desired-state=running', '-q', nodeId)).split('\n').filter(Boolean).length;
    }

    /** Records the node's task count (from the CLI) at the moment the confirmation shows. */
    function countAtConfirmation(nodeId: string): { tasks: number | undefined } {
      const seen: { tasks: number | undefined } = { tasks: undefined };
      const h = host();
      const confirm = h.confirm.bind(h);
      h.confirm = async (message, detail, button) => {
        seen.tasks = await cliTasksOn(nodeId);
        return confirm(message, detail, button);
      };
      return seen;
    }

    it('Drain Node… asks first, counting the node\'s tasks; cancelled, the node stays active', async () => {
      const [node] = await client.listNodes();
      const seen = countAtConfirmation(node!.ID);
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.drainNode, node!.ID);
      assert.ok(seen.tasks !== undefined && seen.tasks >= 1, 'at least the test task runs there');
      assert.deepEqual(host().confirmations, [{ message: `Drain ${node!.Description!.Hostname}?`, detail: drainDetail(seen.tasks), button: 'Drain' }]);
      assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'active');
      assert.deepEqual(host().notifications, []);
    });

    it('from the palette: Pause and Drain offer the nodes not already so, and cancelling changes nothing', async () => {
      const [node] = await client.listNodes();
      const hostname = node!.Description!.Hostname!;
      for (const command of [Commands.pauseNode, Commands.drainNode]) {
        let offered: { label: string; description?: string }[] = [];
        host().answer((items) => {
          offered = items.map((i) => ({ label: i.label, description: i.description }));
          return undefined;
        });
        assert.equal(await vscode.commands.executeCommand(command), undefined);
        assert.deepEqual(offered, [{ label: hostname, description: 'manager · active · ready' }]);
      }
      assert.deepEqual(host().quickPicks.map((q) => q.options?.placeHolder), ['Select a node to pause', 'Select a node to drain']);
      assert.deepEqual(host().confirmations, [], 'Drain asks nothing more once the picker is cancelled');
      assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'active');
      assert.deepEqual(host().notifications, []);
    });

    it('from the palette: Activate with every node active says there is none to choose; Pause, then Activate, act on the node picked', async () => {
      const [node] = await client.listNodes();
      const hostname = node!.Description!.Hostname!;
      assert.equal(await vscode.commands.executeCommand(Commands.activateNode), undefined);
      assert.deepEqual(host().notifications, [{ kind: 'info', message: 'There is no node to choose from.', buttons: [] }]);
      assert.equal(host().quickPicks.length, 0);
      try {
        host().answer(hostname);
        assert.equal(await vscode.commands.executeCommand(Commands.pauseNode), 'pause');
        assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'pause');
        host().answer(hostname);
        assert.equal(await vscode.commands.executeCommand(Commands.activateNode), 'active');
        assert.deepEqual(host().quickPicks.map((q) => q.labels), [[hostname], [hostname]]);
        assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'active');
      } finally {
        await client.setNodeAvailability(node!.ID, 'active');
      }
    });

    it('Pause Node and Activate Node change the availability on the engine and in the view', async () => {
      const [node] = await client.listNodes();
      await vscode.commands.executeCommand(Commands.pauseNode, node!.ID);
      assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'pause');
      assert.equal(a.ctx.store.nodes.find((n) => n.id === node!.ID)?.availability, 'pause');
      // Running tasks stay where they are on a paused node.
      assert.equal((await client.serviceTasks(svc, { 'desired-state': 'running' })).length, 1);
      await vscode.commands.executeCommand(Commands.activateNode, node!.ID);
      assert.equal((await client.listNodes())[0]!.Spec?.Availability, 'active');
      assert.equal(a.ctx.store.nodes.find((n) => n.id === node!.ID)?.availability, 'active');
    });
  });
});
