// The schema rules, each with a passing and a failing example; the version facts and messages'
// subjects were checked against `docker stack config` of CLI 28.2.2.
import * as assert from 'node:assert/strict';
import { loadCompose } from '../../../src/compose/load';
import { isGoDuration, portSpecProblem } from '../../../src/compose/schemaFormats';

const problems = (text: string) => loadCompose(text, { env: {} }).issues.filter((i) => i.severity === 'error');
const svc = (body: string, version = '') => problems(`${version}services:\n  web:\n    image: a\n${body}`);
const ok = (body: string, version = '') => assert.deepEqual(svc(body, version).map((i) => i.message), []);
const bad = (body: string, pattern: RegExp, version = '') => {
  const found = svc(body, version);
  assert.ok(found.some((i) => pattern.test(i.message)), `${pattern} not in ${JSON.stringify(found.map((i) => i.message))}`);
};

describe('compose schema: versions', () => {
  it('without version: uses 3.13; "3" means 3.13 (CLI 28.2.2)', () => {
    ok('    oom_score_adj: 5\n');
    ok('    oom_score_adj: 5\n', 'version: "3"\n');
  });

  it('refuses a version that is not a string, such as 3.8 unquoted (CLI 28.2.2: version must be a string)', () => {
    bad('', /^version must be a string/, 'version: 3.8\n');
    ok('', 'version: "3.8"\n');
  });

  it('refuses versions it has no schema for: "2", "3.14" (CLI 28.2.2)', () => {
    bad('', /version 2 is not/, 'version: "2"\n');
    bad('', /version 3\.14 is not/, 'version: "3.14"\n');
  });

  it('refuses a top-level name: (CLI 28.2.2: Additional property name is not allowed)', () => {
    const [e] = problems('name: foo\nservices:\n  web:\n    image: a\n');
    assert.deepEqual(e.path, ['name']);
    assert.equal(e.onKey, true);
  });

  it('knows keys by version: init needs 3.7, x- keys at the top need 3.4', () => {
    ok('    init: true\n', 'version: "3.7"\n');
    bad('    init: true\n', /init needs a newer file format: version 3\.7/, 'version: "3.6"\n');
    assert.equal(problems('version: "3.3"\nx-a: 1\nservices: {}\n').length, 1);
    assert.equal(problems('version: "3.4"\nx-a: 1\nservices: {}\n').length, 0);
  });
});

describe('compose schema: rules', () => {
  it('refuses unknown keys, on the key (CLI 28.2.2: Additional property bogus is not allowed)', () => {
    const [e] = svc('    deploy:\n      bogus: 1\n');
    assert.deepEqual(e.path, ['services', 'web', 'deploy', 'bogus']);
    assert.equal(e.onKey, true);
    ok('    x-anything: {a: 1}\n');
  });

  it('refuses service names outside letters, digits, ., _ and - (CLI 28.2.2)', () => {
    assert.match(problems('services:\n  "we b":\n    image: a\n')[0].message, /is not a valid name/);
  });

  it('checks types: a quoted replicas is a string (CLI 28.2.2: must be a integer)', () => {
    bad('    deploy:\n      replicas: "3"\n', /replicas must be an integer/);
    ok('    deploy:\n      replicas: 3\n');
    bad('    command: 5\n', /command must be a string or a list of strings/);
    ok('    command: [sh, -c, "true"]\n');
  });

  it('checks durations (CLI 28.2.2: Does not match format duration; an integer must be a string)', () => {
    bad('    stop_grace_period: 10x\n', /must be a duration/);
    bad('    stop_grace_period: 10\n', /must be a string/);
    ok('    stop_grace_period: 1m30s\n');
    assert.ok(isGoDuration('1.5h') && isGoDuration('0') && isGoDuration('-3ms') && isGoDuration('2µs'));
    assert.ok(!isGoDuration('') && !isGoDuration('10') && !isGoDuration('.s') && !isGoDuration('1d'));
  });

  it('checks enums', () => {
    bad('    deploy:\n      update_config:\n        order: bad\n', /must be one of start-first, stop-first/);
    ok('    deploy:\n      update_config:\n        order: stop-first\n');
  });

  it('checks short port specs as the CLI parses them (CLI 28.2.2)', () => {
    for (const p of ['"80"', '80', '"80:80"', '"1.2.3.4:80:80"', '"80-81:80-81"', '"80-81:80"', '"[::1]:80:80"', '"::1:80:80"', '"80:80/udp"', '":80"', '"0"']) {
      ok(`    ports:\n      - ${p}\n`);
    }
    for (const p of ['"abc"', '"80/xyz"', '"70000"', '"80:"', '-1', '"a:80:80"']) bad(`    ports:\n      - ${p}\n`, /is not a valid port/);
    assert.equal(portSpecProblem('8080:80/tcp'), undefined);
    assert.match(portSpecProblem('80-82:80-81') ?? '', /not the same size/);
  });

  it('accepts both syntaxes of ports, volumes, secrets and configs, and list-or-map forms', () => {
    ok('    ports:\n      - target: 80\n        published: 8080\n        mode: host\n');
    bad('    ports:\n      - target: 80\n        bogus: 1\n', /bogus is not a key/);
    ok('    volumes:\n      - data:/data\n      - type: volume\n        source: data\n        target: /d\n');
    bad('    volumes:\n      - source: data\n        target: /d\n', /needs the key type/);
    ok('    secrets:\n      - s\n      - source: s\n        mode: 0440\n');
    ok('    environment:\n      - A=1\n    labels:\n      a: b\n');
    bad('    environment: 5\n', /environment must be a mapping or a list of strings/);
  });

  it('refuses the same item twice in a unique list (CLI 28.2.2: items must be unique)', () => {
    bad('    environment: [A=1, A=1]\n', /same item twice/);
  });

  it('refuses a service that is not a mapping, and allows null networks (CLI 28.2.2)', () => {
    assert.match(problems('services:\n  web: ~\n')[0].message, /services\.web must be a mapping/);
    assert.equal(problems('services:\n  web:\n    image: a\nnetworks:\n  n: ~\n').length, 0);
    assert.match(problems('services:\n  web:\n    image: a\nsecrets:\n  s: ~\n')[0].message, /secrets\.s must be a mapping/);
  });

  it('checks required ulimit fields and the tmpfs size minimum', () => {
    bad('    ulimits:\n      nofile:\n        soft: 1\n', /needs the key hard/);
    ok('    ulimits:\n      nofile: 1024\n');
    bad('    volumes:\n      - type: tmpfs\n        target: /t\n        tmpfs:\n          size: -1\n', /must be 0 or more/);
  });
});
