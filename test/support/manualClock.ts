// A clock that moves only when the test says so, for the time-based logic that takes a Clock
// (src/clock.ts): a test states "at 199 ms nothing yet, at 200 ms it resumed" and gets the
// same answer on an idle laptop and on a loaded CI machine.
import type { Clock, TimerHandle } from '../../src/clock';

interface Timer {
  id: number;
  due: number;
  run: () => void;
  /** Set for an interval: it is due again this much later. */
  every?: number;
}

export class ManualClock implements Clock {
  private time = 0;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  now(): number {
    return this.time;
  }

  /** Timers not yet run (an interval counts until cleared). */
  get pending(): number {
    return this.timers.size;
  }

  setTimeout(run: () => void, ms: number): TimerHandle {
    return this.add(run, ms);
  }

  setInterval(run: () => void, ms: number): TimerHandle {
    return this.add(run, ms, Math.max(1, ms));
  }

  clearTimeout(timer: TimerHandle): void {
    this.timers.delete(timer as number);
  }

  clearInterval(timer: TimerHandle): void {
    this.timers.delete(timer as number);
  }

  /**
   * Moves time forward, running each timer that falls due, in order, at its own time; promise
   * callbacks queued by one (or by the test before) run before the next, as they would on the
   * real event loop.
   */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await settle();
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers.values()) if (t.due <= until && (!next || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t;
      if (!next) break;
      this.time = next.due;
      if (next.every) next.due += next.every;
      else this.timers.delete(next.id);
      next.run();
      await settle();
    }
    this.time = until;
  }

  private add(run: () => void, ms: number, every?: number): number {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.time + Math.max(0, ms), run, ...(every ? { every } : {}) });
    return id;
  }
}

/** Lets pending promise callbacks run (a macrotask boundary; no time passes on the clock). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
