// Failover over the real SwarmNodeEngines (routes from docker contexts found by asking their
// engines, and from dockerSwarm.nodeEndpoints) and fake engines: the manager in use stops
// answering, the others are asked, and the view offers the switch (ask) or it is made (auto),
// once, never back to a manager that just failed; without a known endpoint the view names the
// managers; a dead endpoint never read through, or a lone manager, offers nothing.
import * as assert from 'node:assert/strict';
import type { Failover } from '../../../src/failover/failover';
import { DEFAULT_TIMING } from '../../../src/failover/policy';
import { context, host, node, routeText, world } from './world';

describe('failover over the node engines', () => {
  it('ask: the manager in use stops answering; the others are offered, the leader first; choosing one switches to its context', async () => {
    const { w, failover, read } = world();
    await read('ok');
    assert.equal(failover.known?.nodeId, 'node1');
    assert.equal(failover.statusWords().node, 'manager-1');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.deepEqual(failover.offer.map((c) => c.manager.hostname), ['manager-2', 'manager-3']);
    assert.deepEqual(w.offered, [true]);
    assert.deepEqual(w.switched, [], 'ask: nothing switched by itself');
    assert.equal(failover.message, undefined, 'the welcome content speaks, not a message');
    assert.match(failover.statusWords().tooltip!, /Manager in use: manager-1 \(not answering\)/);

    await failover.choose(failover.offer[1]!);
    assert.deepEqual(w.switched.map(routeText), ['context m3']);
    assert.deepEqual(w.offered, [true, false], 'the offer ends with the switch');
    assert.deepEqual(w.notes, [], 'a switch the user made is not announced');
    await read('ok');
    assert.equal(failover.known?.nodeId, 'node3');
    assert.equal(failover.statusWords().node, 'manager-3');
  });

  it('auto: switches by itself once, says so, and never back to a manager that just failed', async () => {
    const { w, failover, read } = world({ mode: 'auto' });
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.deepEqual(w.switched.map(routeText), ['context m2'], 'the leader as last read');
    assert.deepEqual(w.notes, ['Swarm Services now uses the manager manager-2 (context m2 (unix:///run/m2.sock)): manager-1 stopped answering.']);
    await read('ok');

    // manager-1 is back, then manager-2 goes: manager-3, not manager-1, which failed a minute ago.
    w.engines.set(host(1), { nodeId: 'node1', clusterId: 'swarm-a' });
    await w.clock.advance(60_000);
    w.engines.set(host(2), 'down');
    await read('unreachable');
    assert.deepEqual(w.switched.map(routeText), ['context m2', 'context m3']);
    await read('ok');

    // manager-3 goes too: only manager-1 answers, and it failed recently: offered, not switched to.
    await w.clock.advance(60_000);
    w.engines.set(host(3), 'down');
    await read('unreachable');
    assert.deepEqual(w.switched.map(routeText), ['context m2', 'context m3'], 'no flapping back to manager-1');
    assert.deepEqual(failover.offer.map((c) => c.manager.hostname), ['manager-1']);
    assert.equal(w.offered.at(-1), true);
    // Further reads of the same outage ask again but do not switch by themselves.
    await w.clock.advance(10_000);
    await read('unreachable');
    assert.equal(w.switched.length, 2);
    // The user may choose it.
    await failover.choose(failover.offer[0]!);
    assert.deepEqual(w.switched.map(routeText), ['context m2', 'context m3', 'context m1']);
  });

  it('auto switches once per outage: a switch that fails leaves the offer, and is not tried again in that outage', async () => {
    const { w, failover, read } = world({ mode: 'auto' });
    await read('ok');
    w.engines.set(host(1), 'down');
    w.failSwitch = true;
    await read('unreachable');
    assert.equal(w.switched.length, 0);
    assert.deepEqual(w.offered, [true]);
    assert.ok(w.logs.some((l) => /could not switch to manager-2: the context is gone/.test(l)), w.logs.join('\n'));
    w.failSwitch = false;
    await w.clock.advance(10_000);
    await read('unreachable');
    assert.equal(w.switched.length, 0, 'not by itself again in this outage');
    assert.deepEqual(failover.offer.map((c) => c.manager.hostname), ['manager-2', 'manager-3']);
  });

  it('a manager switched to that fails before its first read is an outage of its own (its node known from its answer)', async () => {
    const { w, failover, read } = world({ mode: 'auto' });
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.equal(failover.known?.nodeId, 'node2');
    w.engines.set(host(2), 'down');
    await read('unreachable');
    assert.deepEqual(w.switched.map(routeText), ['context m2', 'context m3']);
    assert.equal(failover.known?.nodeId, 'node3');
  });

  it('the other managers electing a leader do not answer at first: asked again every retryMs, the switch made as soon as one answers, with no read of the views', async () => {
    const { w, failover, read } = world({ mode: 'auto' });
    await read('ok'); // the contexts are found now, while every manager answers
    w.engines.set(host(1), 'down');
    w.engines.set(host(2), 'electing');
    w.engines.set(host(3), 'electing');
    await read('unreachable');
    assert.deepEqual(w.switched, []);
    assert.equal(failover.message, undefined, 'endpoints are known: not said to be missing');
    await w.clock.advance(DEFAULT_TIMING.retryMs - 1);
    assert.deepEqual(w.switched, []);
    w.engines.set(host(2), { nodeId: 'node2', clusterId: 'swarm-a' });
    w.engines.set(host(3), { nodeId: 'node3', clusterId: 'swarm-a' });
    await w.clock.advance(1);
    await failover.idle();
    assert.deepEqual(w.switched.map(routeText), ['context m2']);
    assert.ok(w.logs.some((l) => /manager-2 no answer \(The Docker engine at unix:\/\/\/run\/m2\.sock did not answer in time\.\)/.test(l)), w.logs.join('\n'));
  });

  it('asked again at most DEFAULT_TIMING.retries times; an outage that ends stops asking', async () => {
    const { w, read, failover } = world({ contexts: [context(1)], setting: { 'manager-2': 'ssh://u@m2' } });
    w.engines.set('ssh://u@m2', 'electing');
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    const asked = () => w.logs.filter((l) => /^Failover: asked/.test(l)).length;
    assert.equal(asked(), 1);
    await w.clock.advance(DEFAULT_TIMING.retryMs * (DEFAULT_TIMING.retries + 5));
    await failover.idle();
    assert.equal(asked(), 1 + DEFAULT_TIMING.retries);
    assert.equal(w.clock.pending, 0);

    const b = world({ contexts: [context(1)], setting: { 'manager-2': 'ssh://u@m2' } });
    b.w.engines.set('ssh://u@m2', 'electing');
    await b.read('ok');
    b.w.engines.set(host(1), 'down');
    await b.read('unreachable');
    b.w.engines.set(host(1), { nodeId: 'node1', clusterId: 'swarm-a' });
    await b.read('ok');
    assert.equal(b.w.clock.pending, 0, 'the retry cancelled with the outage');
  });

  it('an endpoint from dockerSwarm.nodeEndpoints is used when no context reaches the manager; one of another swarm or a worker is not', async () => {
    const { w, failover, read } = world({
      contexts: [context(1)],
      setting: { 'manager-2': 'ssh://u@other-swarm', 'manager-3': 'ssh://u@m3' },
    });
    w.engines.set('ssh://u@other-swarm', { nodeId: 'node2', clusterId: 'swarm-b' });
    w.engines.set('ssh://u@m3', { nodeId: 'node3', clusterId: 'swarm-a' });
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.deepEqual(failover.offer.map((c) => `${c.manager.hostname} ${routeText(c.route)}`), ['manager-3 setting ssh://u@m3']);
    assert.ok(w.logs.some((l) => /manager-2 its engine is a manager of another swarm/.test(l)), w.logs.join('\n'));

    w.engines.set('ssh://u@m3', { nodeId: 'node3', clusterId: 'swarm-a', role: 'worker' });
    await w.clock.advance(20_000); // past the search interval and the failure cache
    await read('unreachable');
    assert.deepEqual(failover.offer, []);
    assert.equal(w.offered.at(-1), false);
    assert.equal(failover.message, undefined, 'endpoints are known: the view does not say none is');
  });

  it('no endpoint known for any other manager: the view names the managers and how to add one; none offered', async () => {
    const { w, failover, read, nodeEngines } = world({ contexts: [context(1)] });
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.deepEqual(failover.offer, []);
    assert.match(failover.message ?? '', /^The manager this editor uses, manager-1, does not answer\. The swarm's other managers, as last read: manager-2 and manager-3; no endpoint is known/);
    assert.match(failover.whyNone(), /create a docker context for its engine/);
    // The user adds an endpoint for manager-3: asked again at once (no new read of the views), offered.
    w.setting = { 'manager-3': 'unix:///run/m3.sock' };
    nodeEngines.settingChanged();
    failover.endpointsChanged();
    await failover.idle();
    const offered = (f: Failover) => f.offer.map((c) => `${c.manager.hostname} ${routeText(c.route)}`);
    assert.deepEqual(offered(failover), ['manager-3 setting unix:///run/m3.sock']);
    assert.equal(failover.message, undefined);
    assert.equal(w.offered.at(-1), true);
    // It answers again: the message goes.
    w.engines.set(host(1), { nodeId: 'node1', clusterId: 'swarm-a' });
    await read('ok');
    assert.equal(failover.message, undefined);
  });

  it('offers nothing for an endpoint never read through, a lone manager, or with failover off', async () => {
    const a = world();
    await a.read('ok');
    a.w.connected = 'tcp://127.0.0.1:1'; // the user chose a dead endpoint
    a.failover.connectionChanged();
    await a.read('unreachable');
    assert.deepEqual(a.failover.offer, []);
    assert.equal(a.failover.message, undefined);

    const lone = world({ nodes: [node(1, true)] });
    await lone.read('ok');
    lone.w.engines.set(host(1), 'down');
    await lone.read('unreachable');
    assert.equal(lone.failover.message, undefined);
    assert.match(lone.failover.whyNone(), /only one manager/);

    const off = world({ mode: 'off' });
    await off.read('ok');
    off.w.engines.set(host(1), 'down');
    await off.read('unreachable');
    assert.deepEqual([off.failover.offer, off.w.offered, off.w.switched], [[], [], []]);
  });

  it('the command while the manager in use answers: the others that answer, without the one in use', async () => {
    const { w, failover, read } = world();
    await read('ok');
    w.engines.set(host(3), 'down');
    assert.deepEqual((await failover.candidates()).candidates.map((c) => c.manager.hostname), ['manager-2']);
  });
});
