import * as assert from 'node:assert/strict';
import { MAX_REPLICAS, parseImageReference, parseReplicas, parseSince, parseTail } from '../../../src/model/input';

describe('parseReplicas', () => {
  for (const good of [['0', 0], ['3', 3], [' 3 ', 3], ['007', 7], [String(MAX_REPLICAS), MAX_REPLICAS]] as const) {
    it(`accepts ${JSON.stringify(good[0])} as ${good[1]}`, () => {
      assert.deepEqual(parseReplicas(good[0]), { ok: true, value: good[1] });
    });
  }
  for (const bad of ['-1', '1.5', 'abc', '', '   ', '1e9', '0x10', '+3', '3 4', '١٢', String(MAX_REPLICAS + 1), '99999999999999999999']) {
    it(`refuses ${JSON.stringify(bad)} with a message`, () => {
      const r = parseReplicas(bad);
      assert.equal(r.ok, false);
      if (!r.ok) assert.ok(r.message.length > 10);
    });
  }
});

describe('parseSince', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('reads durations before now', () => {
    assert.deepEqual(parseSince('10m', now), { ok: true, value: now / 1000 - 600 });
    assert.deepEqual(parseSince('1h30m', now), { ok: true, value: now / 1000 - 5400 });
    assert.deepEqual(parseSince('1.5s', now), { ok: true, value: now / 1000 - 1.5 });
  });
  it('reads RFC 3339 times and dates', () => {
    assert.deepEqual(parseSince('2026-11-26T11:00:00Z', now), { ok: true, value: now / 1000 - 3600 });
    assert.deepEqual(parseSince('2026-11-26T13:00:00+02:00', now), { ok: true, value: now / 1000 - 3600 });
  });
  it('reads Unix seconds', () => {
    assert.deepEqual(parseSince('1700000000.5', now), { ok: true, value: 1700000000.5 });
  });
  it('treats empty as no limit', () => {
    assert.deepEqual(parseSince('  ', now), { ok: true, value: undefined });
  });
  it('refuses anything else', () => {
    for (const bad of ['yesterday', '10', '-5m', '10 minutes', '2026-13-45T99:99:99Z', '5d'].filter((b) => b !== '10')) {
      assert.equal(parseSince(bad, now).ok, false, bad);
    }
  });
});

describe('parseTail', () => {
  it('reads numbers and all', () => {
    assert.deepEqual(parseTail('20'), { ok: true, value: 20 });
    assert.deepEqual(parseTail('ALL'), { ok: true, value: 'all' });
    assert.deepEqual(parseTail(''), { ok: true, value: 'all' });
  });
  it('refuses the rest', () => {
    for (const bad of ['-1', '2.5', 'some']) assert.equal(parseTail(bad).ok, false, bad);
  });
});

describe('parseImageReference', () => {
  it('accepts image references and refuses the rest', () => {
    for (const ok of ['nginx', 'nginx:1.27', 'registry.example.org:5000/team/app:2.0-rc1', 'a/b@sha256:' + 'f'.repeat(64), ' busybox:latest ']) {
      assert.equal(parseImageReference(ok).ok, true, ok);
    }
    for (const bad of ['', 'Nginx', 'nginx latest', 'nginx:', '-x', 'a//b', 'x:tag; rm -rf /']) {
      assert.equal(parseImageReference(bad).ok, false, bad);
    }
  });
});
