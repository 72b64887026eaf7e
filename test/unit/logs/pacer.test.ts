import * as assert from 'node:assert/strict';
import { Pacer } from '../../../src/logs/pacer';
import { ManualClock } from '../../support/manualClock';

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
