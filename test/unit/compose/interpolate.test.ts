// Interpolation as docker stack deploy does it; the expected values were checked against
// `docker stack config` of CLI 28.2.2 (env SET=val, EMPTY=, N=3) unless a test says otherwise.
import * as assert from 'node:assert/strict';
import { interpolateConfig, substitute } from '../../../src/compose/interpolate';
import type { ComposeIssue } from '../../../src/compose/types';

/** Reads a nested value of a plain JSON tree (tests only). */
interface Tree { [key: string]: Tree }
const tree = (v: unknown): Tree => v as Tree;

const env = { SET: 'val', EMPTY: '', N: '3' };
const sub = (s: string) => substitute(s, env);

describe('compose interpolation: substitute', () => {
  it('replaces $VAR and ${VAR}, and unset ones by an empty string, naming them (CLI 28.2.2)', () => {
    const r = sub('$SET ${SET} ${UNSET} $UNSET x');
    assert.equal(r.value, 'val val   x');
    assert.deepEqual(r.unset, ['UNSET', 'UNSET']);
    assert.equal(r.error, undefined);
  });

  it('applies :- (unset or empty) and - (unset only) defaults (CLI 28.2.2)', () => {
    assert.equal(sub('${UNSET:-def} ${EMPTY:-def} ${EMPTY-def} ${UNSET-def} ${SET:-def}').value, 'def def  def val');
    assert.deepEqual(sub('${UNSET:-def}').unset, []);
  });

  it('keeps $$ as a literal $ (CLI 28.2.2)', () => {
    assert.equal(sub('$$SET $$ $${SET}').value, '$SET $ ${SET}');
  });

  it('takes everything after an unbraced $VAR- up to } or the end as the default (CLI 28.2.2)', () => {
    assert.equal(sub('$SET-def|$UNSET-def rest|').value, 'val');
  });

  it('does not nest: ${UNSET:-${SET}} gives the literal ${SET} (CLI 28.2.2)', () => {
    assert.equal(sub('${UNSET:-${SET}}').value, '${SET}');
  });

  it('matches names case-insensitively but looks them up as written (CLI 28.2.2)', () => {
    assert.equal(sub('$set ${Set}').value, ' ');
  });

  it('refuses ${VAR:+x}, ${} and an unclosed ${VAR (CLI 28.2.2)', () => {
    for (const bad of ['${SET:+x}', '${}', '${SET', '$SET $']) {
      assert.match(sub(bad).error ?? '', /invalid interpolation format/, bad);
    }
    assert.equal(sub('${SET:-x}').error, undefined);
  });

  it('refuses a required variable that is missing, with its message (CLI 28.2.2)', () => {
    assert.equal(sub('${UNSET:?need it}').error, 'required variable UNSET is missing a value: need it');
    assert.equal(sub('${EMPTY:?need it}').error, 'required variable EMPTY is missing a value: need it');
    assert.equal(sub('${UNSET?need it}').error, 'required variable UNSET is missing a value: need it');
    assert.equal(sub('${EMPTY?ok}').error, undefined);
    assert.equal(sub('${SET:?boom}').value, 'val');
  });

  it('forgets an error when a later substitution in the same value succeeds, as the CLI does (CLI 28.2.2)', () => {
    const r = sub('${UNSET:?need it} ${SET:-x}');
    assert.equal(r.error, undefined);
    assert.equal(r.value, ' val');
    assert.deepEqual(r.forgotten, ['required variable UNSET is missing a value: need it']);
    assert.equal(sub('$ $SET').value, ' val');
  });
});

describe('compose interpolation: the whole file', () => {
  const run = (config: Record<string, unknown>, e: Record<string, string> = env) => {
    const issues: ComposeIssue[] = [];
    return { out: interpolateConfig(config, e, issues), issues };
  };

  it('interpolates values but not keys (CLI 28.2.2)', () => {
    const { out } = run({ services: { web: { environment: { '${SET}': '${SET}' } } } });
    assert.deepEqual(out, { services: { web: { environment: { '${SET}': 'val' } } } });
  });

  it('warns about an unset variable at the value, naming it', () => {
    const { issues } = run({ services: { web: { image: 'app:${TAG}' } } });
    assert.equal(issues.length, 1);
    assert.equal(issues[0].severity, 'warning');
    assert.deepEqual(issues[0].path, ['services', 'web', 'image']);
    assert.match(issues[0].message, /services\.web\.image.*TAG is not set/);
  });

  it('casts replicas: ${N} to an integer, but leaves a quoted "3" a string (CLI 28.2.2)', () => {
    assert.equal(tree(run({ services: { web: { deploy: { replicas: '${N}' } } } }).out).services.web.deploy.replicas, 3);
    assert.equal(tree(run({ services: { web: { deploy: { replicas: '3' } } } }).out).services.web.deploy.replicas, '3');
  });

  it('refuses a substituted value that does not cast, and drops it (CLI 28.2.2)', () => {
    const { out, issues } = run({ services: { web: { deploy: { replicas: '${SET}' } } } });
    assert.equal(issues[0].severity, 'error');
    assert.equal(issues[0].message, 'services.web.deploy.replicas: the value after interpolation is not an integer', 'the value (from the environment) is not repeated');
    assert.equal(tree(out).services.web.deploy.replicas, undefined);
  });

  it('casts booleans, floats and list items by the CLI table', () => {
    const { out } = run({
      services: { web: { tty: '${B}', deploy: { update_config: { max_failure_ratio: '${F}' } }, ports: [{ target: '${P}' }], secrets: [{ source: 's', mode: '${M}' }] } },
      networks: { n: { external: '${B}' } },
    }, { B: 'Yes', F: '0.5', P: '80', M: '288' });
    const web = tree(out).services.web;
    assert.equal(web.tty, true);
    assert.equal(web.deploy.update_config.max_failure_ratio, 0.5);
    assert.equal(web.ports[0].target, 80);
    assert.equal(web.secrets[0].mode, 288);
    assert.equal(tree(out).networks.n.external, true);
  });

  it('does not cast under a service whose name has a dot, as the CLI splits paths at dots', () => {
    const { out } = run({ services: { 'my.web': { deploy: { replicas: '${N}' } } } });
    assert.equal(tree(out).services['my.web'].deploy.replicas, '3');
  });

  it('reports an interpolation error naming the key and keeps the value', () => {
    const { out, issues } = run({ services: { web: { image: '${}' } } });
    assert.equal(issues[0].severity, 'error');
    assert.match(issues[0].message, /^services\.web\.image: invalid interpolation format/);
    assert.equal(tree(out).services.web.image, '${}');
  });
});
