// Loading a stack file as docker stack deploy does: YAML facts (checked against `docker stack
// config` / `docker stack deploy` of CLI 28.2.2, which reads YAML with go-yaml v3), positions,
// ignored and refused keys, and the whole pipeline's order.
import * as assert from 'node:assert/strict';
import { loadCompose } from '../../../src/compose/load';
import { resolvePlainScalar } from '../../../src/compose/goYamlScalar';
import type { ComposeIssue } from '../../../src/compose/types';

/** Reads a nested value of a plain JSON tree (tests only). */
interface Tree { [key: string]: Tree }
const tree = (v: unknown): Tree => v as Tree;

const load = (text: string, env: Record<string, string> = {}) => loadCompose(text, { env });
const errors = (issues: ComposeIssue[]) => issues.filter((i) => i.severity === 'error');
const service = (text: string) => tree(load(text).config).services.web;
const env1 = (value: string) => service(`services:\n  web:\n    image: a\n    environment:\n      A: ${value}\n`).environment.A;

describe('compose load: YAML as the CLI reads it', () => {
  it('keeps yes/no/on/off/y/Yes as strings (YAML 1.2, CLI 28.2.2)', () => {
    for (const s of ['yes', 'no', 'on', 'off', 'y', 'Yes']) assert.equal(env1(s), s);
    assert.equal(env1('true'), true);
  });

  it('reads 0440 as octal 288, 0o17 as 15, 0x1F as 31, 0b101 as 5 and 1_000 as 1000 (CLI 28.2.2)', () => {
    assert.equal(env1('0440'), 288);
    assert.equal(env1('0o17'), 15);
    assert.equal(env1('0x1F'), 31);
    assert.equal(env1('0b101'), 5);
    assert.equal(env1('1_000'), 1000);
    assert.equal(env1('"0440"'), '0440');
  });

  it('keeps 80:80, 1:30 and 190:20:30 as strings (no YAML 1.1 sexagesimal, CLI 28.2.2)', () => {
    assert.equal(env1('80:80'), '80:80');
    assert.equal(env1('1:30'), '1:30');
    assert.equal(env1('190:20:30'), '190:20:30');
  });

  it('reads ~, null and NULL as null, floats as numbers, dates as Go timestamps (CLI 28.2.2)', () => {
    assert.equal(env1('~'), null);
    assert.equal(env1('NULL'), null);
    assert.equal(env1('1e3'), 1000);
    assert.equal(env1('.5'), 0.5);
    assert.equal(env1('012.5'), 12.5);
    assert.equal(env1('2001-01-01'), '2001-01-01 00:00:00 +0000 UTC');
    assert.deepEqual(resolvePlainScalar('+12'), { kind: 'int', value: 12 });
    assert.deepEqual(resolvePlainScalar('08'), { kind: 'float', value: 8 });
  });

  it('refuses .inf, which the CLI cannot turn into JSON (CLI 28.2.2)', () => {
    const r = load('services:\n  web:\n    image: a\n    environment:\n      A: .inf\n');
    assert.equal(errors(r.issues).length, 1);
  });

  it('refuses a duplicate key, at the second one (CLI 28.2.2: "mapping key already defined")', () => {
    const text = 'services:\n  web:\n    image: a\n    image: b\n';
    const r = load(text);
    const [e] = errors(r.issues);
    assert.match(e.message, /services\.web\.image is defined twice \(first on line 3\)/);
    const range = r.rangeOf(e.path, e.onKey)!;
    assert.equal(range.start, text.lastIndexOf('image'));
    assert.equal(errors(load('services:\n  web:\n    image: a\n').issues).length, 0);
  });

  it('refuses an alias to an anchor not defined before it, at the alias (CLI 28.2.2: "unknown anchor")', () => {
    for (const text of ['services:\n  web:\n    image: busybox\n    environment: *nowhere\n', 'services:\n  web:\n    <<: *nowhere\n    image: busybox\n']) {
      const r = loadCompose(text, { env: {} });
      const issue = r.issues.find((i) => /refers to no anchor &nowhere/.test(i.message));
      assert.ok(issue, `an error for ${JSON.stringify(text)}: ${r.issues.map((i) => i.message).join(' | ')}`);
      assert.equal(issue.severity, 'error');
      assert.equal(text.slice(issue.range!.start, issue.range!.end), '*nowhere');
    }
    assert.deepEqual(loadCompose('x-a: &here {A: "1"}\nservices:\n  web:\n    image: busybox\n    environment: *here\n', { env: {} }).issues, []);
  });

  it('refuses keys that are not strings, such as 1 or true (CLI 28.2.2)', () => {
    assert.match(errors(load('services:\n  web:\n    image: a\n    1: b\n').issues)[0].message, /quote it/);
    assert.match(errors(load('services:\n  web:\n    image: a\n    true: b\n').issues)[0].message, /boolean/);
    assert.equal(errors(load('services:\n  web:\n    image: a\n    "1": b\n').issues)[0]?.message.includes('quote'), false);
  });

  it('applies merge keys: written keys win, and in a list the first map wins (CLI 28.2.2)', () => {
    const web = service('x-a: &a\n  image: a\n  user: u1\nx-b: &b\n  user: u2\n  hostname: h\nservices:\n  web:\n    <<: [*a, *b]\n    hostname: mine\n');
    assert.deepEqual(web, { hostname: 'mine', image: 'a', user: 'u1' });
    assert.deepEqual(service('x-a: &a\n  image: a\nservices:\n  web:\n    <<: *a\n'), { image: 'a' });
  });

  it('resolves aliases, and keeps x- extension fields at the top and in services (CLI 28.2.2)', () => {
    const r = load('x-img: &img busybox\nservices:\n  web:\n    image: *img\n    x-foo: bar\n');
    assert.deepEqual(r.config, { 'x-img': 'busybox', services: { web: { image: 'busybox', 'x-foo': 'bar' } } });
    assert.equal(errors(r.issues).length, 0);
  });

  it('refuses YAML that cannot be parsed, with the place, and a top level that is not a mapping', () => {
    const r = load('services:\n  web: [a\n');
    assert.equal(r.config, undefined);
    assert.ok(r.issues[0].range);
    assert.equal(load('- a\n').config, undefined);
    assert.match(load('').issues[0].message, /must be a mapping/);
  });
});

describe('compose load: positions', () => {
  const text = 'version: "3.8"\nservices:\n  web:\n    image: a\n    deploy:\n      replicas: ten\n';

  it('gives the value range, or the key range with onKey', () => {
    const r = load(text);
    const value = r.rangeOf(['services', 'web', 'deploy', 'replicas'])!;
    assert.equal(text.slice(value.start, value.end), 'ten');
    const key = r.rangeOf(['services', 'web', 'deploy', 'replicas'], true)!;
    assert.equal(text.slice(key.start, key.end), 'replicas');
  });

  it('falls back to the nearest existing parent, on its key', () => {
    const r = load(text);
    const range = r.rangeOf(['services', 'web', 'deploy', 'placement', 'constraints'])!;
    assert.equal(text.slice(range.start, range.end), 'deploy');
  });

  it('puts list items and merged keys where they are written', () => {
    const t = 'x-a: &a\n  user: u\nservices:\n  web:\n    <<: *a\n    ports:\n      - "80:80"\n';
    const r = load(t);
    const item = r.rangeOf(['services', 'web', 'ports', 0])!;
    assert.equal(t.slice(item.start, item.end), '"80:80"');
    const merged = r.rangeOf(['services', 'web', 'user'])!;
    assert.equal(t.slice(merged.start, merged.end), '*a');
  });

  it('points each schema error at its line', () => {
    const r = load(text);
    const [e] = errors(r.issues);
    assert.match(e.message, /services\.web\.deploy\.replicas must be an integer/);
    const range = r.rangeOf(e.path, e.onKey)!;
    assert.equal(text.slice(0, range.start).split('\n').length, 6);
  });
});

describe('compose load: ignored and refused keys', () => {
  it('warns on the key for each option the CLI ignores (list checked with CLI 28.2.2)', () => {
    const text = 'services:\n  web:\n    image: a\n    build: .\n    restart: always\n    container_name: c\n    expose: ["80"]\n    cap_add: [NET_ADMIN]\n';
    const r = load(text);
    assert.equal(errors(r.issues).length, 0);
    const warned = r.issues.filter((i) => i.severity === 'warning').map((i) => String(i.path[2]));
    assert.deepEqual(warned.sort(), ['build', 'container_name', 'expose', 'restart']);
    const build = r.issues.find((i) => i.path[2] === 'build')!;
    assert.equal(build.onKey, true);
    assert.match(build.message, /Ignoring unsupported options: build/);
    const range = r.rangeOf(build.path, true)!;
    assert.equal(text.slice(range.start, range.end), 'build');
  });

  it('refuses extends, cpu_shares, mem_limit... and does not call them unknown keys too (CLI 28.2.2)', () => {
    const r = load('services:\n  web:\n    image: a\n    extends: other\n    cpu_shares: 5\n    mem_limit: 1g\n');
    const e = errors(r.issues);
    assert.deepEqual(e.map((i) => i.path[2]).sort(), ['cpu_shares', 'extends', 'mem_limit']);
    assert.ok(e.every((i) => i.onKey && /not allowed in a stack file/.test(i.message)));
  });

  it('looks for refused keys before interpolation, as the CLI does (CLI 28.2.2)', () => {
    const r = load('services:\n  web:\n    image: a\n    extends: ${UNSET:?x}\n');
    assert.ok(errors(r.issues).some((i) => /not allowed in a stack file/.test(i.message)));
  });
});

describe('compose load: the loader checks after the schema', () => {
  const check = (body: string) => errors(load(`services:\n  web:\n    image: a\n${body}`).issues).map((i) => i.message);

  it('refuses a negative replicas count (CLI 28.2.2: overflows uint)', () => {
    assert.match(check('    deploy:\n      replicas: -1\n')[0], /cannot be negative/);
    assert.deepEqual(check('    deploy:\n      replicas: 0\n'), []);
  });

  it('refuses a memory size the CLI cannot read (CLI 28.2.2: invalid suffix)', () => {
    assert.match(check('    deploy:\n      resources:\n        limits:\n          memory: 10xb\n')[0], /must be a size/);
    assert.deepEqual(check('    deploy:\n      resources:\n        limits:\n          memory: 1.5G\n'), []);
  });

  it('refuses a bind mount without a source (CLI 28.2.2)', () => {
    assert.match(check('    volumes:\n      - type: bind\n        target: /x\n')[0], /needs a source/);
  });

  it('refuses external volumes with a driver, and external.name with name (CLI 28.2.2)', () => {
    assert.match(check('volumes:\n  v:\n    external: true\n    driver: local\n')[0], /cannot also set driver/);
    assert.deepEqual(check('volumes:\n  v:\n    external: true\n'), []);
    assert.match(check('networks:\n  n:\n    external:\n      name: foo\n    name: bar\n')[0], /external\.name and name conflict/);
    const warn = load('services:\n  web:\n    image: a\nnetworks:\n  n:\n    external:\n      name: foo\n').issues;
    assert.match(warn[0].message, /deprecated/);
    assert.equal(warn[0].severity, 'warning');
  });

  it('refuses a secret with both driver and file (CLI 28.2.2)', () => {
    assert.match(check('secrets:\n  s:\n    driver: foo\n    file: ./x\n')[0], /driver and file conflict/);
  });
});
