// Text from the engine is untrusted: labels, env, images and task errors carrying markdown,
// command links, HTML, terminal escapes and 10 kB strings must reach the user as plain text.
// The task error is the engine's own (Status.Err), carrying a bind-mount source the test
// chose: the task is rejected because that path does not exist, and the engine quotes it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { TestClient } from '../support/testClient';
import type { SwarmServicesApi } from '../../src/extension';
import type { ServiceElement, ServicesTreeElement } from '../../src/tree/servicesItems';
import { createService, uniqueName, waitFor } from '../support/swarm';
import { api } from './support';

const HOSTILE = {
  markdown: '**bold** [click me](command:workbench.action.closeWindow)',
  html: '<img src=x onerror="alert(1)"><script>alert(2)</script>',
  ansi: '\u001b[31mred\u001b[0m',
  long: 'x'.repeat(10_000),
};

describe('hostile text from the engine', () => {
  let a: SwarmServicesApi;
  let id: string;
  const client = new TestClient();

  const mountSource = `/nonexistent-${Date.now()}/${HOSTILE.markdown} ${HOSTILE.html}`;

  before(async () => {
    a = await api();
    id = await createService(client, uniqueName('hostile'), `echo "${HOSTILE.markdown}" >&2; exit 7`, {
      replicas: 1,
      labels: { markdown: HOSTILE.markdown, html: HOSTILE.html, ansi: HOSTILE.ansi, long: HOSTILE.long },
      env: [`NOTE=${HOSTILE.markdown}`],
      mounts: [{ Type: 'bind', Source: mountSource, Target: '/data' }],
      restart: { Condition: 'none' },
    });
    await waitFor('the task rejected with the engine quoting the path', async () =>
      (await client.serviceTasks(id)).some((t) => t.Status?.State === 'rejected' && (t.Status.Err ?? '').includes(mountSource)), 60_000);
  });

  it('tree items carry it in plain-text fields only', async () => {
    await a.ctx.store.refresh();
    const node = a.ctx.servicesTree.serviceItems().find((n): n is ServiceElement => n.service.id === id)!;
    const item = a.ctx.servicesTree.getTreeItem(node);
    assert.equal(typeof item.tooltip, 'string', 'a plain string tooltip, never a MarkdownString');
    for (const text of Object.values(HOSTILE)) assert.ok(String(item.tooltip).includes(text), 'shown verbatim, not interpreted');
    assert.equal(typeof item.label, 'string');
    assert.equal(item.command, undefined, 'no command runs on click');
    await vscode.commands.executeCommand(Commands.showTaskHistory);
    try {
      const tasks = ((await a.ctx.servicesTree.getChildren(node)) as ServicesTreeElement[]).filter((t) => t.kind === 'task');
      assert.ok(tasks.length >= 1, 'the rejected task is listed');
      for (const t of tasks) {
        const ti = a.ctx.servicesTree.getTreeItem(t);
        assert.equal(typeof ti.label, 'string');
        assert.equal(typeof ti.tooltip, 'string', 'a plain string tooltip, never a MarkdownString');
        assert.equal(typeof ti.description, 'string');
        // The engine's error, with the link and HTML in it, verbatim: not interpreted, not cut.
        assert.ok(String(ti.description).includes(mountSource), `description: ${String(ti.description)}`);
        assert.ok(String(ti.tooltip).includes(`Error: invalid mount config for type "bind": bind source path does not exist: ${mountSource}`), `tooltip: ${String(ti.tooltip)}`);
        assert.equal(ti.command, undefined);
      }
    } finally {
      await vscode.commands.executeCommand(Commands.hideTaskHistory);
    }
  });

  it('the inspect view shows it as JSON text from the content provider', async () => {
    await a.ctx.store.refresh();
    const node = a.ctx.servicesTree.serviceItems().find((n): n is ServiceElement => n.service.id === id)!;
    await vscode.commands.executeCommand(Commands.inspect, node);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.languageId, 'json');
    const attrs = JSON.parse(doc.getText());
    assert.deepEqual(attrs.Spec.Labels.markdown, HOSTILE.markdown);
    assert.deepEqual(attrs.Spec.Labels.long.length, 10_000);
    // Served by a content provider (read-only in the editor), not a file that could be saved.
    assert.equal(doc.uri.scheme, 'docker-swarm-inspect');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
