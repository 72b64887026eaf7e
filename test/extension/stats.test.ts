// Live task stats on the real swarm (one node: the connected engine is the node that runs the
// tasks): a busy loop reads above 50 % CPU within 5 s of Show Task Stats and a sleeping task
// below 5 %; memory agrees with `docker stats` (the CLI as oracle) within 10 %; a service's Show
// Stats / Hide Stats; and stats requests counted on the wire (the extension talks to the engine
// through a recording proxy): none while the view is hidden or stats are off, again once shown.
// A node's tooltip shows its capacity and its tasks' reservations. Services are named h17s-.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import type { NodeElement } from '../../src/tree/nodesItems';
import type { ServiceElement, ServicesTreeElement, TaskElement } from '../../src/tree/servicesItems';
import { SocketProxy } from '../support/socketProxy';
import { createService, serviceSpec, uniqueName, waitFor, waitForRunning } from '../support/swarm';
import { TestClient } from '../support/testClient';
import { api, dockerCli, serviceRow } from './support';

const SHOW = 'workbench.view.extension.dockerSwarm';
const HIDE = 'workbench.view.explorer';
const client = new TestClient();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, kB: 1e3, MB: 1e6, GB: 1e9 };

/** `3.14 MiB` or the CLI's `3.137MiB` in bytes. */
function bytes(text: string): number {
  const m = /^([\d.]+)\s*([A-Za-z]+)$/.exec(text.trim());
  assert.ok(m && UNITS[m[2]!] !== undefined, `a size: ${text}`);
  return Number(m[1]) * UNITS[m[2]!]!;
}

/** What a task row's description says after its own text: CPU % (undefined for "CPU …") and memory usage. */
function statsOf(description: string): { cpu: number | undefined; memory: number } | undefined {
  const m = /  (?:([\d.]+)%|CPU …) ([\d.]+ \w+)(?: \/ [\d.]+ \w+)?$/.exec(description);
  return m ? { cpu: m[1] !== undefined ? Number(m[1]) : undefined, memory: bytes(m[2]!) } : undefined;
}

function isStatsRequest(r: { method: string; path: string }): boolean {
  return r.method === 'GET' && /^(?:\/v[\d.]+)?\/containers\/[^/]+\/stats(?:\?|$)/.test(r.path);
}

describe('live task stats', () => {
  let a: SwarmServicesApi;
  let dir: string;
  let proxy: SocketProxy;
  let busy: string;
  let idle: string;
  const config = () => vscode.workspace.getConfiguration('dockerSwarm');
  const statsRequests = () => proxy.requests.filter(isStatsRequest).length;

  before(async () => {
    a = await api();
    dir = mkdtempSync(join(tmpdir(), 'swarm-stats-'));
    proxy = new SocketProxy(join(dir, 'engine.sock'));
    await proxy.start();
    await vscode.commands.executeCommand(SHOW);
    await config().update('dockerHost', proxy.endpoint, vscode.ConfigurationTarget.Global);
    await waitFor('the view on the proxy', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.state === 'ok' && proxy.requests.length > 0;
    }, 20_000);
    [busy, idle] = await Promise.all([
      createService(client, `h17s-${uniqueName('busy')}`, 'while :; do :; done'),
      createService(client, `h17s-${uniqueName('idle')}`, 'sleep 3600'),
    ]);
    await Promise.all([waitForRunning(client, busy, 1), waitForRunning(client, idle, 1)]);
  });
  after(async () => {
    await vscode.commands.executeCommand(Commands.hideTaskStats);
    await vscode.commands.executeCommand(SHOW);
    await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
    await proxy.stop();
    rmSync(dir, { recursive: true, force: true });
    for (const id of [busy, idle]) if (id) await client.removeService(id).catch(() => undefined);
  });

  /** The service's running task row as the Services view draws it now (expanding the service: its tasks are shown). */
  async function taskRow(serviceId: string): Promise<{ element: TaskElement; description: string; containerId: string }> {
    const row = await serviceRow(a, serviceId);
    const children = await a.ctx.servicesTree.getChildren(row);
    const element = children.find((c): c is TaskElement => c.kind === 'task' && c.task.state === 'running');
    assert.ok(element?.task.containerId, `a running task of ${row.service.name}`);
    return { element, description: String(a.ctx.servicesTree.getTreeItem(element).description ?? ''), containerId: element.task.containerId };
  }

  function serviceDescription(row: ServiceElement): { description: string; contextValue: string } {
    const item = a.ctx.servicesTree.getTreeItem(row);
    return { description: String(item.description ?? ''), contextValue: item.contextValue ?? '' };
  }

  it('Show Task Stats: a busy loop above 50 % CPU within 5 s, a sleeping task below 5 %, memory within 10 % of docker stats; rows redrawn by element', async () => {
    // Shown first (expanded): stats are read for the tasks the view shows.
    const busyBefore = await taskRow(busy);
    await taskRow(idle);
    assert.equal(statsOf(busyBefore.description), undefined, 'no stats while off');
    const redrawn: (ServicesTreeElement | undefined)[][] = [];
    const listening = a.ctx.servicesTree.onDidChangeTreeData((e) => redrawn.push(Array.isArray(e) ? e : [e]));
    try {
      const toggled = Date.now();
      await vscode.commands.executeCommand(Commands.showTaskStats);
      const hot = await waitFor('the busy task above 50 % CPU', async () => {
        const s = statsOf((await taskRow(busy)).description);
        return s?.cpu !== undefined && s.cpu > 50 ? s : undefined;
      }, 5_000, 100, async () => (await taskRow(busy)).description);
      const took = Date.now() - toggled;
      assert.ok(took <= 5_000, `within 5 s of the toggle (${took} ms)`);
      const cool = await waitFor('the idle task with a CPU figure', async () => {
        const s = statsOf((await taskRow(idle)).description);
        return s?.cpu !== undefined ? s : undefined;
      }, 5_000, 100);
      assert.ok(cool.cpu! < 5, `idle below 5 % (${cool.cpu} %)`);
      assert.ok(hot.cpu! > 50);

      // The CLI reads the same containers: memory within 10 %.
      for (const id of [busy, idle]) {
        const { containerId } = await taskRow(id);
        const cli = (await dockerCli('stats', '--no-stream', '--format', '{{.MemUsage}}', containerId)).trim();
        const theirs = bytes(cli.split('/')[0]!);
        const ours = statsOf((await taskRow(id)).description)!.memory;
        assert.ok(Math.abs(ours - theirs) <= 0.1 * theirs, `memory ${ours} bytes against docker stats' ${cli}`);
      }
      // The Nodes view's row of the same task shows its reading too.
      const { element } = await taskRow(busy);
      const nodeId = element.task.nodeId!;
      const nodeRow = (await a.ctx.nodesTree.getChildren()).find((r): r is NodeElement => r.kind === 'node' && r.node.id === nodeId);
      assert.ok(nodeRow);
      try {
        const onNode = (await a.ctx.nodesTree.getChildren(nodeRow)).find((r) => r.kind === 'nodeTask' && r.task.id === element.task.id);
        assert.ok(onNode, 'the busy task under its node');
        assert.ok(statsOf(String(a.ctx.nodesTree.getTreeItem(onNode).description))?.cpu, 'with its CPU figure');
      } finally {
        a.ctx.store.setNodeExpanded(nodeId, false);
      }
      // The service row: the sum of its one task.
      const busyService = serviceDescription(await serviceRow(a, busy));
      assert.match(busyService.description, /  [\d.]+% [\d.]+ \w+$/);
      assert.match(busyService.contextValue, /:stats$/);
      // Redrawn by row: the services whose readings changed, not the whole view.
      const byElement = redrawn.filter((e) => e.every((x) => x !== undefined)).flat();
      assert.ok(byElement.some((e) => e?.kind === 'service' && e.service.id === busy), 'the busy service row was redrawn by its element');
    } finally {
      listening.dispose();
    }
  });

  it('stats requests, counted on the wire: none while the view is hidden, again once shown; none once Hide Task Stats', async () => {
    if (!a.ctx.taskStats.allShown) await vscode.commands.executeCommand(Commands.showTaskStats);
    await taskRow(busy);
    let mark = statsRequests();
    await waitFor('stats requests going out', async () => statsRequests() >= mark + 2, 10_000, 100);

    await vscode.commands.executeCommand(HIDE);
    // Time for the view's hiding to reach the extension, and for a request sent just before to reach the proxy.
    await sleep(1_000);
    mark = statsRequests();
    await sleep(5_000);
    assert.equal(statsRequests() - mark, 0, 'no stats request while hidden');
    assert.equal(a.ctx.taskStats.poller.isRunning, false);

    await vscode.commands.executeCommand(SHOW);
    await waitFor('stats requests again once shown', async () => statsRequests() >= mark + 2, 10_000, 100);

    await vscode.commands.executeCommand(Commands.hideTaskStats);
    assert.equal(a.ctx.taskStats.poller.isRunning, false);
    await sleep(300);
    mark = statsRequests();
    await sleep(5_000);
    assert.equal(statsRequests() - mark, 0, 'no stats request with stats off');
    assert.equal(statsOf((await taskRow(busy)).description), undefined, 'and the rows say nothing of stats');
  });

  it("a service's Show Stats: its tasks alone, the service row the sum; Hide Stats takes them away", async () => {
    assert.equal(a.ctx.taskStats.allShown, false);
    const row = await serviceRow(a, busy);
    await vscode.commands.executeCommand(Commands.showServiceStats, row);
    const shown = await waitFor('the busy task with a CPU figure', async () => {
      const s = statsOf((await taskRow(busy)).description);
      return s?.cpu !== undefined ? s : undefined;
    }, 10_000, 100);
    assert.ok(shown.cpu! > 50);
    const service = serviceDescription(await serviceRow(a, busy));
    assert.match(service.contextValue, /:stats$/, 'the row offers Hide Stats');
    assert.match(service.description, /  [\d.]+% [\d.]+ \w+$/, 'the sum over its task');
    await sleep(2_500);
    assert.equal(statsOf((await taskRow(idle)).description), undefined, 'the other service shows none');

    await vscode.commands.executeCommand(Commands.hideServiceStats, await serviceRow(a, busy));
    const hidden = serviceDescription(await serviceRow(a, busy));
    assert.doesNotMatch(hidden.contextValue, /:stats/);
    assert.doesNotMatch(hidden.description, /%/);
    assert.equal(statsOf((await taskRow(busy)).description), undefined);
    assert.equal(a.ctx.taskStats.poller.isRunning, false, 'nothing on: no polling');
  });

  it("a node's tooltip: its CPUs and memory as the engine reports them, and its tasks' reservations and limits", async () => {
    const spec = serviceSpec(`h17s-${uniqueName('reserved')}`, 'sleep 3600');
    spec.TaskTemplate!['Resources'] = { Reservations: { NanoCPUs: 1e8, MemoryBytes: 8 * 1024 * 1024 }, Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 * 1024 } };
    const id = await client.createService(spec);
    try {
      await waitForRunning(client, id, 1);
      const nodeId = (await dockerCli('info', '--format', '{{.Swarm.NodeID}}')).trim();
      const cores = Number((await dockerCli('node', 'inspect', '--format', '{{.Description.Resources.NanoCPUs}}', nodeId)).trim()) / 1e9;
      const roots = await a.ctx.nodesTree.getChildren();
      const row = roots.find((r): r is NodeElement => r.kind === 'node' && r.node.id === nodeId);
      assert.ok(row);
      await a.ctx.nodesTree.getChildren(row); // expanded: its tasks are read
      const tooltip = await waitFor('the tooltip with the sums', async () => {
        await a.ctx.store.refresh();
        const fresh = (await a.ctx.nodesTree.getChildren()).find((r): r is NodeElement => r.kind === 'node' && r.node.id === nodeId)!;
        const text = String(a.ctx.nodesTree.getTreeItem(fresh).tooltip);
        return /\nCPU: .*reserved/.test(text) ? text : undefined;
      }, 10_000);
      const cpu = /\nCPU: ([\d.]+) cores?, reserved ([\d.]+), limited ([\d.]+)/.exec(tooltip);
      const memory = /\nMemory: ([\d.]+ \w+), reserved ([\d.]+ \w+), limited ([\d.]+ \w+)/.exec(tooltip);
      assert.ok(cpu && memory, tooltip);
      assert.equal(Number(cpu[1]), cores);
      assert.ok(Number(cpu[2]) >= 0.1 && Number(cpu[3]) >= 0.5, tooltip);
      assert.ok(bytes(memory[2]!) >= 8 * 1024 * 1024 && bytes(memory[3]!) >= 64 * 1024 * 1024, tooltip);
    } finally {
      await client.removeService(id).catch(() => undefined);
      a.ctx.store.setNodeExpanded((await dockerCli('info', '--format', '{{.Swarm.NodeID}}')).trim(), false);
    }
  });
});
