// Switch to Another Manager racing what failover does by itself: the automatic search switches
// while the command waits for it, the manager answers again during the command's search, two
// switches asked at once; and the command's own search never switches by itself, even in auto.
import * as assert from 'node:assert/strict';
import { switchManager } from '../../../src/commands/switchManager';
import { DEFAULT_TIMING } from '../../../src/failover/policy';
import { commandContext, hold, host, routeText, settle, world } from './world';

/** manager-1 stopped and the others' answers held: a search is in flight once `start` is called. */
function heldOutage(mode: 'ask' | 'auto') {
  const t = world({ mode });
  const held = () => [hold(t.w, host(2)), hold(t.w, host(3))];
  /** Read once through manager 1, which then stops: the outage's search starts, the others' answers held. */
  const lose = async () => {
    await t.read('ok');
    t.w.engines.set(host(1), 'down');
    const answers = held();
    t.w.store.state = 'unreachable';
    t.failover.storeRefreshed();
    return answers;
  };
  return { ...t, held, lose };
}

describe('failover: Switch to Another Manager and what failover does by itself', () => {
  it('auto: run while the automatic search is in flight, which switches: says which manager is in use, no pick, one switch', async () => {
    const { w, failover, lose } = heldOutage('auto');
    const answers = await lose();
    const { ctx, shown } = commandContext(failover, w);
    const command = switchManager(ctx);
    await settle();
    answers.forEach((a) => a.release());
    assert.equal(await command, 'unix:///run/m2.sock');
    assert.deepEqual(w.switched.map(routeText), ['context m2']);
    assert.deepEqual(shown.picks, []);
    assert.deepEqual(shown.infos, ['Swarm Services now uses the manager manager-2 (unix:///run/m2.sock): no other switch is needed.']);
  });

  it('ask: the manager answers again during the command\'s search: said so, nothing offered or switched', async () => {
    const { w, failover, read, held } = heldOutage('ask');
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    assert.equal(failover.offering, true);
    const answers = held();
    const { ctx, shown } = commandContext(failover, w);
    const command = switchManager(ctx);
    await settle();
    w.engines.set(host(1), { nodeId: 'node1', clusterId: 'swarm-a' });
    w.store.state = 'ok';
    failover.storeRefreshed();
    answers.forEach((a) => a.release());
    assert.equal(await command, 'unix:///run/m1.sock');
    assert.deepEqual([w.switched, shown.picks], [[], []]);
    assert.deepEqual(shown.infos, ['The manager in use, manager-1, answers again: no switch is needed.']);
  });

  it('two switches asked at once are made one after the other: the second, found under the connection left, is not made', async () => {
    const { w, failover, read } = world();
    await read('ok');
    w.engines.set(host(1), 'down');
    await read('unreachable');
    const found = await failover.candidates();
    assert.deepEqual(found.candidates.map((c) => c.manager.hostname), ['manager-2', 'manager-3']);
    const [first, second] = await Promise.all(found.candidates.map((c) => failover.choose(c, found.under)));
    assert.deepEqual(w.switched.map(routeText), ['context m2']);
    assert.equal(first, undefined);
    assert.equal(second, 'Swarm Services now uses the manager manager-2 (unix:///run/m2.sock): no other switch is needed.');
  });

  it('auto: the command\'s own search (none in flight) offers the managers and switches nothing by itself', async () => {
    const { w, failover, read } = world({ mode: 'auto' });
    await read('ok');
    w.engines.set(host(1), 'down');
    for (const n of [2, 3]) w.engines.set(host(n), 'electing');
    await read('unreachable');
    assert.equal(w.clock.pending, 1, 'asked again later');
    for (const n of [2, 3]) w.engines.set(host(n), { nodeId: `node${n}`, clusterId: 'swarm-a' });
    const found = await failover.candidates(); // before the retry is due
    assert.deepEqual(found.candidates.map((c) => c.manager.hostname), ['manager-2', 'manager-3']);
    assert.deepEqual(w.switched, [], 'the user decides');
    await failover.choose(found.candidates[1]!, found.under);
    assert.deepEqual(w.switched.map(routeText), ['context m3']);
    assert.deepEqual(w.notes, [], 'the user\'s own switch is not announced');
    assert.equal(w.clock.pending, 0, 'the retry ended with the outage');
    await w.clock.advance(DEFAULT_TIMING.retryMs * 2);
    assert.equal(w.switched.length, 1);
  });

  it('the connection changes while the other managers are asked: what they answer is neither offered nor switched to', async () => {
    const { w, failover, lose } = heldOutage('auto');
    const answers = await lose();
    await settle();
    w.connected = host(3); // the user selected another context meanwhile
    failover.connectionChanged();
    answers.forEach((a) => a.release());
    await settle();
    await failover.idle();
    assert.deepEqual([w.switched, w.notes], [[], []]);
    assert.ok(!w.offered.includes(true), `offered: ${w.offered.join()}`);
  });

  it('auto: a manager the user chose again is no longer kept out of automatic switches', async () => {
    const { w, failover, read } = world({ mode: 'auto' });
    await read('ok');
    // The views cannot read manager-1 (its engine still answers others, so its context stays known).
    await read('unreachable');
    assert.deepEqual(w.switched.map(routeText), ['context m2']);
    await read('ok');
    // The user goes back to manager-1, then to manager-2 (the leader), by the command.
    for (const name of ['manager-1', 'manager-2']) {
      const found = await failover.candidates();
      await failover.choose(found.candidates.find((c) => c.manager.hostname === name)!, found.under);
      await read('ok');
    }
    await w.clock.advance(60_000);
    await read('unreachable');
    assert.deepEqual(w.switched.map(routeText), ['context m2', 'context m1', 'context m2', 'context m1'], 'manager-1, asked first, was forgiven');
  });
});
