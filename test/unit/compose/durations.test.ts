import * as assert from 'node:assert/strict';
import { parseGoDuration } from '../../../src/compose/durations';

// Expected values are Go's time.ParseDuration results (as CLI 28.2.2 sends them, in nanoseconds).
const ok = (text: string): number => {
  const r = parseGoDuration(text);
  assert.ok(r.ok, `${text}: ${r.ok ? '' : r.error}`);
  return r.value;
};
const err = (text: string): string => {
  const r = parseGoDuration(text);
  assert.ok(!r.ok, `${text} should not parse`);
  return r.error;
};

describe('parseGoDuration', () => {
  it('reads the forms a compose file uses', () => {
    assert.equal(ok('1m30s'), 90_000_000_000);
    assert.equal(ok('1.5h'), 5_400_000_000_000);
    assert.equal(ok('500ms'), 500_000_000);
    assert.equal(ok('10s'), 10_000_000_000);
    assert.equal(ok('0s'), 0);
    assert.equal(ok('0'), 0);
    assert.equal(ok('2h45m0.5s'), 9_900_500_000_000);
    assert.equal(ok('1us'), 1000);
    assert.equal(ok('1µs'), 1000);
    assert.equal(ok('1μs'), 1000);
    assert.equal(ok('3ns'), 3);
    assert.equal(ok('.5s'), 500_000_000);
    assert.equal(ok('5.s'), 5_000_000_000);
  });
  it('keeps the sign and is exact below a microsecond', () => {
    assert.equal(ok('-2s'), -2_000_000_000);
    assert.equal(ok('+2s'), 2_000_000_000);
    assert.equal(ok('1.000000001s'), 1_000_000_001);
    assert.equal(ok('0.0000000019s'), 1); // truncated, as Go does
  });
  it('says what is wrong', () => {
    assert.match(err('10'), /no unit/);
    assert.match(err('1x'), /unknown unit "x"/);
    assert.match(err(''), /empty/);
    assert.match(err('s'), /expected a number/);
    assert.match(err('.s'), /dot needs digits/);
    assert.match(err('1m 30s'), /unknown unit "m "/);
    assert.match(err('3000000h'), /too long/);
  });
});
