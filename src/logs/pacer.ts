// Paces what a finite log request (not followed) writes into an output channel: beyond the
// rate the stream is paused and the Engine holds the lines until it resumes, so every line
// asked for is shown without flooding the extension host (see DisplayBudget for why a flood
// hurts it, and for followed streams). Free of the VS Code API.
import { realClock, type Clock, type TimerHandle } from '../clock';

export interface Pausable {
  pause(): void;
  resume(): void;
}

export class Pacer {
  /** How many times the stream was held back, and for how long in all. */
  readonly stats = { pauses: 0, heldMs: 0 };
  private credit: number;
  private last: number;
  private timer: TimerHandle | undefined;
  private disposed = false;

  /**
   * @param perSecond characters a second (0: no limit)
   * @param burst characters that may be written at once after a quiet spell
   * @param clock the real clock unless a test moves its own
   */
  constructor(private readonly stream: Pausable, private readonly perSecond: number, private readonly burst = perSecond, private readonly clock: Clock = realClock) {
    this.credit = burst;
    this.last = clock.now();
  }

  /** Whether writes are being held back now. */
  get holding(): boolean {
    return this.timer !== undefined;
  }

  /** Counts characters just written; pauses the stream until the rate allows more. */
  spent(chars: number): void {
    if (this.perSecond <= 0 || this.disposed) return;
    const now = this.clock.now();
    this.credit = Math.min(this.burst, this.credit + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    this.credit -= chars;
    if (this.credit >= 0 || this.timer) return;
    const waitMs = Math.ceil((-this.credit / this.perSecond) * 1000);
    this.stats.pauses++;
    this.stats.heldMs += waitMs;
    this.stream.pause();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.stream.resume();
    }, waitMs);
  }

  /** Ends pacing; the stream is not resumed (it is being stopped). */
  dispose(): void {
    this.disposed = true;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
