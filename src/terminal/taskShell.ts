// A task's shell as a VS Code Pseudoterminal over the Engine's exec API: keystrokes go to the
// exec's TTY, its output comes back, every size change is sent as a resize, the exit code is
// shown when the shell ends, and closing the terminal ends the shell in the container.
import * as vscode from 'vscode';
import type { SwarmClient } from '../docker/swarmClient';
import type { ExecSession, ExecState } from '../model/containers';
import { SwarmError } from '../model/errors';
import { clean, describeFailure, hangUpCommand, neverStarted, readPidLine, sleep, terminalText, type ShellPlan } from './shellCommand';

export type CloseOnExit = 'never' | 'onSuccess' | 'always';

export interface TaskShellOptions {
  /** The engine of the node that runs the task. */
  client: SwarmClient;
  containerId: string;
  /** `<service>.<slot>@<node>`: the terminal's name, and how messages name the task. */
  name: string;
  plan: ShellPlan;
  user?: string;
  workingDir?: string;
  closeOnExit: CloseOnExit;
  log: (message: string) => void;
}

/** How far a shell got; tests and the shell list read it. */
export type ShellPhase = 'starting' | 'running' | 'ended' | 'failed' | 'closed';

/** The most of the terminal's output kept for `transcript` (tests and logs read it). */
const TRANSCRIPT_LIMIT = 64 * 1024;
const HANG_UP_WAIT_MS = 3000;

export class TaskShell implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;

  private session: ExecSession | undefined;
  private pid: number | undefined;
  private dims: vscode.TerminalDimensions | undefined;
  /** A resize being sent, and the size to send after it (only the latest matters). */
  private resizing: Promise<void> | undefined;
  private nextSize: vscode.TerminalDimensions | undefined;
  private decoder = new TextDecoder('utf-8');
  private closedByUser = false;
  /** The hang-up a close started, while it runs. */
  private hangingUp: Promise<void> | undefined;
  private opened = false;
  /** Keystrokes given before the shell ran; sent once it does. */
  private readonly typedEarly: string[] = [];
  private text = '';
  phase: ShellPhase = 'starting';
  exitCode: number | null | undefined;
  /** Settles once the shell has ended (or failed to start), with how it ended. */
  readonly done: Promise<void>;
  private markDone!: () => void;

  constructor(private readonly o: TaskShellOptions) {
    this.done = new Promise((resolve) => (this.markDone = resolve));
  }

  /** The exec's id on the node's engine, once created. */
  get execId(): string | undefined {
    return this.session?.id;
  }

  /** The terminal's size as VS Code last gave it (columns × rows). */
  get size(): vscode.TerminalDimensions | undefined {
    return this.dims;
  }

  /** What the terminal was sent so far (the last 64 KiB). */
  get transcript(): string {
    return this.text;
  }

  open(dims: vscode.TerminalDimensions | undefined): void {
    this.opened = true;
    this.dims = dims;
    this.say(`Opening a shell (${this.o.plan.label}) in ${this.o.name}…\n`);
    void this.start();
  }

  handleInput(data: string): void {
    if (this.phase === 'running') this.session?.write(data);
    else if (this.phase === 'starting') this.typedEarly.push(data);
    else if (this.phase === 'ended' || this.phase === 'failed') this.closed.fire(this.exitCode ?? undefined);
  }

  setDimensions(dims: vscode.TerminalDimensions): void {
    this.dims = dims;
    if (this.phase === 'running') this.resize(dims);
  }

  close(): void {
    if (this.closedByUser) return;
    this.closedByUser = true;
    const wasRunning = this.phase === 'running' || this.phase === 'starting';
    this.phase = 'closed';
    // Not opened yet, or still starting: start() ends whatever it starts (see there).
    if (!this.opened) this.markDone();
    else if (wasRunning && this.session) this.hangingUp = this.hangUp();
    this.written.dispose();
    this.closed.dispose();
  }

  private async start(): Promise<void> {
    if (this.closedByUser) return this.markDone();
    const { client, containerId, plan } = this.o;
    const request = { user: this.o.user, workingDir: this.o.workingDir };
    try {
      let session = await client.execInContainer(containerId, { cmd: plan.wrapped, ...clean(request) });
      let first = await this.firstOutput(session);
      if (first.kind === 'noWrapper' && plan.bare && !this.closedByUser) {
        // No /bin/sh in the container: the user's command alone (it cannot be ended on close).
        this.o.log(`${this.o.name}: the container has no /bin/sh; running ${plan.label} directly (closing the terminal will not end it)`);
        session = await client.execInContainer(containerId, { cmd: plan.bare, ...clean(request) });
        first = await this.firstOutput(session, false);
      }
      this.session = session;
      if (first.kind === 'running') this.pid = first.pid;
      // Closed while it was starting: end what started.
      if (this.closedByUser) return void (await this.hangUp());
      if (first.kind === 'ended') return this.ended(first.output);
      if (first.kind === 'noWrapper') return this.failed(`The container of ${this.o.name} has no /bin/sh, so no shell can be started in it.`);
      this.phase = 'running';
      this.o.log(`${this.o.name}: shell started (exec ${session.id.slice(0, 12)})`);
      if (this.dims) this.resize(this.dims);
      if (first.output) this.show(first.output);
      session.onData((chunk) => this.show(this.decoder.decode(chunk, { stream: true })));
      // What was typed while the shell was starting, in order.
      for (const data of this.typedEarly.splice(0)) session.write(data);
      await session.ended;
      await this.ended('');
    } catch (e) {
      this.failed(describeFailure(e, this.o.name));
    }
  }

  /**
   * Reads output until the wrapper's pid line shows (the shell runs), or the stream ends first
   * (the exec failed before the shell ran: say why). Output that is not the pid line is the
   * command's own when the wrapper is not used.
   */
  private firstOutput(session: ExecSession, wrapped = true): Promise<
    { kind: 'running'; pid?: number; output: string } | { kind: 'ended'; output: string } | { kind: 'noWrapper' }
  > {
    // Without the wrapper nothing tells a started command from one still starting: it runs
    // (its output, held by the session until read, and its end are the shell's own).
    if (!wrapped) return Promise.resolve({ kind: 'running', output: '' });
    return new Promise((resolve) => {
      let seen = '';
      let settled = false;
      let waiting: ReturnType<typeof setTimeout> | undefined;
      const settle = (v: Parameters<typeof resolve>[0]) => {
        if (settled) return;
        settled = true;
        clearTimeout(waiting);
        resolve(v);
      };
      session.onData((chunk) => {
        if (settled) return;
        // The terminal's own decoder: a character split across the pid line's end stays whole.
        seen += this.decoder.decode(chunk, { stream: true });
        const read = readPidLine(seen);
        if (read.state === 'found') settle({ kind: 'running', pid: read.pid, output: read.rest });
        // Not the wrapper's line: the wrapper did not run (the Engine's refusal comes as output,
        // then the stream ends). Wait for that end a little before taking it as a shell's output.
        else if (read.state === 'absent') waiting ??= setTimeout(() => settle({ kind: 'running', output: seen }), 2000);
      });
      void session.ended.then(async () => {
        if (settled) return;
        const state = await session.inspect().catch(() => undefined);
        if (state && neverStarted(state) && /\/bin\/sh\b[^\n]*(no such file|not found)/i.test(seen)) return settle({ kind: 'noWrapper' });
        settle({ kind: 'ended', output: readPidLine(seen).state === 'found' ? (readPidLine(seen) as { rest: string }).rest : seen });
      });
    });
  }

  private async ended(lastOutput: string): Promise<void> {
    if (lastOutput) this.show(lastOutput);
    const tail = this.decoder.decode();
    if (tail) this.show(tail);
    if (this.phase === 'closed') return this.markDone();
    let state: ExecState | undefined;
    let why = '';
    try {
      // The Engine marks an exec as ended a moment after its stream closes (the exit comes as a
      // separate event): a shell that ran `exit` may still read as running for a few ms.
      const deadline = Date.now() + 1500;
      state = await this.session?.inspect();
      while (state?.running && Date.now() < deadline && !this.closedByUser) {
        await sleep(100);
        state = await this.session?.inspect();
      }
    } catch (e) {
      why = e instanceof SwarmError && e.kind === 'notFound' ? 'the task\'s container is gone (the task stopped)' : describeFailure(e, this.o.name);
    }
    // Closed meanwhile: the hang-up close() started settles `done`.
    if (this.closedByUser) return this.hangingUp ? undefined : this.markDone();
    if (state?.running) {
      // The connection broke (an SSH transport, a proxy) but the shell runs on: nobody could
      // reach it any more, so it is ended as a closed terminal ends it.
      this.phase = 'ended';
      if (this.pid === undefined) {
        this.o.log(`${this.o.name}: the connection to the engine ended; the shell's process id is unknown, so it is left running in the container`);
        this.say(`\n[The connection to the engine ended. The shell in ${this.o.name} may still run in the container. Press any key to close this terminal.]\n`);
        return this.markDone();
      }
      this.o.log(`${this.o.name}: the connection to the engine ended while the shell still ran; ending it`);
      this.say(`\n[The connection to the engine ended. The shell in ${this.o.name} is being ended.]\n`);
      await this.hangUp();
      this.say(`[The shell in ${this.o.name} ended. Press any key to close this terminal.]\n`);
      return;
    }
    this.exitCode = state?.exitCode ?? null;
    this.phase = 'ended';
    this.markDone();
    const how = state && neverStarted(state)
      ? `${this.o.plan.label} could not be started in the container (exit code ${state.exitCode})`
      : this.exitCode !== null ? `exit code ${this.exitCode}` : why || 'the connection to the engine ended';
    this.o.log(`${this.o.name}: shell ended (${how})`);
    this.say(`\n[The shell in ${this.o.name} ended: ${how}. Press any key to close this terminal.]\n`);
    const close = this.o.closeOnExit === 'always' || (this.o.closeOnExit === 'onSuccess' && this.exitCode === 0);
    if (close) this.closed.fire(this.exitCode ?? undefined);
  }

  private failed(message: string): void {
    this.phase = 'failed';
    this.markDone();
    if (this.closedByUser) return;
    this.o.log(`${this.o.name}: ${message}`);
    this.say(`\n${message}\n[Press any key to close this terminal.]\n`);
  }

  /** Sends the latest size; a resize in flight is followed by at most one more. */
  private resize(dims: vscode.TerminalDimensions): void {
    this.nextSize = dims;
    if (this.resizing) return;
    const send = async () => {
      while (this.nextSize && this.session && this.phase === 'running') {
        const { columns, rows } = this.nextSize;
        this.nextSize = undefined;
        await this.session.resize(columns, rows).catch((e: unknown) => this.o.log(`${this.o.name}: resize to ${columns}x${rows} failed: ${describeFailure(e, this.o.name)}`));
      }
      this.resizing = undefined;
    };
    this.resizing = send();
  }

  /** Ends the shell in the container: SIGHUP to the wrapper's process, SIGKILL if it stays. */
  private async hangUp(): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      const state = await session.inspect();
      if (state.running && this.pid !== undefined) {
        for (const signal of ['HUP', 'KILL'] as const) {
          await this.runQuietly(hangUpCommand(this.pid, signal));
          const deadline = Date.now() + HANG_UP_WAIT_MS;
          while (Date.now() < deadline && (await session.inspect()).running) await sleep(100);
          if (!(await session.inspect()).running) break;
        }
        if ((await session.inspect()).running) this.o.log(`${this.o.name}: the shell (pid ${this.pid}) still runs in the container after SIGHUP and SIGKILL`);
      } else if (state.running) {
        this.o.log(`${this.o.name}: the shell's process id is unknown; it is left running in the container`);
      }
    } catch (e) {
      this.o.log(`${this.o.name}: could not end the shell: ${describeFailure(e, this.o.name)}`);
    } finally {
      session.detach();
      this.markDone();
    }
  }

  private async runQuietly(cmd: string[]): Promise<void> {
    // As the shell's user: another may not signal it (a root shell in an image whose USER is not).
    const killer = await this.o.client.execInContainer(this.o.containerId, { cmd, ...(this.o.user ? { user: this.o.user } : {}) });
    killer.onData(() => undefined);
    await Promise.race([killer.ended, sleep(HANG_UP_WAIT_MS)]);
    killer.detach();
  }

  /** The shell's own output, as it came. */
  private show(data: string): void {
    if (!data) return;
    this.remember(data);
    if (this.phase !== 'closed') this.written.fire(data);
  }

  /** A message of ours: plain text, never control sequences from the Engine's words. */
  private say(message: string): void {
    this.show(terminalText(message));
  }

  private remember(data: string): void {
    this.text += data;
    if (this.text.length > TRANSCRIPT_LIMIT) this.text = this.text.slice(-TRANSCRIPT_LIMIT);
  }
}
