// Every command, run through vscode.commands.executeCommand inside the real extension host
// on services of the real swarm. Prompts are answered by a ScriptedHost; everything else
// (commands, tree, client, engine, output channels, editors) is real.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { SwarmClient } from '../../src/docker/swarmClient';
import type { SwarmServicesApi } from '../../src/extension';
import type { ServiceNode, SwarmNode } from '../../src/tree/nodes';
import { createService, serviceSpec, uniqueName, waitFor, waitForRunning } from '../support/swarm';
import { api, channelText, EXTENSION_ID, scriptedHostPerTest } from './support';

const client = new SwarmClient();

describe('commands in the extension host, on the real swarm', () => {
  let a: SwarmServicesApi;

  before(async () => {
    a = await api();
  });
  const host = scriptedHostPerTest(() => a);

  async function serviceNode(id: string): Promise<ServiceNode> {
    return waitFor(`service ${id} in the tree`, async () => {
      await a.ctx.services.refresh();
      const roots = await a.ctx.services.getChildren();
      return roots.find((n): n is ServiceNode => n.kind === 'service' && n.service.id === id);
    });
  }

  async function replicas(id: string): Promise<number | undefined> {
    return (await client.inspectService(id)).Spec?.Mode?.Replicated?.Replicas;
  }

  describe('Scale Service…', () => {
    let id: string;
    let globalName: string;
    before(async () => {
      globalName = uniqueName('unscalable');
      [id] = await Promise.all([
        createService(client, uniqueName('scale'), 'sleep 3600', { replicas: 1 }),
        createService(client, globalName, 'sleep 3600', { global: true }),
      ]);
    });

    it('scales to the typed count: the engine runs it and the tree shows it', async () => {
      const node = await serviceNode(id);
      host().answer('3');
      await vscode.commands.executeCommand(Commands.scale, node);
      assert.equal(host().inputBoxes[0]?.value, '1', 'prefilled with the current count');
      assert.equal(await replicas(id), 3);
      await waitForRunning(client, id, 3);
      const updated = await waitFor('tree shows 3/3', async () => {
        await a.ctx.services.refresh();
        const n = await serviceNode(id);
        return n.service.running === 3 ? n : undefined;
      });
      assert.match(String(a.ctx.services.getTreeItem(updated).description), /^replicated 3\/3 /);
      assert.ok(host().progressTitles.some((t) => t.includes('Scaling')));
    });

    for (const bad of ['-1', '1.5', 'abc', '', '1e9', '0x10', '100000']) {
      it(`refuses ${JSON.stringify(bad)} with a message and changes nothing on the engine`, async () => {
        const before = await client.inspectService(id);
        host().answer(bad);
        await vscode.commands.executeCommand(Commands.scale, await serviceNode(id));
        assert.equal(host().validationMessages.length, 1);
        const after = await client.inspectService(id);
        assert.equal(after.Version?.Index, before.Version?.Index, 'no update reached the engine');
      });
    }

    it('refuses a bad count passed as an argument, with an error and no update', async () => {
      const before = await client.inspectService(id);
      await vscode.commands.executeCommand(Commands.scale, await serviceNode(id), '-1');
      assert.equal(host().errors.length, 1);
      assert.equal((await client.inspectService(id)).Version?.Index, before.Version?.Index);
    });

    it('with a multi-selection, asks for the count instead of reading the selection as one', async () => {
      const node = await serviceNode(id);
      host().answer('2');
      await vscode.commands.executeCommand(Commands.scale, node, [node]);
      assert.deepEqual(host().errors, []);
      assert.equal(await replicas(id), 2);
    });

    it('does nothing when the prompt is cancelled', async () => {
      const before = await client.inspectService(id);
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.scale, await serviceNode(id));
      assert.equal((await client.inspectService(id)).Version?.Index, before.Version?.Index);
      assert.deepEqual(host().errors, []);
    });

    it('from the palette, offers a picker of scalable services', async () => {
      const name = (await serviceNode(id)).service.name;
      let offered: string[] = [];
      host().answer((items) => {
        offered = items.map((i) => i.label);
        return items.find((i) => i.label === name);
      }, '2');
      await vscode.commands.executeCommand(Commands.scale);
      assert.equal(await replicas(id), 2);
      assert.ok(offered.includes(name));
      assert.ok(offered.length > 1);
      assert.ok(!offered.includes(globalName), 'global services are not offered');
    });
  });

  describe('a global service', () => {
    let id: string;
    before(async () => {
      id = await createService(client, uniqueName('global'), 'sleep 3600', { global: true });
    });

    it('offers no Scale Service… in its context menu', async () => {
      const node = await serviceNode(id);
      const contextValue = String(a.ctx.services.getTreeItem(node).contextValue);
      const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string }[];
      const scaleWhen = menus.find((m) => m.command === Commands.scale)!.when;
      const regex = new RegExp(/viewItem =~ \/(.*)\//.exec(scaleWhen)![1]!);
      assert.ok(!regex.test(contextValue), `${contextValue} does not match ${regex}`);
      const replicatedNode = { ...node, service: { ...node.service, mode: 'replicated' as const } };
      assert.ok(regex.test(String(a.ctx.services.getTreeItem(replicatedNode).contextValue)), 'a replicated service does match');
    });

    it('scaling it anyway says why and changes nothing', async () => {
      const before = await client.inspectService(id);
      await vscode.commands.executeCommand(Commands.scale, await serviceNode(id), '3');
      assert.match(host().errors[0] ?? '', /global service/);
      assert.equal((await client.inspectService(id)).Version?.Index, before.Version?.Index);
    });
  });

  describe('Force Update, Reload, Inspect, Copy ID, Remove', () => {
    let id: string;
    let name: string;
    before(async () => {
      name = uniqueName('ops');
      id = await createService(client, name, 'sleep 3600', { replicas: 1 });
      await waitForRunning(client, id, 1);
    });

    it('Force Update Service asks first; cancelled, nothing happens', async () => {
      const before = await client.inspectService(id);
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.forceUpdate, await serviceNode(id));
      assert.equal(host().confirms.length, 1);
      assert.equal((await client.inspectService(id)).Version?.Index, before.Version?.Index);
    });

    it('Force Update Service, confirmed, raises ForceUpdate on the engine and reports it', async () => {
      const before = await client.inspectService(id);
      host().answer('Force Update');
      await vscode.commands.executeCommand(Commands.forceUpdate, await serviceNode(id));
      const after = await client.inspectService(id);
      assert.equal(after.Spec?.TaskTemplate?.ForceUpdate, (before.Spec?.TaskTemplate?.ForceUpdate ?? 0) + 1);
      assert.ok(host().progressTitles.some((t) => t.includes(name)));
      assert.ok(host().infos.some((m) => m.includes(name)));
      assert.equal((await serviceNode(id)).service.version, after.Version?.Index, 'the item shows the new version');
    });

    it('Update Service Image… sets the new image, and the rollout is followed to the end', async () => {
      const otherRef = 'swarm-services-busybox';
      host().answer('Not An Image', otherRef);
      await vscode.commands.executeCommand(Commands.updateImage, await serviceNode(id));
      assert.equal(host().validationMessages.length, 1, 'a bad reference is refused in the box');
      host().answer(otherRef);
      await vscode.commands.executeCommand(Commands.updateImage, await serviceNode(id));
      assert.equal((await client.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec?.Image, otherRef);
      await a.ctx.rollouts.settled();
      assert.ok(host().progressMessages.some((m) => /^1\/1 running/.test(m)), host().progressMessages.join(' | '));
      assert.deepEqual(host().errors, []);
    });

    it('Rollback Service, confirmed, returns to the previous spec and the item says so', async () => {
      const node = await serviceNode(id);
      assert.match(String(a.ctx.services.getTreeItem(node).contextValue), /:rollback/);
      host().answer('Roll Back');
      await vscode.commands.executeCommand(Commands.rollback, node);
      assert.equal(host().confirms.length, 1);
      const engine = await client.inspectService(id);
      assert.equal(engine.Spec?.TaskTemplate?.ContainerSpec?.Image?.replace(/@.*/, ''), 'swarm-services-busybox:latest');
      await a.ctx.rollouts.settled();
      await waitFor('rolled back in the tree', async () => {
        await a.ctx.services.refresh();
        return /\(rolled back\)/.test(String(a.ctx.services.getTreeItem(await serviceNode(id)).description));
      }, 30_000);
    });

    it('Reload Service re-reads a service changed outside the editor', async () => {
      const node = await serviceNode(id);
      await client.updateSpec(id, (s) => ({ ...s, Labels: { ...s.Labels, changedOutside: 'yes' } }));
      const [reloaded] = (await vscode.commands.executeCommand(Commands.reload, node)) as { version: number; labels: Record<string, string> }[];
      const engine = await client.inspectService(id);
      assert.equal(reloaded!.version, engine.Version?.Index);
      assert.equal(reloaded!.labels['changedOutside'], 'yes');
      const roots = await a.ctx.services.getChildren();
      const inTree = roots.find((n) => n.kind === 'service' && n.service.id === id) as ServiceNode;
      assert.equal(inTree.service.version, engine.Version?.Index);
    });

    it('Reload Service from the palette picks the service', async () => {
      host().answer(name);
      const result = (await vscode.commands.executeCommand(Commands.reload)) as { id: string }[];
      assert.deepEqual(result.map((r) => r.id), [id]);
    });

    it('Inspect Service opens the raw attrs as JSON in a read-only editor', async () => {
      const uri = (await vscode.commands.executeCommand(Commands.inspect, await serviceNode(id))) as vscode.Uri;
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.toString(), uri.toString());
      assert.equal(editor.document.languageId, 'json');
      const attrs = JSON.parse(editor.document.getText());
      assert.equal(attrs.ID, id);
      assert.equal(attrs.Spec.Name, name);
      // Opened again after a change made elsewhere, it shows the engine's current object.
      await client.updateSpec(id, (s) => ({ ...s, Labels: { ...s.Labels, inspectedAgain: 'yes' } }));
      await vscode.commands.executeCommand(Commands.inspect, await serviceNode(id));
      await waitFor('re-read attrs', async () => JSON.parse(vscode.window.activeTextEditor!.document.getText()).Spec.Labels.inspectedAgain === 'yes');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('Copy Service ID puts the full id on the clipboard', async () => {
      await vscode.commands.executeCommand(Commands.copyId, await serviceNode(id));
      assert.equal(await vscode.env.clipboard.readText(), id);
    });

    it('a service removed by someone else: the command says it no longer exists and the tree refreshes', async () => {
      const goneName = uniqueName('gone');
      const goneId = await createService(client, goneName, 'sleep 3600', { replicas: 0 });
      const node = await serviceNode(goneId);
      await client.removeService(goneId);
      await vscode.commands.executeCommand(Commands.reload, node);
      assert.match(host().errors[0] ?? '', /no longer exists/);
      await waitFor('gone from the tree', async () => !(await a.ctx.services.getChildren()).some((n) => n.kind === 'service' && n.service.id === goneId));
    });

    it('Remove Service…, cancelled, removes nothing', async () => {
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.remove, await serviceNode(id));
      assert.equal((await client.inspectService(id)).ID, id);
    });

    it('Remove Service… asks with the name; confirmed, the service leaves the engine and the tree', async () => {
      host().answer('Remove');
      await vscode.commands.executeCommand(Commands.remove, await serviceNode(id));
      assert.ok(host().confirms[0]?.includes(name));
      await assert.rejects(client.inspectService(id));
      const roots = await a.ctx.services.getChildren();
      assert.ok(!roots.some((n) => n.kind === 'service' && n.service.id === id));
    });
  });

  describe('Show Service Logs and Stop Following Logs', () => {
    let id: string;
    let name: string;
    before(async () => {
      name = uniqueName('talk');
      id = await createService(client, name, 'i=0; while true; do echo "spoken $i"; i=$((i+1)); sleep 0.2; done', { replicas: 1 });
      await waitForRunning(client, id, 1);
    });

    it("streams the service's real lines into its output channel, and stops when asked", async () => {
      const channel = (await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(id))) as string;
      assert.equal(channel, `Swarm: ${name}`);
      const text = await waitFor('lines in the channel', async () => {
        const t = channelText(a.hostLogDir, channel);
        return (t.match(/ \| spoken \d+$/gm) ?? []).length >= 5 ? t : undefined;
      }, 30_000, 200);
      // Each line carries the task it came from, as `docker service logs` prints it.
      const [task] = await client.serviceTasks(id, { 'desired-state': 'running' });
      const [nodeInfo] = await client.listNodes();
      const prefix = `${name}.1.${task!.ID.slice(0, 12)}@${nodeInfo!.Description!.Hostname}`;
      assert.ok(text.split('\n').filter(Boolean).every((l) => l.startsWith(`${prefix} | spoken `)), `every line starts with "${prefix} | "`);
      assert.ok(text.includes('spoken'));
      assert.deepEqual(a.ctx.logs.following().map((f) => f.serviceId), [id]);
      const node = await serviceNode(id);
      assert.match(String(a.ctx.services.getTreeItem(node).contextValue), /:following$/, 'the item offers Stop Following Logs');
      // The title-bar button passes the focused item, here one that is not followed.
      const other = await createService(client, uniqueName('quiet'), 'sleep 3600', { replicas: 0 });
      assert.equal(await vscode.commands.executeCommand(Commands.stopLogs, await serviceNode(other)), true);
      assert.deepEqual(a.ctx.logs.following(), []);
      assert.doesNotMatch(String(a.ctx.services.getTreeItem(await serviceNode(id)).contextValue), /following/);
      const atStop = await waitFor('the stop marker', async () => {
        const t = channelText(a.hostLogDir, channel);
        return /stopped following/.test(t) ? t : undefined;
      });
      assert.match(atStop.trimEnd().split('\n').pop()!, /^--- stopped following/, 'the marker is the last line');
      await new Promise((r) => setTimeout(r, 1000));
      const later = channelText(a.hostLogDir, channel);
      assert.equal(later.length, atStop.length, 'nothing arrives after Stop Following Logs');
    });

    it('Show Service Logs… asks for tail, since and flags, and the Engine applies them', async () => {
      host().answer('3', '', (items) => items.filter((i) => i.label === 'stdout' || i.label === 'Timestamps') as never);
      const channel = (await vscode.commands.executeCommand(Commands.showLogsWithOptions, await serviceNode(id))) as string;
      const text = await waitFor('3 timestamped lines', async () => {
        const t = channelText(a.hostLogDir, channel);
        const lines = t.split('\n').filter((l) => /@\S+ \| \d{4}-\d\d-\d\dT\S+ spoken \d+$/.test(l));
        return lines.length >= 3 ? lines : undefined;
      });
      assert.equal(text.length, 3, 'tail 3 and no follow: exactly three lines');
      assert.deepEqual(a.ctx.logs.following(), []);
    });

    it('opening the same service again replaces the earlier stream: no line twice', async () => {
      const node = await serviceNode(id);
      const channel = (await vscode.commands.executeCommand(Commands.showLogs, node, { tail: 0 })) as string;
      await new Promise((r) => setTimeout(r, 700));
      await vscode.commands.executeCommand(Commands.showLogs, node, { tail: 0 });
      await new Promise((r) => setTimeout(r, 1500));
      await vscode.commands.executeCommand(Commands.stopLogs, node);
      assert.deepEqual(a.ctx.logs.following(), []);
      await new Promise((r) => setTimeout(r, 300));
      const lines = channelText(a.hostLogDir, channel).split('\n').filter((l) => l.includes('| spoken'));
      assert.ok(lines.length >= 3, `lines after reopening (${lines.length})`);
      assert.equal(new Set(lines).size, lines.length, 'each line once');
    });

    it('Show Task Logs shows one task in a channel of its own: its lines and no other task\'s', async () => {
      // Two replicas, each printing its own task id (a template the engine fills in per task):
      // the whole service's stream would bring the other task's lines too.
      const twins = await createService(client, uniqueName('twins'), 'i=0; while true; do echo "task $TASK_ID line $i"; i=$((i+1)); sleep 0.2; done', {
        replicas: 2,
        env: ['TASK_ID={{.Task.ID}}'],
      });
      type TaskNode = Extract<SwarmNode, { kind: 'task' }>;
      try {
        await waitForRunning(client, twins, 2);
        const taskNodes = ((await a.ctx.services.getChildren(await serviceNode(twins))) as SwarmNode[]).filter((n): n is TaskNode => n.kind === 'task');
        assert.equal(taskNodes.length, 2);
        const [mine, other] = taskNodes as [TaskNode, TaskNode];
        const channel = (await vscode.commands.executeCommand(Commands.showTaskLogs, mine)) as string;
        assert.equal(channel, `Swarm: ${mine.task.name}.${mine.task.id.slice(0, 12)}`);
        const text = await waitFor('ten lines of the task', async () => {
          const t = channelText(a.hostLogDir, channel);
          return (t.match(/^task \S+ line \d+$/gm) ?? []).length >= 10 ? t : undefined;
        });
        const lines = text.split('\n').filter((l) => l !== '');
        assert.deepEqual(lines.filter((l) => !l.startsWith(`task ${mine.task.id} line `)), [], 'only lines of that task');
        // The other task was logging meanwhile: the engine has its lines.
        const serviceLines: string[] = [];
        await client.logs('service', twins, { follow: false, tail: 5, stdout: true, stderr: true, timestamps: false, details: false }, (l) => serviceLines.push(l.text)).done;
        assert.ok(serviceLines.some((l) => l.startsWith(`task ${other.task.id} line `)), serviceLines.join(' / '));
        assert.ok(a.ctx.logs.stop(mine.task.id));
      } finally {
        await client.removeService(twins).catch(() => undefined);
      }
    });

    it('Show Task Logs from the palette asks for the service, then (with one task) opens it', async () => {
      host().answer(name);
      const channel = (await vscode.commands.executeCommand(Commands.showTaskLogs)) as string;
      assert.ok(channel.startsWith(`Swarm: ${name}.1.`), channel);
      assert.equal(host().answers.length, 0, 'one prompt: the service');
      const task = (await client.serviceTasks(id, { 'desired-state': 'running' }))[0]!;
      assert.ok(channel.endsWith(task.ID.slice(0, 12)), 'the running task of that service');
      assert.ok(a.ctx.logs.stop(task.ID));
    });

    it('follows on across task replacements, and says so (offering to follow again) when the stream ends', async () => {
      const restartingName = uniqueName('restarting');
      const restarting = await createService(client, restartingName, 'echo "life of $(hostname)"; sleep 1; exit 1', { restart: { Condition: 'any', Delay: 200_000_000 } });
      const channel = (await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(restarting), { tail: 'all' })) as string;
      const lines = await waitFor('lines of three tasks', async () => {
        const t = channelText(a.hostLogDir, channel).split('\n').filter((l) => l.includes('| life of '));
        return new Set(t.map((l) => l.split(' | ')[0])).size >= 3 ? t : undefined;
      }, 60_000, 250);
      assert.ok(lines.length >= 3);
      assert.equal(a.ctx.logs.isFollowing(restarting), true, 'still following after the replacements');
      await client.removeService(restarting);
      await a.ctx.services.refresh();
      await waitFor('the end noted in the channel', async () => /--- the log stream of .* ended: the service was removed ---/.test(channelText(a.hostLogDir, channel)), 30_000);
      await waitFor('the user told, with an offer', async () => host().infos.some((m) => m === `The log stream of ${restartingName} stopped: the service was removed.`), 10_000);
      assert.equal(a.ctx.logs.isFollowing(restarting), false);
    });

    it('a service with the "none" log driver: the command says logs cannot be read', async () => {
      const mute = await createService(client, uniqueName('mute'), 'echo hi; sleep 3600', { logDriver: 'none' });
      const muteName = (await serviceNode(mute)).service.name;
      await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(mute));
      assert.match(host().errors[0] ?? '', /cannot be read.*"none" logging driver/);
      const text = await waitFor('failure noted in the channel', async () => {
        const t = channelText(a.hostLogDir, `Swarm: ${muteName}`);
        return /none" logging driver/.test(t) ? t : undefined;
      });
      assert.match(text, /cannot be read/);
      assert.deepEqual(a.ctx.logs.following(), []);
    });
  });

  describe('Filter Tasks… and Clear Task Filter', () => {
    let id: string;
    before(async () => {
      id = await createService(client, uniqueName('filter'), 'sleep 3600', { replicas: 1 });
      await waitForRunning(client, id, 1);
      await client.forceUpdateService(id);
      await waitFor('a shut-down task', async () => (await client.serviceTasks(id, { 'desired-state': 'shutdown' })).length === 1, 60_000);
      await waitForRunning(client, id, 1);
    });
    after(async () => {
      await vscode.commands.executeCommand(Commands.clearTaskFilter);
    });

    async function taskStates(): Promise<string[]> {
      const node = await serviceNode(id);
      const children: SwarmNode[] = await a.ctx.services.getChildren(node);
      return children.map((c) => (c.kind === 'task' ? c.task.desiredState : '?'));
    }

    it('by default shows only tasks meant to run', async () => {
      assert.deepEqual(await taskStates(), ['running']);
    });

    it('desired state chosen in the picker changes the tree, and the filter is shown on the view', async () => {
      host().answer('Desired state', 'shutdown');
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.deepEqual(await taskStates(), ['shutdown']);
      assert.equal(a.ctx.services.describeFilter(), 'tasks: desired-state=shutdown');
    });

    it('any desired state shows both', async () => {
      host().answer('Desired state', '(any)');
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.deepEqual((await taskStates()).sort(), ['running', 'shutdown']);
    });

    it('a node filter keeps the tasks on that node', async () => {
      const [node] = await client.listNodes();
      host().answer('Node', node!.Description!.Hostname!);
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.equal((await taskStates()).length, 2);
    });

    it('Show Task History shows failed tasks with the reason; Hide Task History hides them', async () => {
      const crashing = await createService(client, uniqueName('crash'), 'echo "db down" >&2; exit 3', { restart: { Condition: 'any', Delay: 500_000_000 } });
      await waitFor('a failed task', async () => (await client.serviceTasks(crashing, { 'desired-state': 'shutdown' })).some((t) => t.Status?.State === 'failed'), 60_000);
      const node = await serviceNode(crashing);
      await vscode.commands.executeCommand(Commands.showTaskHistory);
      const failed = ((await a.ctx.services.getChildren(node)) as SwarmNode[]).filter((c) => c.kind === 'task' && c.task.state === 'failed');
      assert.ok(failed.length >= 1);
      const item = a.ctx.services.getTreeItem(failed[0]!);
      assert.match(String(item.description), /^failed .*— task: non-zero exit \(3\)$/);
      assert.match(String(item.tooltip), /Error: task: non-zero exit \(3\)/);
      await vscode.commands.executeCommand(Commands.hideTaskHistory);
      const shown = (await a.ctx.services.getChildren(await serviceNode(crashing))) as SwarmNode[];
      assert.ok(shown.every((c) => (c.kind === 'task' ? c.task.desiredState === 'running' : c.kind === 'info' && c.text.startsWith('No tasks'))));
      await client.removeService(crashing);
    });

    it('a service with no task that matches says so under it, as a plain row', async () => {
      await a.ctx.services.setTaskFilter({ 'desired-state': 'running', label: 'no-such-label' });
      const children = (await a.ctx.services.getChildren(await serviceNode(id))) as SwarmNode[];
      assert.deepEqual(children.map((c) => c.kind), ['info']);
      const item = a.ctx.services.getTreeItem(children[0]!);
      assert.equal(item.label, 'No tasks match the filter (desired-state=running, label=no-such-label)');
      assert.equal(item.command, undefined);
      assert.equal(item.contextValue, 'info');
    });

    it("a finished job says where its tasks are, and Show Task History shows them", async () => {
      await vscode.commands.executeCommand(Commands.clearTaskFilter);
      const spec = serviceSpec(uniqueName('job'), 'echo done', { restart: { Condition: 'none' } });
      spec.Mode = { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } };
      const job = await client.createService(spec);
      try {
        await waitFor('the job complete', async () => (await client.serviceTasks(job)).some((t) => t.Status?.State === 'complete'), 60_000);
        const shown = (await a.ctx.services.getChildren(await serviceNode(job))) as SwarmNode[];
        assert.deepEqual(shown.map((c) => (c.kind === 'info' ? c.text : c.kind)), ['No tasks running (finished ones show with Show Task History)']);
        await vscode.commands.executeCommand(Commands.showTaskHistory);
        const history = (await a.ctx.services.getChildren(await serviceNode(job))) as SwarmNode[];
        assert.ok(history.some((c) => c.kind === 'task' && c.task.state === 'complete'), 'the completed task');
      } finally {
        await vscode.commands.executeCommand(Commands.hideTaskHistory);
        await client.removeService(job);
      }
    });

    it('Clear Task Filter goes back to running tasks', async () => {
      await vscode.commands.executeCommand(Commands.clearTaskFilter);
      assert.deepEqual(await taskStates(), ['running']);
      assert.equal(a.ctx.services.describeFilter(), undefined);
    });
  });
});
