// Paces what a finite log request (not followed) writes into an output channel: beyond the
// rate the stream is paused and the Engine holds the lines until it resumes, so every line
// asked for is shown without flooding the extension host (see DisplayBudget for why a flood
// hurts it, and for followed streams). Free of the VS Code API.
import { realClock, type Clock, type TimerHandle } from '../clock';
import { TokenBucket } from './tokenBucket';

export interface Pausable {
  pause(): void;
  resume(): void;
}

export class Pacer {
  /** How many times the stream was held back, and for how long in all. */
  readonly stats = { pauses: 0, heldMs: 0 };
  /** Absent with no limit. */
  private readonly bucket: TokenBucket | undefined;
  private timer: TimerHandle | undefined;
  private disposed = false;

  /**
   * @param perSecond characters a second (0: no limit)
   * @param burst characters that may be written at once after a quiet spell
   * @param clock the real clock unless a test moves its own
   */
  constructor(private readonly stream: Pausable, perSecond: number, burst = perSecond, private readonly clock: Clock = realClock) {
    this.bucket = perSecond > 0 ? new TokenBucket(perSecond, burst, clock) : undefined;
  }

  /** Whether writes are being held back now. */
  get holding(): boolean {
    return this.timer !== undefined;
  }

  /** Counts characters just written; pauses the stream until the rate allows more. */
  spent(chars: number): void {
    const bucket = this.bucket;
    if (!bucket || this.disposed) return;
    bucket.available();
    bucket.spend(chars);
    const waitMs = bucket.msToClear();
    if (waitMs === 0 || this.timer) return;
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
