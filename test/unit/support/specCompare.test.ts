// The parity tier's comparison: it must name the first differing field, in a stable order.
import { strict as assert } from 'node:assert';
import { assertSameSpecs, firstDifference } from '../../support/specCompare';

describe('specCompare', () => {
  it('finds nothing between equal values, whatever the key order', () => {
    assert.equal(firstDifference({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 }), undefined);
  });

  it('names the first differing path in sorted key order, with list indexes', () => {
    const d = firstDifference({ z: 1, a: { list: ['x', 'y'] } }, { z: 2, a: { list: ['x', 'Y'] } });
    assert.deepEqual(d, { path: 'a.list[1]', expected: 'y', actual: 'Y' });
  });

  it('treats an absent key and an undefined value alike, but not null', () => {
    assert.equal(firstDifference({ a: undefined }, {}), undefined);
    assert.deepEqual(firstDifference({ a: null }, {}), { path: 'a', expected: null, actual: undefined });
  });

  it('sees a missing list element and a type change', () => {
    assert.equal(firstDifference({ l: [1, 2] }, { l: [1] })?.path, 'l[1]');
    assert.equal(firstDifference({ v: '1' }, { v: 1 })?.path, 'v');
    assert.equal(firstDifference({ v: {} }, { v: [] })?.path, 'v');
  });

  it('fails with both values and the sides named', () => {
    assert.throws(() => assertSameSpecs({ s: { Env: ['A=1'] } }, { s: { Env: ['A=2'] } }, 'the stacks'), /the stacks differ at s\.Env\[0\]: CLI has "A=1", extension has "A=2"/);
    assert.doesNotThrow(() => assertSameSpecs({ s: 1 }, { s: 1 }, 'the stacks'));
  });
});
