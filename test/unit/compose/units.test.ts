import * as assert from 'node:assert/strict';
import { parseNanoCpus, parseRamInBytes } from '../../../src/compose/units';

const bytes = (v: string | number): number => {
  const r = parseRamInBytes(v);
  assert.ok(r.ok, `${v}: ${r.ok ? '' : r.error}`);
  return r.value;
};
const cpus = (v: string): number => {
  const r = parseNanoCpus(v);
  assert.ok(r.ok, `${v}: ${r.ok ? '' : r.error}`);
  return r.value;
};

describe('parseRamInBytes (go-units RAMInBytes)', () => {
  it('uses binary multiples, any case, optional i and b (checked against CLI 28.2.2)', () => {
    assert.equal(bytes('50M'), 52_428_800);
    assert.equal(bytes('20M'), 20_971_520);
    assert.equal(bytes('1g'), 1_073_741_824);
    assert.equal(bytes('1.5g'), 1_610_612_736);
    assert.equal(bytes('4 m'), 4_194_304);
    assert.equal(bytes('10000000'), 10_000_000);
    assert.equal(bytes('2GiB'), 2 * 1024 ** 3);
    assert.equal(bytes('3kb'), 3072);
    assert.equal(bytes('7b'), 7);
    assert.equal(bytes('1.9'), 1);
    assert.equal(bytes(4096), 4096);
  });
  it('refuses a bad unit or a missing number', () => {
    const bad = (v: string): string => {
      const r = parseRamInBytes(v);
      assert.ok(!r.ok, `${v} should not parse`);
      return r.error;
    };
    assert.match(bad('12X'), /unknown unit "x"/);
    assert.match(bad('1kx'), /unknown unit "kx"/);
    assert.match(bad('1bb'), /unknown unit "bb"/);
    assert.match(bad('1kbi'), /unknown unit "kbi"/);
    assert.match(bad('m'), /no number/);
    assert.match(bad('1.2.3m'), /not a number/);
  });
});

describe('parseNanoCpus (the CLI ParseCPUs)', () => {
  it('turns an exact rational into NanoCPUs', () => {
    assert.equal(cpus('0.5'), 500_000_000);
    assert.equal(cpus('0.25'), 250_000_000);
    assert.equal(cpus('1/2'), 500_000_000);
    assert.equal(cpus('2'), 2_000_000_000);
    assert.equal(cpus('1e-3'), 1_000_000);
    assert.equal(cpus('0.000000001'), 1);
  });
  it('refuses what is not a number or too precise', () => {
    const a = parseNanoCpus('abc');
    assert.ok(!a.ok && /not a number of CPUs/.test(a.error));
    const b = parseNanoCpus('0.0000000001');
    assert.ok(!b.ok && /too precise/.test(b.error));
    assert.equal(parseNanoCpus('1/0').ok, false);
  });
});
