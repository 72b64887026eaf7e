// Activation and size: the production bundle's size, and the time activate() takes inside a
// real extension host (code-server, through the extension-test harness), read from the
// activation test, which the harness runs alone (SWARM_TESTS_GREP) and which writes the
// extension API's activationMs to SWARM_BENCH_ACTIVATION_FILE.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './stats';

export interface BundleFigures {
  bytes: number;
  /** Bytes in the bundle by package (our own code as `src`), largest first. */
  byPackage: [string, number][];
}

/** Builds the production bundle with the extension-host tests (out/test/extension), which the harness runs. */
export async function buildExtensionTests(env: Record<string, string> = {}): Promise<void> {
  const r = await run(process.execPath, ['esbuild.mjs', '--production', '--tests'], { ...process.env, ...env });
  if (r.code !== 0) throw new Error(`esbuild failed: ${r.stderr.slice(-1000)}`);
}

/**
 * Rebuilds the production bundle together with the extension-host test files (the
 * extension itself stays the production build) and reads its composition from esbuild's
 * metafile.
 */
export async function buildForActivation(dir: string): Promise<BundleFigures> {
  const meta = join(dir, 'meta.json');
  await buildExtensionTests({ SWARM_BENCH_METAFILE: meta });
  const parsed = JSON.parse(readFileSync(meta, 'utf8')) as { outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }> };
  const out = parsed.outputs['dist/extension.js'];
  if (!out) throw new Error('the metafile has no dist/extension.js');
  const by = new Map<string, number>();
  for (const [path, v] of Object.entries(out.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const key = m ? (m[1] as string) : path.startsWith('src/') ? 'src' : path.split(':')[0] ?? path;
    by.set(key, (by.get(key) ?? 0) + v.bytesInOutput);
  }
  return { bytes: statSync('dist/extension.js').size, byPackage: [...by.entries()].sort((a, b) => b[1] - a[1]) };
}

export interface ActivationRun {
  activationMs: number;
  /** The whole harness: code-server, Chromium, the extension host, the test. */
  wallMs: number;
}

/**
 * Runs one extension-host test alone in the code-server harness (SWARM_TESTS_GREP); the test
 * writes its figures as JSON to the file named by `fileVariable`, which is returned with the
 * harness's wall time. `env`: more for the test (and the harness).
 */
export async function runExtensionHostFigures<T>(grep: string, fileVariable: string, env: Record<string, string> = {}, timeoutMs = 600_000): Promise<{ figures: T; wallMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'swarm-bench-exthost-'));
  const file = join(dir, 'figures.json');
  try {
    const r = await run(process.execPath, ['test/extension/runTests.mjs'], { ...process.env, SWARM_TESTS_TIMEOUT_MS: String(timeoutMs - 60_000), ...env, SWARM_TESTS_GREP: grep, [fileVariable]: file }, timeoutMs);
    if (r.code !== 0) throw new Error(`the extension-host harness failed (${r.code}): ${(r.stdout + r.stderr).slice(-1500)}`);
    if (!existsSync(file)) throw new Error(`the extension-host test "${grep}" wrote no figures (did it run?): ${(r.stdout + r.stderr).slice(-1500)}`);
    return { figures: JSON.parse(readFileSync(file, 'utf8')) as T, wallMs: r.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureActivation(): Promise<ActivationRun> {
  const { figures, wallMs } = await runExtensionHostFigures<{ activationMs: number }>('activates from the bundle', 'SWARM_BENCH_ACTIVATION_FILE');
  return { activationMs: figures.activationMs, wallMs };
}
