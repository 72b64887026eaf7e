// Without a manager that can take over, the view names the managers that have no known endpoint
// even when others have one (which did not answer), and says what is wrong with a refused
// dockerSwarm.nodeEndpoints entry, which is not asked again and again.
import * as assert from 'node:assert/strict';
import { context, host, world } from './world';

describe('failover: managers without a usable endpoint', () => {
  it('manager-2 has a context but is down, manager-3 has no endpoint: the view names manager-3 and how to add one', async () => {
    const { w, failover, read } = world({ contexts: [context(1), context(2)] });
    await read('ok');
    w.engines.set(host(1), 'down');
    w.engines.set(host(2), 'down');
    await read('unreachable');
    assert.deepEqual(failover.offer, []);
    assert.equal(failover.message,
      'The manager this editor uses, manager-1, does not answer. The swarm\'s other managers, as last read: manager-2 and manager-3; no endpoint is known for manager-3, ' +
      'manager-2 did not answer as a manager of this swarm (the Swarm Services log says what each answered). To use one, create a docker context for its engine (it is found by itself), ' +
      'or add it to the dockerSwarm.nodeEndpoints setting ("manager-3": "ssh://user@host"). Then Refresh, or start this manager again.');
    assert.match(failover.whyNone(), /no endpoint is known for manager-3/);
  });

  it('a refused dockerSwarm.nodeEndpoints entry: said what is wrong, not asked again and again', async () => {
    const { w, failover, read } = world({ contexts: [context(1)], setting: { 'manager-2': 'ftp://m2', 'manager-3': 'ssh://m3/path' } });
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.equal(failover.message,
      'The manager this editor uses, manager-1, does not answer. The swarm\'s other managers, as last read: manager-2 and manager-3; the endpoints of manager-2 and manager-3 are refused. ' +
      'dockerSwarm.nodeEndpoints["manager-2"]: the endpoint has a scheme that is not supported: use unix:///path, tcp://host:port or ssh://user@host[:port]. ' +
      'dockerSwarm.nodeEndpoints["manager-3"]: the endpoint has a path or query after the host, which an engine endpoint does not take. ' +
      'Correct the dockerSwarm.nodeEndpoints setting, or create a docker context for its engine. Then Refresh, or start this manager again.');
    assert.equal(w.clock.pending, 0, 'no retry: a refused entry does not become usable by waiting');
    assert.ok(w.logs.some((l) => /manager-2 its endpoint is refused \(dockerSwarm\.nodeEndpoints\["manager-2"\]/.test(l)), w.logs.join('\n'));
  });

  it('one refused entry, one manager without endpoint: both said', async () => {
    const { w, failover, read } = world({ contexts: [context(1)], setting: { 'manager-3': 'ftp://m3' } });
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.match(failover.message ?? '', /; no endpoint is known for manager-2, the endpoint of manager-3 is refused\. dockerSwarm\.nodeEndpoints\["manager-3"\]: .* \("manager-2": "ssh:\/\/user@host"\)\. Then Refresh/);
    assert.equal(w.clock.pending, 0);
  });
});
