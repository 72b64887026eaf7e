// Log sessions: one output channel per service, fed by at most one Engine stream at a time.
// Lines are batched into few appends so a chatty service cannot flood the extension host.
import * as vscode from 'vscode';
import type { LogStream, SwarmClient } from '../docker/swarmClient';
import type { LogLine } from '../model/logDecoder';
import type { LogOptions } from '../model/logOptions';
import { cleanLogText } from '../model/text';
import { LineBatcher } from './lineBatcher';
import { DisplayBudget, skippedNote, type Skipped } from './displayBudget';
import { Pacer } from './pacer';

interface Session {
  key: string;
  name: string;
  channel: vscode.OutputChannel;
  stream?: LogStream;
  pacer?: Pacer;
  batcher?: LineBatcher;
  /** True while `stream` follows (a finite request is not "following"). */
  follows: boolean;
  target?: LogTarget;
  options?: LogOptions;
  /** What the current stream has put into the channel so far. */
  written: LogWritten;
  /** Writes the note for lines skipped since the last shown one, if any. */
  noteGap?: () => void;
}

export interface LogWritten {
  lines: number;
  /** UTF-16 code units, as the channel counts them. */
  chars: number;
  /** Lines of a followed stream not shown (beyond dockerSwarm.logs.maxRate), and their size. */
  skippedLines: number;
  skippedChars: number;
}

export interface LogTarget {
  kind: 'service' | 'task';
  id: string;
  /** The service or task name, for the channel. */
  name: string;
  /** A task's service: the Engine keeps a followed task stream open after its service is removed, so it is ended with it. */
  serviceId?: string;
  /** Turns a decoded line into the text shown (prefixes, details); default: the line as is. */
  format?: (line: LogLine) => string;
}

/**
 * One output channel per service or task, fed by at most one Engine stream at a time. A new
 * request for the same target replaces the old stream; nothing from a replaced or stopped
 * stream reaches the channel afterwards.
 */
export class LogSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the set of followed targets changes. */
  readonly onDidChangeFollowing = this.changed.event;
  private readonly ended = new vscode.EventEmitter<{ target: LogTarget; options: LogOptions; error?: Error }>();
  /** Fires when a followed stream ends by itself (not stopped or replaced), e.g. the service went away. */
  readonly onDidEndUnexpectedly = this.ended.event;
  private disposed = false;

  /**
   * @param maxRate characters a second a channel is fed at most (0: no limit), read when a
   *   stream opens
   */
  constructor(
    private readonly client: () => SwarmClient,
    private readonly log: vscode.LogOutputChannel,
    private readonly maxRate: () => number = () => 0,
  ) {}

  channelName(name: string): string {
    return `Swarm: ${name}`;
  }

  /** Targets whose logs are being followed now. */
  following(): { serviceId: string; name: string }[] {
    return [...this.sessions.values()].filter((s) => s.follows).map((s) => ({ serviceId: s.key, name: s.name }));
  }

  isFollowing(id: string): boolean {
    return this.sessions.get(id)?.follows === true;
  }

  /**
   * Shows logs in the target's channel, replacing an earlier stream of the same target.
   * Resolves once the Engine accepted the request (the stream may go on); rejects if it refused.
   */
  async open(target: LogTarget, options: LogOptions): Promise<vscode.OutputChannel> {
    if (this.disposed) throw new Error('The extension is shutting down.');
    let session = this.sessions.get(target.id);
    if (!session) {
      session = { key: target.id, name: target.name, channel: vscode.window.createOutputChannel(this.channelName(target.name)), follows: false, written: { lines: 0, chars: 0, skippedLines: 0, skippedChars: 0 } };
      this.sessions.set(target.id, session);
    }
    this.detach(session, 'discard');
    const { channel } = session;
    channel.clear();
    channel.show(true);
    const written: LogWritten = { lines: 0, chars: 0, skippedLines: 0, skippedChars: 0 };
    session.written = written;
    const rate = this.maxRate();
    // Followed: read at the Engine's pace and show up to the rate (see DisplayBudget). A finite
    // request shows every line asked for: beyond the rate its stream is held back (Pacer).
    const budget = rate > 0 && options.follow ? new DisplayBudget(rate) : undefined;
    let pacer: Pacer | undefined;
    let told = false;
    const batcher = new LineBatcher({
      append: (text: string, lines: number) => {
        written.lines += lines;
        written.chars += text.length;
        channel.append(text);
        pacer?.spent(text.length);
        if (pacer?.holding && !told) {
          told = true;
          channel.appendLine(`--- ${target.name} logs faster than ${rateText(rate)}: shown at that pace, in order, nothing dropped ---`);
        }
      },
    });
    const gap: Skipped = { lines: 0, chars: 0 };
    const noteGap = () => {
      if (gap.lines === 0) return;
      batcher.add(skippedNote(target.name, gap, rate));
      gap.lines = 0;
      gap.chars = 0;
    };
    session.noteGap = noteGap;
    // Engine text is untrusted and often coloured for a terminal: plain text only.
    const shape = target.format ?? ((l: LogLine) => l.text);
    const stream = this.client().logs(target.kind, target.id, options, (line: LogLine) => {
      if (session.stream !== stream) return; // stopped or replaced: nothing more reaches the channel
      const text = cleanLogText(shape(line));
      if (budget && !budget.take(text.length + 1)) {
        gap.lines++;
        gap.chars += text.length + 1;
        written.skippedLines++;
        written.skippedChars += text.length + 1;
        return;
      }
      noteGap();
      batcher.add(text);
    });
    if (rate > 0 && !options.follow) pacer = new Pacer(stream, rate, rate);
    session.stream = stream;
    session.pacer = pacer;
    session.batcher = batcher;
    session.follows = options.follow;
    session.target = target;
    session.options = options;
    this.changed.fire();
    const current = session;
    const mine = () => !this.disposed && current.stream === stream;
    stream.done.then(
      () => {
        if (!mine()) return;
        noteGap();
        batcher.flush();
        // A finite read says where it ends, so a short channel is not mistaken for a cut one.
        channel.appendLine(options.follow ? `--- the log stream of ${target.name} ended ---` : `--- end of the logs of ${target.name} (${linesText(written.lines)}) ---`);
        this.detach(current, 'keep');
        if (options.follow) this.ended.fire({ target, options });
      },
      (e: Error) => {
        if (!mine()) return;
        noteGap();
        batcher.flush();
        channel.appendLine(`--- logs of ${target.name} failed: ${e.message} ---`);
        this.log.error(`Logs of ${target.name}: ${e.message}`);
        this.detach(current, 'keep');
        if (options.follow) this.ended.fire({ target, options, error: e });
      },
    );
    // A refused request (gone, unreadable, no answer) reaches the command as an error.
    await stream.started;
    return channel;
  }

  /**
   * Ends the followed streams of services that no longer exist, and of their tasks. The
   * Engine keeps such a stream open without sending anything, so the view's refresh tells us.
   */
  endGone(existingServiceIds: ReadonlySet<string>): void {
    for (const s of this.sessions.values()) {
      if (!s.follows || !s.target) continue;
      const serviceId = s.target.kind === 'service' ? s.key : s.target.serviceId;
      if (serviceId === undefined || existingServiceIds.has(serviceId)) continue;
      const { target, options } = s;
      this.detach(s, 'flush');
      s.channel.appendLine(`--- the log stream of ${s.name} ended: the service was removed ---`);
      if (options) this.ended.fire({ target, options, error: new Error('the service was removed') });
    }
  }

  /** How much the target's current (or last) stream has written to its channel. */
  written(id: string): LogWritten | undefined {
    const w = this.sessions.get(id)?.written;
    return w && { ...w };
  }

  /** Stops following; returns false when the target was not followed. */
  stop(id: string): boolean {
    const session = this.sessions.get(id);
    if (!session?.follows) return false;
    this.detach(session, 'flush');
    session.channel.appendLine(`--- stopped following ${session.name} ---`);
    return true;
  }

  /**
   * Ends the session's stream. Lines already decoded are written ('flush'), dropped ('discard',
   * for a channel about to be cleared) or were written already ('keep').
   */
  private detach(session: Session, pending: 'flush' | 'discard' | 'keep'): void {
    const { stream, batcher, pacer, noteGap } = session;
    session.stream = undefined;
    session.batcher = undefined;
    session.pacer = undefined;
    session.noteGap = undefined;
    pacer?.dispose();
    const wasFollowing = session.follows;
    session.follows = false;
    stream?.stop();
    if (pending === 'flush') {
      noteGap?.();
      batcher?.flush();
    } else batcher?.discard();
    if (wasFollowing && !this.disposed) this.changed.fire();
  }

  /**
   * Ends every stream, followed or not, and resolves once each has closed its connection to
   * the Engine. For shutdown: dispose() only aborts them, and VS Code does not wait for a
   * disposable; deactivate() is awaited.
   */
  async stopAll(): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const s of this.sessions.values()) {
      if (!s.stream) continue;
      closing.push(s.stream.done.catch(() => undefined));
      const followed = s.follows;
      this.detach(s, 'flush');
      if (followed) s.channel.appendLine(`--- stopped following ${s.name} ---`);
    }
    await Promise.all(closing);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.sessions.values()) {
      this.detach(s, 'discard');
      s.channel.dispose();
    }
    this.sessions.clear();
    this.changed.dispose();
    this.ended.dispose();
  }
}

function rateText(perSecond: number): string {
  const mb = perSecond / 2 ** 20;
  return `${mb >= 1 ? mb.toFixed(1).replace(/\.0$/, '') : mb.toPrecision(2)} MB/s (setting dockerSwarm.logs.maxRate)`;
}

function linesText(n: number): string {
  return `${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'}`;
}
