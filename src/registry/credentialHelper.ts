// Asks a docker credential helper for a registry's credentials, the way the docker CLI does:
// the program `docker-credential-<name>` found on PATH, with the one argument `get`, the server
// address on stdin and JSON on stdout. This is the only module of the extension allowed to start
// a process (the lint rules name it), so every rule about it lives here: the helper name is
// checked before anything runs, there is no shell, the helper's stderr is never read, its stdout
// is only parsed, and no error message carries what it printed (it may hold a secret).
import { spawn } from 'node:child_process';
import type { RegistryCredential } from './credentials';

export const HELPER_PREFIX = 'docker-credential-';
export const DEFAULT_HELPER_TIMEOUT_MS = 10_000;
/** What every helper prints (and exits non-zero with) when it holds nothing for the server. */
const NOT_FOUND_ANSWER = 'credentials not found in native keychain';
/** A helper's username meaning "the secret is an identity token", as the CLI stores tokens. */
const TOKEN_USERNAME = '<token>';
/** A credentials answer is a few hundred bytes; more is a broken helper, not credentials. */
const MAX_OUTPUT_BYTES = 64 * 1024;

export type CredentialHelperFailure = 'invalid-name' | 'not-on-path' | 'not-started' | 'timeout' | 'exit' | 'too-much-output' | 'bad-json';

/** A helper that could not answer. The message names the helper and the way it failed, never its output. */
export class CredentialHelperError extends Error {
  constructor(readonly helper: string, readonly failure: CredentialHelperFailure, message: string) {
    super(message);
    this.name = 'CredentialHelperError';
  }
}

/**
 * Letters, digits, `.`, `_` and `-` only: the name becomes part of a program name, so nothing that
 * could point elsewhere (a path separator, a space, a drive letter) is ever run.
 */
export function isValidHelperName(helper: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(helper);
}

export interface CredentialHelperOptions {
  /** The helper's environment; its PATH is where the program is looked for. Default: this process's. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * The credentials `docker-credential-<helper>` holds for `serverAddress` (as registryOf spells it),
 * undefined when it holds none; throws CredentialHelperError when the helper cannot answer.
 */
export function runCredentialHelper(helper: string, serverAddress: string, options: CredentialHelperOptions = {}): Promise<RegistryCredential | undefined> {
  if (!isValidHelperName(helper)) {
    // The name is not quoted: it is untrusted text from the config file.
    return Promise.reject(new CredentialHelperError(helper, 'invalid-name',
      "The docker config names a credential helper that is not a valid helper name (letters, digits, '.', '_' and '-' only), so it was not run."));
  }
  const program = HELPER_PREFIX + helper;
  const fail = (failure: CredentialHelperFailure, how: string) => new CredentialHelperError(helper, failure, `The credential helper ${program} ${how}.`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;

  return new Promise((resolve, reject) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(program, ['get'], { env: options.env ?? process.env, shell: false, stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true });
    } catch {
      // Arguments Node refuses (a NUL in the environment, say); nothing was started.
      reject(fail('not-started', 'could not be started'));
      return;
    }

    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    // Kill and stop listening at once: a grandchild holding stdout open must not keep us waiting.
    const abandon = (error: CredentialHelperError) => settle(() => {
      child.kill('SIGKILL');
      child.stdout?.destroy();
      reject(error);
    });
    const timer = setTimeout(() => abandon(fail('timeout', `did not answer within ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);

    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') settle(() => reject(fail('not-on-path', 'was not found on PATH')));
      else settle(() => reject(fail('not-started', `could not be started${errnoCode(err)}`)));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) abandon(fail('too-much-output', `answered with more than ${MAX_OUTPUT_BYTES / 1024} KiB`));
      else chunks.push(chunk);
    });
    child.on('close', (code, signal) => settle(() => {
      const out = Buffer.concat(chunks).toString('utf8');
      if (code === 0) {
        const answer = parseAnswer(out, serverAddress);
        if (answer === 'bad-json') reject(fail('bad-json', 'did not answer with credentials JSON'));
        else resolve(answer);
      } else if (out.trim() === NOT_FOUND_ANSWER) resolve(undefined);
      else reject(fail('exit', code !== null ? `failed (exit code ${code})` : `was stopped (${signal ?? 'no exit code'})`));
    }));

    // A helper that exits without reading stdin makes the write fail: its exit status tells the story.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(serverAddress);
  });
}

/** ` (EACCES)` for a system error code; nothing for anything else (a message is not echoed). */
function errnoCode(err: NodeJS.ErrnoException): string {
  return typeof err.code === 'string' && /^E[A-Z0-9]+$/.test(err.code) ? ` (${err.code})` : '';
}

/**
 * The helper's `{"ServerURL","Username","Secret"}` as a credential. Keys match case-insensitively,
 * as Go's JSON decoding does; JSON null, or neither user nor secret, is no credential.
 */
function parseAnswer(out: string, serverAddress: string): RegistryCredential | undefined | 'bad-json' {
  let value: unknown;
  try {
    value = JSON.parse(out);
  } catch {
    return 'bad-json';
  }
  if (value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return 'bad-json';
  const field = (name: string): string | undefined | 'bad-json' => {
    const key = Object.keys(value as object).find((k) => k.toLowerCase() === name);
    const v = key === undefined ? undefined : (value as Record<string, unknown>)[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : 'bad-json';
  };
  const username = field('username');
  const secret = field('secret');
  if (username === 'bad-json' || secret === 'bad-json') return 'bad-json';
  if (username === TOKEN_USERNAME) return secret ? { serverAddress, identityToken: secret } : undefined;
  if (!username && !secret) return undefined;
  return { serverAddress, ...(username ? { username } : {}), ...(secret ? { password: secret } : {}) };
}
