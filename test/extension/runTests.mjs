// runTests.mjs: runs the extension tests (out/test/extension/index.js, built by `npm run build`)
// inside a real VS Code through @vscode/test-electron.
//
// By default VS Code is code-server driven by headless Chromium (code-server-host.mjs stands in
// for the VS Code executable), because VS Code desktop cannot be downloaded on CI / offline
// machines. With SWARM_TESTS_DESKTOP=1 test-electron downloads and runs VS Code desktop instead
// (SWARM_TESTS_VSCODE_VERSION picks its version, default 'stable'); that is also what happens
// on machines code-server-host.mjs does not support (anything but Linux x64).
//
// The environment of this process reaches the tests (e.g. DOCKER_HOST).
// Exit code: 0 when all tests pass, 1 otherwise.

import { mkdtempSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const extensionTestsPath = path.join(repoRoot, 'out', 'test', 'extension', 'index.js');

const supportsCodeServer = process.platform === 'linux' && process.arch === 'x64';
const desktop = process.env.SWARM_TESTS_DESKTOP === '1' || !supportsCodeServer;
if (desktop && process.env.SWARM_TESTS_DESKTOP !== '1') {
  console.log(`code-server-host.mjs supports Linux x64 only; using VS Code desktop on ${process.platform}-${process.arch}`);
}

if (!existsSync(extensionTestsPath)) {
  console.error(`${extensionTestsPath} does not exist; run \`npm run build\` first`);
  process.exit(1);
}

// A fresh profile per run, so no state leaks between runs.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'swarm-services-tests-'));
const fixture = path.join(repoRoot, 'test', 'fixtures', 'workspace');
const workspace = existsSync(fixture) ? fixture : path.join(tmp, 'workspace');
mkdirSync(workspace, { recursive: true });
mkdirSync(path.join(tmp, 'docker-config'), { recursive: true });

let exitCode = 0;
try {
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath,
    launchArgs: [
      workspace,
      `--user-data-dir=${path.join(tmp, 'user-data')}`,
      `--extensions-dir=${path.join(tmp, 'extensions')}`,
    ],
    // The docker CLI's configuration of the extension host (contexts, the current context):
    // a directory of this run, so that tests can use `docker context` without touching the
    // user's ~/.docker.
    extensionTestsEnv: { DOCKER_CONFIG: path.join(tmp, 'docker-config') },
    ...(desktop
      ? { version: process.env.SWARM_TESTS_VSCODE_VERSION || 'stable' }
      : { vscodeExecutablePath: path.join(here, 'code-server-host.mjs') }),
  });
} catch (err) {
  console.error(`Extension tests failed: ${err instanceof Error ? err.message : err}`);
  exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
