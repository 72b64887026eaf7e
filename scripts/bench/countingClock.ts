// The real clock, counting the timers it runs: the store's follow-up reads are its only
// timers, so a bench can wait until none is pending before it counts the next change.
import { realClock, type Clock, type TimerHandle } from '../../src/clock';
import { now } from './stats';

export interface CountingClock extends Clock {
  readonly pending: number;
  readonly fired: number;
  readonly lastFired: number;
}

export function countingClock(): CountingClock {
  const live = new Set<TimerHandle>();
  let fired = 0;
  let lastFired = 0;
  return {
    now: () => realClock.now(),
    setTimeout: (runIt, ms) => {
      const timer = realClock.setTimeout(() => {
        live.delete(timer);
        fired++;
        lastFired = now();
        runIt();
      }, ms);
      live.add(timer);
      return timer;
    },
    clearTimeout: (timer) => {
      live.delete(timer);
      realClock.clearTimeout(timer);
    },
    setInterval: (runIt, ms) => realClock.setInterval(runIt, ms),
    clearInterval: (timer) => realClock.clearInterval(timer),
    get pending() {
      return live.size;
    },
    get fired() {
      return fired;
    },
    get lastFired() {
      return lastFired;
    },
  };
}
