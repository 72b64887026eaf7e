import * as assert from 'node:assert/strict';
import { MAX_DATA_BYTES, parseLabel, parseLabels, validateObjectData, validateObjectName, validateTemplatingDriver } from '../../../src/swarmObjects/validation';

describe('validateObjectName', () => {
  const name64 = 'a'.repeat(64);
  for (const good of ['a', 'db-password', 'A9', 'a_b.c', 'x.y-z_1', name64]) {
    it(`accepts ${JSON.stringify(good.length > 20 ? `${good.length} characters` : good)}`, () => {
      assert.deepEqual(validateObjectName('secret', good), { ok: true, value: good });
    });
  }
  it('trims surrounding spaces', () => {
    assert.deepEqual(validateObjectName('config', '  app.conf '), { ok: true, value: 'app.conf' });
  });
  for (const [bad, words] of [
    ['', 'Enter a name'],
    ['my secret', 'a space'],
    ['a-', 'start and end'],
    ['.a', 'start and end'],
    ['_a', 'start and end'],
    ['é', '"é"'],
    ['a/b', '"/"'],
    [`${name64}b`, '65 characters'],
  ] as const) {
    it(`refuses ${JSON.stringify(bad.length > 20 ? `${bad.length} characters` : bad)} naming the field`, () => {
      const r = validateObjectName('secret', bad);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.message, /secret/);
        assert.ok(r.message.includes(words), r.message);
      }
    });
  }
  it('refuses a name taken, compared without case as the Engine does', () => {
    const r = validateObjectName('config', 'App', ['other', 'app']);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /already exists/);
    assert.equal(validateObjectName('config', 'App2', ['other', 'app']).ok, true);
  });
});

describe('validateObjectData', () => {
  it('has the Engine 20.10 limits: secret < 500 KiB, config < 1000 KiB', () => {
    assert.equal(MAX_DATA_BYTES.secret, 511_999);
    assert.equal(MAX_DATA_BYTES.config, 1_023_999);
  });
  it('accepts data up to the limit and refuses one byte more, for each kind', () => {
    for (const kind of ['secret', 'config'] as const) {
      assert.equal(validateObjectData(kind, new Uint8Array(MAX_DATA_BYTES[kind])).ok, true, kind);
      const r = validateObjectData(kind, new Uint8Array(MAX_DATA_BYTES[kind] + 1));
      assert.equal(r.ok, false, kind);
      if (!r.ok) assert.match(r.message, new RegExp(`${kind}'s data`));
    }
  });
  it('refuses a 600 KB secret with its size and the limit, and accepts a 600 KB config', () => {
    const r = validateObjectData('secret', new Uint8Array(600 * 1024));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /600 KB \(614,400 bytes\).*less than 500 KB \(at most 511,999 bytes\)/);
    assert.equal(validateObjectData('config', new Uint8Array(600 * 1024)).ok, true);
  });
  it('refuses empty data', () => {
    const r = validateObjectData('secret', new Uint8Array(0));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /empty/);
  });
  it('accepts whitespace-only data (Engine 20.10 does; older swarmkit did not)', () => {
    assert.equal(validateObjectData('secret', new TextEncoder().encode('  \n')).ok, true);
  });
  it('never echoes the data', () => {
    const secret = 'hunter2-TOP-SECRET-'.repeat(30_000);
    const r = validateObjectData('secret', new TextEncoder().encode(secret));
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(!r.message.includes('hunter2'), r.message);
  });
});

describe('parseLabel', () => {
  for (const [text, key, value] of [
    ['env=prod', 'env', 'prod'],
    ['env=', 'env', ''],
    ['a=b=c', 'a', 'b=c'],
    ['note=two words ', 'note', 'two words '],
    ['  env=prod', 'env', 'prod'],
    ['com.example.tier="web"', 'com.example.tier', '"web"'],
  ] as const) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseLabel(text), { ok: true, value: { key, value } });
    });
  }
  for (const [text, words] of [
    ['env', 'no "="'],
    ['', 'Enter a label'],
    ['=prod', 'no key'],
    ['  =prod', 'no key'],
    ['my env=prod', 'space or tab'],
    ['env\t=prod', 'space or tab'],
    ['env =prod', 'space or tab'],
  ] as const) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      const r = parseLabel(text);
      assert.equal(r.ok, false);
      if (!r.ok) assert.ok(r.message.includes(words), r.message);
    });
  }
  it('says how to write an empty value when "=" is missing', () => {
    const r = parseLabel('env');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /key= for an empty value/);
  });
});

describe('parseLabels', () => {
  it('reads several, skipping blank entries, the last of a key winning as in the CLI', () => {
    assert.deepEqual(parseLabels(['a=1', '', 'b=2', 'a=3']), { ok: true, value: { a: '3', b: '2' } });
  });
  it('stops at the first bad one', () => {
    assert.equal(parseLabels(['a=1', 'oops']).ok, false);
  });
});

describe('validateTemplatingDriver', () => {
  it('takes none or golang only', () => {
    assert.deepEqual(validateTemplatingDriver(undefined), { ok: true, value: undefined });
    assert.deepEqual(validateTemplatingDriver(' '), { ok: true, value: undefined });
    assert.deepEqual(validateTemplatingDriver('golang'), { ok: true, value: { Name: 'golang' } });
    for (const bad of ['Golang', 'go', 'jinja']) {
      const r = validateTemplatingDriver(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.match(r.message, /templating driver/);
    }
  });
});
