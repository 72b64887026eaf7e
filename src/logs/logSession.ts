// One service's or task's log channel and the one Engine stream that feeds it at a time: the
// stream's lines are batched into few appends, and paced (a finite request) or shown up to a
// rate (a followed one), so a chatty service cannot flood the extension host. Everything a
// stream needs lives in one Feed that is dropped whole when the stream is replaced or stopped.
// Takes its channel and client from the caller, so it runs outside VS Code in unit tests.
import type * as vscode from 'vscode';
import { realClock, type Clock } from '../clock';
import type { LogStream, SwarmClient } from '../docker/swarmClient';
import type { LogLine } from '../model/logDecoder';
import type { LogOptions } from '../model/logOptions';
import { cleanLogText } from '../model/text';
import { linesText, mbPerSecond } from './amounts';
import { DisplayBudget, skippedNote, type Skipped } from './displayBudget';
import { LineBatcher } from './lineBatcher';
import { Pacer } from './pacer';

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

/** A followed stream that ended by itself (not stopped or replaced). */
export interface LogEnded {
  target: LogTarget;
  options: LogOptions;
  error?: Error;
}

/** What the channel of a session is used for. */
export type LogChannel = Pick<vscode.OutputChannel, 'append' | 'appendLine' | 'clear' | 'show' | 'dispose'>;

export interface LogSessionDeps {
  client: () => SwarmClient;
  /** Where a failed stream is reported besides its channel. */
  log: Pick<vscode.LogOutputChannel, 'error'>;
  /** Characters a second a channel is fed at most (0: no limit), read when a stream starts. */
  maxRate: () => number;
  /** The session started or stopped following. */
  followingChanged: () => void;
  ended: (e: LogEnded) => void;
  /** The real clock unless a test moves its own. */
  clock?: Clock;
}

/** What shows one stream; replaced whole when the next starts. */
interface Feed {
  stream: LogStream;
  target: LogTarget;
  options: LogOptions;
  /** What this stream has put into the channel. */
  written: LogWritten;
  batcher: LineBatcher;
  pacer: Pacer | undefined;
  /** Writes the note for lines skipped since the last shown one, if any. */
  noteGap: () => void;
  /** Ended from here (stop, end, a new start), not by the Engine. */
  cutHere?: boolean;
}

/** How a pending batch is handled when a stream is detached. */
export type Pending = 'flush' | 'discard' | 'keep';

export function channelName(name: string): string {
  return `Swarm: ${name}`;
}

const noneWritten = (): LogWritten => ({ lines: 0, chars: 0, skippedLines: 0, skippedChars: 0 });

export class LogSession<C extends LogChannel = LogChannel> {
  private feed: Feed | undefined;
  private counts = noneWritten();
  private disposed = false;
  private readonly clock: Clock;

  /** @param name the channel's name (a later stream's target may be named anew; the channel keeps this one) */
  constructor(readonly name: string, readonly channel: C, private readonly deps: LogSessionDeps) {
    this.clock = deps.clock ?? realClock;
  }

  /** True while a stream follows (a finite request is not "following"). */
  get follows(): boolean {
    return this.feed?.options.follow === true;
  }

  /** What the current (or last) stream has put into the channel so far. */
  get written(): LogWritten {
    return { ...this.counts };
  }

  /**
   * Clears the channel and shows the target's logs in it, replacing the stream before; nothing
   * from that one reaches the channel afterwards. Resolves once the Engine accepted the request
   * (the stream may go on); rejects if it refused.
   */
  start(target: LogTarget, options: LogOptions): Promise<void> {
    this.detach('discard');
    this.channel.clear();
    this.channel.show(true);
    this.counts = noneWritten();
    const feed = this.open(target, options, this.counts);
    this.feed = feed;
    this.deps.followingChanged();
    feed.stream.done.then(
      () => this.ended(feed),
      (e: Error) => this.ended(feed, e),
    );
    // A refused request (gone, unreadable, no answer) reaches the command as an error; not once
    // the stream was ended from here (Follow Again taken too early, then ended by the swarm's state).
    return feed.stream.started.catch((e: unknown) => {
      if (!feed.cutHere) throw e;
    });
  }

  /** Opens the Engine stream and what shows its lines: a batcher, and pacing or a display budget. */
  private open(target: LogTarget, options: LogOptions, written: LogWritten): Feed {
    const { channel } = this;
    const rate = this.deps.maxRate();
    // Followed: read at the Engine's pace and show up to the rate (see DisplayBudget). A finite
    // request shows every line asked for: beyond the rate its stream is held back (Pacer).
    const budget = rate > 0 && options.follow ? new DisplayBudget(rate, this.clock) : undefined;
    let pacer: Pacer | undefined;
    let told = false;
    const batcher = new LineBatcher(
      {
        append: (text: string, lines: number) => {
          written.lines += lines;
          written.chars += text.length;
          channel.append(text);
          pacer?.spent(text.length);
          if (pacer?.holding && !told) {
            told = true;
            channel.appendLine(`--- ${target.name} logs faster than ${mbPerSecond(rate, 'setting')} (setting dockerSwarm.logs.maxRate): shown at that pace, in order, nothing dropped ---`);
          }
        },
      },
      undefined,
      this.clock,
    );
    const gap: Skipped = { lines: 0, chars: 0 };
    const noteGap = () => {
      if (gap.lines === 0) return;
      batcher.add(skippedNote(target.name, gap, rate));
      gap.lines = 0;
      gap.chars = 0;
    };
    // Engine text is untrusted and often coloured for a terminal: plain text only.
    const shape = target.format ?? ((l: LogLine) => l.text);
    const stream = this.deps.client().logs(target.kind, target.id, options, (line: LogLine) => {
      if (this.feed?.stream !== stream) return; // stopped or replaced: nothing more reaches the channel
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
    if (rate > 0 && !options.follow) pacer = new Pacer(stream, rate, rate, this.clock);
    return { stream, target, options, written, batcher, pacer, noteGap };
  }

  /** The stream ended by itself or failed; a stopped or replaced one is no longer the feed. */
  private ended(feed: Feed, error?: Error): void {
    if (this.disposed || this.feed !== feed) return;
    const { target, options } = feed;
    feed.noteGap();
    feed.batcher.flush();
    // A finite read says where it ends, so a short channel is not mistaken for a cut one.
    this.channel.appendLine(
      error ? `--- logs of ${target.name} failed: ${error.message} ---`
      : options.follow ? `--- the log stream of ${target.name} ended ---`
      : `--- end of the logs of ${target.name} (${linesText(feed.written.lines)}) ---`,
    );
    if (error) this.deps.log.error(`Logs of ${target.name}: ${error.message}`);
    this.detach('keep');
    if (options.follow) this.deps.ended(error ? { target, options, error } : { target, options });
  }

  /** Stops following, writing what is pending and a note; false when the session did not follow. */
  stop(): boolean {
    if (!this.follows) return false;
    this.detach('flush');
    this.channel.appendLine(`--- stopped following ${this.name} ---`);
    return true;
  }

  /**
   * Ends a followed stream whose service is not among `existingServiceIds`: the Engine keeps
   * such a stream open without sending anything.
   */
  endIfServiceGone(existingServiceIds: ReadonlySet<string>): void {
    const target = this.feed?.options.follow ? this.feed.target : undefined;
    if (!target) return;
    const serviceId = target.kind === 'service' ? target.id : target.serviceId;
    if (serviceId === undefined || existingServiceIds.has(serviceId)) return;
    this.end('the service was removed');
  }

  /**
   * Ends a followed stream from here (writing what is pending), with a note saying `why` and
   * the ended event, as if it had failed for that reason: whatever the old stream does later
   * reaches nothing. False when the session did not follow, so a second call notes nothing.
   */
  end(why: string): boolean {
    const feed = this.feed;
    if (!feed?.options.follow) return false;
    const { target, options } = feed;
    this.detach('flush');
    this.channel.appendLine(`--- the log stream of ${this.name} ended: ${why} ---`);
    this.deps.ended({ target, options, error: new Error(why) });
    return true;
  }

  /**
   * Ends the stream, followed or not (writing what is pending), and resolves once it has
   * closed its connection to the Engine.
   */
  close(): Promise<void> {
    const stream = this.feed?.stream;
    if (!stream) return Promise.resolve();
    const closed = stream.done.catch(() => undefined);
    if (!this.stop()) this.detach('flush');
    return closed;
  }

  /**
   * Ends the current stream. Lines already decoded are written ('flush'), dropped ('discard',
   * for a channel about to be cleared) or were written already ('keep').
   */
  detach(pending: Pending): void {
    const feed = this.feed;
    if (!feed) return;
    this.feed = undefined;
    if (pending !== 'keep') feed.cutHere = true;
    feed.pacer?.dispose();
    feed.stream.stop();
    if (pending === 'flush') {
      feed.noteGap();
      feed.batcher.flush();
    } else feed.batcher.discard();
    if (feed.options.follow && !this.disposed) this.deps.followingChanged();
  }

  /** Aborts the stream (what is pending is dropped) and disposes the channel. */
  dispose(): void {
    this.disposed = true;
    this.detach('discard');
    this.channel.dispose();
  }
}
