// "Retry once on a version conflict", the rule every service and node update follows.
import * as assert from 'node:assert/strict';
import { retryOnceOnConflict, updateSpec } from '../../../src/docker/writes';
import type { Engine } from '../../../src/docker/dockerCalls';
import type { EngineServiceSpec } from '../../../src/model/engineTypes';
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

describe('updateSpec during an election: an unsure try, then someone else, then a conflict', () => {
  it('the conflict is reported with "may or may not", and the change is not read and sent again (it was applied once)', async () => {
    // The Engine as seen through one manager: an update guarded by the version it names.
    const svc = { ID: 's1', Version: { Index: 10 }, Spec: { Name: 'web', Labels: {} as Record<string, string>, TaskTemplate: { ForceUpdate: 0 }, Mode: { Replicated: { Replicas: 1 } } } };
    let updates = 0;
    const engine = {
      election: { delaysMs: [1, 1, 1], budgetMs: 1000, now: () => Date.now(), sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)), after: () => () => undefined, waiting: () => undefined, severalManagers: () => true },
      call: async <T>(fn: (signal: AbortSignal) => Promise<T>) => fn(new AbortController().signal),
      docker: {
        getService: () => ({
          inspect: async () => structuredClone(svc),
          update: async (o: { _query: { version: number }; _body: typeof svc.Spec }) => {
            updates++;
            if (o._query.version !== svc.Version.Index) throw new SwarmError('conflict', 'update out of sequence');
            svc.Spec = structuredClone(o._body);
            svc.Version.Index++;
            if (updates === 1) {
              // Applied, then its answer lost; another writer's change lands before the resend.
              svc.Spec.Labels = { other: 'writer' };
              svc.Version.Index++;
              throw new SwarmError('timeout', 'The Docker engine did not answer within 15 s.');
            }
          },
        }),
      },
    } as unknown as Engine;
    const force = (s: EngineServiceSpec): EngineServiceSpec => ({ ...s, TaskTemplate: { ...s.TaskTemplate, ForceUpdate: (s.TaskTemplate?.ForceUpdate ?? 0) + 1 } });
    await assert.rejects(updateSpec(engine, 's1', force), (e: unknown) => e instanceof SwarmError && e.kind === 'conflict' && /may or may not have been applied/.test(e.message));
    assert.equal(svc.Spec.TaskTemplate.ForceUpdate, 1, 'applied once, not twice');
    assert.equal(updates, 2, 'the first try and its resend; no read-and-send-again');
  });
});

describe('updateSpec: what the user is told once the Engine took the change', () => {
  /** A service behind a fake Engine; `inspect` answers as told after the first update. */
  function engineFor(afterUpdate: { inspect: 'ok' | 'noLeader'; update: 'ok' | 'applied-then-timeout-then-conflict' }) {
    const svc = { ID: 's1', Version: { Index: 10 }, Spec: { Name: 'web', TaskTemplate: { ForceUpdate: 0 }, Mode: { Replicated: { Replicas: 1 } } } };
    const calls = { inspect: 0, update: 0 };
    const engine = {
      election: { delaysMs: [1, 1], budgetMs: 1000, now: () => Date.now(), sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)), after: () => () => undefined, waiting: () => undefined, severalManagers: () => true },
      call: async <T>(fn: (signal: AbortSignal) => Promise<T>) => fn(new AbortController().signal),
      docker: {
        getService: () => ({
          inspect: async () => {
            calls.inspect++;
            if (calls.update > 0 && afterUpdate.inspect === 'noLeader') throw new SwarmError('noLeader', 'The swarm does not have a leader.', 'rpc error: The swarm does not have a leader');
            return structuredClone(svc);
          },
          update: async (o: { _query: { version: number }; _body: typeof svc.Spec }) => {
            calls.update++;
            if (o._query.version !== svc.Version.Index) throw new SwarmError('conflict', 'update out of sequence');
            svc.Spec = structuredClone(o._body);
            svc.Version.Index++;
            if (afterUpdate.update === 'applied-then-timeout-then-conflict' && calls.update === 1) throw new SwarmError('timeout', 'The Docker engine did not answer within 15 s.');
          },
        }),
      },
    } as unknown as Engine;
    return { svc, calls, engine };
  }
  const scaleTo = (n: number) => (s: EngineServiceSpec): EngineServiceSpec => ({ ...s, Mode: { Replicated: { Replicas: n } } });

  it('the change was taken, then the swarm lost its leader before it could be read back: done, with what was sent (not "nothing was sent")', async () => {
    const f = engineFor({ inspect: 'noLeader', update: 'ok' });
    const after = await updateSpec(f.engine, 's1', scaleTo(3));
    assert.equal(after.Spec?.Mode?.Replicated?.Replicas, 3);
    assert.equal(f.svc.Spec.Mode.Replicated.Replicas, 3);
    assert.equal(f.calls.update, 1);
  });

  it('an unsure try whose check cannot be read: reported as may or may not, after one check (no second wait), never sent a third time', async () => {
    const f = engineFor({ inspect: 'noLeader', update: 'applied-then-timeout-then-conflict' });
    await assert.rejects(updateSpec(f.engine, 's1', scaleTo(3)), (e: unknown) => e instanceof SwarmError && e.kind === 'conflict' && /may or may not have been applied\. Check it before giving it again\.$/.test(e.message));
    assert.equal(f.calls.update, 2, 'the first try and one resend');
    assert.equal(f.calls.inspect, 2, 'the read of the change, and one check');
  });
});
