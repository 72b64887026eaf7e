import * as assert from 'node:assert/strict';
import { engineLogQuery } from '../../../src/model/logOptions';

describe('log options', () => {
  it('log options become the Engine query', () => {
    assert.deepEqual(engineLogQuery({ details: true, follow: false, stdout: true, stderr: false, timestamps: true, tail: 5, since: 1700000000.25 }), {
      details: true, follow: false, stdout: true, stderr: false, timestamps: true, tail: '5', since: '1700000000.25',
    });
    assert.equal(engineLogQuery({ details: false, follow: false, stdout: true, stderr: true, timestamps: false, tail: 'all', since: 1700000000 })['since'], '1700000000');
  });
});
