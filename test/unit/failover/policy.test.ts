// The ask/auto decision and the guard against flapping: auto switches once per outage, to the
// first candidate that did not fail recently; otherwise the view offers the switch.
import * as assert from 'node:assert/strict';
import type { Candidate } from '../../../src/failover/managers';
import { decide, failoverMode, FlapGuard, FLAP_GUARD_MS, type DecisionInput } from '../../../src/failover/policy';

const c = (n: number): Candidate => ({ nodeId: `node${n}`, manager: { id: `node${n}`, hostname: `manager-${n}`, leader: false }, route: { kind: 'setting', host: `ssh://u@m${n}` } });
const input = (over: Partial<DecisionInput>): DecisionInput => ({ mode: 'ask', candidates: [c(2), c(3)], switchedThisOutage: false, recentlyFailed: () => false, ...over });
const kindOf = (d: ReturnType<typeof decide>) => (d.kind === 'switch' ? `switch ${d.to.nodeId}` : d.kind);

describe('failover: ask or auto', () => {
  it('ask offers every candidate; off and no candidate do nothing', () => {
    const d = decide(input({}));
    assert.equal(d.kind, 'offer');
    assert.deepEqual(d.kind === 'offer' && d.candidates.map((x) => x.nodeId), ['node2', 'node3']);
    assert.equal(kindOf(decide(input({ mode: 'off' }))), 'none');
    assert.equal(kindOf(decide(input({ candidates: [] }))), 'none');
    assert.equal(kindOf(decide(input({ mode: 'auto', candidates: [] }))), 'none');
  });

  it('auto switches to the first candidate, once per outage', () => {
    assert.equal(kindOf(decide(input({ mode: 'auto' }))), 'switch node2');
    assert.equal(kindOf(decide(input({ mode: 'auto', switchedThisOutage: true }))), 'offer');
  });

  it('auto passes over a manager that failed recently, and only offers when every candidate did', () => {
    assert.equal(kindOf(decide(input({ mode: 'auto', recentlyFailed: (id) => id === 'node2' }))), 'switch node3');
    assert.equal(kindOf(decide(input({ mode: 'auto', recentlyFailed: () => true }))), 'offer');
  });

  it('the setting: ask unless auto or off', () => {
    assert.deepEqual(['ask', 'auto', 'off', 'AUTO', undefined, 3].map(failoverMode), ['ask', 'auto', 'off', 'ask', 'ask', 'ask']);
  });
});

describe('failover: the flap guard', () => {
  it('keeps a failed manager out for FLAP_GUARD_MS, unless the user chose it', () => {
    const clock = { t: 1000 };
    const guard = new FlapGuard(() => clock.t);
    assert.equal(guard.recentlyFailed('node1'), false);
    guard.failed('node1');
    guard.failed('node2');
    clock.t += FLAP_GUARD_MS - 1;
    assert.equal(guard.recentlyFailed('node1'), true);
    guard.forgive('node2');
    assert.equal(guard.recentlyFailed('node2'), false);
    clock.t += 1;
    assert.equal(guard.recentlyFailed('node1'), false);
  });
});
