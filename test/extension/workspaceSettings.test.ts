// A workspace cannot redirect the extension to another engine: dockerSwarm.dockerHost has
// machine scope, so a folder's .vscode/settings.json (say, in a cloned repository) is ignored
// for it, and VS Code refuses to write it there.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SwarmServicesApi } from '../../src/extension';
import { waitFor } from '../support/swarm';
import { api } from './support';

describe('workspace settings', () => {
  let a: SwarmServicesApi;
  let dir: string;

  before(async () => {
    a = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the tests run in a workspace folder');
    dir = join(folder.uri.fsPath, '.vscode');
    await vscode.commands.executeCommand('workbench.view.extension.dockerSwarm');
  });
  let existed = false;
  after(() => {
    // Only what this test made goes.
    if (existed) rmSync(join(dir, 'settings.json'), { force: true });
    else rmSync(dir, { recursive: true, force: true });
  });

  it("a folder's settings cannot point the extension at another engine", async () => {
    await waitFor('connected', async () => {
      await a.ctx.store.refresh();
      return a.ctx.store.state === 'ok';
    }, 20_000);
    const before = a.ctx.endpoint.describe();
    const seen = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeConfiguration(() => {
        sub.dispose();
        resolve();
      });
    });
    existed = existsSync(dir);
    assert.ok(!existsSync(join(dir, 'settings.json')), 'the test workspace has no settings of its own');
    mkdirSync(dir, { recursive: true });
    // Another engine (none listens there), beside a setting a folder may choose.
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ 'dockerSwarm.dockerHost': 'tcp://127.0.0.1:9', 'dockerSwarm.groupByStack': false }));
    await Promise.race([seen, new Promise((r) => setTimeout(r, 5000))]);
    // The file was read (a setting of resource scope from it applies) ...
    await waitFor('the folder settings read', async () => vscode.workspace.getConfiguration('dockerSwarm').get('groupByStack') === false, 10_000);
    // ... but not the endpoint.
    assert.equal(vscode.workspace.getConfiguration('dockerSwarm').get('dockerHost'), '');
    await a.ctx.store.refresh();
    assert.equal(a.ctx.endpoint.describe(), before);
    assert.equal(a.ctx.store.state, 'ok');
    await assert.rejects(
      Promise.resolve(vscode.workspace.getConfiguration('dockerSwarm').update('dockerHost', 'tcp://127.0.0.1:9', vscode.ConfigurationTarget.Workspace)),
      /does not support workspace|not a registered|Unable to write/i,
    );
  });
});
