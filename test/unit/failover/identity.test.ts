// Which swarm node the engine in use is, asked of the engine: an answer that comes after the
// endpoint changed is the old endpoint's, and does not replace what the switch made known.
import * as assert from 'node:assert/strict';
import { hold, host, node, routeText, settle, world } from './world';

describe('failover: a late answer of which node the engine is', () => {
  it('is dropped once the endpoint changed: the node switched to stays known', async () => {
    const { w, failover, read } = world({ mode: 'auto' });
    await read('ok');
    assert.equal(failover.known?.nodeId, 'node1');
    // A listing without manager-1 makes the engine be asked again which node it is; it answers late.
    const late = hold(w, host(1));
    w.store.nodes = [node(2, true), node(3)];
    await read('ok');
    await read('unreachable');
    assert.deepEqual(w.switched.map(routeText), ['context m2']);
    assert.equal(failover.known?.nodeId, 'node2');
    late.release();
    await settle();
    assert.equal(failover.known?.nodeId, 'node2', 'the answer of manager-1 came after the switch');
  });
});
