// The extension deactivates while the other managers are being asked: the search in flight
// switches nothing, offers nothing, says nothing and arms no retry once the failover is disposed.
import * as assert from 'node:assert/strict';
import { hold, host, settle, world } from './world';

/** A world in auto whose manager-1 stopped, the others' answers held: the search is in flight. */
async function searching(others: 'answer' | 'electing') {
  const t = world({ mode: 'auto' });
  await t.read('ok');
  t.w.engines.set(host(1), 'down');
  if (others === 'electing') for (const n of [2, 3]) t.w.engines.set(host(n), 'electing');
  const held = [hold(t.w, host(2)), hold(t.w, host(3))];
  t.w.store.state = 'unreachable';
  t.failover.storeRefreshed();
  await settle();
  return { ...t, release: () => held.forEach((h) => h.release()) };
}

describe('failover: disposed during a search', () => {
  it('the managers answer after dispose: no switch, no offer, no message', async () => {
    const { w, failover, release } = await searching('answer');
    assert.equal(w.logs.filter((l) => /does not answer; asking/.test(l)).length, 1, 'the search began');
    failover.dispose();
    release();
    await settle();
    await failover.idle();
    assert.deepEqual([w.switched, w.offered, w.notes], [[], [], []]);
    assert.equal(failover.offering, false);
  });

  it('the managers do not answer after dispose: no retry armed', async () => {
    const { w, failover, release } = await searching('electing');
    failover.dispose();
    release();
    await settle();
    await failover.idle();
    assert.equal(w.clock.pending, 0);
    await w.clock.advance(60_000);
    assert.equal(w.logs.filter((l) => /^Failover: asked/.test(l)).length, 0, 'not asked again');
    assert.deepEqual(w.offered, []);
  });
});

describe('failover: disposed while waiting to ask again', () => {
  it('the retry armed is cleared', async () => {
    const { w, failover, read } = world({ mode: 'auto' });
    await read('ok');
    for (const n of [2, 3]) w.engines.set(host(n), 'electing');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.equal(w.clock.pending, 1);
    failover.dispose();
    assert.equal(w.clock.pending, 0);
  });
});
