// The docker CLI as the parity tier's oracle: `docker stack deploy --resolve-image never` and
// `docker stack rm`, run with exactly the environment the extension's side is given. Tests may run
// the CLI; the extension itself never does.
import { execFile } from 'node:child_process';

export interface CliRun {
  code: number;
  /** stdout and stderr together, as a user would read them. */
  output: string;
}

function runDocker(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile('docker', args, { env, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** `docker stack deploy --resolve-image never -c FILE STACK`; `env` is the CLI's whole environment. */
export function cliDeploy(file: string, stack: string, env: Record<string, string>): Promise<CliRun> {
  return runDocker(['stack', 'deploy', '--resolve-image', 'never', '--detach=true', '-c', file, stack], { ...env, DOCKER_CLI_HINTS: 'false' });
}

/** `docker stack rm STACK` (returns before the networks are gone: see waitStackGone). */
export function cliRemove(stack: string, env: Record<string, string>): Promise<CliRun> {
  return runDocker(['stack', 'rm', stack], env);
}
