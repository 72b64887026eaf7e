// The credit that both log rate limits spend: it refills at a rate up to a capacity, and may
// be overdrawn (a batch already decoded is written whole; the debt is paid off in time).
// Pacer holds a finite stream back while in debt; DisplayBudget skips lines of a followed
// one. Free of the VS Code API; time comes from a Clock so tests move it by hand.
import { realClock, type Clock } from '../clock';

export class TokenBucket {
  private level: number;
  private last: number;

  /**
   * @param perSecond credit earned a second (above 0)
   * @param capacity credit that can build up in a quiet spell; the bucket starts full
   */
  constructor(readonly perSecond: number, readonly capacity = perSecond, private readonly clock: Pick<Clock, 'now'> = realClock) {
    this.level = capacity;
    this.last = clock.now();
  }

  /** The credit now: what was left plus what the time since the last look earned, up to the capacity. Negative while in debt. */
  available(): number {
    const now = this.clock.now();
    this.level = Math.min(this.capacity, this.level + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    return this.level;
  }

  /** Spends credit, beyond what is available if need be (the level goes negative). */
  spend(amount: number): void {
    this.level -= amount;
  }

  /** Whole milliseconds until the debt is paid off (0 when there is none), at the rate. */
  msToClear(): number {
    return this.level >= 0 ? 0 : Math.ceil((-this.level / this.perSecond) * 1000);
  }
}
