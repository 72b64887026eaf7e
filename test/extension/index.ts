// Entry point VS Code loads as --extensionTestsPath: runs the *.test.js files beside it with
// mocha inside the extension host (checking after each test that the main engine still answers,
// see engineWatch.ts), then removes every service the run created.
// SWARM_TESTS_GREP, when set, runs only the tests whose full title matches it (a string, or
// `/regex/`); the benchmark uses it to run the activation and the log flood tests alone.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { removeRunServices } from '../support/swarm';
import { engineWatch, enginesLost } from './engineWatch';

export async function run(): Promise<void> {
  const grep = process.env['SWARM_TESTS_GREP'];
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, slow: 5_000, color: false, reporter: 'spec', rootHooks: engineWatch, ...(grep ? { grep } : {}) });
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, f));
  try {
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    // Named last, where a truncated log still shows it.
    for (const t of enginesLost()) console.error(`the main engine stopped answering during "${t}" (started again; see above)`);
    if (failures > 0 || enginesLost().length > 0) throw new Error(`${failures} extension-host test(s) failed${enginesLost().length ? `; the main engine was lost ${enginesLost().length} time(s)` : ''}`);
  } finally {
    await removeRunServices().catch(() => undefined);
  }
}
