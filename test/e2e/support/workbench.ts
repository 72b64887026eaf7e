// A real VS Code workbench for the end-to-end suite: code-server (VS Code's workbench and a
// Node extension host) with the packaged extension installed into a fresh profile, opened in
// headless Chromium through playwright-core. Nothing is packaged here: the suite is given a
// .vsix (npm run test:e2e packages first), so what is tested is what a person installs.
//
// What this relies on (see docs of code-server and test/extension/code-server-host.mjs):
// - code-server 4.139 needs Node 24; scripts/install-code-server.sh installs both into a
//   cache and prints NODE24=... and CODE_SERVER_ENTRY=...;
// - `entry.js --install-extension x.vsix` installs a packaged extension and exits;
// - inside a VS Code terminal VSCODE_IPC_HOOK_CLI is set and code-server would just ask that
//   instance to open the folder, and $PORT / $CODE_SERVER_HOST would override the bind
//   address: the child gets neither, and explicit --host/--port;
// - code-server prints "HTTP server listening on http://127.0.0.1:PORT/" once it listens.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const CHROMIUM = process.env['SWARM_E2E_CHROMIUM'] ?? '/usr/bin/chromium';
const VERBOSE = process.env['SWARM_E2E_VERBOSE'] === '1';

export interface WorkbenchOptions {
  vsix: string;
  /** Merged over the defaults into the profile's User/settings.json. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /**
   * Over this process's environment for code-server and its extension host: a string sets the
   * variable, undefined removes it (a HOME with its own ~/.ssh, a DOCKER_CONFIG, no agent).
   */
  env?: Record<string, string | undefined>;
  /**
   * Workspace trust as a person has it by default: code-server starts without
   * --disable-workspace-trust, and the folder (never trusted in a fresh profile) opens in
   * Restricted Mode without asking (the settings turn the startup prompt off). Off by default:
   * the suite's workbench trusts everything.
   */
  untrustedFolder?: boolean;
}

export interface Workbench {
  page: Page;
  browser: Browser;
  /** code-server's --user-data-dir: settings, and the server's logs (output channels too). */
  userDataDir: string;
  extensionsDir: string;
  folder: string;
  url: string;
  /** A scratch folder of this run, removed by close(). */
  root: string;
  codeServerLog: string;
  browserLog: string;
  /**
   * Reads a settings file of the profile, applies `change` and writes it back; the workbench
   * watches the file. 'user' is User/settings.json. 'machine' is Machine/settings.json, the
   * remote machine's settings: code-server's window is a remote window, so settings of
   * machine scope (dockerSwarm.dockerHost) are read from there, not from the user's.
   */
  updateSettings(scope: 'user' | 'machine', change: (settings: Record<string, unknown>) => void): void;
  /** Copies a screenshot, code-server's output, the browser console and the server's logs into `dir`. */
  saveArtifacts(dir: string): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.enableExperiments': false,
};

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, args, { cwd: REPO_ROOT, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolvePromise({ stdout, stderr });
    });
  });
}

/** The environment code-server runs in: ours, without what would redirect or hijack it. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['VSCODE_IPC_HOOK_CLI', 'PORT', 'CODE_SERVER_HOST', 'PASSWORD', 'HASHED_PASSWORD']) delete env[name];
  return env;
}

/** childEnv() with a workbench's own variables set or removed (WorkbenchOptions.env). */
function childEnvWith(overrides: Record<string, string | undefined> | undefined): NodeJS.ProcessEnv {
  const env = childEnv();
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export async function installCodeServer(): Promise<{ node: string; entry: string }> {
  const { stdout } = await run('bash', ['scripts/install-code-server.sh'], process.env, 15 * 60_000);
  const vars = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line);
    if (m) vars.set(m[1]!, m[2]!);
  }
  const node = vars.get('NODE24');
  const entry = vars.get('CODE_SERVER_ENTRY');
  if (!node || !entry) throw new Error(`scripts/install-code-server.sh printed no NODE24/CODE_SERVER_ENTRY:\n${stdout}`);
  return { node, entry };
}

function killGroup(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((done) => {
    const hard = setTimeout(() => {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
      done();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(hard);
      done();
    });
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(hard);
      done();
    }
  });
}

function startCodeServer(node: string, entry: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = childEnv()): { child: ChildProcess; port: Promise<number>; log: WriteStream } {
  const child = spawn(node, [entry, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: the extension host and pty host go with it
  });
  const log = createWriteStream(logFile);
  let seen = '';
  const port = new Promise<number>((resolvePort, reject) => {
    const onData = (data: Buffer): void => {
      log.write(data);
      if (VERBOSE) process.stderr.write(data);
      seen = (seen + data.toString()).slice(-20_000);
      const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(seen);
      if (m) resolvePort(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => reject(new Error(`code-server exited (${signal ?? code}) before it listened:\n${seen.slice(-4000)}`)));
  });
  return { child, port, log };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  if (!existsSync(options.vsix)) throw new Error(`${options.vsix} does not exist: run \`npm run package\` first (npm run test:e2e does)`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} does not exist (Debian: apt-get install chromium)`);
  const { node, entry } = await installCodeServer();

  const root = mkdtempSync(join(tmpdir(), 'swarm-services-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const folder = join(root, 'workspace');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, folder]) mkdirSync(dir, { recursive: true });
  // Without --config code-server writes ~/.config/code-server/config.yaml with a password.
  const config = join(userDataDir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const trust = options.untrustedFolder
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }
    : {};
  writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...trust, ...options.settings }, null, 2));
  writeFileSync(join(folder, 'README.md'), '# e2e workspace\n');

  const codeServerLog = join(root, 'code-server.log');
  const browserLogFile = join(root, 'browser.log');
  let server: ReturnType<typeof startCodeServer> | undefined;
  let browser: Browser | undefined;
  const browserLog = createWriteStream(browserLogFile);
  let closing: Promise<void> | undefined;
  // Whatever ends this process (a signal, process.exit), code-server's group goes with it.
  const killOnExit = (): void => {
    const pid = server?.child.pid;
    if (pid !== undefined && server?.child.exitCode === null && server.child.signalCode === null) {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    }
  };
  process.on('exit', killOnExit);

  const close = (): Promise<void> => {
    closing ??= (async () => {
      await browser?.close().catch(() => undefined);
      await killGroup(server?.child);
      process.off('exit', killOnExit);
      await new Promise((r) => server ? server.log.end(r) : r(undefined));
      await new Promise((r) => browserLog.end(r));
      if (process.env['SWARM_E2E_KEEP'] !== '1') rmSync(root, { recursive: true, force: true });
    })();
    return closing;
  };

  try {
    const install = await run(node, [entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', options.vsix], childEnvWith(options.env), 120_000);
    const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('swarm-services.swarm-services-'));
    if (installed.length !== 1) throw new Error(`the .vsix was not installed into ${extensionsDir}:\n${install.stdout}\n${install.stderr}`);

    server = startCodeServer(node, entry, [
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      '--host', '127.0.0.1', '--port', '0',
      '--disable-telemetry', '--disable-update-check', ...(options.untrustedFolder ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override', '--ignore-last-opened',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--config', config,
      folder,
    ], codeServerLog, childEnvWith(options.env));
    const port = await withTimeout(server.port, 60_000, 'code-server to listen');

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // The suite's own signal handlers close the browser, then code-server, in order.
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('console', (msg) => browserLog.write(`[console.${msg.type()}] ${msg.text()}\n`));
    page.on('pageerror', (err) => browserLog.write(`[pageerror] ${err.stack ?? String(err)}\n`));
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The activity bar is drawn once the extensions' contributions are known.
    await page.locator('.part.activitybar').waitFor({ timeout: 60_000 });

    const wb: Workbench = {
      page, browser, userDataDir, extensionsDir, folder, url, root, codeServerLog, browserLog: browserLogFile,
      updateSettings(scope, change) {
        const file = scope === 'user' ? settingsFile : join(userDataDir, 'Machine', 'settings.json');
        const settings = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> : {};
        change(settings);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(settings, null, 2));
      },
      async saveArtifacts(dir) {
        mkdirSync(dir, { recursive: true });
        if (!page.isClosed()) {
          await page.screenshot({ path: join(dir, 'screenshot.png'), timeout: 10_000 }).catch((e: Error) => {
            writeFileSync(join(dir, 'screenshot-failed.txt'), e.message);
          });
        }
        for (const stream of [server?.log, browserLog]) {
          if (stream && !stream.writableEnded) await new Promise((r) => stream.write('', r));
        }
        if (existsSync(codeServerLog)) cpSync(codeServerLog, join(dir, 'code-server.log'));
        if (existsSync(browserLogFile)) cpSync(browserLogFile, join(dir, 'browser.log'));
        const logs = join(userDataDir, 'logs');
        if (existsSync(logs)) cpSync(logs, join(dir, 'server-logs'), { recursive: true });
        if (existsSync(settingsFile)) cpSync(settingsFile, join(dir, 'settings.json'));
        const machineSettings = join(userDataDir, 'Machine', 'settings.json');
        if (existsSync(machineSettings)) cpSync(machineSettings, join(dir, 'machine-settings.json'));
      },
      close,
    };
    return wb;
  } catch (e) {
    const dir = join(REPO_ROOT, 'test-results', 'e2e', 'startup');
    mkdirSync(dir, { recursive: true });
    if (existsSync(codeServerLog)) cpSync(codeServerLog, join(dir, 'code-server.log'));
    if (existsSync(browserLogFile)) cpSync(browserLogFile, join(dir, 'browser.log'));
    console.error(`    the workbench did not start; logs in ${dir}`);
    await close();
    throw e;
  }
}
