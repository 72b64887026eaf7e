// names: the CLI's namespace, stack label, `external`/`name` resolution and value strings
// (checked against CLI 28.2.2).
import * as assert from 'node:assert/strict';
import type { ComposeIssue } from '../../../src/compose/types';
import { goString } from '../../../src/compose/mappings';
import { resolveObject, toStringMap, versionAtLeast, withStackLabel } from '../../../src/compose/names';

describe('compose names', () => {
  it('prints values as Go does', () => {
    assert.equal(goString(1), '1');
    assert.equal(goString(1.5), '1.5');
    assert.equal(goString(null), '');
    assert.equal(goString(1234567.5), '1.2345675e+06');
    assert.equal(goString(0.00001), '1e-05');
    assert.equal(goString('x'), 'x');
  });

  it('reads labels as a mapping or a key=value list', () => {
    assert.deepEqual(toStringMap(['y=2', 'b', 'c=d=e']), { y: '2', b: '', c: 'd=e' });
    assert.deepEqual(toStringMap({ a: 1, c: null }), { a: '1', c: '' });
    assert.equal(toStringMap(undefined), undefined);
  });

  it('adds the stack label last, over a user label of the same key', () => {
    assert.deepEqual(withStackLabel({ 'com.docker.stack.namespace': 'mine', x: '1' }, 'st'), {
      'com.docker.stack.namespace': 'st',
      x: '1',
    });
  });

  it('resolves external and name as the loader does', () => {
    const issues: ComposeIssue[] = [];
    assert.deepEqual(resolveObject('network', 'networks', 'e', { external: true }, '3.9', issues), { external: true, name: 'e' });
    assert.deepEqual(resolveObject('network', 'networks', 'e', { external: true, name: 'n' }, '3.9', issues), { external: true, name: 'n' });
    assert.deepEqual(resolveObject('network', 'networks', 'e', { name: 'n' }, '3.9', issues), { external: false, name: 'n' });
    assert.deepEqual(resolveObject('network', 'networks', 'e', {}, '3.9', issues), { external: false });
    assert.equal(issues.length, 0);
    assert.deepEqual(resolveObject('config', 'configs', 'c', { external: { name: 'old' } }, '3.9', issues), { external: true, name: 'old' });
    assert.equal(issues.length, 1);
    assert.equal(issues[0].severity, 'warning');
    assert.deepEqual(issues[0].path, ['configs', 'c', 'external', 'name']);
    // Before 3.5 the old form is not deprecated yet.
    resolveObject('config', 'configs', 'c', { external: { name: 'old' } }, '3.4', issues);
    assert.equal(issues.length, 1);
    resolveObject('volume', 'volumes', 'v', { external: { name: 'old' }, name: 'new' }, '3.9', issues);
    assert.equal(issues[1].severity, 'error');
    assert.match(issues[1].message, /volumes\.v/);
  });

  it('compares versions as dotted numbers', () => {
    assert.ok(versionAtLeast('3.10', [3, 5]));
    assert.ok(!versionAtLeast('3.4', [3, 5]));
    assert.ok(versionAtLeast('3', [3, 0]));
    assert.ok(versionAtLeast(undefined, [3, 5]));
  });
});
