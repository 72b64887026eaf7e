// "Retry once on a version conflict", the rule every service and node update follows.
import * as assert from 'node:assert/strict';
import { retryOnceOnConflict } from '../../../src/docker/writes';
import { SwarmError } from '../../../src/model/errors';

/** A fake object store with a version, and writers that fail as told. */
function fake(failures: (Error | undefined)[]) {
  const log: string[] = [];
  let version = 0;
  return {
    log,
    read: async () => {
      version++;
      log.push(`read v${version}`);
      return version;
    },
    write: async (v: number) => {
      const failure = failures.shift();
      log.push(`write v${v}${failure ? ' failed' : ''}`);
      if (failure) throw failure;
    },
  };
}

const conflict = () => new SwarmError('conflict', 'update out of sequence');

describe('retryOnceOnConflict', () => {
  it('reads and writes once when nothing is in the way, returning what it wrote', async () => {
    const f = fake([]);
    assert.equal(await retryOnceOnConflict(f.read, f.write), 1);
    assert.deepEqual(f.log, ['read v1', 'write v1']);
  });

  it('after a conflict, reads again and writes the new read', async () => {
    const f = fake([conflict()]);
    assert.equal(await retryOnceOnConflict(f.read, f.write), 2);
    assert.deepEqual(f.log, ['read v1', 'write v1 failed', 'read v2', 'write v2']);
  });

  it('a second conflict reaches the caller', async () => {
    const f = fake([conflict(), conflict()]);
    await assert.rejects(retryOnceOnConflict(f.read, f.write), (e: unknown) => e instanceof SwarmError && e.kind === 'conflict');
    assert.deepEqual(f.log, ['read v1', 'write v1 failed', 'read v2', 'write v2 failed']);
  });

  it('any other failure reaches the caller at once', async () => {
    const f = fake([new SwarmError('notFound', 'gone')]);
    await assert.rejects(retryOnceOnConflict(f.read, f.write), (e: unknown) => e instanceof SwarmError && e.kind === 'notFound');
    assert.deepEqual(f.log, ['read v1', 'write v1 failed']);
    const plain = fake([new Error('boom')]);
    await assert.rejects(retryOnceOnConflict(plain.read, plain.write), /boom/);
    assert.deepEqual(plain.log, ['read v1', 'write v1 failed']);
  });

  it('a failing read is not retried, even one that says conflict', async () => {
    let reads = 0;
    const read = async () => {
      reads++;
      throw conflict();
    };
    await assert.rejects(retryOnceOnConflict(read, async () => undefined), (e: unknown) => e instanceof SwarmError && e.kind === 'conflict');
    assert.equal(reads, 1);
  });
});

describe('the message of a conflict that outlives the retry', () => {
  it('names the object when the caller says what it wrote, and stays neutral otherwise', async () => {
    const f = fake([conflict(), conflict()]);
    await assert.rejects(
      retryOnceOnConflict(f.read, f.write, (v) => `the node vm (read at version ${v})`),
      (e: unknown) =>
        e instanceof SwarmError && e.kind === 'conflict' &&
        e.message === 'The node vm (read at version 2) was changed by someone else at the same time, so the Engine refused this update. Reload it and try again.',
    );
    const g = fake([conflict(), conflict()]);
    await assert.rejects(retryOnceOnConflict(g.read, g.write), (e: unknown) => e instanceof SwarmError && e.message === 'update out of sequence');
    const h = fake([conflict()]);
    assert.equal(await retryOnceOnConflict(h.read, h.write, () => 'the node vm'), 2, 'one conflict is still retried');
  });
});
