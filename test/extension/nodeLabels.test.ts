// Add Node Label… and Remove Node Label… on the real manager node, checked against the
// Engine's node spec (docker node inspect) and the Nodes view's row; and a service whose
// placement constraint no node meets, whose pending task says which constraint, until the label
// it needs is added and the task runs. The node is shared with other suites: only the label keys
// this file adds (prefix h16l-) are touched, and they are removed afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import type { NodeElement } from '../../src/tree/nodesItems';
import type { ServicesTreeElement, TaskElement } from '../../src/tree/servicesItems';
import { TestClient } from '../support/testClient';
import { RUN_ID, createService, waitFor, waitForRunning } from '../support/swarm';
import { api, dockerCli, scriptedHostPerTest, serviceRow } from './support';

const client = new TestClient();
const PREFIX = 'h16l-';

/** The node's labels as the Engine has them in its spec. */
async function engineLabels(nodeId: string): Promise<Record<string, string>> {
  return JSON.parse(await dockerCli('node', 'inspect', '--format', '{{json .Spec.Labels}}', nodeId)) ?? {};
}

/** Removes the labels this file adds, and only those. */
async function removeOurLabels(nodeId: string): Promise<void> {
  const ours = Object.keys(await engineLabels(nodeId)).filter((k) => k.startsWith(PREFIX));
  if (ours.length > 0) await dockerCli('node', 'update', ...ours.flatMap((k) => ['--label-rm', k]), nodeId);
}

describe('node labels', () => {
  let a: SwarmServicesApi;
  let managerId: string;
  let hostname: string;
  const services: string[] = [];

  before(async () => {
    a = await api();
    const manager = (await client.listNodes()).find((n) => n.Spec?.Role === 'manager' && n.ManagerStatus?.Leader);
    assert.ok(manager, 'the swarm has a leader');
    managerId = manager.ID;
    hostname = manager.Description!.Hostname!;
    await removeOurLabels(managerId);
  });
  after(async () => {
    for (const id of services) await client.removeService(id).catch(() => undefined);
    await removeOurLabels(managerId);
  });
  const host = scriptedHostPerTest(() => a);

  /** The manager's row in the Nodes view, as drawn now. */
  async function managerRow(): Promise<{ row: NodeElement; tooltip: string }> {
    const roots = await a.ctx.nodesTree.getChildren();
    const row = roots.find((r): r is NodeElement => r.kind === 'node' && r.node.id === managerId);
    assert.ok(row, 'the manager is listed');
    return { row, tooltip: String(a.ctx.nodesTree.getTreeItem(row).tooltip) };
  }

  it('Add Node Label… on the node row writes the label to the node spec and shows it in the row\'s tooltip; a second value replaces it', async () => {
    await a.ctx.store.refresh();
    const { row, tooltip } = await managerRow();
    assert.doesNotMatch(tooltip, /h16l-tier/);
    host().answer('h16l-tier=gold');
    await vscode.commands.executeCommand(Commands.addNodeLabel, row);
    assert.equal((await engineLabels(managerId))['h16l-tier'], 'gold');
    assert.deepEqual(host().errors, []);
    assert.deepEqual(host().infos, [`Added label h16l-tier=gold to node ${hostname}.`]);
    assert.deepEqual(host().progressTitles, [`Labelling ${hostname}`]);
    assert.match(host().inputBoxes[0]?.title ?? '', new RegExp(`^Add Node Label to ${hostname}$`));
    assert.match((await managerRow()).tooltip, /\nLabels:\n(.*\n)*  h16l-tier=gold(\n|$)/);

    host().answer('h16l-tier=silver');
    await vscode.commands.executeCommand(Commands.addNodeLabel, (await managerRow()).row);
    assert.equal((await engineLabels(managerId))['h16l-tier'], 'silver');
    assert.equal(host().infos[1], `Changed label h16l-tier on node ${hostname} from "gold" to "silver".`);
    const after = (await managerRow()).tooltip;
    assert.match(after, /  h16l-tier=silver/);
    assert.doesNotMatch(after, /h16l-tier=gold/);
  });

  it('from the palette, the node is picked; a label without "=" is refused with a clear message and nothing is sent', async () => {
    const before = await engineLabels(managerId);
    host().answer(hostname, 'h16l-zone');
    await vscode.commands.executeCommand(Commands.addNodeLabel);
    assert.deepEqual(host().quickPicks.map((q) => q.options?.placeHolder), ['Select a node to label']);
    assert.deepEqual(host().validationMessages, ['The label "h16l-zone" has no "=": write key=value, or key= for an empty value.']);
    assert.deepEqual(host().progressTitles, [], 'nothing was sent');
    assert.deepEqual(host().notifications, []);
    assert.deepEqual(await engineLabels(managerId), before);
    // Given as an argument (a keybinding, another extension), the same words, as an error.
    await vscode.commands.executeCommand(Commands.addNodeLabel, managerId, 'h16l-zone');
    assert.deepEqual(host().errors, ['The label "h16l-zone" has no "=": write key=value, or key= for an empty value.']);
    assert.deepEqual(await engineLabels(managerId), before);
  });

  it('Remove Node Label… offers the node\'s labels to pick (several at once), confirms naming them, and removes them from the spec and the tooltip', async () => {
    await dockerCli('node', 'update', '--label-add', 'h16l-a=1', '--label-add', 'h16l-b=2', managerId);
    await a.ctx.store.refresh();
    let offered: string[] = [];
    host().answer(
      (items) => {
        offered = items.map((i) => i.label);
        // With canPickMany the answer is the list picked.
        return items.filter((i) => i.label === 'h16l-a=1' || i.label === 'h16l-tier=silver') as never;
      },
      'Remove',
    );
    const removed = await vscode.commands.executeCommand(Commands.removeNodeLabel, (await managerRow()).row);
    assert.ok(offered.includes('h16l-a=1') && offered.includes('h16l-b=2') && offered.includes('h16l-tier=silver'), offered.join(', '));
    assert.equal(host().quickPicks[0]?.options?.canPickMany, true);
    assert.deepEqual(removed, ['h16l-a', 'h16l-tier']);
    assert.equal(host().confirmations.length, 1);
    assert.equal(host().confirmations[0]!.message, `Remove 2 labels h16l-a=1, h16l-tier=silver from node ${hostname}?`);
    assert.equal(host().confirmations[0]!.button, 'Remove');
    const labels = await engineLabels(managerId);
    assert.equal(labels['h16l-a'], undefined);
    assert.equal(labels['h16l-tier'], undefined);
    assert.equal(labels['h16l-b'], '2', 'the label not picked stays');
    assert.deepEqual(host().infos, [`Removed labels h16l-a, h16l-tier from node ${hostname}.`]);
    const tooltip = (await managerRow()).tooltip;
    assert.doesNotMatch(tooltip, /h16l-a=|h16l-tier=/);
    assert.match(tooltip, /  h16l-b=2/);
  });

  it('Remove Node Label… cancelled at the confirmation sends nothing', async () => {
    const before = await engineLabels(managerId);
    assert.equal(before['h16l-b'], '2');
    host().answer((items) => items.filter((i) => i.label === 'h16l-b=2') as never, undefined);
    assert.deepEqual(await vscode.commands.executeCommand(Commands.removeNodeLabel, managerId), []);
    assert.equal(host().confirmations.length, 1);
    assert.deepEqual(host().progressTitles, []);
    assert.deepEqual(await engineLabels(managerId), before);
  });

  it('a task no node can take says which constraint no node meets; once the label is added, it runs', async () => {
    const name = `${PREFIX}${RUN_ID}-placed`;
    const id = await createService(client, name, 'sleep 3600', { constraints: ['node.labels.h16l-zone==x'] });
    services.push(id);
    const svc = await serviceRow(a, id);
    const pendingRow = await waitFor('the pending task explained', async () => {
      await a.ctx.store.refresh();
      const tasks = ((await a.ctx.servicesTree.getChildren(svc)) as ServicesTreeElement[]).filter((c): c is TaskElement => c.kind === 'task');
      return tasks.find((t) => t.task.state === 'pending' && t.task.unplaced);
    });
    const item = a.ctx.servicesTree.getTreeItem(pendingRow);
    assert.equal(
      item.description,
      'pending — no suitable node: node.labels.h16l-zone==x: no node has the label "h16l-zone" equal to "x" (no node has that label)',
    );
    assert.match(String(item.tooltip), /\nError: no suitable node \(scheduling constraints not satisfied on \d+ nodes?\)\n/);
    assert.match(String(item.tooltip), /\nPlacement: node\.labels\.h16l-zone==x: no node has the label "h16l-zone"/);
    const serviceItem = a.ctx.servicesTree.getTreeItem((await serviceRow(a, id)));
    assert.match(String(serviceItem.tooltip), /\nNo node can take its tasks: node\.labels\.h16l-zone==x: /);

    host().answer('h16l-zone=x');
    await vscode.commands.executeCommand(Commands.addNodeLabel, managerId);
    assert.deepEqual(host().infos, [`Added label h16l-zone=x to node ${hostname}.`]);
    await waitForRunning(client, id, 1, 60_000);
    const running = await waitFor('the task running in the view, with nothing to explain', async () => {
      await a.ctx.store.refresh();
      const tasks = ((await a.ctx.servicesTree.getChildren(await serviceRow(a, id))) as ServicesTreeElement[]).filter((c): c is TaskElement => c.kind === 'task');
      return tasks.find((t) => t.task.state === 'running');
    });
    assert.equal(running.task.unplaced, undefined);
    assert.doesNotMatch(String(a.ctx.servicesTree.getTreeItem(running).description), /no suitable node/);
    assert.doesNotMatch(String(a.ctx.servicesTree.getTreeItem(await serviceRow(a, id)).tooltip), /No node can take/);
  });
});
