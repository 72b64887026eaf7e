// Faults in the extension host, each against the real engine behind a proxy the test
// controls: an engine that is not there at first, one that goes away and comes back, and a
// proxy that cuts the event stream. The view must recover by itself, without a storm of
// errors, and commands must never leave a progress notification open.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { SwarmClient } from '../../src/docker/swarmClient';
import type { SwarmServicesApi } from '../../src/extension';
import type { Host } from '../../src/host';
import type { ServiceNode } from '../../src/tree/nodes';
import { SocketProxy } from '../support/socketProxy';
import { createService, uniqueName, waitFor } from '../support/swarm';
import { ScriptedHost } from './scriptedHost';
import { api, channelText } from './support';

describe('faults', () => {
  let a: SwarmServicesApi;
  let dir: string;
  let proxy: SocketProxy;
  const config = () => vscode.workspace.getConfiguration('dockerSwarm');
  const client = new SwarmClient();

  before(async () => {
    a = await api();
    dir = mkdtempSync(join(tmpdir(), 'swarm-faults-'));
    proxy = new SocketProxy(join(dir, 'engine.sock'));
    await vscode.commands.executeCommand('workbench.view.extension.dockerSwarm');
  });
  after(async () => {
    await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
    await config().update('refreshInterval', undefined, vscode.ConfigurationTarget.Global);
    await proxy.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an engine that is not running at first: the view explains, then fills by itself when it starts', async () => {
    await config().update('refreshInterval', 5, vscode.ConfigurationTarget.Global);
    await config().update('dockerHost', proxy.endpoint, vscode.ConfigurationTarget.Global);
    await waitFor('unreachable', async () => a.ctx.services.state === 'unreachable', 20_000);
    const id = await createService(client, uniqueName('appears'), 'sleep 3600', { replicas: 0 });
    await proxy.start();
    // No command, no click: the reconnecting event stream (or the safety-net poll) refreshes.
    await waitFor('the tree filled by itself', async () => a.ctx.services.state === 'ok' && !!a.ctx.services.findService(id), 30_000, 100);
  });

  it('an engine that goes away and comes back: the stream reconnects and the tree recovers, with few errors logged', async () => {
    await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
    await waitFor('subscribed', async () => a.refresher.isSubscribed, 20_000);
    const before = a.refresher.stats.reconnectsScheduled;
    await proxy.stop();
    await waitFor('unreachable', async () => a.ctx.services.state === 'unreachable', 20_000, 50);
    await new Promise((r) => setTimeout(r, 3000));
    const whileDown = a.refresher.stats.reconnectsScheduled - before;
    assert.ok(whileDown <= 4, `backoff keeps retries few while down (${whileDown} in ~3 s)`);
    await proxy.start();
    const id = await createService(client, uniqueName('after-restart'), 'sleep 3600', { replicas: 0 });
    await waitFor('recovered, with the change made meanwhile', async () => a.ctx.services.state === 'ok' && !!a.ctx.services.findService(id), 40_000, 100);
  });

  it('the event stream cut by the proxy: it reconnects and changes show again', async () => {
    await waitFor('subscribed', async () => a.refresher.isSubscribed && a.ctx.services.state === 'ok', 30_000);
    const connects = a.refresher.stats.connects;
    proxy.cut();
    await waitFor('reconnected', async () => a.refresher.stats.connects > connects, 20_000, 50);
    const id = await createService(client, uniqueName('after-cut'), 'sleep 3600', { replicas: 0 });
    await waitFor('a change after the cut shows (events only: the poll is off)', async () => !!a.ctx.services.findService(id), 10_000, 50);
  });

  it('log lines with escapes, NUL bytes, invalid UTF-8 and a 1 MB line: shown as text, the channel keeps working', async () => {
    await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('connected', async () => a.ctx.services.state === 'ok', 20_000);
    const name = uniqueName('weird');
    const script = "printf '\\033[31mred\\033[0m text\\n'; printf 'nul\\000byte\\n'; printf '\\377\\376bad utf8\\n'; printf '%01048576d\\n' 0; echo after-big; sleep 3600";
    const id = await createService(client, name, script, { replicas: 1 });
    await a.ctx.services.refresh();
    const node = a.ctx.services.serviceItems().find((n) => n.service.id === id)!;
    // Followed, so that lines printed after the request (the task may still be starting) come too.
    const channel = (await vscode.commands.executeCommand(Commands.showLogs, node, { tail: 'all', follow: true })) as string;
    const text = await waitFor('all lines', async () => {
      const t = channelText(a.hostLogDir, channel);
      return t.includes('after-big') ? t : undefined;
    }, 60_000, 250);
    const lines = text.split('\n').map((l) => (l.includes(' | ') ? l.slice(l.indexOf(' | ') + 3) : l));
    assert.ok(lines.includes('red text'), 'colour escapes removed');
    assert.ok(lines.includes('nulbyte'), 'NUL dropped');
    assert.ok(lines.includes('\ufffd\ufffdbad utf8'), 'invalid UTF-8 shown as replacement characters');
    assert.ok(lines.includes('after-big'), 'the service channel goes on after the 1 MB line');
    // The log driver cut the 1 MB line into 16 KB messages, each sent with its own details:
    // none of those may show inside the line.
    assert.ok(!text.includes('com.docker.swarm'), 'no details attributes inside lines');
    const zeros = lines.filter((l) => /^0+$/.test(l)).reduce((n, l) => n + l.length, 0);
    assert.equal(zeros, 1_048_576, 'all of the long line arrives, in at most two pieces');
    a.ctx.logs.stop(id);
    // One task's logs: the 1 MB line arrives whole.
    const [taskNode] = await a.ctx.services.getChildren(node);
    const taskChannel = (await vscode.commands.executeCommand(Commands.showTaskLogs, taskNode)) as string;
    const taskText = await waitFor('the task lines', async () => {
      const t = channelText(a.hostLogDir, taskChannel);
      return t.includes('after-big') ? t : undefined;
    }, 60_000, 250);
    const big = taskText.split('\n').find((l) => l.startsWith('0000'));
    assert.equal(big?.length, 1_048_576, 'the 1 MB line arrives whole');
    a.ctx.logs.stop((taskNode as { task: { id: string } }).task.id);
    assert.ok(lines.includes('after-big'), 'and the channel goes on after it');
  });

  it('twenty scale commands at once: all applied, no progress notification left open', async () => {
    await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('connected', async () => a.ctx.services.state === 'ok', 20_000);
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => createService(client, uniqueName(`many${i}`), 'sleep 3600', { replicas: 0 })));
    await a.ctx.services.refresh();
    const host = new ScriptedHost();
    const previous: Host = a.setHost(host);
    try {
      const nodes = ids.map((id) => a.ctx.services.serviceItems().find((n): n is ServiceNode => n.service.id === id)!);
      assert.equal(nodes.filter(Boolean).length, 20);
      await Promise.all(nodes.map((n, i) => vscode.commands.executeCommand(Commands.scale, n, String(i % 3))));
      await a.ctx.rollouts.settled();
      assert.equal(host.progressOpen, 0);
      assert.deepEqual(host.errors, []);
      const replicas = await Promise.all(ids.map(async (id) => (await client.inspectService(id)).Spec?.Mode?.Replicated?.Replicas));
      assert.deepEqual(replicas, ids.map((_, i) => i % 3));
    } finally {
      a.setHost(previous);
      await Promise.all(ids.map((id) => client.removeService(id).catch(() => undefined)));
    }
  });
});
