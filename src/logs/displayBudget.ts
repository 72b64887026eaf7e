// How much of a followed log stream is shown. VS Code mirrors a visible output channel back
// into the extension host as a text document, so a channel fed faster than a few megabytes a
// second stalls the extension host (every extension in it). Holding the stream back instead
// would make the swarm manager queue the backlog in its memory (its log broker does not
// bound it). So a followed stream is read at the Engine's pace and shown up to a rate: beyond
// it, whole lines are skipped (and counted) until a good part of a second's worth is
// available again, so the channel shows contiguous runs with one note per gap. The lines
// stay in the Engine's logs. Free of the VS Code API.

export class DisplayBudget {
  private credit: number;
  private last: number;
  private skipping = false;

  /**
   * @param perSecond characters a second shown at most
   * @param now a clock in milliseconds (tests pass their own)
   */
  constructor(private readonly perSecond: number, private readonly now: () => number = () => performance.now()) {
    this.credit = perSecond;
    this.last = now();
  }

  /** Whether a line of `chars` characters is shown (and spends the budget) or skipped. */
  take(chars: number): boolean {
    const t = this.now();
    this.credit = Math.min(this.perSecond, this.credit + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    // Once skipping, resume only with half a second's worth: runs, not a line here and there.
    if (this.skipping && this.credit < Math.max(chars, this.perSecond / 2)) return false;
    // A line longer than a second's worth shows when the budget is full (and empties it).
    if (this.credit < chars && this.credit < this.perSecond) {
      this.skipping = true;
      return false;
    }
    this.skipping = false;
    this.credit -= chars;
    return true;
  }
}

export interface Skipped {
  lines: number;
  chars: number;
}

/** The note written where lines were skipped. */
export function skippedNote(name: string, skipped: Skipped, perSecond: number): string {
  const mb = (n: number) => (n / 2 ** 20 >= 10 ? (n / 2 ** 20).toFixed(0) : (n / 2 ** 20).toFixed(1));
  return `--- ${skipped.lines.toLocaleString('en-US')} line${skipped.lines === 1 ? '' : 's'} (${mb(skipped.chars)} MB) of ${name} not shown: it logs faster than ${mb(perSecond)} MB/s (dockerSwarm.logs.maxRate); they are in the engine's logs ---`;
}
