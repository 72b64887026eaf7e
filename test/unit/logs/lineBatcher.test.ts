import * as assert from 'node:assert/strict';
import { LineBatcher } from '../../../src/logs/lineBatcher';
import { ManualClock } from '../../support/manualClock';

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
