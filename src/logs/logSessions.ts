// Log sessions: one output channel per service, fed by at most one Engine stream at a time.
// Lines are batched into few appends so a chatty service cannot flood the extension host.
import * as vscode from 'vscode';
import { ContextKeys } from '../constants';
import type { LogFollow, SwarmClient } from '../docker/swarmClient';
import type { LogLine } from '../model/logDecoder';
import type { LogOptions } from '../model/logOptions';

const FLUSH_MS = 50;
const FLUSH_BYTES = 256 * 1024;

/** Batches lines and appends them to a channel-like sink in large pieces. */
export class LineBatcher {
  private pending: string[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sink: { append(text: string): void }, private readonly flushMs = FLUSH_MS) {}

  add(line: string): void {
    this.pending.push(line);
    this.bytes += line.length + 1;
    if (this.bytes >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    this.bytes = 0;
    this.sink.append(text);
  }
}

interface Session {
  serviceId: string;
  name: string;
  channel: vscode.OutputChannel;
  follow?: LogFollow;
}

export class LogSessions implements vscode.Disposable {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly client: () => SwarmClient, private readonly log: vscode.LogOutputChannel) {}

  channelName(serviceName: string): string {
    return `Swarm: ${serviceName}`;
  }

  /** Services whose logs are being followed now. */
  following(): { serviceId: string; name: string }[] {
    return [...this.sessions.values()].filter((s) => s.follow).map((s) => ({ serviceId: s.serviceId, name: s.name }));
  }

  /**
   * Shows a service's logs in its channel. An earlier stream of the same service stops first.
   * Resolves once the Engine accepted the request (the stream may go on).
   */
  async open(serviceId: string, name: string, options: LogOptions): Promise<vscode.OutputChannel> {
    let session = this.sessions.get(serviceId);
    if (!session) {
      session = { serviceId, name, channel: vscode.window.createOutputChannel(this.channelName(name)) };
      this.sessions.set(serviceId, session);
    }
    this.stopSession(session, false);
    const { channel } = session;
    channel.clear();
    channel.show(true);
    const batcher = new LineBatcher(channel);
    const follow = this.client().logs('service', serviceId, options, (line: LogLine) => batcher.add(line.text));
    session.follow = follow;
    this.updateContext();
    const current = session;
    const settled = follow.done.then(
      () => {
        batcher.flush();
        if (current.follow === follow) {
          current.follow = undefined;
          if (options.follow) channel.appendLine(`--- log stream of ${name} ended ---`);
          this.updateContext();
        }
      },
      (e: Error) => {
        batcher.flush();
        if (current.follow === follow) current.follow = undefined;
        channel.appendLine(`--- logs of ${name} failed: ${e.message} ---`);
        this.log.error(`Logs of ${name}: ${e.message}`);
        this.updateContext();
      },
    );
    void settled;
    // A refused request (service gone, logs unreadable) reaches the command as an error.
    await follow.started;
    return channel;
  }

  /** Stops following a service's logs; returns false when it was not followed. */
  stop(serviceId: string): boolean {
    const session = this.sessions.get(serviceId);
    if (!session?.follow) return false;
    this.stopSession(session, true);
    return true;
  }

  private stopSession(session: Session, announce: boolean): void {
    const follow = session.follow;
    if (!follow) return;
    session.follow = undefined;
    follow.stop();
    if (announce) session.channel.appendLine(`--- stopped following ${session.name} ---`);
    this.updateContext();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', ContextKeys.followingLogs, this.following().length > 0);
  }

  dispose(): void {
    for (const s of this.sessions.values()) {
      s.follow?.stop();
      s.channel.dispose();
    }
    this.sessions.clear();
  }
}
