// Log sessions: one output channel per service or task, each a LogSession fed by at most one
// Engine stream at a time. This is the collection the commands and the tree talk to.
import * as vscode from 'vscode';
import type { SwarmClient } from '../docker/swarmClient';
import type { LogOptions } from '../model/logOptions';
import { channelName, LogSession, type LogEnded, type LogTarget, type LogWritten } from './logSession';

export type { LogTarget, LogWritten } from './logSession';

/**
 * One output channel per service or task, fed by at most one Engine stream at a time. A new
 * request for the same target replaces the old stream; nothing from a replaced or stopped
 * stream reaches the channel afterwards.
 */
export class LogSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, LogSession<vscode.OutputChannel>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the set of followed targets changes. */
  readonly onDidChangeFollowing = this.changed.event;
  private readonly ended = new vscode.EventEmitter<LogEnded>();
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

  /** Targets whose logs are being followed now. */
  following(): { serviceId: string; name: string }[] {
    return [...this.sessions].filter(([, s]) => s.follows).map(([id, s]) => ({ serviceId: id, name: s.name }));
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
      session = new LogSession(target.name, vscode.window.createOutputChannel(channelName(target.name)), {
        client: this.client,
        log: this.log,
        maxRate: this.maxRate,
        followingChanged: () => this.changed.fire(),
        ended: (e) => this.ended.fire(e),
      });
      this.sessions.set(target.id, session);
    }
    await session.start(target, options);
    return session.channel;
  }

  /**
   * Ends the followed streams of services that no longer exist, and of their tasks. The
   * Engine keeps such a stream open without sending anything, so the view's refresh tells us.
   */
  endGone(existingServiceIds: ReadonlySet<string>): void {
    for (const s of this.sessions.values()) s.endIfServiceGone(existingServiceIds);
  }

  /**
   * Ends every followed stream with a note saying `why` (see LogSession.end) and the ended
   * event, so each is offered to be followed again; returns how many ended.
   */
  endAll(why: string): number {
    let ended = 0;
    for (const s of this.sessions.values()) if (s.end(why)) ended++;
    return ended;
  }

  /** How much the target's current (or last) stream has written to its channel. */
  written(id: string): LogWritten | undefined {
    return this.sessions.get(id)?.written;
  }

  /** Stops following; returns false when the target was not followed. */
  stop(id: string): boolean {
    return this.sessions.get(id)?.stop() ?? false;
  }

  /**
   * Ends every stream, followed or not, and resolves once each has closed its connection to
   * the Engine. For shutdown: dispose() only aborts them, and VS Code does not wait for a
   * disposable; deactivate() is awaited.
   */
  async stopAll(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    this.changed.dispose();
    this.ended.dispose();
  }
}
