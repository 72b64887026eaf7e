import * as assert from 'node:assert/strict';
import { parseNodeLabel, parseNodeLabelKey, withNodeLabel, withoutNodeLabel } from '../../../src/swarmObjects/nodeLabels';

describe('node labels', () => {
  it('reads key=value for Add Node Label, refusing what the CLI refuses and a missing "="', () => {
    assert.deepEqual(parseNodeLabel('zone=eu-west'), { ok: true, value: { key: 'zone', value: 'eu-west' } });
    assert.deepEqual(parseNodeLabel('ssd='), { ok: true, value: { key: 'ssd', value: '' } });
    for (const bad of ['zone', '=eu', 'my zone=eu', '']) assert.equal(parseNodeLabel(bad).ok, false, bad);
  });
  it('takes an existing key for Remove Node Label, and names the node\'s keys otherwise', () => {
    const labels = { zone: 'eu', ' odd': 'x' };
    assert.deepEqual(parseNodeLabelKey(' zone ', labels), { ok: true, value: 'zone' });
    assert.deepEqual(parseNodeLabelKey(' odd', labels), { ok: true, value: ' odd' });
    const r = parseNodeLabelKey('region', labels);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /no label "region".*"zone"/);
    const none = parseNodeLabelKey('zone', undefined);
    assert.equal(none.ok, false);
    if (!none.ok) assert.match(none.message, /has no labels/);
    assert.equal(parseNodeLabelKey('  ', labels).ok, false);
  });
  it('changes only the labels of the spec, without modifying it', () => {
    const spec = { Role: 'worker', Availability: 'active', Labels: { zone: 'eu' } };
    assert.deepEqual(withNodeLabel(spec, 'ssd', 'true'), { Role: 'worker', Availability: 'active', Labels: { zone: 'eu', ssd: 'true' } });
    assert.deepEqual(withNodeLabel(spec, 'zone', 'us'), { Role: 'worker', Availability: 'active', Labels: { zone: 'us' } });
    assert.deepEqual(withoutNodeLabel(spec, 'zone'), { Role: 'worker', Availability: 'active', Labels: {} });
    assert.deepEqual(withNodeLabel({ Role: 'manager' }, 'a', 'b'), { Role: 'manager', Labels: { a: 'b' } });
    assert.deepEqual(spec.Labels, { zone: 'eu' });
  });
});
