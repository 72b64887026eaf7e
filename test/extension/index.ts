// Entry point VS Code loads as --extensionTestsPath: runs the *.test.js files beside it with
// mocha inside the extension host, then removes every service the run created.
// SWARM_TESTS_GREP, when set, runs only the tests whose full title matches it (a string, or
// `/regex/`); the benchmark uses it to run the activation and the log flood tests alone.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { removeRunServices } from '../support/swarm';

export async function run(): Promise<void> {
  const grep = process.env['SWARM_TESTS_GREP'];
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, slow: 5_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(join(__dirname, f));
  try {
    const failures = await new Promise<number>((resolve) => mocha.run(resolve));
    if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
  } finally {
    await removeRunServices().catch(() => undefined);
  }
}
