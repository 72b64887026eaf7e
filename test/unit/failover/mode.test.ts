// dockerSwarm.failover changed during an outage: off takes back the offer (and the view's
// message) at once, and at the views' next read; ask again asks the other managers again.
import * as assert from 'node:assert/strict';
import { host, settle, world } from './world';

describe('failover: the setting changed during an outage', () => {
  it('off ends the offer when the setting changes; ask offers again', async () => {
    const { w, failover, read } = world();
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.equal(failover.offering, true);
    w.mode = 'off';
    failover.modeChanged();
    assert.equal(failover.offering, false);
    assert.equal(failover.offer.length, 0);
    assert.equal(failover.statusWords().tooltip?.includes('not answering'), false);
    await read('unreachable');
    assert.equal(failover.offering, false, 'and stays off at the next read');
    w.mode = 'ask';
    failover.modeChanged();
    await settle();
    await failover.idle();
    assert.equal(failover.offering, true);
    assert.deepEqual(failover.offer.map((c) => c.manager.hostname), ['manager-2', 'manager-3']);
  });

  it('off seen at the views\' next read (the change not heard of) ends the offer and the message', async () => {
    const { w, failover, read } = world({ contexts: [] });
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.match(failover.message ?? '', /no endpoint is known/);
    w.mode = 'off';
    await read('unreachable');
    assert.equal(failover.message, undefined);
  });
});
