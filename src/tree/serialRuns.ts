// Work that must never overlap, asked for at any time: what is asked while a run goes is
// merged and done in one run after it. Every caller gets the promise of the runs that cover
// what it asked for.
export class SerialRuns<T> {
  private pending: T | undefined;
  private doing: T | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly merge: (pending: T | undefined, more: T) => T,
    private readonly run: (work: T) => Promise<void>,
  ) {}

  push(work: T): Promise<void> {
    this.pending = this.merge(this.pending, work);
    if (!this.running) {
      this.running = (async () => {
        try {
          // Not before push() returned: `running` must be set when the loop ends.
          await Promise.resolve();
          while (this.pending !== undefined) {
            this.doing = this.pending;
            this.pending = undefined;
            await this.run(this.doing);
          }
        } finally {
          this.doing = undefined;
          this.running = undefined;
        }
      })();
    }
    return this.running;
  }

  /** The runs going on and queued, if any: what covers the work now being run or waiting. */
  get busy(): Promise<void> | undefined {
    return this.running;
  }

  /** Whether the run going on, or the one queued after it, covers this. */
  covers(test: (work: T) => boolean): boolean {
    return (this.doing !== undefined && test(this.doing)) || (this.pending !== undefined && test(this.pending));
  }
}
