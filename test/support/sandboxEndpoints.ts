// The sandbox's other ways in (scripts/sandbox.sh): its engine's TLS listener with the
// certificates the sandbox made, the sshd on 127.0.0.1:2222 with its own authorized_keys, the
// worker engine's socket; and what a test needs to use them from a HOME of its own (a
// known_hosts naming the sshd, a key the sshd accepts or not, an ssh-agent, a socket that never
// answers). Nothing here touches the user's ~/.ssh or ~/.docker.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SANDBOX_STATE_DIR = process.env['SWARM_SERVICES_STATE']
  ?? join(process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'), 'swarm-services');
/** ca.pem, cert.pem, key.pem of the engine's TLS listener (client certificates required). */
export const SANDBOX_TLS_DIR = join(SANDBOX_STATE_DIR, 'tls');
export const SANDBOX_TLS_HOST = 'tcp://127.0.0.1:2376';
export const SANDBOX_SSH_DIR = join(SANDBOX_STATE_DIR, 'ssh');
export const SANDBOX_SSH_HOST = 'ssh://root@127.0.0.1:2222';
/** The engine of `scripts/sandbox.sh worker-up`, and its node's name in the swarm. */
export const SANDBOX_WORKER_HOST = 'unix:///run/swarm-services-worker.sock';
export const SANDBOX_WORKER_NODE = 'swarm-worker-1';

/** Runs `bash scripts/sandbox.sh <command>` (worker-up, worker-down, …) and waits for it. */
export function runSandbox(command: string): void {
  execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'sandbox.sh'), command], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 120_000 });
}

/** Makes `home`/.ssh holding only a known_hosts that names the sandbox sshd's host key. */
export function sshHomeKnowingSandbox(home: string): string {
  const dir = join(home, '.ssh');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const hostKey = readFileSync(join(SANDBOX_SSH_DIR, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:2222 ${hostKey}\n`);
  return home;
}

/** A new ed25519 key pair without passphrase at `file` (and `file`.pub); returns the public line. */
export function newSshKey(file: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'swarm-services test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

/** Lets the sandbox sshd accept `publicKey`; the function returned takes it back out. */
export function authorizeOnSandboxSshd(publicKey: string): () => void {
  const file = join(SANDBOX_SSH_DIR, 'authorized_keys');
  appendFileSync(file, `${publicKey}\n`);
  return () => {
    const kept = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== publicKey);
    writeFileSync(file, kept.join('\n'));
  };
}

/** A real ssh-agent listening on `socket`; stop() ends that process (by its pid). */
export function startSshAgent(socket: string): { socket: string; pid: number; add(keyFile: string): void; stop(): void } {
  const out = execFileSync('ssh-agent', ['-s', '-a', socket], { encoding: 'utf8' });
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
  if (!pid) throw new Error(`ssh-agent printed no pid: ${out}`);
  return {
    socket,
    pid,
    add: (keyFile) => execFileSync('ssh-add', ['-q', keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: ['ignore', 'ignore', 'pipe'] }),
    stop: () => {
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    },
  };
}

/** A Unix socket that accepts every connection and never answers (an engine that hangs). */
export async function serveSilentSocket(path: string): Promise<{ connections: () => number; close(): Promise<void> }> {
  const open = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
    socket.resume(); // read and drop the request, answer nothing
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(path, resolve));
  return {
    connections: () => accepted,
    close: () => new Promise((resolve) => {
      for (const s of open) s.destroy();
      server.close(() => resolve());
    }),
  };
}
