import * as assert from 'node:assert/strict';
import { DisplayBudget, skippedNote } from '../../../src/logs/displayBudget';

describe('DisplayBudget', () => {
  it('shows up to the rate, then skips whole lines until half a second is available again', () => {
    let t = 0;
    const b = new DisplayBudget(1000, { now: () => t });
    const shown: boolean[] = [];
    for (let i = 0; i < 15; i++) shown.push(b.take(100)); // 1,500 at once: a second's worth shows
    assert.deepEqual(shown.filter(Boolean).length, 10);
    assert.deepEqual(shown.slice(10), [false, false, false, false, false]);
    t = 300; // 300 available: still skipping (needs 500)
    assert.equal(b.take(100), false);
    t = 600; // 600 available again: a run shows
    assert.deepEqual([b.take(100), b.take(100), b.take(100)], [true, true, true]);
  });

  it('shows a line longer than a second allows when the budget is full, then skips; the note', () => {
    let t = 0;
    const b = new DisplayBudget(1000, { now: () => t });
    assert.equal(b.take(5000), true);
    assert.equal(b.take(10), false);
    t = 5600; // the 4,000 overdrawn, then half a second
    assert.equal(b.take(10), true);
    const note = skippedNote('web', { lines: 12345, chars: 3 * 2 ** 20 }, 2 * 2 ** 20);
    assert.equal(note, "--- 12,345 lines (3.0 MB) of web not shown: it logs faster than 2.0 MB/s (dockerSwarm.logs.maxRate); they are in the engine's logs ---");
  });
});
