// The extension activates in a real VS Code extension host, from its esbuild bundle (with
// ssh2's pure-JS fallback), and contributes its view and commands.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { COMMAND_TABLE } from '../../src/commands/registry';
import { TestClient } from '../support/testClient';
import { api, EXTENSION_ID } from './support';
import { createService, uniqueName, waitFor } from '../support/swarm';

describe('activation in the extension host', () => {
  it('activates from the bundle', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.match(ext.packageJSON.main, /dist\/extension\.js$/);
    const a = await api();
    assert.ok(ext.isActive);
    console.log(`      activate() took ${a.activationMs.toFixed(1)} ms`);
    // The benchmark (scripts/bench) reads the figure from the file this names.
    const out = process.env['SWARM_BENCH_ACTIVATION_FILE'];
    if (out) writeFileSync(out, JSON.stringify({ activationMs: a.activationMs }));
  });

  it('contributes the Docker Swarm container with its five views', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c: { id: string; title: string }) => [c.id, c.title]), [['dockerSwarm', 'Docker Swarm']]);
    assert.deepEqual(pkg.contributes.views.dockerSwarm.map((v: { id: string; name: string }) => [v.id, v.name]), [
      ['dockerSwarm.services', 'Services'],
      ['dockerSwarm.nodes', 'Nodes'],
      ['dockerSwarm.secrets', 'Secrets'],
      ['dockerSwarm.configs', 'Configs'],
      ['dockerSwarm.networks', 'Networks'],
    ]);
  });

  it('registers every contributed command, and contributes every registered one', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const contributed: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
    assert.deepEqual(Object.keys(COMMAND_TABLE).sort(), contributed);
    for (const id of contributed) assert.match(id, /^dockerSwarm\./);
  });

  it('the Services view lists a service this test created on the real swarm', async () => {
    const client = new TestClient();
    const name = uniqueName('visible');
    const id = await createService(client, name, 'sleep 3600', { replicas: 1 });
    const { ctx } = await api();
    const node = await waitFor('service in the tree', async () => {
      await ctx.store.refresh();
      const roots = await ctx.servicesTree.getChildren();
      return roots.find((n) => n.kind === 'service' && n.service.id === id);
    });
    const item = ctx.servicesTree.getTreeItem(node);
    assert.equal(item.label, name);
    assert.equal(item.id, `service:${id}`);
    assert.match(String(item.description), /^replicated [01]\/1 .*swarm-services-busybox:latest/);
    assert.equal(ctx.store.state, 'ok');
  });
});
