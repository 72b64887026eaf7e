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
    assert.equal(runs.push(new Set(['d'])), c, 'one promise for the next run');
    assert.ok(runs.covers((w) => w.has('d')), 'queued work is covered too');
    await openGates();
    await Promise.all([a, c]);
    assert.deepEqual(done, [['a', 'b'], ['c', 'd']]);
    assert.equal(maxActive, 1, 'never two at once');
    assert.equal(runs.busy, undefined);
    assert.ok(!runs.covers(() => true), 'nothing runs or waits once over');
  });

  it("a caller's promise settles once the run covering its work is done, not when the queue is drained", async () => {
    const settled: string[] = [];
    const track = (name: string, p: Promise<void>) => void p.then(() => settled.push(name));
    track('a', runs.push(new Set(['a'])));
    await tick();
    track('b', runs.push(new Set(['b'])));
    gates.shift()!(); // a's run ends; b's starts
    await tick();
    assert.deepEqual(settled, ['a'], 'a is done while b runs');
    // A steady stream of work: each arrives while the one before runs.
    for (const next of ['c', 'd', 'e']) {
      track(next, runs.push(new Set([next])));
      gates.shift()!();
      await tick();
    }
    assert.deepEqual(settled, ['a', 'b', 'c', 'd'], 'each settles as its run ends, with e still running');
    assert.equal(runs.busy, runs.coveredBy((w) => w.has('e')), 'busy: the run that ends last');
    assert.equal(runs.coveredBy((w) => w.has('a')), undefined, 'what ran is covered by nothing now');
    await openGates();
    assert.deepEqual(settled, ['a', 'b', 'c', 'd', 'e']);
  });

  it('a run that throws rejects its own callers only: what was asked meanwhile still runs', async () => {
    const ran: number[] = [];
    let gate: (() => void) | undefined;
    const failing = new SerialRuns<number>((p, m) => (p ?? 0) + m, async (n) => {
      ran.push(n);
      if (n === 1) {
        await new Promise<void>((resolve) => (gate = resolve));
        throw new Error('boom');
      }
    });
    const first = failing.push(1);
    await tick();
    const second = failing.push(2);
    gate!();
    await assert.rejects(first, /boom/);
    await second;
    assert.deepEqual(ran, [1, 2], 'the queued run ran after the one that threw');
    assert.equal(failing.busy, undefined);
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
