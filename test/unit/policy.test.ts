// The lint rules that keep engine text away from shells and from rendered markdown are part of
// `npm test`; these tests show they refuse what they are meant to, and that src passes them.
import * as assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('safety lint rules', function () {
  // ESLint loads typescript-eslint and reads every file of src: seconds on a busy machine.
  this.timeout(60_000);

  it('refuse spawning a process anywhere in src', async () => {
    for (const file of ['src/commands/x.ts', 'src/model/x.ts', 'src/docker/x.ts']) {
      for (const mod of ['child_process', 'node:child_process']) {
        const found = await problems(`import { execFile } from '${mod}';\nexport const run = execFile;\n`, file);
        assert.ok(found.some((p) => p.includes('must never reach a shell')), `${mod} in ${file}: ${found.join('; ')}`);
      }
    }
  });

  it('allow a process only in src/registry/credentialHelper.ts, and there only spawn without a shell', async () => {
    const spawnCode = "import { spawn } from 'node:child_process';\nexport const run = () => spawn('docker-credential-x', ['get'], { shell: false });\n";
    assert.deepEqual(await problems(spawnCode, 'src/registry/credentialHelper.ts'), []);
    for (const file of ['src/registry/x.ts', 'src/registry/dockerConfig.ts', 'src/registry/credentialHelper2.ts', 'src/credentialHelper.ts', 'src/docker/credentialHelper.ts']) {
      const found = await problems(spawnCode, file);
      assert.ok(found.some((p) => p.includes('must never reach a shell')), `${file}: ${found.join('; ')}`);
    }
    const refusedThere = [
      "import { exec } from 'node:child_process';\nexport const run = exec;\n",
      "import { execFile } from 'node:child_process';\nexport const run = execFile;\n",
      "import * as cp from 'node:child_process';\nexport const run = cp;\n",
      "import { spawn } from 'child_process';\nexport const run = spawn;\n",
      "import { spawn } from 'node:child_process';\nexport const run = () => spawn('x', [], { shell: true });\n",
      "export const m = import('node:child_process');\n",
    ];
    for (const code of refusedThere) {
      const found = await problems(code, 'src/registry/credentialHelper.ts');
      assert.ok(found.some((p) => p.startsWith('no-restricted')), `${code}: ${found.join('; ')}`);
    }
  });

  it('keep src/compose pure: no VS Code, no engine client, no file system', async () => {
    for (const mod of ['vscode', 'dockerode', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises']) {
      const found = await problems(`import * as m from '${mod}';\nexport const x = m;\n`, 'src/compose/x.ts');
      assert.ok(found.some((p) => p.includes('no-restricted-imports')), `${mod} in src/compose: ${found.join('; ')}`);
    }
    // The editor side may read files (it hands readFile to the conversion).
    assert.deepEqual(await problems("import * as fs from 'node:fs';\nexport const x = fs;\n", 'src/composeEditor/x.ts'), []);
  });

  it('refuse the other ways to a shell, in every folder of src', async () => {
    const ways = [
      "export const m = import('node:child_process');",
      "export const m = require('child_process');",
      "import * as vscode from 'vscode';\nexport const e = new vscode.ShellExecution('x');",
      "import * as vscode from 'vscode';\nexport const e = new vscode['ProcessExecution']('x');",
      "import * as vscode from 'vscode';\nexport const f = (t: vscode.Terminal) => t.sendText('x');",
    ];
    for (const file of ['src/x.ts', 'src/commands/x.ts', 'src/logs/x.ts', 'src/tree/x.ts', 'src/model/x.ts', 'src/docker/x.ts', 'src/compose/x.ts', 'src/composeEditor/x.ts']) {
      for (const code of ways) {
        const found = await problems(code + '\n', file);
        assert.ok(found.some((p) => p.includes('must never reach a shell')), `${file}: ${code}: ${found.join('; ')}`);
      }
    }
  });

  it('allow a terminal only as a Pseudoterminal: createTerminal({ name, pty }) and nothing that starts a process', async () => {
    const head = "import * as vscode from 'vscode';\ndeclare const pty: vscode.Pseudoterminal;\n";
    const allowed = [
      'export const t = vscode.window.createTerminal({ name: "svc.1@node", pty });',
      'export const t = vscode.window.createTerminal({ name: "x", pty, iconPath: new vscode.ThemeIcon("terminal"), isTransient: true });',
    ];
    for (const code of allowed) assert.deepEqual(await problems(head + code + '\n', 'src/terminal/x.ts'), [], code);
    const refused = [
      "export const t = vscode.window.createTerminal('x');",
      "export const t = vscode.window.createTerminal('x', '/bin/sh', ['-c', 'id']);",
      'export const t = vscode.window.createTerminal({ name: "x" });',
      'export const t = vscode.window.createTerminal({ name: "x", shellPath: "/bin/sh" });',
      'export const t = vscode.window.createTerminal({ name: "x", pty, shellPath: "/bin/sh" });',
      'export const t = vscode.window.createTerminal({ name: "x", pty, shellArgs: ["-c", "id"] });',
      'export const t = vscode.window.createTerminal({ name: "x", pty, cwd: "/", env: {} });',
      'const o = { shellPath: "/bin/sh" };\nexport const t = vscode.window.createTerminal({ ...o, pty });',
      'const o: vscode.TerminalOptions = { shellPath: "/bin/sh" };\nexport const t = vscode.window.createTerminal(o);',
      'export const t = vscode.window.createTerminal({ name: "x", iconPath: { pty } as never });',
      'export const t = vscode.window.createTerminal({ name: "x", ["shellPath"]: "/bin/sh", pty });',
      'const make = vscode.window.createTerminal;\nexport const t = make({ name: "x", pty });',
      "export const t = vscode.window['createTerminal']('x');",
      'const { createTerminal } = vscode.window;\nexport const t = createTerminal("x");',
    ];
    for (const file of ['src/terminal/x.ts', 'src/commands/x.ts', 'src/x.ts']) {
      for (const code of refused) {
        const found = await problems(head + code + '\n', file);
        assert.ok(found.some((p) => p.startsWith('no-restricted-syntax')), `${file}: ${code}: ${found.join('; ')}`);
      }
    }
  });

  it('refuse MarkdownString and trust flags in src', async () => {
    const code = [
      "import * as vscode from 'vscode';",
      'export const a = new vscode.MarkdownString("x");',
      'export const b = { isTrusted: true };',
      'export function c(m: { enableCommandUris: boolean }) { m.enableCommandUris = true; }',
      '',
    ].join('\n');
    for (const file of ['src/x.ts', 'src/commands/x.ts', 'src/logs/x.ts', 'src/tree/x.ts', 'src/model/x.ts', 'src/docker/x.ts']) {
      const found = await problems(code, file);
      assert.equal(found.filter((p) => p.includes('no MarkdownString')).length, 1, `${file}: ${found.join('; ')}`);
      assert.equal(found.filter((p) => p.includes('No trusted or command-enabled')).length, 3, `${file}: ${found.join('; ')}`);
      const quoted = await problems("import * as vscode from 'vscode';\nexport const a = new vscode['MarkdownString']('x');\nexport const b = { 'isTrusted': true };\n", file);
      assert.equal(quoted.filter((p) => p.includes('No trusted or command-enabled')).length, 2, `${file}: ${quoted.join('; ')}`);
    }
  });

  it('let src read whether the workspace is trusted, and nothing else named isTrusted', async () => {
    assert.deepEqual(await problems("import * as vscode from 'vscode';\nexport const t = vscode.workspace.isTrusted;\n", 'src/commands/x.ts'), []);
    const found = await problems("import * as vscode from 'vscode';\nexport const t = { isTrusted: vscode.workspace.isTrusted };\nexport const u = vscode.window.isTrusted;\n", 'src/commands/x.ts');
    assert.equal(found.filter((p) => p.includes('No trusted or command-enabled')).length, 2, found.join('; '));
  });

  it('let tests spawn processes (they drive the sandbox), and src passes every rule', async () => {
    assert.deepEqual(await problems("import { execFile } from 'node:child_process';\nexport const run = execFile;\n", 'test/x.ts'), []);
    const results = await eslint.lintFiles(['src/**/*.ts']);
    assert.deepEqual(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`)), []);
  });
});
