// Collects log lines and hands them to a channel-like sink in large appends, so that a
// chatty service costs the extension host a few appends a second instead of one per line.
// Free of the VS Code API (the benchmark drives it in plain Node).
import { realClock, type Clock, type TimerHandle } from '../clock';

const FLUSH_MS = 50;
const FLUSH_BYTES = 256 * 1024;

export class LineBatcher {
  private pending: string[] = [];
  private bytes = 0;
  private timer: TimerHandle | undefined;

  constructor(private readonly sink: { append(text: string, lines: number): void }, private readonly flushMs = FLUSH_MS, private readonly clock: Clock = realClock) {}

  add(line: string): void {
    this.pending.push(line);
    this.bytes += line.length + 1;
    if (this.bytes >= FLUSH_BYTES) this.flush();
    else this.timer ??= this.clock.setTimeout(() => this.flush(), this.flushMs);
  }

  /** Drops what is pending and cancels the timer. */
  discard(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.bytes = 0;
  }

  flush(): void {
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    const lines = this.pending.length;
    this.pending = [];
    this.bytes = 0;
    this.sink.append(text, lines);
  }
}

