#!/usr/bin/env node
// code-server-host.mjs: stands in for the VS Code executable when running the extension tests.
//
// @vscode/test-electron's runTests() normally downloads VS Code desktop and spawns it with
// `--extensionDevelopmentPath=... --extensionTestsPath=...`. Where VS Code desktop cannot be
// downloaded (CI, this sandbox), runTests.mjs points `vscodeExecutablePath` at this script
// instead. It accepts the same arguments and turns them into a real VS Code session:
//
//   1. code-server (real VS Code workbench + Node extension host) from scripts/install-code-server.sh,
//      started with this process's environment, so DOCKER_HOST etc. reach the tests;
//   2. headless Debian Chromium (playwright-core) opening the workbench with a test payload,
//      which makes the remote extension host load the extension and run extensionTestsPath;
//   3. the tests' console output arrives through window.codeAutomationLog and is printed here,
//      and window.codeAutomationExit(code) ends the run with the tests' exit code.
//
// Environment: SWARM_TESTS_TIMEOUT_MS (default 600000) bounds the whole run;
// SWARM_TESTS_VERBOSE=1 also prints code-server's own output and the workbench's log lines.
// On failure or timeout a screenshot and the logs are saved to <repo>/test-results/extension-host/.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, cpSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'extension-host');
const TIMEOUT_MS = Number(process.env.SWARM_TESTS_TIMEOUT_MS) || 20 * 60 * 1000;
const VERBOSE = process.env.SWARM_TESTS_VERBOSE === '1';
const CHROMIUM = process.env.SWARM_TESTS_CHROMIUM || '/usr/bin/chromium';

const say = (msg) => process.stderr.write(`[code-server-host] ${msg}\n`);

// ---------------------------------------------------------------------------------------------
// Arguments, as VS Code's CLI takes them (both `--flag=value` and `--flag value`).

const FLAGS_WITH_VALUE = new Set([
  'extensionTestsPath', 'extensionDevelopmentPath', 'user-data-dir', 'extensions-dir',
  'folder-uri', 'file-uri', 'locale', 'log', 'disable-extension', 'enable-proposed-api',
]);

function parseArgs(argv) {
  const args = { paths: [], developmentPaths: [], ignored: [], disableExtensions: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      args.paths.push(path.resolve(arg));
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined && FLAGS_WITH_VALUE.has(name) && i + 1 < argv.length) value = argv[++i];
    switch (name) {
      case 'extensionTestsPath': args.testsPath = path.resolve(value); break;
      case 'extensionDevelopmentPath': args.developmentPaths.push(path.resolve(value)); break;
      case 'user-data-dir': args.userDataDir = path.resolve(value); break;
      case 'extensions-dir': args.extensionsDir = path.resolve(value); break;
      case 'disable-extensions': args.disableExtensions = true; break;
      default: args.ignored.push(arg); // --no-sandbox, --disable-updates, ...: desktop-only
    }
  }
  return args;
}

// ---------------------------------------------------------------------------------------------
// code-server

// Resolves to { node, entry }. onSpawn gets the installer's process, to stop it on a timeout.
async function installCodeServer(onSpawn) {
  // The installer prints progress on stderr and `NAME=value` lines on stdout.
  const { stdout } = await new Promise((resolve, reject) => {
    const child = spawn('bash', ['scripts/install-code-server.sh'], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'], detached: true,
    });
    onSpawn(child);
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => code === 0
      ? resolve({ stdout: out })
      : reject(new Error(`scripts/install-code-server.sh failed with exit code ${code}`)));
  });
  const vars = Object.fromEntries(stdout.split('\n').map((l) => l.match(/^(\w+)=(.*)$/)).filter(Boolean).map((m) => [m[1], m[2]]));
  if (!vars.NODE24 || !vars.CODE_SERVER_ENTRY) throw new Error(`unexpected output from install-code-server.sh:\n${stdout}`);
  return { node: vars.NODE24, entry: vars.CODE_SERVER_ENTRY };
}

function seedUserDataDir(userDataDir) {
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  // Without --config, code-server writes ~/.config/code-server/config.yaml with a password.
  writeFileSync(path.join(userDataDir, 'config.yaml'), 'auth: none\ncert: false\n');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  let settings = {};
  if (existsSync(settingsFile)) {
    try { settings = JSON.parse(readFileSync(settingsFile, 'utf8')); } catch { return; } // JSONC: leave it alone
  }
  const defaults = {
    'workbench.startupEditor': 'none',
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
  };
  writeFileSync(settingsFile, JSON.stringify({ ...defaults, ...settings }, null, 2));
}

function startCodeServer({ node, entry }, args, folder, logFile) {
  const env = { ...process.env };
  // Set inside a VS Code / code-server terminal; code-server would then just ask that
  // instance to open the folder and exit.
  delete env.VSCODE_IPC_HOOK_CLI;
  const child = spawn(node, [
    entry,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--host', '127.0.0.1', '--port', '0', // these win over $PORT / $CODE_SERVER_HOST from the env
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    '--user-data-dir', args.userDataDir,
    '--extensions-dir', args.extensionsDir,
    '--config', path.join(args.userDataDir, 'config.yaml'),
    // a released build ignores the test payload in the URL without this
    '--vscode-option', 'enable-smoke-test-driver',
    ...(args.disableExtensions ? ['--vscode-option', 'disable-extensions'] : []),
    ...(folder ? [folder] : []),
  ], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so the whole tree (extension host, pty host...) can be killed
  });

  const log = createWriteStream(logFile);
  let buffered = '';
  const port = new Promise((resolve, reject) => {
    const onData = (data) => {
      log.write(data);
      if (VERBOSE) process.stderr.write(data);
      buffered += data;
      const m = buffered.match(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve(Number(m[1]));
      if (buffered.length > 100_000) buffered = buffered.slice(-1000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => reject(new Error(
      `code-server exited (${signal ?? code}) before listening; its output:\n${buffered.slice(-4000)}`)));
  });
  return { child, port, log };
}

function killProcessGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} resolve(); }, 5000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    try { process.kill(-child.pid, 'SIGTERM'); } catch { clearTimeout(timer); resolve(); }
  });
}

// ---------------------------------------------------------------------------------------------
// Output of the tests

// The workbench calls window.codeAutomationLog(level, [message, ...args]) for everything it
// logs while extension tests run. That includes the extension host's console output (mocha's
// reporter), which desktop VS Code would print on stdout, but also the workbench's own chatter
// (connection set-up, failed gallery look-ups without network, ...). The extension host's lines
// are the ones logged from MainThreadConsole.$logExtensionHostMessage (an RPC method, so its
// name survives minification); this init script, run in the page before the workbench, marks
// them with a third argument by looking at the call stack.
function tagExtensionHostLogs() {
  const exposed = window.codeAutomationLog;
  window.codeAutomationLog = (level, args) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 100;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    return exposed(level, args, stack.includes('$logExtensionHostMessage'));
  };
}

// console.log-style formatting, so mocha's `console.log('%s%s', indent, title)` prints right.
function formatLogArgs(args) {
  return format(...(Array.isArray(args) ? args : [args]));
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath) {
    say('usage: code-server-host.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER] [--user-data-dir=DIR] [--extensions-dir=DIR]');
    say('This script only runs extension tests (it stands in for VS Code in @vscode/test-electron); no --extensionTestsPath was given.');
    return 2;
  }
  if (args.developmentPaths.length === 0) {
    say('missing --extensionDevelopmentPath');
    return 2;
  }
  const notAnExtension = args.developmentPaths.find((p) => !existsSync(path.join(p, 'package.json')));
  if (notAnExtension) {
    say(`--extensionDevelopmentPath has no package.json: ${notAnExtension}`);
    return 2;
  }
  args.userDataDir ??= path.resolve('.vscode-test', 'user-data');
  args.extensionsDir ??= path.resolve('.vscode-test', 'extensions');
  const folder = args.paths[0];
  if (folder && !existsSync(folder)) {
    say(`workspace folder does not exist: ${folder}`);
    return 2;
  }
  if (VERBOSE && args.ignored.length) say(`ignoring desktop-only arguments: ${args.ignored.join(' ')}`);
  if (args.paths.length > 1) say(`only the first path is opened; ignoring ${args.paths.slice(1).join(' ')}`);

  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  const runDir = path.join(args.userDataDir, 'code-server-host');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  mkdirSync(args.extensionsDir, { recursive: true });
  seedUserDataDir(args.userDataDir);
  const codeServerLog = path.join(runDir, 'code-server.log');
  const browserLog = createWriteStream(path.join(runDir, 'browser.log'));

  let installer, codeServer, browser, page, timer;
  let browserLogs = []; // the workbench's own log files, handed over by codeAutomationExit
  let cleanedUp = false;
  const cleanup = async () => {
    if (cleanedUp) return;
    cleanedUp = true;
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await killProcessGroup(codeServer?.child);
    await killProcessGroup(installer);
    codeServer?.log.end();
    browserLog.end();
  };

  // Ctrl+C (test-electron forwards it as SIGINT) or a CI cancel: tear everything down.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      say(`received ${signal}, stopping code-server and the browser`);
      cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }

  const saveArtifacts = async (why) => {
    try {
      rmSync(RESULTS_DIR, { recursive: true, force: true });
      mkdirSync(RESULTS_DIR, { recursive: true });
      if (page && !page.isClosed()) {
        await page.screenshot({ path: path.join(RESULTS_DIR, 'screenshot.png'), timeout: 10_000 }).catch((e) => say(`no screenshot: ${e.message}`));
      }
      for (const stream of [codeServer?.log, browserLog]) if (stream) await new Promise((r) => stream.write('', r));
      cpSync(runDir, RESULTS_DIR, { recursive: true }); // code-server.log, browser.log
      const serverLogs = path.join(args.userDataDir, 'logs');
      if (existsSync(serverLogs)) cpSync(serverLogs, path.join(RESULTS_DIR, 'server-logs'), { recursive: true });
      for (const { relativePath, contents } of browserLogs) {
        const target = path.join(RESULTS_DIR, 'workbench-logs', relativePath);
        if (!target.startsWith(RESULTS_DIR)) continue;
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, contents);
      }
      say(`${why}; screenshot and logs saved in ${RESULTS_DIR}`);
    } catch (e) {
      say(`${why}; saving the logs failed: ${e.message}`);
    }
  };

  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(
        `timed out after ${TIMEOUT_MS / 1000}s (SWARM_TESTS_TIMEOUT_MS) without the tests finishing`)), TIMEOUT_MS);
    });

    const codeServerBin = await Promise.race([installCodeServer((child) => { installer = child; }), timeout]);
    codeServer = startCodeServer(codeServerBin, args, folder, codeServerLog);
    const codeServerDied = new Promise((_, reject) => codeServer.child.on('exit', (code, signal) => {
      if (!cleanedUp) reject(new Error(`code-server exited unexpectedly (${signal ?? code}); see ${codeServerLog}`));
    }));
    codeServerDied.catch(() => {});
    const port = await Promise.race([codeServer.port, timeout]);
    say(`code-server listening on port ${port} (${elapsed()})`);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // ours tidy up in order
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    let finish;
    const exitCode = new Promise((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationLog', (level, logArgs, fromExtensionHost) => {
      const text = formatLogArgs(logArgs);
      browserLog.write(`[${level}]${fromExtensionHost ? ' [extension host]' : ''} ${text}\n`);
      if (fromExtensionHost || VERBOSE) (level === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.addInitScript(tagExtensionHostLogs);
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      browserLogs = Array.isArray(logs) ? logs : [];
      finish(Number(code));
    });
    page.on('console', (msg) => browserLog.write(`[console.${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => browserLog.write(`[pageerror] ${err.stack ?? err}\n`));
    const browserGone = new Promise((_, reject) => {
      page.on('crash', () => reject(new Error('the browser page crashed')));
      browser.on('disconnected', () => { if (!cleanedUp) reject(new Error('the browser went away')); });
    });
    browserGone.catch(() => {});

    const authority = `127.0.0.1:${port}`;
    const remote = (p) => `vscode-remote://${authority}${p.split('/').map(encodeURIComponent).join('/')}`;
    const payload = [
      ...args.developmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
      ['extensionTestsPath', remote(args.testsPath)],
      ['skipWelcome', 'true'],
    ];
    const query = [
      ...(folder ? [`${folder.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(folder)}`] : []),
      `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    ].join('&');
    await page.goto(`http://${authority}/?${query}`);
    say(`workbench opened, running ${args.testsPath} (${elapsed()})`);

    const code = await Promise.race([exitCode, timeout, codeServerDied, browserGone]);
    say(`tests finished with exit code ${code} after ${elapsed()}`);
    if (code !== 0) await saveArtifacts(`tests failed (exit code ${code})`);
    return code;
  } catch (e) {
    say(`error: ${e.message}`);
    await saveArtifacts('run failed');
    return 1;
  } finally {
    await cleanup();
  }
}

process.exitCode = await main();
// Playwright and stray sockets could keep the event loop alive; the result is known now.
process.exit(process.exitCode);
