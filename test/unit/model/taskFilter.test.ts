import * as assert from 'node:assert/strict';
import { DEFAULT_TASK_FILTER, describeTaskFilter, engineTaskFilters, isDefaultTaskFilter } from '../../../src/model/taskFilter';

describe('task filters', () => {
  it('task filters become Engine filters with values as data', () => {
    const tricky = 'x" ,{"a":1}\nz';
    assert.deepEqual(engineTaskFilters({ label: tricky, 'desired-state': 'running' }, 'svc'), {
      'desired-state': ['running'],
      label: [tricky],
      service: ['svc'],
    });
    assert.ok(isDefaultTaskFilter(DEFAULT_TASK_FILTER));
    assert.ok(!isDefaultTaskFilter({}));
  });
  it('leaves out empty values and describes a filter in the order the picker lists the keys', () => {
    assert.deepEqual(engineTaskFilters({ node: '', id: 'abc' }), { id: ['abc'] });
    assert.equal(describeTaskFilter({ label: 'tier=web', 'desired-state': 'shutdown', node: 'alpha' }), 'desired-state=shutdown, node=alpha, label=tier=web');
    assert.equal(describeTaskFilter({ node: '' }), 'all tasks');
    assert.equal(describeTaskFilter(DEFAULT_TASK_FILTER), 'desired-state=running');
    assert.ok(isDefaultTaskFilter({ 'desired-state': 'running', name: '' }), 'an empty value is no filter');
  });
});
