// The figures live stats and node tooltips show: bytes in binary units as `docker stats` prints
// them (three significant digits here), CPU percentages and cores, and what a row says for a
// task or a service (the sum over its tasks) in each state of its reading.
import * as assert from 'node:assert/strict';
import { SwarmError } from '../../../src/model/errors';
import { formatBytes, formatCores, formatPercent } from '../../../src/stats/format';
import { readingOfFailure, readingText, sumReadings, sumText, type TaskStatsReading } from '../../../src/stats/readings';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('live stats: formatting', () => {
  it('bytes: B below 1 KiB, then KiB/MiB/GiB/TiB with three significant digits and no trailing zeros', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1024), '1 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(1_204_224), '1.15 MiB'); // docker stats: 1.148MiB
    assert.equal(formatBytes(3.14159 * MiB), '3.14 MiB');
    assert.equal(formatBytes(12.54 * MiB), '12.5 MiB');
    assert.equal(formatBytes(256 * MiB), '256 MiB');
    assert.equal(formatBytes(GiB), '1 GiB');
    assert.equal(formatBytes(25_276_026_880), '23.5 GiB'); // docker stats: 23.54GiB
    assert.equal(formatBytes(7.6 * GiB), '7.6 GiB');
    assert.equal(formatBytes(2 * 1024 * GiB), '2 TiB');
    assert.equal(formatBytes(9.999 * MiB), '10 MiB', 'rounding up to the next digit drops the decimals');
    assert.equal(formatBytes(-1), '?');
    assert.equal(formatBytes(Number.NaN), '?');
  });

  it('CPU: one decimal below 10 %, whole percents above (100 % is one CPU)', () => {
    assert.equal(formatPercent(0), '0.0%');
    assert.equal(formatPercent(0.34), '0.3%');
    assert.equal(formatPercent(5), '5.0%');
    assert.equal(formatPercent(9.94), '9.9%');
    assert.equal(formatPercent(9.96), '10%');
    assert.equal(formatPercent(12.4), '12%');
    assert.equal(formatPercent(199.6), '200%');
    assert.equal(formatPercent(Number.POSITIVE_INFINITY), '?');
  });

  it('cores from NanoCPUs', () => {
    assert.equal(formatCores(2e9), '2');
    assert.equal(formatCores(5e8), '0.5');
    assert.equal(formatCores(1.25e9), '1.25');
    assert.equal(formatCores(0), '0');
  });
});

describe('live stats: what a row says', () => {
  const sample = (cpuPercent: number | undefined, memoryBytes: number, memoryLimitBytes = 7.6 * GiB): TaskStatsReading =>
    ({ kind: 'sample', ...(cpuPercent !== undefined ? { cpuPercent } : {}), memoryBytes, memoryLimitBytes });

  it('a task: CPU and memory usage / limit; "CPU …" until a second sample; no endpoint; a short reason', () => {
    assert.equal(readingText(sample(12.3, 3.1 * MiB)), '12% 3.1 MiB / 7.6 GiB');
    assert.equal(readingText(sample(undefined, 3.1 * MiB)), 'CPU … 3.1 MiB / 7.6 GiB');
    assert.equal(readingText(sample(0.2, 3.1 * MiB, 0)), '0.2% 3.1 MiB', 'no limit known: the usage alone');
    assert.equal(readingText({ kind: 'noEndpoint' }), 'no endpoint');
    assert.equal(readingText({ kind: 'error', reason: 'timed out' }), 'stats: timed out');
  });

  it('a failure in a few words: by kind, else the first line of the message, cut', () => {
    assert.deepEqual(readingOfFailure(new SwarmError('noEndpoint', 'No Docker endpoint is known for node "w1" …')), { kind: 'noEndpoint' });
    assert.deepEqual(readingOfFailure(new SwarmError('timeout', 'The Docker engine at x did not answer within 5 s.')), { kind: 'error', reason: 'timed out' });
    assert.deepEqual(readingOfFailure(new SwarmError('notFound', 'No such container: abc')), { kind: 'error', reason: 'not running' });
    assert.deepEqual(readingOfFailure(new SwarmError('unreachable', 'Cannot connect')), { kind: 'error', reason: 'engine unreachable' });
    const long = readingOfFailure(new SwarmError('api', `${'x'.repeat(100)}\nsecond line`));
    assert.equal(long.kind, 'error');
    assert.equal((long as { reason: string }).reason, `${'x'.repeat(59)}…`);
    assert.deepEqual(readingOfFailure(new SwarmError('api', 'short one')), { kind: 'error', reason: 'short one' });
  });

  it('a service: the sum of its tasks; "CPU …" while one has no CPU yet; how many gave none; what they say when none did', () => {
    assert.equal(sumText(sumReadings([sample(60, 2 * MiB), sample(52.4, 4.2 * MiB)])), '112% 6.2 MiB');
    assert.equal(sumText(sumReadings([sample(60, 2 * MiB), sample(undefined, 4.2 * MiB)])), 'CPU … 6.2 MiB');
    assert.equal(sumText(sumReadings([sample(1, MiB), undefined, { kind: 'noEndpoint' }])), '1.0% 1 MiB (1 of 3 tasks)');
    assert.equal(sumText(sumReadings([{ kind: 'noEndpoint' }, { kind: 'error', reason: 'timed out' }])), 'no endpoint');
    assert.equal(sumText(sumReadings([undefined, undefined])), undefined, 'nothing read yet: nothing said');
    assert.equal(sumText(sumReadings([])), undefined);
    assert.deepEqual(sumReadings([sample(2, 10), sample(3, 20)]), { cpuPercent: 5, memoryBytes: 30, sampled: 2, of: 2 });
  });
});
