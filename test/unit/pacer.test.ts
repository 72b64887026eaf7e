import * as assert from 'node:assert/strict';
import { LineBatcher } from '../../src/logs/lineBatcher';
import { DisplayBudget, skippedNote } from '../../src/logs/displayBudget';
import { Pacer } from '../../src/logs/pacer';
import { ManualClock } from '../support/manualClock';

/** A stream that records when it was paused and resumed. */
function recorder() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}

describe('Pacer', () => {
  it('lets a burst through without holding the stream', () => {
    const s = recorder();
    const p = new Pacer(s, 10_000, 10_000, new ManualClock());
    p.spent(6_000);
    p.spent(4_000);
    assert.deepEqual(s.calls, []);
    assert.equal(p.holding, false);
    p.dispose();
  });

  it('holds the stream beyond the rate, for as long as the excess takes at that rate', async () => {
    const s = recorder();
    const clock = new ManualClock();
    const p = new Pacer(s, 10_000, 10_000, clock);
    p.spent(12_000); // 2,000 over the burst: 200 ms at 10,000 a second
    assert.deepEqual(s.calls, ['pause']);
    assert.equal(p.holding, true);
    p.spent(5_000); // written meanwhile (what was already decoded): no second pause
    assert.deepEqual(s.calls, ['pause']);
    await clock.advance(199);
    assert.deepEqual([s.calls, p.holding], [['pause'], true], 'still held just before the excess is paid off');
    await clock.advance(1);
    assert.deepEqual([s.calls, p.holding], [['pause', 'resume'], false]);
    assert.deepEqual(p.stats, { pauses: 1, heldMs: 200 });
    p.dispose();
  });

  it('refills at the rate while the stream flows, up to the burst', async () => {
    const s = recorder();
    const clock = new ManualClock();
    const p = new Pacer(s, 10_000, 10_000, clock);
    p.spent(10_000); // the whole burst
    await clock.advance(500); // 5,000 earned back
    p.spent(5_000);
    assert.deepEqual(s.calls, [], 'what half a second earned passes');
    await clock.advance(10_000); // a quiet spell earns no more than the burst
    p.spent(10_001);
    assert.deepEqual(s.calls, ['pause']);
    await clock.advance(1);
    assert.deepEqual(s.calls, ['pause', 'resume']);
    p.dispose();
  });

  it('with no limit never holds', () => {
    const s = recorder();
    const p = new Pacer(s, 0, 0, new ManualClock());
    p.spent(1e9);
    assert.deepEqual(s.calls, []);
  });

  it('once disposed (the stream is being stopped) does not resume it', async () => {
    const s = recorder();
    const clock = new ManualClock();
    const p = new Pacer(s, 10_000, 10_000, clock);
    p.spent(11_000);
    assert.deepEqual(s.calls, ['pause']);
    p.dispose();
    assert.equal(clock.pending, 0, 'no timer left to resume it');
    await clock.advance(60_000);
    assert.deepEqual(s.calls, ['pause']);
    p.spent(1e9);
    assert.deepEqual(s.calls, ['pause'], 'nothing after dispose holds it again either');
  });
});

describe('LineBatcher', () => {
  it('appends whole lines in few appends and counts them', async () => {
    const appends: { text: string; lines: number }[] = [];
    const clock = new ManualClock();
    const b = new LineBatcher({ append: (text, lines) => appends.push({ text, lines }) }, 20, clock);
    for (let i = 0; i < 1000; i++) b.add(`line ${i}`);
    await clock.advance(19);
    assert.equal(appends.length, 0, 'nothing until the timer or the size says so');
    await clock.advance(1);
    assert.equal(appends.length, 1);
    assert.equal(appends[0]!.lines, 1000);
    assert.deepEqual(appends[0]!.text.split('\n').slice(0, 2), ['line 0', 'line 1']);
    assert.ok(appends[0]!.text.endsWith('line 999\n'));
    assert.equal(clock.pending, 0);
  });

  it('flushes at once when a batch grows large, and drops what is pending when discarded', async () => {
    const appends: number[] = [];
    const clock = new ManualClock();
    const b = new LineBatcher({ append: (_text, lines) => appends.push(lines) }, 10_000, clock);
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 256; i++) b.add(line); // 256 KB: the size limit
    assert.deepEqual(appends, [256]);
    b.add('pending');
    b.discard();
    b.flush();
    await clock.advance(60_000);
    assert.deepEqual(appends, [256]);
  });
});

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
