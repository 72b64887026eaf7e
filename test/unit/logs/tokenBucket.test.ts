import * as assert from 'node:assert/strict';
import { TokenBucket } from '../../../src/logs/tokenBucket';

describe('TokenBucket', () => {
  it('starts full, refills at the rate after spending, and never beyond its capacity', () => {
    let t = 0;
    const b = new TokenBucket(1000, 400, { now: () => t });
    assert.equal(b.available(), 400, 'full at first');
    b.spend(400);
    assert.equal(b.available(), 0);
    t = 250;
    assert.equal(b.available(), 250, 'a quarter second earns a quarter of the rate');
    t = 60_000;
    assert.equal(b.available(), 400, 'a quiet spell fills it, no more');
  });

  it('may be overdrawn, and says how long the debt takes to clear', () => {
    let t = 0;
    const b = new TokenBucket(10_000, 10_000, { now: () => t });
    assert.equal(b.msToClear(), 0);
    b.spend(12_000);
    assert.equal(b.available(), -2000);
    assert.equal(b.msToClear(), 200, '2,000 at 10,000 a second');
    b.spend(1);
    assert.equal(b.msToClear(), 201, 'rounded up to a whole millisecond');
    t = 100;
    assert.equal(b.available(), -1001);
    t = 201;
    assert.ok(b.available() >= 0);
    assert.equal(b.msToClear(), 0);
  });

  it('the capacity defaults to a second at the rate', () => {
    const b = new TokenBucket(5000, undefined, { now: () => 0 });
    assert.equal(b.capacity, 5000);
    assert.equal(b.available(), 5000);
  });
});
