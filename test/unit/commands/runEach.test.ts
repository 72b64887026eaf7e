// The multi-target runner: every target is tried whatever happens to the others, and the
// report names what was done and each failure with its reason.
import * as assert from 'node:assert/strict';
import { reportEach, runEach, type EachOutcome, type EachReporter } from '../../../src/commands/runEach';
import { SwarmError } from '../../../src/model/errors';

function reporter(): EachReporter & { infos: string[]; errors: string[]; logged: string[] } {
  const r = {
    infos: [] as string[],
    errors: [] as string[],
    logged: [] as string[],
    host: {
      showInformationMessage: async (m: string) => void r.infos.push(m),
      showErrorMessage: async (m: string) => void r.errors.push(m),
    },
    log: { error: (m: string) => void r.logged.push(m) },
  };
  return r;
}

const removal = { done: (n: string) => `Removed ${n}.`, couldNot: 'remove', logAs: 'Remove' };

describe('runEach', () => {
  it('tries every target in order, past failures, and keeps each result or error', async () => {
    const tried: string[] = [];
    const outcome = await runEach(['a', 'b', 'c', 'd'], async (t) => {
      tried.push(t);
      if (t === 'b') throw new SwarmError('notFound', 'Service b not found');
      if (t === 'd') throw new Error('socket hang up');
      return t.toUpperCase();
    });
    assert.deepEqual(tried, ['a', 'b', 'c', 'd']);
    assert.deepEqual(outcome.done, [{ target: 'a', result: 'A' }, { target: 'c', result: 'C' }]);
    assert.deepEqual(outcome.failed.map((f) => [f.target, f.error.kind]), [['b', 'notFound'], ['d', 'api']]);
    assert.equal(outcome.failed[0]!.error.message, 'Service b not found');
    assert.match(outcome.failed[1]!.error.message, /socket hang up/, 'any other error becomes a SwarmError with its message');
  });

  it('runs one at a time', async () => {
    let running = 0;
    let most = 0;
    await runEach([1, 2, 3], async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      running--;
    });
    assert.equal(most, 1);
  });
});

describe('reportEach', () => {
  const ok = (t: string): { target: string; result: void } => ({ target: t, result: undefined });
  const bad = (t: string, message: string, detail?: string): { target: string; error: SwarmError } => ({ target: t, error: new SwarmError('api', message, detail) });

  it('all done: one information message naming them all', () => {
    const r = reporter();
    reportEach(r, { done: [ok('a'), ok('b')], failed: [] }, (t) => t, removal);
    assert.deepEqual(r.infos, ['Removed a, b.']);
    assert.deepEqual([r.errors, r.logged], [[], []]);
  });

  it('some failed: one error message with what was done and each failure with its reason; each failure logged with its detail', () => {
    const r = reporter();
    const outcome: EachOutcome<string, void> = { done: [ok('a'), ok('b')], failed: [bad('c', 'Service c not found'), bad('d', 'rpc error', 'code = Unknown')] };
    reportEach(r, outcome, (t) => t, removal);
    assert.deepEqual(r.errors, ['Removed a, b. Could not remove c: Service c not found; d: rpc error']);
    assert.deepEqual(r.infos, []);
    assert.deepEqual(r.logged, ['Remove c: Service c not found', 'Remove d: rpc error (code = Unknown)']);
  });

  it('none done: only what failed', () => {
    const r = reporter();
    reportEach(r, { done: [], failed: [bad('a', 'gone'), bad('b', 'gone too')] }, (t) => t, removal);
    assert.deepEqual(r.errors, ['Could not remove a: gone; b: gone too']);
  });

  it('speaks in the command\'s words, and names targets as asked', () => {
    const r = reporter();
    const outcome = { done: [{ target: { name: 'web' }, result: 1 }, { target: { name: 'db' }, result: 2 }], failed: [{ target: { name: 'api' }, error: new SwarmError('notFound', 'Service x not found') }] };
    reportEach(r, outcome, (s) => s.name, { done: (n) => `Force update of ${n} started.`, couldNot: 'force-update', logAs: 'Force update' });
    assert.deepEqual(r.errors, ['Force update of web, db started. Could not force-update api: Service x not found']);
    assert.deepEqual(r.logged, ['Force update api: Service x not found']);
  });
});
