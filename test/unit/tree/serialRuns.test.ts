// SerialRuns, which both stores read through: runs never overlap, what is asked while one
// goes is merged into exactly one next run, every caller's promise covers what it asked for,
// and what runs or waits can be asked about (ObjectsStore's first rows share a listing so).
import * as assert from 'node:assert/strict';
import { SerialRuns } from '../../../src/tree/serialRuns';

describe('SerialRuns', () => {
  let runs: SerialRuns<Set<string>>;
  let done: string[][];
  let active: number;
  let maxActive: number;
  let gates: (() => void)[];

  beforeEach(() => {
    done = [];
    active = 0;
    maxActive = 0;
    gates = [];
    runs = new SerialRuns<Set<string>>(
      (pending, more) => new Set([...(pending ?? []), ...more]),
      async (work) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((resolve) => gates.push(resolve));
        done.push([...work].sort());
        active--;
      },
    );
  });

  const tick = () => new Promise(setImmediate);
  const openGates = async () => {
    while (gates.length > 0 || runs.busy) {
      gates.splice(0).forEach((g) => g());
      await tick();
    }
  };

  it('merges what is asked in one turn into one run, and what comes meanwhile into exactly one next run', async () => {
    const a = runs.push(new Set(['a']));
    const b = runs.push(new Set(['b']));
    assert.equal(a, b, 'one promise for the runs that cover both');
    await tick();
    assert.ok(runs.covers((w) => w.has('a')) && runs.covers((w) => w.has('b')));
    assert.ok(!runs.covers((w) => w.has('c')));
    const c = runs.push(new Set(['c']));
    assert.equal(runs.push(new Set(['d'])), a);
    assert.equal(c, a);
    assert.ok(runs.covers((w) => w.has('d')), 'queued work is covered too');
    await openGates();
    await a;
    assert.deepEqual(done, [['a', 'b'], ['c', 'd']]);
    assert.equal(maxActive, 1, 'never two at once');
    assert.equal(runs.busy, undefined);
    assert.ok(!runs.covers(() => true), 'nothing runs or waits once over');
  });

  it('a run that throws still ends the loop: the next push starts afresh', async () => {
    const failing = new SerialRuns<number>((p, m) => (p ?? 0) + m, async () => {
      throw new Error('boom');
    });
    await assert.rejects(failing.push(1), /boom/);
    assert.equal(failing.busy, undefined);
    await assert.rejects(failing.push(2), /boom/);
  });
});
