// Real credential helper programs for the tests: small sh scripts named docker-credential-<name>
// in a temporary folder that the tests put first on PATH. Each records its arguments and what it
// read on stdin, so a test can tell what ran and what it was asked.
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Secrets the helpers hold: none may appear in any message. */
export const SECRETS = ['helper-secret-7Qx', 'helper-token-9Wz', 'badjson-secret-3Kp', 'printed-secret-5Rv'];

const answer = (json: string) => `printf '%s' "${json.replace(/"/g, '\\"')}"`;

const SCRIPTS: Record<string, string> = {
  good: answer(`{"ServerURL":"$server","Username":"helper-user","Secret":"${SECRETS[0]}"}`),
  token: answer(`{"ServerURL":"$server","Username":"<token>","Secret":"${SECRETS[1]}"}`),
  lowercase: answer(`{"serverurl":"$server","username":"lower-user","secret":"lower-pass"}`),
  empty: answer('{"ServerURL":"$server","Username":"","Secret":""}'),
  none: 'echo "credentials not found in native keychain"; exit 1',
  badjson: answer(`{"Username":"u","Secret":"${SECRETS[2]}"`),
  // Fails, printing a secret on both streams: the message must say "exit code 3" and nothing of it.
  fails: `echo "${SECRETS[3]}"; echo "${SECRETS[3]}" >&2; exit 3`,
  // Not `exec sleep`: the sleeping grandchild keeps stdout open after its parent is killed.
  hang: 'sleep 5',
  loud: 'head -c 200000 /dev/zero | tr "\\0" "a"',
};

export interface FakeHelpers {
  dir: string;
  /** process.env with the helpers' folder first on PATH. */
  env: NodeJS.ProcessEnv;
  /** What helper `name` was last run with: its arguments and its stdin; undefined if it never ran. */
  lastRun(name: string): { args: string[]; stdin: string } | undefined;
  /** Forgets every helper's last run. */
  reset(): void;
  cleanup(): void;
}

export function makeFakeHelpers(): FakeHelpers {
  const dir = mkdtempSync(join(tmpdir(), 'exp15a-helpers-'));
  const write = (name: string, body: string, mode = 0o755) => {
    const file = join(dir, `docker-credential-${name}`);
    const script = [
      '#!/bin/sh',
      `printf '%s\\n' "$@" > "${file}.args"`,
      `server=$(cat); printf '%s' "$server" > "${file}.stdin"`,
      body,
      '',
    ].join('\n');
    writeFileSync(file, script);
    chmodSync(file, mode);
  };
  for (const [name, body] of Object.entries(SCRIPTS)) write(name, body);
  write('noexec', answer('{}'), 0o644);
  // Names a validation must refuse; if one ever ran, its record would show it.
  write('a b', answer(`{"Username":"u","Secret":"s"}`));
  return {
    dir,
    env: { ...process.env, PATH: `${dir}${delimiter}${process.env['PATH'] ?? ''}` },
    lastRun(name) {
      const file = join(dir, `docker-credential-${name}`);
      if (!existsSync(`${file}.args`)) return undefined;
      const args = readFileSync(`${file}.args`, 'utf8').split('\n').filter((a) => a !== '');
      return { args, stdin: existsSync(`${file}.stdin`) ? readFileSync(`${file}.stdin`, 'utf8') : '' };
    },
    reset() {
      for (const f of readdirSync(dir)) if (f.endsWith('.args') || f.endsWith('.stdin')) rmSync(join(dir, f));
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
