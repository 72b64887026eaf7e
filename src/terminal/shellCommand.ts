// What a task's shell runs, and how it is ended. Pure: no VS Code, no engine.
//
// The Engine does not stop an exec's process when its client goes away (moby/moby#9098), so a
// closed terminal would leave its shell running in the container. The shell is therefore
// started through `/bin/sh -c`, which prints its own process id (as the container sees it) on
// a first line of its own and then `exec`s the shell in the same process: closing the terminal
// sends that process SIGHUP through a second exec, as a hung-up terminal would.
import { splitShellWords } from '../compose/shellWords';
import { SwarmError } from '../model/errors';

/** The first line the wrapper prints; the terminal reads and drops it. */
const PID_PREFIX = 'swarm-services-shell-pid:';
const PID_LINE = new RegExp(`^${PID_PREFIX}(\\d+)\\r?\\n`);

/** The default: bash when the container has it, else sh. */
const DEFAULT_SHELL = 'if command -v bash >/dev/null 2>&1; then exec bash; fi; exec sh';

export interface ShellPlan {
  /** Through the wrapper that reports the process id. */
  wrapped: string[];
  /** The command alone, for a container without /bin/sh (it cannot be ended on close). */
  bare?: string[];
  /** What messages call it: `bash, else sh` or the user's command. */
  label: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The plan for the dockerSwarm.shell.command setting (empty: bash, else sh). */
export function shellPlan(setting: string): Parsed<ShellPlan> {
  const text = setting.trim();
  const report = `printf '${PID_PREFIX}%s\\n' "$$"`;
  if (!text) return { ok: true, value: { wrapped: ['/bin/sh', '-c', `${report}; ${DEFAULT_SHELL}`], label: 'bash, else sh' } };
  const words = splitShellWords(text);
  if (!words.ok) return { ok: false, error: `dockerSwarm.shell.command cannot be read: ${words.error}` };
  if (words.value.length === 0) return { ok: true, value: { wrapped: ['/bin/sh', '-c', `${report}; ${DEFAULT_SHELL}`], label: 'bash, else sh' } };
  // "$@" passes the user's words as they are: nothing of them is read by the wrapper's shell.
  return { ok: true, value: { wrapped: ['/bin/sh', '-c', `${report}; exec "$@"`, 'sh', ...words.value], bare: words.value, label: words.value.join(' ') } };
}

/**
 * Reads the wrapper's first line from the output so far. `pending` until a whole line came;
 * then the process id and whatever followed it, which is the shell's own output.
 */
export function readPidLine(output: string): { state: 'pending' } | { state: 'found'; pid: number; rest: string } | { state: 'absent' } {
  const m = PID_LINE.exec(output);
  if (m) return { state: 'found', pid: Number(m[1]), rest: output.slice(m[0].length) };
  if (output.length < PID_PREFIX.length + 24 && PID_PREFIX.startsWith(output.slice(0, PID_PREFIX.length)) && !output.includes('\n')) return { state: 'pending' };
  return { state: 'absent' };
}

/** The second exec that ends the shell: SIGHUP, as a terminal that hangs up; then SIGKILL if asked. */
export function hangUpCommand(pid: number, signal: 'HUP' | 'KILL' = 'HUP'): string[] {
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new Error(`not a shell's process id: ${pid}`);
  return ['/bin/sh', '-c', `kill -${signal} ${pid}`];
}

/** Exec failures the Engine reports as output before the process ever ran (exit 126 or 127, no pid). */
export function neverStarted(state: { exitCode: number | null; pid: number }): boolean {
  return state.pid === 0 && (state.exitCode === 126 || state.exitCode === 127);
}

/** `<service>.<slot>@<node>` for a replicated task, `<service>@<node>` for a global one. */
export function terminalName(task: { serviceName: string; slot?: number }, nodeName: string): string {
  return `${task.serviceName}${task.slot !== undefined ? `.${task.slot}` : ''}@${nodeName}`;
}

/** Text of ours shown in the terminal (it may carry Engine text): no control characters, lines as the terminal wants them. */
export function terminalText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').replace(/\r?\n/g, '\r\n');
}

/** The exec's user and working directory, only those set. */
export function clean(o: { user?: string | undefined; workingDir?: string | undefined }): { user?: string; workingDir?: string } {
  return { ...(o.user ? { user: o.user } : {}), ...(o.workingDir ? { workingDir: o.workingDir } : {}) };
}

/** A failure in words for the terminal and the log. */
export function describeFailure(e: unknown, name: string): string {
  if (e instanceof SwarmError) {
    if (e.kind === 'notFound') return `The container of ${name} is not on this engine any more (the task stopped): ${e.detail ?? e.message}`;
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
