// Work that must never overlap, asked for at any time: what is asked while a run goes is
// merged and done in one run after it. Every caller gets the promise of the one run that
// covers what it asked for: it settles when that run ends, whatever is asked after it. A run
// that throws rejects its own callers' promise only; what was asked meanwhile still runs.

interface Run<T> {
  work: T;
  promise: Promise<void>;
  resolve(): void;
  reject(e: unknown): void;
}

export class SerialRuns<T> {
  private pending: Run<T> | undefined;
  private doing: Run<T> | undefined;
  private looping = false;

  constructor(
    private readonly merge: (pending: T | undefined, more: T) => T,
    private readonly run: (work: T) => Promise<void>,
  ) {}

  push(work: T): Promise<void> {
    if (this.pending) this.pending.work = this.merge(this.pending.work, work);
    else this.pending = newRun(this.merge(undefined, work));
    const promise = this.pending.promise;
    if (!this.looping) {
      this.looping = true;
      void this.loop();
    }
    return promise;
  }

  private async loop(): Promise<void> {
    try {
      // Not before push() returned: what is asked in the same turn goes in the same run.
      await Promise.resolve();
      while (this.pending) {
        const run = (this.doing = this.pending);
        this.pending = undefined;
        try {
          await this.run(run.work);
          run.resolve();
        } catch (e) {
          run.reject(e);
        }
      }
    } finally {
      this.doing = undefined;
      this.looping = false;
    }
  }

  /** The run that ends last of those going on and queued, if any: it settles once all asked so far is done. */
  get busy(): Promise<void> | undefined {
    return (this.pending ?? this.doing)?.promise;
  }

  /** Whether the run going on, or the one queued after it, covers this. */
  covers(test: (work: T) => boolean): boolean {
    return this.coveredBy(test) !== undefined;
  }

  /** The promise of the run going on, or else of the one queued, that covers this; undefined if neither does. */
  coveredBy(test: (work: T) => boolean): Promise<void> | undefined {
    if (this.doing && test(this.doing.work)) return this.doing.promise;
    if (this.pending && test(this.pending.work)) return this.pending.promise;
    return undefined;
  }
}

function newRun<T>(work: T): Run<T> {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { work, promise, resolve, reject };
}
