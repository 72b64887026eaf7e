import * as assert from 'node:assert/strict';
import { DEFAULT_TASK_FILTER, engineTaskFilters, isDefaultTaskFilter } from '../../../src/model/taskFilter';

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
});
