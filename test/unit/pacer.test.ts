import * as assert from 'node:assert/strict';
import { LineBatcher } from '../../src/logs/lineBatcher';
import { DisplayBudget, skippedNote } from '../../src/logs/displayBudget';
import { Pacer } from '../../src/logs/pacer';

/** A stream that records when it was paused and resumed. */
function recorder() {
  const calls: string[] = [];
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Pacer', () => {
  it('lets a burst through without holding the stream', () => {
    const s = recorder();
    const p = new Pacer(s, 10_000);
    p.spent(6_000);
    p.spent(4_000);
    assert.deepEqual(s.calls, []);
    assert.equal(p.holding, false);
    p.dispose();
  });

  it('holds the stream beyond the rate, for as long as the excess takes at that rate', async () => {
    const s = recorder();
    const p = new Pacer(s, 10_000);
    const t0 = performance.now();
    p.spent(12_000); // 2,000 over the burst: 200 ms at 10,000 a second
    assert.deepEqual(s.calls, ['pause']);
    assert.equal(p.holding, true);
    p.spent(5_000); // written meanwhile (what was already decoded): no second pause
    assert.deepEqual(s.calls, ['pause']);
    while (p.holding) await sleep(10);
    const held = performance.now() - t0;
    assert.deepEqual(s.calls, ['pause', 'resume']);
    assert.ok(held >= 190 && held < 2000, `held ${held.toFixed(0)} ms`);
    assert.equal(p.stats.pauses, 1);
    p.dispose();
  });

  it('with no limit never holds', () => {
    const s = recorder();
    const p = new Pacer(s, 0);
    p.spent(1e9);
    assert.deepEqual(s.calls, []);
  });

  it('once disposed (the stream is being stopped) does not resume it', async () => {
    const s = recorder();
    const p = new Pacer(s, 10_000);
    p.spent(11_000);
    p.dispose();
    await sleep(200);
    assert.deepEqual(s.calls, ['pause']);
  });
});

describe('LineBatcher', () => {
  it('appends whole lines in few appends and counts them', async () => {
    const appends: { text: string; lines: number }[] = [];
    const b = new LineBatcher({ append: (text, lines) => appends.push({ text, lines }) }, 20);
    for (let i = 0; i < 1000; i++) b.add(`line ${i}`);
    assert.equal(appends.length, 0, 'nothing until the timer or the size says so');
    await sleep(60);
    assert.equal(appends.length, 1);
    assert.equal(appends[0]!.lines, 1000);
    assert.deepEqual(appends[0]!.text.split('\n').slice(0, 2), ['line 0', 'line 1']);
    assert.ok(appends[0]!.text.endsWith('line 999\n'));
  });

  it('flushes at once when a batch grows large, and drops what is pending when discarded', () => {
    const appends: number[] = [];
    const b = new LineBatcher({ append: (_text, lines) => appends.push(lines) }, 10_000);
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 256; i++) b.add(line); // 256 KB: the size limit
    assert.deepEqual(appends, [256]);
    b.add('pending');
    b.discard();
    b.flush();
    assert.deepEqual(appends, [256]);
  });
});

describe('DisplayBudget', () => {
  it('shows up to the rate, then skips whole lines until half a second is available again', () => {
    let t = 0;
    const b = new DisplayBudget(1000, () => t);
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
    const b = new DisplayBudget(1000, () => t);
    assert.equal(b.take(5000), true);
    assert.equal(b.take(10), false);
    t = 5600; // the 4,000 overdrawn, then half a second
    assert.equal(b.take(10), true);
    const note = skippedNote('web', { lines: 12345, chars: 3 * 2 ** 20 }, 2 * 2 ** 20);
    assert.equal(note, "--- 12,345 lines (3.0 MB) of web not shown: it logs faster than 2.0 MB/s (dockerSwarm.logs.maxRate); they are in the engine's logs ---");
  });
});
