// The e2e suite's shared state and root hooks: one code-server workbench (fresh profile, the
// packaged .vsix installed) for the whole run, services created on the real swarm with the
// run's name prefix and label and removed at the end whatever happened, screenshots, and on a
// failed step a screenshot plus the workbench's and code-server's logs in test-results/e2e/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TestClient } from '../../support/testClient';
import type { EngineServiceSpec } from '../../../src/model/engineTypes';
import { RUN_ID, removeRunServices, serviceSpec, uniqueName, waitForRunning, type ServiceOptions } from '../../support/swarm';
import { WorkbenchUi } from './ui';
import { REPO_ROOT, startWorkbench, type Workbench } from './workbench';

export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');
export const SCREENSHOTS_FOR_DOCS = process.env['SWARM_E2E_SCREENSHOTS'] === '1';
export const SCREENSHOT_DIR = SCREENSHOTS_FOR_DOCS ? join(REPO_ROOT, 'docs', 'screenshots') : join(RESULTS_DIR, 'screenshots');
/** The packaged extension the suite installs (npm run test:e2e packages it first). */
export const VSIX = process.env['SWARM_E2E_VSIX'] ?? join(REPO_ROOT, 'swarm-services.vsix');

/**
 * dockerSwarm.refreshInterval in this suite: the view's safety-net poll, as short as the
 * extension allows (it follows the engine's event stream, and polls at most every 5 s).
 */
export const REFRESH_INTERVAL = 5;

export const engine = new TestClient();

/** Set when a signal ends the run early. */
let interrupted = false;

// Mocha may load this module twice (once as the root hooks file, once from the test files,
// through different loaders); the running workbench is kept where both copies see it.
const shared = globalThis as { swarmServicesE2e?: { wb: Workbench; ui: WorkbenchUi } };

export function workbench(): Workbench {
  if (!shared.swarmServicesE2e) throw new Error('the workbench is not running (its start failed: see above)');
  return shared.swarmServicesE2e.wb;
}

export function ui(): WorkbenchUi {
  if (!shared.swarmServicesE2e) throw new Error('the workbench is not running (its start failed: see above)');
  return shared.swarmServicesE2e.ui;
}

/** Saves a PNG of the page: into docs/screenshots with SWARM_E2E_SCREENSHOTS=1, else test-results/e2e/screenshots. */
export async function screenshot(name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await ui().parkMouse();
  await ui().page.waitForTimeout(300); // hovers fade, the cursor stops blinking in the shot
  await ui().page.screenshot({ path: file });
  return file;
}

/**
 * Creates a service of the run (prefix and label from test/support/swarm.ts) whose tasks stop
 * at once on SIGTERM, so force updates and scale-downs take no stop grace period. Its tasks
 * run on manager nodes only: other suites add and remove worker nodes (which may lack the
 * image) while this one runs, and what is tested here is the extension, not the scheduler.
 */
export async function createRunService(
  base: string,
  script: string,
  options: ServiceOptions = {},
  /** Changes the spec before it is sent (what ServiceOptions has no field for, e.g. a health check). */
  amend?: (spec: EngineServiceSpec) => void,
): Promise<{ name: string; id: string }> {
  if (interrupted) throw new Error('the run was interrupted');
  const name = uniqueName(base);
  const spec: EngineServiceSpec = serviceSpec(name, `trap 'exit 0' TERM; ${script}`, options);
  const template = spec.TaskTemplate as { ContainerSpec: Record<string, unknown>; Placement?: unknown };
  template.ContainerSpec['StopGracePeriod'] = 1_000_000_000;
  template.Placement = { Constraints: ['node.role==manager'] };
  amend?.(spec);
  const id = await engine.createService(spec);
  return { name, id };
}

/** How many tasks a global service of this run has: one per ready, active manager. */
export async function managerCount(): Promise<number> {
  const nodes = await engine.listNodes();
  return nodes.filter((n) => n.Spec?.Role === 'manager' && n.Status?.State === 'ready' && n.Spec?.Availability === 'active').length;
}

/** Waits until the engine runs `count` tasks of each service. */
export async function waitForServicesRunning(services: { id: string; count: number }[]): Promise<void> {
  await Promise.all(services.map((s) => waitForRunning(engine, s.id, s.count, 60_000)));
}

/** A script that prints a numbered line every 300 ms. */
export function chattyScript(prefix: string): string {
  return `i=0; while true; do echo "${prefix} $i"; i=$((i+1)); sleep 0.3; done`;
}

export const IDLE_SCRIPT = 'while true; do sleep 1; done';

/** Changes the service on the engine behind the view's back (a label); returns the new version. */
export async function touchService(id: string, label: string): Promise<number> {
  const updated = await engine.updateSpec(id, (spec) => ({ ...spec, Labels: { ...spec.Labels, [label]: 'yes' } }));
  return updated.Version?.Index ?? -1;
}

/** The files VS Code mirrors an output channel to: `<logs>/<ts>/exthost1/output_logging_<ts>/<n>-<name>.log`. */
export function channelLogFiles(userDataDir: string, channelName: string): string[] {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return [];
  // VS Code drops characters such as ':' from the file name.
  const bare = (s: string): string => s.replace(/[^\p{L}\p{N}._ -]/gu, '').replace(/\s+/g, ' ').trim();
  const files: string[] = [];
  for (const session of readdirSync(logs)) {
    const exthost = join(logs, session, 'exthost1');
    if (!existsSync(exthost)) continue;
    for (const dir of readdirSync(exthost).filter((d) => d.startsWith('output_logging_'))) {
      for (const f of readdirSync(join(exthost, dir))) {
        const m = /^\d+-(.*)\.log$/.exec(f);
        if (m && bare(m[1]!) === bare(channelName)) files.push(join(exthost, dir, f));
      }
    }
  }
  return files.sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

export function channelLogText(userDataDir: string, channelName: string): string {
  return channelLogFiles(userDataDir, channelName).map((f) => readFileSync(f, 'utf8')).join('');
}

/**
 * Runs a hook's body; if it fails, saves the screenshot and logs like a failed test does
 * (mocha runs no afterEach for a failed before hook).
 */
export async function withArtifacts(title: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    const current = shared.swarmServicesE2e;
    if (current) {
      const dir = join(RESULTS_DIR, slug(title));
      await current.wb.saveArtifacts(dir).then(
        () => console.log(`      screenshot and logs of the failed step: ${dir}`),
        (err: Error) => console.log(`      saving the artifacts to ${dir} failed: ${err.message}`),
      );
    }
    throw e;
  }
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'test';
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(20 * 60_000); // a first run installs code-server (minutes); later runs take seconds
    const status = await engine.swarmStatus();
    if (status.role !== 'manager') {
      throw new Error(`The e2e suite needs a swarm manager; this engine is "${status.role}". Run: bash scripts/sandbox.sh up`);
    }
    rmSync(RESULTS_DIR, { recursive: true, force: true });
    mkdirSync(RESULTS_DIR, { recursive: true });
    const started = Date.now();
    const wb = await startWorkbench({
      vsix: VSIX,
      settings: {
        'dockerSwarm.refreshInterval': REFRESH_INTERVAL,
        // Room for the tree and the editor in screenshots.
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'editor.minimap.enabled': false,
        // The terminal drawn as text in the page (not on a canvas), so a test can read it.
        'terminal.integrated.gpuAcceleration': 'off',
      },
      viewport: { width: 1440, height: 900 },
    });
    shared.swarmServicesE2e = { wb, ui: new WorkbenchUi(wb.page) };
    // code-server runs in a process group of its own, which Ctrl+C does not reach: on an
    // interrupted run, stop it and remove the run's services before leaving.
    let stopping: Promise<unknown> | undefined;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (!stopping) console.log(`\n    ${signal}: stopping code-server and removing the services of run ${RUN_ID}`);
        interrupted = true; // mocha goes on meanwhile: no step may create more services
        stopping ??= Promise.allSettled([wb.close(), removeRunServices(engine)]).then(() => removeRunServices(engine).catch(() => 0));
        void stopping.finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
      });
    }
    console.log(`    run ${RUN_ID}: workbench up in ${((Date.now() - started) / 1000).toFixed(1)} s (${wb.url})`);
  },

  async afterEach(this: Mocha.Context): Promise<void> {
    const test = this.currentTest;
    const current = shared.swarmServicesE2e;
    if (!test || test.state !== 'failed' || !current) return;
    const dir = join(RESULTS_DIR, slug(test.fullTitle()));
    try {
      await current.wb.saveArtifacts(dir);
      console.log(`      screenshot and logs of the failed step: ${dir}`);
    } catch (e) {
      console.log(`      saving the artifacts of the failed step to ${dir} failed: ${(e as Error).message}`);
    }
  },

  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(60_000);
    try {
      await shared.swarmServicesE2e?.wb.close();
    } finally {
      shared.swarmServicesE2e = undefined;
      const removed = await removeRunServices(engine);
      if (removed) console.log(`    removed ${removed} service(s) of run ${RUN_ID}`);
    }
  },
};
