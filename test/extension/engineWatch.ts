// A guard for the whole extension-host run: after each test, the sandbox's main engine (the one
// every test uses) must still answer. A test after which it does not is named at once and again
// at the end of the run, with what the machine says (disk, the engine's last log lines), and the
// engine is started again, so that one lost engine is one failure, not every test after it.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { SANDBOX_STATE_DIR } from '../support/sandboxEndpoints';

const SOCKET = '/var/run/docker.sock';

/** Whether the engine at the default socket answers /_ping within `ms`. */
function pings(ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: SOCKET, path: '/_ping', timeout: ms }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function run(file: string, args: string[], timeout: number): Promise<string> {
  return new Promise((resolve) => execFile(file, args, { timeout }, (e, out, err) => resolve(`${out}${err}${e ? ` (${e.message.split('\n')[0]})` : ''}`)));
}

/** What the machine says when the engine is gone: free disk, the engine's log, the kernel's last lines. */
async function diagnose(): Promise<string> {
  const lines: string[] = [];
  for (const dir of ['/var/lib/docker', '/tmp']) {
    try {
      const s = statfsSync(dir);
      lines.push(`free on ${dir}: ${((s.bavail * s.bsize) / 2 ** 20).toFixed(0)} MB`);
    } catch {
      lines.push(`free on ${dir}: unknown`);
    }
  }
  const log = join(SANDBOX_STATE_DIR, 'dockerd.log');
  if (existsSync(log)) lines.push('dockerd.log, last lines:', ...readFileSync(log, 'utf8').split('\n').slice(-25));
  lines.push('kernel, last lines:', ...(await run('dmesg', [], 10_000)).split('\n').slice(-10));
  return lines.join('\n        ');
}

const lost: string[] = [];

/** Root hooks for mocha: after each test, the main engine must answer (waiting a little: it may be restarting). */
export const engineWatch = {
  async afterEach(this: Mocha.Context): Promise<void> {
    this.timeout(400_000);
    for (let i = 0; i < 20; i++) {
      if (await pings(3000)) return;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const title = this.currentTest?.fullTitle() ?? '(unknown test)';
    const said = `the main engine stopped answering during "${title}"\n        ${await diagnose()}`;
    lost.push(title);
    console.error(`      !!! ${said}`);
    const script = join(__dirname, '..', '..', '..', 'scripts', 'sandbox.sh');
    console.error(`      !!! starting it again: ${(await run('bash', [script, 'up'], 240_000)).split('\n').slice(-3).join(' | ')}`);
  },
};

/** The tests after which the main engine had to be started again. */
export function enginesLost(): readonly string[] {
  return lost;
}
