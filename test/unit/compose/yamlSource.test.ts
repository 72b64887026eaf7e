// readYaml's own machinery beyond what load.test.ts covers through loadCompose: aliases found
// in one walk (anchors in sequences, flow collections and mappings, redefined anchors), and the
// parse leaving process.env as it was.
import * as assert from 'node:assert/strict';
import { readYaml } from '../../../src/compose/yamlSource';

describe('compose yamlSource', () => {
  it('an alias refers to the latest anchor of its name before it, wherever that anchor is', () => {
    const text = [
      'a: &x 1',
      'b: *x',
      'c: [&x 2, *x]',
      'd: *x',
      'e:',
      '  - &y {k: v}',
      '  - *y',
      'f:',
      '  deep:',
      '    list: [{n: &x 3}]',
      'g: *x',
      'h: *y',
      '',
    ].join('\n');
    const r = readYaml(text);
    assert.deepEqual(r.issues, []);
    assert.deepEqual(r.value, { a: 1, b: 1, c: [2, 2], d: 2, e: [{ k: 'v' }, { k: 'v' }], f: { deep: { list: [{ n: 3 }] } }, g: 3, h: { k: 'v' } });
  });

  it('leaves process.env as it was (the same object, the same variables), also after a syntax error', () => {
    const before = process.env;
    process.env['SWARM_SERVICES_YAML_TEST'] = 'kept';
    try {
      readYaml('services:\n  web:\n    image: a\n');
      assert.equal(process.env, before);
      readYaml('services: [\n');
      assert.equal(process.env, before);
      assert.equal(process.env['SWARM_SERVICES_YAML_TEST'], 'kept');
    } finally {
      delete process.env['SWARM_SERVICES_YAML_TEST'];
    }
  });
});
