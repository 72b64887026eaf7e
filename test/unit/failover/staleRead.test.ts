// A read of the views takes its client when it starts: a read of the manager that stopped
// answering may end after failover switched to another. Its "unreachable" is the old
// manager's: it starts no second outage, no second switch, and does not keep the new manager
// out of automatic switches.
import * as assert from 'node:assert/strict';
import type { SwarmClient } from '../../../src/docker/swarmClient';
import { ReadOrigin } from '../../../src/failover/readOrigin';
import { hold, host, routeText, world } from './world';

describe('failover: a late read of the manager left', () => {
  it('auto: a read begun through manager-1 that fails after the switch to manager-2 is ignored', async () => {
    const { w, failover, read, storeRead } = world({ mode: 'auto' });
    await storeRead();
    assert.equal(failover.known?.nodeId, 'node1');
    w.engines.set(host(1), 'down');
    const late = hold(w, host(1));
    const pending = storeRead(); // begun through manager-1; it answers only later
    await read('unreachable'); // an earlier read's answer: the switch
    assert.deepEqual(w.switched.map(routeText), ['context m2']);

    late.release();
    await pending;
    assert.deepEqual(w.switched.map(routeText), ['context m2'], 'no second switch');
    assert.equal(w.notes.length, 1, 'said once');
    assert.equal(failover.known?.nodeId, 'node2');
    assert.deepEqual(w.logs.filter((l) => /manager-2 .*does not answer/.test(l)), [], 'no outage of manager-2');
    assert.equal(failover.statusWords().tooltip?.includes('not answering'), false);

    // A read through manager-2 is taken again: its failure is an outage of manager-2.
    w.engines.set(host(2), 'down');
    await storeRead();
    assert.deepEqual(w.switched.map(routeText), ['context m2', 'context m3']);
  });

  it('ReadOrigin: the client as is (its methods on itself), a whole read noting the client it went through', async () => {
    const client = (n: number) => ({ n, snapshot: async () => ({}), who(this: { n: number }) { return this.n; } }) as unknown as SwarmClient;
    let current = client(1);
    const origin = new ReadOrigin({ client: () => current, clientIfUsable: () => current });
    assert.equal(origin.stale(), false, 'no read yet');
    const c = origin.client() as unknown as { who(): number };
    assert.equal(c.who(), 1);
    assert.equal(origin.client(), c, 'one wrapper per client');
    await origin.client().snapshot();
    assert.equal(origin.stale(), false);
    current = client(2);
    assert.equal(origin.stale(), true, 'the last whole read went through the client before');
    await origin.client().snapshot();
    assert.equal(origin.stale(), false);
  });
});
