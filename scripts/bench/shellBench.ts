// Keystroke to echo in a task's shell: the extension's path (an exec with a TTY through the
// Engine API, attached by dockerode, started by the same wrapper Open Shell in Task uses)
// against `docker exec -it` on the same container, run through a pty (`script`), as a person at
// a terminal runs it. Both sessions stay open; each keystroke goes to one then the other
// (which goes first alternates), and the time is from writing the key to reading its echo.
import { spawn } from 'node:child_process';
import type { SwarmClient } from '../../src/docker/swarmClient';
import type { ExecSession } from '../../src/model/containers';
import { readPidLine, shellPlan } from '../../src/terminal/shellCommand';
import { median, now, percentile, ms } from './stats';

export interface ShellFigures {
  keystrokes: number;
  ours: number[];
  cli: number[];
  /** Time to a prompt: ours (exec create + start + wrapper) and the CLI's (its start included). */
  oursOpenMs: number;
  cliOpenMs: number;
}

interface Session {
  write(data: string): void;
  /** Resolves with the time the text first appeared in the output since the last reset. */
  waitFor(text: string, timeoutMs?: number): Promise<number>;
  /** Forgets the output so far. */
  reset(): void;
  close(): void;
}

/** Collects output and answers "when did this text show" without polling. */
function outputWatcher(): { push(s: string): void; waitFor(text: string, timeoutMs?: number): Promise<number>; reset(): void } {
  let buffer = '';
  let waiting: { text: string; resolve: (t: number) => void } | undefined;
  return {
    push(s: string) {
      buffer += s;
      if (waiting && buffer.includes(waiting.text)) {
        const w = waiting;
        waiting = undefined;
        w.resolve(now());
      }
    },
    waitFor(text: string, timeoutMs = 10_000) {
      if (buffer.includes(text)) return Promise.resolve(now());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${JSON.stringify(text)}" within ${timeoutMs} ms; output so far: ${JSON.stringify(buffer.slice(-300))}`)), timeoutMs);
        waiting = { text, resolve: (t) => (clearTimeout(timer), resolve(t)) };
      });
    },
    reset() {
      buffer = '';
    },
  };
}

async function ourSession(client: SwarmClient, containerId: string): Promise<{ session: Session; openMs: number }> {
  const plan = shellPlan('');
  if (!plan.ok) throw new Error(plan.error);
  const started = now();
  const exec: ExecSession = await client.execInContainer(containerId, { cmd: plan.value.wrapped });
  const out = outputWatcher();
  const decoder = new TextDecoder();
  let pidSeen = false;
  let head = '';
  exec.onData((chunk) => {
    const text = decoder.decode(chunk, { stream: true });
    if (pidSeen) return out.push(text);
    head += text;
    const read = readPidLine(head);
    if (read.state === 'found') {
      pidSeen = true;
      out.push(read.rest);
    }
  });
  await exec.resize(120, 40);
  await out.waitFor('# ');
  return {
    openMs: now() - started,
    session: { write: (d) => exec.write(d), waitFor: (t, tm) => out.waitFor(t, tm), reset: () => out.reset(), close: () => (exec.write('exit\r'), setTimeout(() => exec.detach(), 500)) },
  };
}

async function cliSession(containerId: string): Promise<{ session: Session; openMs: number }> {
  const started = now();
  // `script` gives docker a pty of its own, as a terminal emulator would; -e passes the exit code.
  const child = spawn('script', ['-qfec', `docker exec -it ${containerId} sh`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, TERM: 'xterm' } });
  const out = outputWatcher();
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (s: string) => out.push(s));
  child.stderr.resume();
  try {
    await out.waitFor('# ', 30_000);
  } catch (e) {
    child.kill();
    throw e;
  }
  return {
    openMs: now() - started,
    session: { write: (d) => child.stdin.write(d), waitFor: (t, tm) => out.waitFor(t, tm), reset: () => out.reset(), close: () => (child.stdin.write('exit\r'), setTimeout(() => child.kill(), 1000)) },
  };
}

/** A keystroke's echo: a letter typed at the prompt comes back as itself. */
async function keystroke(s: Session, key: string): Promise<number> {
  s.reset();
  const sent = now();
  s.write(key);
  const seen = await s.waitFor(key);
  return seen - sent;
}

export async function measureShellEcho(client: SwarmClient, containerId: string, keystrokes: number, onProgress?: (i: number, f: { ours: number; cli: number }) => void): Promise<ShellFigures> {
  const oursOpen = await ourSession(client, containerId);
  const cliOpen = await cliSession(containerId).catch((e: unknown) => {
    oursOpen.session.close();
    throw e;
  });
  const figures: ShellFigures = { keystrokes, ours: [], cli: [], oursOpenMs: oursOpen.openMs, cliOpenMs: cliOpen.openMs };
  const sides = [oursOpen.session, cliOpen.session];
  try {
    // Warm-up: the first keystrokes of a fresh session pay for lazily set-up paths.
    for (let i = 0; i < 5; i++) for (const s of sides) await keystroke(s, 'w');
    for (const s of sides) s.write('\u0015'); // Ctrl+U: an empty line again
    for (let i = 0; i < keystrokes; i++) {
      // A letter that differs from the last, so an echo cannot be mistaken for the one before.
      const key = String.fromCharCode(97 + (i % 26));
      const order = i % 2 === 0 ? [0, 1] : [1, 0];
      const times: number[] = [0, 0];
      for (const k of order) times[k] = await keystroke(sides[k]!, key);
      figures.ours.push(times[0]!);
      figures.cli.push(times[1]!);
      onProgress?.(i, { ours: times[0]!, cli: times[1]! });
      if (i % 20 === 19) for (const s of sides) s.write('\u0015');
    }
  } finally {
    for (const s of sides) s.close();
  }
  return figures;
}

export function shellRows(f: ShellFigures): { rows: string[][]; notes: string[] } {
  const ratio = median(f.ours) / median(f.cli);
  return {
    rows: [[
      `Keystroke to echo in a task's shell (${f.keystrokes} keystrokes, median / p95)`,
      `${ms(median(f.ours), 2)} / ${ms(percentile(f.ours, 95), 2)}`,
      `\`docker exec -it\` through a pty ${ms(median(f.cli), 2)} / ${ms(percentile(f.cli, 95), 2)}: ours is ${ratio.toFixed(2)}×`,
      '≤ the CLI',
      ratio <= 1 ? 'yes' : '**no**',
    ]],
    notes: [
      `**Keystroke to echo**: the time from writing one key to reading it back, echoed by the container's pty, with both sessions open on the same container at once and the keystrokes interleaved (${f.keystrokes}, after 5 of warm-up). Ours is the extension's path without the workbench: an exec with a TTY created and attached (hijacked) through dockerode, started by Open Shell in Task's wrapper (\`/bin/sh -c\` printing its pid, then \`exec\` bash, else sh). The CLI is \`docker exec -it <container> sh\` run by \`script\`, which gives it a pty as a terminal emulator would: its key crosses one more pty and the CLI process. What VS Code adds to both (xterm.js drawing the echo) is not counted. Opening a session: ours ${ms(f.oursOpenMs, 0)} to the prompt, the CLI ${ms(f.cliOpenMs, 0)} (its process start included).`,
    ],
  };
}
