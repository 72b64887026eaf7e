// Deploy Stack… and Preview Stack Deploy in the real extension host against the real swarm,
// and the problems shown in an open compose file: at the right line, gone once fixed.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import type { DeployResult } from '../../src/deploy/types';
import { DIAGNOSTIC_SOURCE } from '../../src/composeEditor/composeDiagnostics';
import { TestClient } from '../support/testClient';
import { IMAGE, RUN_ID, RUN_LABEL, waitFor } from '../support/swarm';
import { api, dockerCli, scriptedHostPerTest } from './support';

const client = new TestClient();

/** A stack file of busybox services at 0 replicas, labelled so that the run's cleanup finds them. */
function stackFile(services: Record<string, string>, extra = ''): string {
  const lines = ['services:'];
  for (const [name, body] of Object.entries(services)) {
    lines.push(`  ${name}:`, `    image: ${IMAGE}`, '    command: ["sleep", "3600"]', '    deploy:', '      replicas: 0', '      labels:', `        ${RUN_LABEL}: ${RUN_ID}`);
    if (body) lines.push(...body.split('\n').map((l) => `    ${l}`));
  }
  return `${lines.join('\n')}\n${extra}`;
}

async function stackServices(stack: string): Promise<{ name: string; version: number; replicas: number | undefined }[]> {
  const all = await client.listServices();
  return all
    .filter((s) => s.Spec?.Labels?.['com.docker.stack.namespace'] === stack)
    .map((s) => ({ name: s.Spec!.Name!, version: s.Version!.Index!, replicas: s.Spec?.Mode?.Replicated?.Replicas }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function diagnosticsOf(uri: vscode.Uri, wanted: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return waitFor('the expected problems', async () => {
    const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === DIAGNOSTIC_SOURCE);
    return wanted(d) ? d : undefined;
  });
}

describe('Deploy Stack', () => {
  let a: SwarmServicesApi;
  let dir: string;
  const stacks: string[] = [];
  before(async () => {
    a = await api();
    dir = mkdtempSync(join(tmpdir(), 'swarm-deploy-'));
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const s of stacks) await dockerCli('stack', 'rm', s).catch(() => undefined);
    // `docker stack rm` gives up on a network whose tasks are still stopping: try again until
    // the stack's networks are gone too, so that no run leaves one behind.
    for (let i = 0; i < 40; i++) {
      const ids = (await Promise.all(stacks.map((s) => dockerCli('network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${s}`).catch(() => ''))))
        .join('\n').split('\n').filter(Boolean);
      if (ids.length === 0) break;
      await dockerCli('network', 'rm', ...ids).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const host = scriptedHostPerTest(() => a);

  function write(name: string, text: string): vscode.Uri {
    const file = join(dir, name);
    writeFileSync(file, text);
    return vscode.Uri.file(file);
  }

  describe('problems in the file', () => {
    it('an error, an ignored key and an unset variable at their lines; gone once fixed', async () => {
      const text = stackFile({ web: 'build: .\nenvironment:\n  - GREETING=${SWARM_TEST_SURELY_UNSET_VAR}' }).replace('replicas: 0', 'replicas: many');
      const uri = write('docker-stack.yml', text);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const lineOf = (needle: string) => doc.getText().split('\n').findIndex((l) => l.includes(needle));
      const found = await diagnosticsOf(uri, (d) => d.length >= 3);
      const at = (severity: vscode.DiagnosticSeverity, line: number) => found.find((d) => d.severity === severity && d.range.start.line === line);
      assert.ok(at(vscode.DiagnosticSeverity.Error, lineOf('replicas: many')), `an error on the replicas line: ${found.map((d) => `${d.range.start.line}:${d.message}`).join(' | ')}`);
      assert.ok(at(vscode.DiagnosticSeverity.Warning, lineOf('build: .')), 'a warning on the build key');
      const unset = at(vscode.DiagnosticSeverity.Warning, lineOf('SWARM_TEST_SURELY_UNSET_VAR'));
      assert.ok(unset, 'a warning on the unset variable');
      assert.match(unset.message, /SWARM_TEST_SURELY_UNSET_VAR/);

      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), stackFile({ web: '' }));
      assert.ok(await vscode.workspace.applyEdit(edit));
      await diagnosticsOf(uri, (d) => d.length === 0);
      await doc.save();
    });
  });

  describe('deploy, redeploy, prune', () => {
    const stack = `${RUN_ID}-dep`;
    let uri: vscode.Uri;
    before(() => {
      stacks.push(stack);
      uri = write('shop-stack.yml', stackFile({ api: '', worker: '', old: '' }));
    });

    it('cancelled at the name or at the confirmation, nothing is created', async () => {
      host().answer(undefined);
      assert.equal(await vscode.commands.executeCommand(Commands.deployStack, uri), undefined);
      assert.equal(host().inputBoxes.length, 1);
      host().answer(stack, undefined);
      assert.equal(await vscode.commands.executeCommand(Commands.deployStack, uri), undefined);
      assert.equal(host().choices.length, 1);
      assert.deepEqual(await stackServices(stack), []);
    });

    it('confirmed: the services exist on the engine and in the Services view', async () => {
      host().answer(stack, 'Deploy');
      const r = await vscode.commands.executeCommand<DeployResult>(Commands.deployStack, uri);
      assert.ok(r, 'the command returned its result');
      const c = host().choices[0]!;
      assert.match(c.message, new RegExp(`^Deploy stack ${stack} on .+\\?$`));
      assert.match(c.detail, /^3 services: 3 created$/m);
      assert.match(c.detail, new RegExp(`Networks created: ${stack}_default`));
      assert.deepEqual(c.buttons, ['Deploy']);
      assert.deepEqual((await stackServices(stack)).map((s) => s.name), [`${stack}_api`, `${stack}_old`, `${stack}_worker`]);
      assert.ok(a.ctx.store.services.some((s) => s.name === `${stack}_api`), 'the store has it');
      assert.match(host().infos.join('\n'), new RegExp(`Stack ${stack} deployed: 3 created`));
    });

    it('redeployed unchanged: no service is updated (versions do not move)', async () => {
      const before = await stackServices(stack);
      host().answer(stack, 'Deploy');
      await vscode.commands.executeCommand(Commands.deployStack, uri);
      assert.match(host().choices[0]!.detail, /^3 services: 3 unchanged$/m);
      assert.deepEqual(await stackServices(stack), before);
    });

    it('a service gone from the file: removed only with the second button, and only it', async () => {
      writeFileSync(uri.fsPath, stackFile({ api: '', worker: '' }).replace(/(worker:[\s\S]*?replicas: )0/, '$11'));
      const before = await stackServices(stack);
      host().answer(stack, `Deploy and Remove 1 Service`);
      await vscode.commands.executeCommand(Commands.deployStack, uri);
      const c = host().choices[0]!;
      assert.deepEqual(c.buttons, ['Deploy', 'Deploy and Remove 1 Service']);
      assert.match(c.detail, new RegExp(`no longer in the file: ${stack}_old`));
      const after = await stackServices(stack);
      assert.deepEqual(after.map((s) => s.name), [`${stack}_api`, `${stack}_worker`]);
      assert.equal(after[0]!.version, before[0]!.version, 'api unchanged');
      assert.equal(after[1]!.replicas, 1, 'worker updated');
    });

    it('Preview Stack Deploy opens a diff of a changed service and changes nothing', async () => {
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);
      // An unsaved change: the preview (like a deploy) uses the editor's text.
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), stackFile({ api: 'hostname: changed-by-preview', worker: '' })));
      const before = await stackServices(stack);
      host().answer(stack);
      await vscode.commands.executeCommand(Commands.previewStackDeploy, uri);
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const diff = tabs.find((t) => t.input instanceof vscode.TabInputTextDiff && t.label.startsWith(`${stack}_api`));
      assert.ok(diff, `a diff tab for ${stack}_api (tabs: ${tabs.map((t) => t.label).join(', ')})`);
      const right = (diff.input as vscode.TabInputTextDiff).modified;
      assert.match((await vscode.workspace.openTextDocument(right)).getText(), /changed-by-preview/);
      assert.deepEqual(await stackServices(stack), before, 'nothing changed on the engine');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
    });

    it('the confirmation lists the keys a stack ignores and unset variables, and says unsaved changes are included', async () => {
      const doc = await vscode.workspace.openTextDocument(write('warned-stack.yml', stackFile({ api: 'build: .\nenvironment:\n  - A=${SWARM_TEST_SURELY_UNSET_VAR}' })));
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited, not saved\n'));
      host().answer(`${RUN_ID}-warned`, undefined);
      await vscode.commands.executeCommand(Commands.deployStack, doc.uri);
      const detail = host().choices[0]!.detail;
      assert.match(detail, /Warnings:[\s\S]*build[\s\S]*SWARM_TEST_SURELY_UNSET_VAR/);
      assert.match(detail, /The editor's unsaved changes are included\./);
      assert.deepEqual(await stackServices(`${RUN_ID}-warned`), [], 'cancelled: nothing created');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('a bad value from an environment variable: the message and the problem name the variable, never its value', async () => {
      process.env['SWARM_TEST_GRACE_TOKEN'] = 'not-a-duration-s3cr3t';
      try {
        const bad = write('env-stack.yml', stackFile({ api: 'stop_grace_period: ${SWARM_TEST_GRACE_TOKEN}' }));
        await vscode.commands.executeCommand(Commands.deployStack, bad);
        const message = host().errors.join('\n');
        assert.match(message, /stop_grace_period.*<value of \$SWARM_TEST_GRACE_TOKEN>/);
        assert.doesNotMatch(message, /s3cr3t/);
        const doc = await vscode.workspace.openTextDocument(bad);
        const found = await diagnosticsOf(bad, (d) => d.some((x) => x.severity === vscode.DiagnosticSeverity.Error));
        assert.doesNotMatch(found.map((d) => d.message).join('\n'), /s3cr3t/);
        assert.ok(doc);
      } finally {
        delete process.env['SWARM_TEST_GRACE_TOKEN'];
      }
    });

    it('a file with an error is refused before anything is sent', async () => {
      const bad = write('bad-stack.yml', stackFile({ api: 'stop_grace_period: soon' }));
      const before = await stackServices(stack);
      await vscode.commands.executeCommand(Commands.deployStack, bad);
      assert.equal(host().inputBoxes.length, 0, 'not even the name was asked');
      assert.match(host().errors.join('\n'), /bad-stack\.yml cannot be deployed: .*stop_grace_period.*\(line \d+\)\. Nothing was sent\./);
      assert.deepEqual(await stackServices(stack), before);
    });
  });

  it('Deploy Stack… and Preview are offered only in a trusted workspace', () => {
    const pkg = vscode.extensions.getExtension('swarm-services.swarm-services')!.packageJSON as {
      contributes: { commands: { command: string; enablement?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    for (const id of [Commands.deployStack, Commands.previewStackDeploy]) {
      assert.equal(pkg.contributes.commands.find((c) => c.command === id)?.enablement, 'isWorkspaceTrusted');
      const placements = Object.values(pkg.contributes.menus).flat().filter((m) => m.command === id);
      assert.ok(placements.length >= 3);
      for (const m of placements) assert.match(m.when ?? '', /isWorkspaceTrusted/);
    }
  });
});
