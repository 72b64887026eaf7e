import * as assert from 'node:assert/strict';
import { compareGoStrings, goSprint, hostsList, mapping, mappingWithEquals, stringOrList } from '../../../src/compose/mappings';

describe('mappings (the CLI loader’s list-or-map shapes)', () => {
  it('prints scalars as Go’s fmt.Sprint', () => {
    assert.deepEqual([1, 1.5, 0.00001, 1e21, 123456789, -0.5, true, 'x'].map(goSprint), ['1', '1.5', '1e-05', '1e+21', '123456789', '-0.5', 'true', 'x']);
  });
  it('reads environment lists and maps: bare names and nulls have no value, KEY= is empty, later wins', () => {
    assert.deepEqual([...mappingWithEquals(['A=1', 'B', 'C=', 'K=v=w', 'A=2'])], [['A', '2'], ['B', null], ['C', ''], ['K', 'v=w']]);
    assert.deepEqual([...mappingWithEquals({ A: 1, B: null, C: '', D: 1.5 })], [['A', '1'], ['B', null], ['C', ''], ['D', '1.5']]);
  });
  it('reads labels and sysctls: a missing value is the empty string', () => {
    assert.deepEqual(mapping(['a=1', 'b', 'c=x=y']), { a: '1', b: '', c: 'x=y' });
    assert.deepEqual(mapping({ n: 1, f: 1.5, z: null }), { n: '1', f: '1.5', z: '' });
    assert.equal(mapping(undefined), undefined);
  });
  it('reads a string or a list', () => {
    assert.deepEqual(stringOrList('8.8.8.8'), ['8.8.8.8']);
    assert.deepEqual(stringOrList(['a', 'b']), ['a', 'b']);
    assert.deepEqual(stringOrList(undefined), []);
  });
  it('reads extra_hosts as CLI 28.2.2 does: = before :, brackets dropped, maps sorted, no separator dropped', () => {
    assert.deepEqual(hostsList(['h=1.2.3.4', 'v6=::1', 'k:[::2]', 'm=[::3]', 'b:1.1.1.1', 'x:y:z', 'nosep']), [
      ['h', '1.2.3.4'], ['v6', '::1'], ['k', '::2'], ['m', '::3'], ['b', '1.1.1.1'], ['x', 'y:z'],
    ]);
    assert.deepEqual(hostsList({ h1: '[::1]', a0: '1.1.1.1' }), [['a0', '1.1.1.1'], ['h1', '::1']]);
  });
  it('sorts as Go sorts strings (code points, not locale)', () => {
    assert.deepEqual(['b', 'B', 'a=1', 'a', '_'].sort(compareGoStrings), ['B', '_', 'a', 'a=1', 'b']);
  });
});
