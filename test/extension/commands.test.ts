// Every command, run through vscode.commands.executeCommand inside the real extension host
// on services of the real swarm. Prompts are answered by a ScriptedHost; everything else
// (commands, tree, client, engine, output channels, editors) is real.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { TestClient } from '../support/testClient';
import type { SwarmServicesApi } from '../../src/extension';
import { SwarmError } from '../../src/model/errors';
import type { ServiceElement, ServicesTreeElement } from '../../src/tree/servicesItems';
import { RUN_ID, createService, serviceSpec, uniqueName, waitFor, waitForRunning } from '../support/swarm';
import type { ScriptedHost } from './scriptedHost';
import { api, channelText, EXTENSION_ID, scriptedHostPerTest, serviceRow } from './support';

const client = new TestClient();

/** The engine's answer for a service that is not there: a SwarmError of kind notFound. */
/** Once the user confirms, someone else removes the service `id` before the command goes on. */
function removedOnConfirm(h: ScriptedHost, id: string): void {
  const confirm = h.confirm.bind(h);
  h.confirm = async (message, text, button) => {
    const answer = await confirm(message, text, button);
    await client.removeService(id);
    return answer;
  };
}

function isNotFound(e: unknown): boolean {
  return e instanceof SwarmError && e.kind === 'notFound';
}

describe('commands in the extension host, on the real swarm', () => {
  let a: SwarmServicesApi;

  before(async () => {
    a = await api();
  });
  const host = scriptedHostPerTest(() => a);

  const serviceNode = (id: string): Promise<ServiceElement> => serviceRow(a, id);

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
        // A second scalable service of its own: the picker's test must not lean on other files' services.
        createService(client, uniqueName('scale-other'), 'sleep 3600', { replicas: 0 }),
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
        await a.ctx.store.refresh();
        const n = await serviceNode(id);
        return n.service.running === 3 ? n : undefined;
      });
      assert.match(String(a.ctx.servicesTree.getTreeItem(updated).description), /^replicated 3\/3 /);
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
      const contextValue = String(a.ctx.servicesTree.getTreeItem(node).contextValue);
      const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string }[];
      const scaleWhen = menus.find((m) => m.command === Commands.scale)!.when;
      const regex = new RegExp(/viewItem =~ \/(.*)\//.exec(scaleWhen)![1]!);
      assert.ok(!regex.test(contextValue), `${contextValue} does not match ${regex}`);
      const replicatedNode = { ...node, service: { ...node.service, mode: 'replicated' as const } };
      assert.ok(regex.test(String(a.ctx.servicesTree.getTreeItem(replicatedNode).contextValue)), 'a replicated service does match');
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
      assert.deepEqual(host().confirmations, [{
        message: `Force update ${name}?`,
        detail: "Every task is replaced by a new one with the same spec, following the service's update config.",
        button: 'Force Update',
      }]);
      assert.equal((await client.inspectService(id)).Version?.Index, before.Version?.Index);
      assert.deepEqual(host().notifications, [], 'cancelled: nothing to report');
    });

    it('Force Update Service, confirmed, raises ForceUpdate on the engine and reports it', async () => {
      const before = await client.inspectService(id);
      host().answer('Force Update');
      await vscode.commands.executeCommand(Commands.forceUpdate, await serviceNode(id));
      const after = await client.inspectService(id);
      assert.equal(after.Spec?.TaskTemplate?.ForceUpdate, (before.Spec?.TaskTemplate?.ForceUpdate ?? 0) + 1);
      assert.ok(host().progressTitles.some((t) => t.includes(name)));
      assert.deepEqual(host().confirmations.map((c) => c.button), ['Force Update']);
      assert.deepEqual(host().notifications, [{ kind: 'info', message: `Force update of ${name} started.`, buttons: [] }]);
      assert.equal((await serviceNode(id)).service.version, after.Version?.Index, 'the item shows the new version');
    });

    it('Update Service Image… sets the new image, and the rollout is followed to the end', async () => {
      const otherRef = 'swarm-services-busybox';
      host().answer('Not An Image', otherRef);
      await vscode.commands.executeCommand(Commands.updateImage, await serviceNode(id));
      assert.equal(host().validationMessages.length, 1, 'a bad reference is refused in the box');
      // The image is local only: its digest cannot be looked up in a registry, and going on unpinned is the user's choice.
      host().answer('Use Unpinned Image');
      await vscode.commands.executeCommand(Commands.updateImage, await serviceNode(id));
      assert.equal(host().choices.length, 1);
      assert.match(host().choices[0]!.message, /swarm-services-busybox:latest/);
      assert.deepEqual(host().choices[0]!.buttons.slice(0, 1), ['Use Unpinned Image']);
      assert.equal((await client.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec?.Image, otherRef);
      await a.ctx.rollouts.settled();
      assert.ok(host().progressMessages.some((m) => /^1\/1 running/.test(m)), host().progressMessages.join(' | '));
      assert.deepEqual(host().errors, []);
    });

    it('Rollback Service, confirmed, returns to the previous spec and the item says so', async () => {
      const node = await serviceNode(id);
      assert.match(String(a.ctx.servicesTree.getTreeItem(node).contextValue), /:rollback/);
      host().answer('Roll Back');
      await vscode.commands.executeCommand(Commands.rollback, node);
      assert.deepEqual(host().confirmations, [{
        message: `Roll back ${name}?`,
        detail: 'The service returns to its spec before the last update; its tasks are replaced following the rollback config.',
        button: 'Roll Back',
      }]);
      const engine = await client.inspectService(id);
      assert.equal(engine.Spec?.TaskTemplate?.ContainerSpec?.Image?.replace(/@.*/, ''), 'swarm-services-busybox:latest');
      await a.ctx.rollouts.settled();
      await waitFor('rolled back in the tree', async () => {
        await a.ctx.store.refresh();
        return /\(rolled back\)/.test(String(a.ctx.servicesTree.getTreeItem(await serviceNode(id)).description));
      }, 30_000);
    });

    it('Reload Service re-reads a service changed outside the editor', async () => {
      const node = await serviceNode(id);
      await client.updateSpec(id, (s) => ({ ...s, Labels: { ...s.Labels, changedOutside: 'yes' } }));
      const [reloaded] = (await vscode.commands.executeCommand(Commands.reload, node)) as { version: number; labels: Record<string, string> }[];
      const engine = await client.inspectService(id);
      assert.equal(reloaded!.version, engine.Version?.Index);
      assert.equal(reloaded!.labels['changedOutside'], 'yes');
      const roots = await a.ctx.servicesTree.getChildren();
      const inTree = roots.find((n) => n.kind === 'service' && n.service.id === id) as ServiceElement;
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
      assert.deepEqual(host().notifications, [{ kind: 'error', message: `Service ${goneId} not found. It no longer exists; the view was refreshed.`, buttons: [] }]);
      await waitFor('gone from the tree', async () => !(await a.ctx.servicesTree.getChildren()).some((n) => n.kind === 'service' && n.service.id === goneId));
    });

    const removeDetail = 'Its tasks are stopped and the service is deleted from the swarm. This cannot be undone.';

    it('Remove Service…, cancelled, removes nothing', async () => {
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.remove, await serviceNode(id));
      assert.deepEqual(host().confirmations, [{ message: `Remove service ${name}?`, detail: removeDetail, button: 'Remove' }]);
      assert.equal((await client.inspectService(id)).ID, id);
      assert.deepEqual(host().notifications, []);
    });

    it('Remove Service… asks with the name; confirmed, the service leaves the engine and the tree', async () => {
      host().answer('Remove');
      await vscode.commands.executeCommand(Commands.remove, await serviceNode(id));
      assert.deepEqual(host().confirmations, [{ message: `Remove service ${name}?`, detail: removeDetail, button: 'Remove' }]);
      await assert.rejects(client.inspectService(id), isNotFound);
      const roots = await a.ctx.servicesTree.getChildren();
      assert.ok(!roots.some((n) => n.kind === 'service' && n.service.id === id));
      assert.deepEqual(host().notifications, [{ kind: 'info', message: `Removed ${name}.`, buttons: [] }]);
    });
  });

  describe('Remove Service… on a multi-selection', () => {
    const detail = 'Its tasks are stopped and the service is deleted from the swarm. This cannot be undone.';

    async function twoServices(): Promise<{ ids: string[]; names: string[]; nodes: ServiceElement[] }> {
      const names = [uniqueName('pair'), uniqueName('pair')];
      const ids = await Promise.all(names.map((n) => createService(client, n, 'sleep 3600', { replicas: 0 })));
      const nodes = [await serviceNode(ids[0]!), await serviceNode(ids[1]!)];
      return { ids, names, nodes };
    }

    it('names both in one confirmation; confirmed, both leave the engine and the tree', async () => {
      const { ids, names, nodes } = await twoServices();
      host().answer('Remove');
      await vscode.commands.executeCommand(Commands.remove, nodes[0], nodes);
      assert.deepEqual(host().confirmations, [{ message: `Remove 2 services: ${names[0]}, ${names[1]}?`, detail, button: 'Remove' }]);
      for (const id of ids) await assert.rejects(client.inspectService(id), isNotFound);
      const roots = await a.ctx.servicesTree.getChildren();
      assert.ok(!roots.some((n) => n.kind === 'service' && ids.includes(n.service.id)), 'both gone from the tree');
      assert.deepEqual(host().notifications, [{ kind: 'info', message: `Removed ${names[0]}, ${names[1]}.`, buttons: [] }]);
    });

    it('cancelled, removes neither', async () => {
      const { ids, nodes } = await twoServices();
      host().answer(undefined);
      await vscode.commands.executeCommand(Commands.remove, nodes[0], nodes);
      assert.equal(host().confirmations.length, 1);
      for (const id of ids) assert.equal((await client.inspectService(id)).ID, id);
      assert.deepEqual(host().notifications, []);
    });

    it('one removed by someone else after the confirmation: the other goes, and the message says which could not be removed and why', async () => {
      const { ids, names, nodes } = await twoServices();
      const h = host();
      // Between the user's answer and the removal, someone else removes the second one.
      removedOnConfirm(h, ids[1]!);
      h.answer('Remove');
      const removed = await vscode.commands.executeCommand(Commands.remove, nodes[0], nodes);
      assert.deepEqual(removed, [ids[0]]);
      for (const id of ids) await assert.rejects(client.inspectService(id), isNotFound);
      assert.deepEqual(h.notifications, [{ kind: 'error', message: `Removed ${names[0]}. Could not remove ${names[1]}: Service ${ids[1]} not found`, buttons: [] }]);
    });

    it('neither there any more: nothing is said to be removed', async () => {
      const { ids, names, nodes } = await twoServices();
      await Promise.all(ids.map((id) => client.removeService(id)));
      host().answer('Remove');
      const removed = await vscode.commands.executeCommand(Commands.remove, nodes[0], nodes);
      assert.deepEqual(removed, []);
      assert.deepEqual(host().notifications, [{
        kind: 'error',
        message: `Could not remove ${names[0]}: Service ${ids[0]} not found; ${names[1]}: Service ${ids[1]} not found`,
        buttons: [],
      }]);
    });
  });

  describe('Force Update Service on a multi-selection', () => {
    it('one removed by someone else after the confirmation: the others are still force-updated and followed, and the message names the one that could not be', async () => {
      const names = [uniqueName('forced'), uniqueName('forced'), uniqueName('forced')];
      const ids = await Promise.all(names.map((n) => createService(client, n, 'sleep 3600', { replicas: 0 })));
      const nodes = await Promise.all(ids.map((id) => serviceNode(id)));
      const counters = await Promise.all(ids.map(async (id) => (await client.inspectService(id)).Spec?.TaskTemplate?.ForceUpdate ?? 0));
      const h = host();
      // Between the user's answer and the updates, someone else removes the middle one.
      removedOnConfirm(h, ids[1]!);
      h.answer('Force Update');
      const updated = (await vscode.commands.executeCommand(Commands.forceUpdate, nodes[0], nodes)) as { id: string }[];
      assert.deepEqual(h.confirms, [`Force update ${names.join(', ')}?`]);
      for (const i of [0, 2]) {
        assert.equal((await client.inspectService(ids[i]!)).Spec?.TaskTemplate?.ForceUpdate, counters[i]! + 1, `${names[i]} was force-updated`);
      }
      await assert.rejects(client.inspectService(ids[1]!), isNotFound);
      assert.deepEqual(updated.map((s) => s.id), [ids[0], ids[2]]);
      assert.deepEqual(h.notifications, [{
        kind: 'error',
        message: `Force update of ${names[0]}, ${names[2]} started. Could not force-update ${names[1]}: Service ${ids[1]} not found`,
        buttons: [],
      }]);
      await a.ctx.rollouts.settled();
      // The rollout of each one that started is followed (a watch's title is the service's own).
      const watched = h.progressTitles.filter((t) => names.some((n) => t === `Force-updating ${n}`));
      assert.deepEqual(watched, [`Force-updating ${names[0]}`, `Force-updating ${names[2]}`]);
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
      assert.match(String(a.ctx.servicesTree.getTreeItem(node).contextValue), /:following$/, 'the item offers Stop Following Logs');
      // The title-bar button passes the focused item, here one that is not followed.
      const other = await createService(client, uniqueName('quiet'), 'sleep 3600', { replicas: 0 });
      assert.equal(await vscode.commands.executeCommand(Commands.stopLogs, await serviceNode(other)), true);
      assert.deepEqual(a.ctx.logs.following(), []);
      assert.doesNotMatch(String(a.ctx.servicesTree.getTreeItem(await serviceNode(id)).contextValue), /following/);
      const atStop = await waitFor('the stop marker', async () => {
        const t = channelText(a.hostLogDir, channel);
        return /stopped following/.test(t) ? t : undefined;
      });
      assert.match(atStop.trimEnd().split('\n').pop()!, /^--- stopped following/, 'the marker is the last line');
      // The service went on speaking after the stop (the engine has five lines newer than the
      // last one shown), and none of them reached the channel.
      const lastShown = Math.max(...[...atStop.matchAll(/ \| spoken (\d+)$/gm)].map((m) => Number(m[1])));
      await waitFor('the engine has newer lines', async () => {
        const newest: number[] = [];
        await client.logs('service', id, { tail: 1, follow: false, stdout: true, stderr: true, timestamps: false, details: false }, (l) => newest.push(Number(/spoken (\d+)/.exec(l.text)?.[1] ?? -1))).done;
        return Math.max(-1, ...newest) >= lastShown + 5;
      }, 30_000, 250);
      assert.equal(channelText(a.hostLogDir, channel).length, atStop.length, 'nothing arrives after Stop Following Logs');
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
      type TaskElement = Extract<ServicesTreeElement, { kind: 'task' }>;
      try {
        await waitForRunning(client, twins, 2);
        const taskNodes = ((await a.ctx.servicesTree.getChildren(await serviceNode(twins))) as ServicesTreeElement[]).filter((n): n is TaskElement => n.kind === 'task');
        assert.equal(taskNodes.length, 2);
        const [mine, other] = taskNodes as [TaskElement, TaskElement];
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
      await a.ctx.store.refresh();
      await waitFor('the end noted in the channel', async () => /--- the log stream of .* ended: the service was removed ---/.test(channelText(a.hostLogDir, channel)), 30_000);
      const told = await host().notified(/^The log stream of /, 10_000);
      assert.deepEqual(told, { kind: 'info', message: `The log stream of ${restartingName} stopped: the service was removed.`, buttons: ['Follow Again'] });
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
      const children: ServicesTreeElement[] = await a.ctx.servicesTree.getChildren(node);
      return children.map((c) => (c.kind === 'task' ? c.task.desiredState : '?'));
    }

    it('by default shows only tasks meant to run', async () => {
      assert.deepEqual(await taskStates(), ['running']);
    });

    it('desired state chosen in the picker changes the tree, and the filter is shown on the view', async () => {
      host().answer('Desired state', 'shutdown');
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.deepEqual(await taskStates(), ['shutdown']);
      assert.equal(a.ctx.store.describeFilter(), 'tasks: desired-state=shutdown');
    });

    it('any desired state shows both', async () => {
      host().answer('Desired state', '(any)');
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.deepEqual((await taskStates()).sort(), ['running', 'shutdown']);
    });

    it('a node filter keeps the tasks on that node and leaves out a task on no node', async () => {
      // One node here, so every placed task is on it; a task that no node can take (its
      // constraint matches none) is on no node, and is what the filter must leave out.
      const unplaced = await createService(client, uniqueName('unplaced'), 'sleep 3600', { replicas: 1, constraints: ['node.labels.no-such-label==1'] });
      await waitFor('a pending task', async () => (await client.serviceTasks(unplaced)).some((t) => t.Status?.State === 'pending' && !t.NodeID), 30_000);
      const before = (await a.ctx.servicesTree.getChildren(await serviceNode(unplaced))) as ServicesTreeElement[];
      assert.deepEqual(before.map((c) => (c.kind === 'task' ? c.task.state : c.kind)), ['pending'], 'shown until the node filter applies');
      const [node] = await client.listNodes();
      const hostname = node!.Description!.Hostname!;
      host().answer('Node', hostname);
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.deepEqual(host().quickPicks[1]?.labels, [hostname, '(any)'], 'the nodes of the swarm, and any');
      assert.equal(a.ctx.store.describeFilter(), `tasks: node=${hostname}`);
      // The engine's tasks of the service, all on that node: the tree shows each of them.
      const onNode = (await client.serviceTasks(id)).filter((t) => t.NodeID === node!.ID).map((t) => t.ID).sort();
      const shown = ((await a.ctx.servicesTree.getChildren(await serviceNode(id))) as ServicesTreeElement[]).map((c) => (c.kind === 'task' ? c.task.id : c.kind));
      assert.deepEqual(shown.sort(), onNode);
      assert.equal(onNode.length, 2);
      const under = (await a.ctx.servicesTree.getChildren(await serviceNode(unplaced))) as ServicesTreeElement[];
      assert.deepEqual(under.map((c) => (c.kind === 'info' ? c.text : c.kind)), [`No tasks match the filter (node=${hostname})`]);
      await client.removeService(unplaced);
    });

    it('Show Task History shows failed tasks with the reason; Hide Task History hides them', async () => {
      const crashing = await createService(client, uniqueName('crash'), 'echo "db down" >&2; exit 3', { restart: { Condition: 'any', Delay: 500_000_000 } });
      await waitFor('a failed task', async () => (await client.serviceTasks(crashing, { 'desired-state': 'shutdown' })).some((t) => t.Status?.State === 'failed'), 60_000);
      const node = await serviceNode(crashing);
      await vscode.commands.executeCommand(Commands.showTaskHistory);
      const failed = ((await a.ctx.servicesTree.getChildren(node)) as ServicesTreeElement[]).filter((c) => c.kind === 'task' && c.task.state === 'failed');
      assert.ok(failed.length >= 1);
      const item = a.ctx.servicesTree.getTreeItem(failed[0]!);
      assert.match(String(item.description), /^failed .*— task: non-zero exit \(3\)$/);
      assert.match(String(item.tooltip), /Error: task: non-zero exit \(3\)/);
      await vscode.commands.executeCommand(Commands.hideTaskHistory);
      const shown = (await a.ctx.servicesTree.getChildren(await serviceNode(crashing))) as ServicesTreeElement[];
      assert.ok(shown.every((c) => (c.kind === 'task' ? c.task.desiredState === 'running' : c.kind === 'info' && c.text.startsWith('No tasks'))));
      await client.removeService(crashing);
    });

    it('a service with no task that matches says so under it, as a plain row', async () => {
      await a.ctx.store.setTaskFilter({ 'desired-state': 'running', label: 'no-such-label' });
      const children = (await a.ctx.servicesTree.getChildren(await serviceNode(id))) as ServicesTreeElement[];
      assert.deepEqual(children.map((c) => c.kind), ['info']);
      const item = a.ctx.servicesTree.getTreeItem(children[0]!);
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
        const shown = (await a.ctx.servicesTree.getChildren(await serviceNode(job))) as ServicesTreeElement[];
        assert.deepEqual(shown.map((c) => (c.kind === 'info' ? c.text : c.kind)), ['No tasks running (finished ones show with Show Task History)']);
        await vscode.commands.executeCommand(Commands.showTaskHistory);
        const history = (await a.ctx.servicesTree.getChildren(await serviceNode(job))) as ServicesTreeElement[];
        assert.ok(history.some((c) => c.kind === 'task' && c.task.state === 'complete'), 'the completed task');
      } finally {
        await vscode.commands.executeCommand(Commands.hideTaskHistory);
        await client.removeService(job);
      }
    });

    it('Clear Task Filter goes back to running tasks', async () => {
      await vscode.commands.executeCommand(Commands.clearTaskFilter);
      assert.deepEqual(await taskStates(), ['running']);
      assert.equal(a.ctx.store.describeFilter(), undefined);
    });
  });

  describe('Filter Tasks… by label, name and id, through the command', () => {
    let labelled: string;
    let labelledName: string;
    let other: string;
    const label = `${RUN_ID}-tier`;
    before(async () => {
      labelledName = uniqueName('tiered');
      [labelled, other] = await Promise.all([
        createService(client, labelledName, 'sleep 3600', { replicas: 2, labels: { [label]: 'front' } }),
        createService(client, uniqueName('untiered'), 'sleep 3600', { replicas: 1 }),
      ]);
      await Promise.all([waitForRunning(client, labelled, 2), waitForRunning(client, other, 1)]);
    });
    beforeEach(async () => {
      await vscode.commands.executeCommand(Commands.clearTaskFilter);
    });
    after(async () => {
      await vscode.commands.executeCommand(Commands.clearTaskFilter);
    });

    /** What the tree shows under a service: task ids, or the text of its info row. */
    async function shownUnder(serviceId: string): Promise<string[]> {
      const children = (await a.ctx.servicesTree.getChildren(await serviceNode(serviceId))) as ServicesTreeElement[];
      return children.map((c) => (c.kind === 'task' ? c.task.id : c.kind === 'info' ? c.text : c.kind)).sort();
    }

    /** The engine's running tasks of a service, unfiltered, that `keep` accepts. */
    async function engineTasks(serviceId: string, keep: (t: { ID: string; Slot?: number }) => boolean = () => true): Promise<string[]> {
      const tasks = await client.serviceTasks(serviceId, { 'desired-state': 'running' });
      return tasks.filter((t) => keep(t)).map((t) => t.ID).sort();
    }

    it('by label: the tasks of the labelled service stay, the other service has none that match', async () => {
      host().answer('Label', `${label}=front`);
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.match(host().inputBoxes[0]?.prompt ?? '', /^Task label: key or key=value/);
      const expected = await engineTasks(labelled);
      assert.equal(expected.length, 2);
      assert.deepEqual(await shownUnder(labelled), expected);
      assert.deepEqual(await shownUnder(other), [`No tasks match the filter (desired-state=running, label=${label}=front)`]);
      assert.equal(a.ctx.store.describeFilter(), `tasks: desired-state=running, label=${label}=front`);
    });

    it('by name: only the task of that slot', async () => {
      host().answer('Task name', `${labelledName}.2`);
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.match(host().inputBoxes[0]?.prompt ?? '', /^Task name/);
      const expected = await engineTasks(labelled, (t) => t.Slot === 2);
      assert.equal(expected.length, 1);
      assert.deepEqual(await shownUnder(labelled), expected);
      assert.deepEqual(await shownUnder(other), [`No tasks match the filter (desired-state=running, name=${labelledName}.2)`]);
      assert.equal(a.ctx.store.describeFilter(), `tasks: desired-state=running, name=${labelledName}.2`);
    });

    it('by id (its beginning): only that task', async () => {
      const [first] = await engineTasks(labelled, (t) => t.Slot === 1);
      const prefix = first!.slice(0, 10);
      host().answer('Task ID', prefix);
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.match(host().inputBoxes[0]?.prompt ?? '', /^Task ID/);
      assert.deepEqual(await shownUnder(labelled), [first]);
      assert.deepEqual(await shownUnder(other), [`No tasks match the filter (desired-state=running, id=${prefix})`]);
      assert.equal(a.ctx.store.describeFilter(), `tasks: desired-state=running, id=${prefix}`);
    });

    it('an empty value removes that part of the filter again', async () => {
      host().answer('Label', `${label}=front`);
      await vscode.commands.executeCommand(Commands.filterTasks);
      host().answer('Label', '');
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.equal(host().inputBoxes[1]?.value, `${label}=front`, 'the box shows the current value');
      assert.equal(a.ctx.store.describeFilter(), undefined);
      assert.deepEqual(await shownUnder(other), await engineTasks(other));
    });
  });

  describe('from the palette, with nothing clicked: each command offers a picker, and cancelling changes nothing', () => {
    let fresh: string;
    let freshName: string;
    let updated: string;
    let updatedName: string;
    const stack = `${RUN_ID}-palette`;
    let versions: () => Promise<(number | undefined)[]>;
    before(async () => {
      freshName = uniqueName('fresh');
      updatedName = `${stack}_updated`;
      [fresh, updated] = await Promise.all([
        createService(client, freshName, 'sleep 3600', { replicas: 0 }),
        createService(client, updatedName, 'sleep 3600', { replicas: 0, labels: { 'com.docker.stack.namespace': stack } }),
      ]);
      // One update gives it a previous spec to roll back to.
      await client.updateSpec(updated, (s) => ({ ...s, Labels: { ...s.Labels, touched: 'once' } }));
      versions = async () => Promise.all([fresh, updated].map(async (id) => (await client.inspectService(id)).Version?.Index));
    });

    /** Answers the next quick pick with nothing, keeping the labels it offered. */
    function cancelPicker(): { labels: string[] } {
      const seen = { labels: [] as string[] };
      host().answer((items) => {
        seen.labels = items.map((i) => i.label);
        return undefined;
      });
      return seen;
    }

    async function assertNothingChanged(before: (number | undefined)[]): Promise<void> {
      assert.deepEqual(await versions(), before, 'no update reached the engine');
      assert.deepEqual(host().notifications, [], 'no message, no error');
      assert.deepEqual(host().confirmations, []);
      assert.equal(host().answers.length, 0, 'every prompt the test expected was shown');
    }

    it('Rollback Service is not in the menu of a service without a previous spec, and is after one update', async () => {
      const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string }[];
      const when = menus.find((m) => m.command === Commands.rollback)!.when;
      const regex = new RegExp(/viewItem =~ \/(.*)\//.exec(when)![1]!);
      const once = await createService(client, uniqueName('once'), 'sleep 3600', { replicas: 0 });
      const freshValue = String(a.ctx.servicesTree.getTreeItem(await serviceNode(once)).contextValue);
      assert.ok(!regex.test(freshValue), `${freshValue} does not match ${regex}`);
      // The same service once updated: the item changes with it.
      await client.updateSpec(once, (s) => ({ ...s, Labels: { ...s.Labels, touched: 'once' } }));
      assert.ok((await client.inspectService(once)).PreviousSpec, 'the engine keeps the spec before the update');
      const after = await waitFor('the item offers Rollback', async () => {
        const v = String(a.ctx.servicesTree.getTreeItem(await serviceNode(once)).contextValue);
        return regex.test(v) ? v : undefined;
      });
      assert.match(after, /^service:replicated:.*:rollback(:|$)/);
      await client.removeService(once);
    });

    it('Update Service Image…: the picker lists the services; cancelled there or at the image box, nothing changes', async () => {
      const before = await versions();
      const seen = cancelPicker();
      assert.equal(await vscode.commands.executeCommand(Commands.updateImage), undefined);
      assert.ok(seen.labels.includes(freshName) && seen.labels.includes(updatedName), seen.labels.join(', '));
      assert.equal(host().quickPicks[0]?.options?.placeHolder, 'Select a service to update the image of');
      assert.equal(host().inputBoxes.length, 0, 'no image asked for');
      host().answer(freshName, undefined);
      assert.equal(await vscode.commands.executeCommand(Commands.updateImage), undefined);
      assert.equal(host().inputBoxes[0]?.title, `Update the image of ${freshName}`);
      await assertNothingChanged(before);
    });

    it('Rollback Service: the picker lists only services with a previous spec; cancelled, nothing changes', async () => {
      const before = await versions();
      const seen = cancelPicker();
      assert.equal(await vscode.commands.executeCommand(Commands.rollback), undefined);
      assert.ok(seen.labels.includes(updatedName), seen.labels.join(', '));
      assert.ok(!seen.labels.includes(freshName), 'a service never updated has nothing to roll back to');
      assert.equal((await client.inspectService(fresh)).PreviousSpec, undefined);
      // Picked, then the confirmation cancelled.
      host().answer(updatedName, undefined);
      await vscode.commands.executeCommand(Commands.rollback);
      assert.deepEqual(host().confirmations.map((c) => c.message), [`Roll back ${updatedName}?`]);
      host().confirmations.length = 0;
      await assertNothingChanged(before);
    });

    it('Show Service Logs and Show Service Logs…: the picker lists the services; cancelled, no stream opens', async () => {
      const before = await versions();
      const following = a.ctx.logs.following().length;
      for (const command of [Commands.showLogs, Commands.showLogsWithOptions]) {
        const seen = cancelPicker();
        assert.equal(await vscode.commands.executeCommand(command), undefined);
        assert.ok(seen.labels.includes(freshName) && seen.labels.includes(updatedName), seen.labels.join(', '));
      }
      assert.deepEqual(host().quickPicks.map((q) => q.options?.placeHolder), ['Select a service to show logs of', 'Select a service to show logs of']);
      // Show Service Logs… cancelled at each of its three prompts in turn.
      host().answer(freshName, undefined);
      assert.equal(await vscode.commands.executeCommand(Commands.showLogsWithOptions), undefined);
      host().answer(freshName, '10', undefined);
      assert.equal(await vscode.commands.executeCommand(Commands.showLogsWithOptions), undefined);
      host().answer(freshName, '10', '', undefined);
      assert.equal(await vscode.commands.executeCommand(Commands.showLogsWithOptions), undefined);
      assert.equal(a.ctx.logs.following().length, following);
      assert.ok(!channelText(a.hostLogDir, `Swarm: ${freshName}`), 'no channel was written to');
      await assertNothingChanged(before);
    });

    it('Copy Service ID: the picker lists the services; cancelled, the clipboard keeps what it had', async () => {
      const before = await versions();
      await vscode.env.clipboard.writeText('kept');
      const seen = cancelPicker();
      assert.equal(await vscode.commands.executeCommand(Commands.copyId), undefined);
      assert.ok(seen.labels.includes(freshName), seen.labels.join(', '));
      assert.equal(await vscode.env.clipboard.readText(), 'kept');
      // Picked, the id is copied: the picker's answer is what the command acts on.
      host().answer(freshName);
      assert.equal(await vscode.commands.executeCommand(Commands.copyId), fresh);
      assert.equal(await vscode.env.clipboard.readText(), fresh);
      await assertNothingChanged(before);
    });

    it('Remove Stack…: the picker lists the stacks; cancelled, nothing is asked or removed', async () => {
      const before = await versions();
      const seen = cancelPicker();
      assert.deepEqual(await vscode.commands.executeCommand(Commands.removeStack), []);
      assert.ok(seen.labels.includes(stack), seen.labels.join(', '));
      const stacks = new Set((await client.listServices()).map((s) => s.Spec?.Labels?.['com.docker.stack.namespace']));
      assert.ok(!seen.labels.includes(freshName), 'services are not offered');
      for (const label of seen.labels) assert.ok(stacks.has(label), `${label} is a stack on the engine`);
      assert.equal(host().quickPicks[0]?.options?.placeHolder, 'Select a stack to remove');
      await assertNothingChanged(before);
    });

    it('Select Docker Context…: the picker lists the settings entry and the contexts; cancelled, the endpoint stays', async () => {
      const endpoint = a.ctx.endpoint.describe();
      const selected = a.ctx.endpoint.selectedContext();
      const seen = cancelPicker();
      assert.equal(await vscode.commands.executeCommand(Commands.selectContext), undefined);
      assert.equal(seen.labels[0], '$(settings-gear) Settings and environment');
      assert.ok(seen.labels.includes('default'), seen.labels.join(', '));
      assert.equal(a.ctx.endpoint.describe(), endpoint);
      assert.equal(a.ctx.endpoint.selectedContext(), selected);
      assert.deepEqual(host().notifications, []);
    });

    it('Filter Tasks…: the picker lists the kinds of filter; cancelled at any step, the filter stays', async () => {
      const filter = a.ctx.store.taskFilter;
      const seen = cancelPicker();
      assert.equal(await vscode.commands.executeCommand(Commands.filterTasks), undefined);
      assert.deepEqual(seen.labels, ['Desired state', 'Node', 'Label', 'Task name', 'Task ID']);
      host().answer('Desired state', undefined);
      await vscode.commands.executeCommand(Commands.filterTasks);
      assert.deepEqual(host().quickPicks[2]?.labels, ['running', 'shutdown', 'accepted', 'ready', 'complete', '(any)']);
      host().answer('Node', undefined);
      await vscode.commands.executeCommand(Commands.filterTasks);
      const hostnames = (await client.listNodes()).map((n) => n.Description?.Hostname);
      assert.deepEqual(host().quickPicks[4]?.labels, [...hostnames, '(any)']);
      for (const kind of ['Label', 'Task name', 'Task ID']) {
        host().answer(kind, undefined);
        await vscode.commands.executeCommand(Commands.filterTasks);
      }
      assert.equal(host().inputBoxes.length, 3);
      assert.deepEqual(a.ctx.store.taskFilter, filter);
      assert.equal(host().answers.length, 0);
      assert.deepEqual(host().notifications, []);
    });
  });
});
