// How much of a followed log stream is shown. VS Code mirrors a visible output channel back
// into the extension host as a text document, so a channel fed faster than a few megabytes a
// second stalls the extension host (every extension in it). Holding the stream back instead
// would make the swarm manager queue the backlog in its memory (its log broker does not
// bound it). So a followed stream is read at the Engine's pace and shown up to a rate: beyond
// it, whole lines are skipped (and counted) until a good part of a second's worth is
// available again, so the channel shows contiguous runs with one note per gap. The lines
// stay in the Engine's logs. Free of the VS Code API.
import { realClock, type Clock } from '../clock';
import { linesText, mbPerSecond, megabytes } from './amounts';
import { TokenBucket } from './tokenBucket';

export class DisplayBudget {
  private readonly bucket: TokenBucket;
  private skipping = false;

  /**
   * @param perSecond characters a second shown at most
   * @param clock the real clock unless a test moves its own
   */
  constructor(private readonly perSecond: number, clock: Pick<Clock, 'now'> = realClock) {
    this.bucket = new TokenBucket(perSecond, perSecond, clock);
  }

  /** Whether a line of `chars` characters is shown (and spends the budget) or skipped. */
  take(chars: number): boolean {
    const credit = this.bucket.available();
    // Once skipping, resume only with half a second's worth: runs, not a line here and there.
    if (this.skipping && credit < Math.max(chars, this.perSecond / 2)) return false;
    // A line longer than a second's worth shows when the budget is full (and empties it).
    if (credit < chars && credit < this.perSecond) {
      this.skipping = true;
      return false;
    }
    this.skipping = false;
    this.bucket.spend(chars);
    return true;
  }
}

export interface Skipped {
  lines: number;
  chars: number;
}

/** The note written where lines were skipped. */
export function skippedNote(name: string, skipped: Skipped, perSecond: number): string {
  return `--- ${linesText(skipped.lines)} (${megabytes(skipped.chars, 'tenths')} MB) of ${name} not shown: it logs faster than ${mbPerSecond(perSecond, 'tenths')} (dockerSwarm.logs.maxRate); they are in the engine's logs ---`;
}
