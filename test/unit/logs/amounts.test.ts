import * as assert from 'node:assert/strict';
import { linesText, mbPerSecond, megabytes } from '../../../src/logs/amounts';

const MB = 2 ** 20;

describe('log amounts', () => {
  it("'tenths': one decimal under 10 MB, whole numbers above (the skipped-lines note)", () => {
    assert.deepEqual(
      [0.1, 2, 3, 9.94, 12, 123.4].map((n) => megabytes(n * MB, 'tenths')),
      ['0.1', '2.0', '3.0', '9.9', '12', '123'],
    );
    assert.equal(mbPerSecond(2 * MB, 'tenths'), '2.0 MB/s');
    assert.equal(mbPerSecond(0.1 * MB, 'tenths'), '0.1 MB/s');
  });

  it("'setting': two significant digits under 1 MB, else at most one decimal (the held-back note)", () => {
    assert.deepEqual(
      [0.1, 0.25, 1, 1.5, 2, 10].map((n) => megabytes(n * MB, 'setting')),
      ['0.10', '0.25', '1', '1.5', '2', '10'],
    );
    assert.equal(mbPerSecond(0.1 * MB, 'setting'), '0.10 MB/s');
    assert.equal(mbPerSecond(2 * MB, 'setting'), '2 MB/s');
  });

  it('lines, with thousands separators and the singular for one', () => {
    assert.deepEqual([0, 1, 2, 12_345].map(linesText), ['0 lines', '1 line', '2 lines', '12,345 lines']);
  });
});
