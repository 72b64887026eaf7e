// Waiting out a leader election: which failures are tried again, and a version-guarded write
// that is applied once whatever became of the tries before (sendGuarded).
import * as assert from 'node:assert/strict';
import { ELECTION_NOTE, SLOW_NOTE, isAmbiguous, untilLeader, type ElectionWait } from '../../../src/docker/leaderWait';
import { sendGuarded } from '../../../src/docker/writes';
import type { Engine } from '../../../src/docker/dockerCalls';
import { SwarmError } from '../../../src/model/errors';

/** Tries every `delay` ms of a clock that moves only when slept on; notes what it was told. */
function testWait(delays = [250, 500, 1000, 2000, 3000], budgetMs = 30_000) {
  let t = 0;
  const notes: string[] = [];
  const slept: number[] = [];
  const timers = new Set<() => void>();
  const wait: ElectionWait = {
    after: (_ms, run) => {
      timers.add(run);
      return () => timers.delete(run);
    },
    delaysMs: delays,
    budgetMs,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    waiting: (note) => notes.push(note),
  };
  /** Fires the "no answer for a while" timers pending now. */
  const fireSlow = () => {
    for (const run of [...timers]) run();
  };
  return { wait, notes, slept, fireSlow, pending: () => timers.size };
}

const noLeader = () => new SwarmError('noLeader', 'The swarm has no leader right now', 'rpc error: The swarm does not have a leader.');
const timedOut = () => new SwarmError('timeout', 'The Docker engine at unix:///m2.sock did not answer within 15 s.');
const reset = () => new SwarmError('unreachable', 'Cannot reach the Docker engine. Is it running?', 'socket hang up');
const refused = () => new SwarmError('unreachable', 'Cannot reach the Docker engine. Is it running?', 'connect ECONNREFUSED /m2.sock');
const conflict = () => new SwarmError('conflict', 'changed by someone else', 'update out of sequence');

describe('untilLeader', () => {
  it('tries again while the swarm has no leader, says so once, and returns the first success', async () => {
    const w = testWait();
    const failures = [noLeader(), noLeader(), noLeader()];
    let tries = 0;
    const got = await untilLeader(w.wait, async () => {
      tries++;
      const f = failures.shift();
      if (f) throw f;
      return 'done';
    });
    assert.equal(got, 'done');
    assert.equal(tries, 4);
    assert.deepEqual(w.notes, [ELECTION_NOTE]);
    assert.deepEqual(w.slept, [250, 500, 1000]);
  });

  it('any other failure reaches the caller at once, untouched', async () => {
    const w = testWait();
    for (const e of [conflict(), refused(), new Error('boom')]) {
      let tries = 0;
      await assert.rejects(
        untilLeader(w.wait, async () => {
          tries++;
          throw e;
        }),
        (x: unknown) => x === e,
      );
      assert.equal(tries, 1);
    }
    assert.deepEqual(w.notes, []);
    // A change that got no answer is not sent again here either, but the message says what that leaves open.
    await assert.rejects(
      untilLeader(w.wait, async () => {
        throw timedOut();
      }),
      (x: unknown) => x instanceof SwarmError && x.kind === 'timeout' && /did not answer within 15 s\. The change may or may not have been applied/.test(x.message),
    );
  });

  it('stops within its budget and says how long the swarm had no leader, and that nothing was changed', async () => {
    const w = testWait([250, 500, 1000, 2000, 3000, 3000], 4000);
    let tries = 0;
    await assert.rejects(
      untilLeader(w.wait, async () => {
        tries++;
        throw noLeader();
      }),
      (e: unknown) => e instanceof SwarmError && e.kind === 'noLeader' && /still has no leader after 4 s/.test(e.message) && /Nothing was changed/.test(e.message),
    );
    // 250 + 500 + 1,000 + 2,000 slept (3.75 s); the next 3,000 would pass the 4 s budget.
    assert.equal(tries, 5);
  });

  it('a timeout among the tries makes the outcome unknown, and the message says so', async () => {
    const w = testWait([250, 500], 60_000);
    const failures = [timedOut(), noLeader(), noLeader()];
    await assert.rejects(
      untilLeader(
        w.wait,
        async () => {
          throw failures.shift();
        },
        () => true,
      ),
      (e: unknown) => e instanceof SwarmError && /may or may not have been applied/.test(e.message),
    );
  });

  it('a try with no answer for a few seconds is said once (a manager holds requests during an election), and not after it answered', async () => {
    const w = testWait();
    let answer: (v: string) => void = () => undefined;
    const got = untilLeader(w.wait, () => new Promise<string>((resolve) => (answer = resolve)));
    await Promise.resolve();
    w.fireSlow();
    w.fireSlow();
    answer('done');
    assert.equal(await got, 'done');
    assert.deepEqual(w.notes, [SLOW_NOTE]);
    assert.equal(w.pending(), 0, 'its timer is gone once answered');
  });

  it('refused before anything is sent when the swarm is known to have lost its quorum', async () => {
    const w = testWait();
    let tries = 0;
    const refusal = new SwarmError('noLeader', 'No quorum: 1 of 3 managers reachable: the swarm refuses changes until a majority of its managers is back. Nothing was sent.');
    await assert.rejects(
      untilLeader({ ...w.wait, refusal: () => refusal }, async () => {
        tries++;
      }),
      (e: unknown) => e === refusal,
    );
    assert.equal(tries, 0);
  });

  it('a read that keeps timing out says nothing was sent, never that a change may have been applied', async () => {
    const w = testWait([250, 500], 60_000);
    await assert.rejects(
      untilLeader(
        w.wait,
        async () => {
          throw timedOut();
        },
        () => true,
        false,
      ),
      (e: unknown) => e instanceof SwarmError && /Nothing was sent/.test(e.message) && !/may or may not/.test(e.message),
    );
  });

  it('a change whose answer was lost, then an engine that is gone: the message still says it may have been applied', async () => {
    const w = testWait();
    const failures = [reset(), refused()];
    await assert.rejects(
      untilLeader(
        w.wait,
        async () => {
          throw failures.shift();
        },
        (e) => isAmbiguous(e),
      ),
      (e: unknown) => e instanceof SwarmError && e.kind === 'unreachable' && /may or may not have been applied/.test(e.message),
    );
  });

  it('one manager: a timeout is not an election, so it is not waited out nor said to be one', async () => {
    const w = testWait();
    let tries = 0;
    const e = timedOut();
    await assert.rejects(
      untilLeader(
        { ...w.wait, severalManagers: () => false },
        async () => {
          tries++;
          throw e;
        },
        () => true,
        false,
      ),
      (x: unknown) => x === e,
    );
    assert.equal(tries, 1);
    assert.deepEqual(w.notes, []);
    assert.equal(w.pending(), 0);
  });

  it('tells a broken connection (the request may have gone) from a refused one (nothing was sent)', () => {
    assert.equal(isAmbiguous(reset()), true);
    assert.equal(isAmbiguous(timedOut()), true);
    assert.equal(isAmbiguous(refused()), false);
    assert.equal(isAmbiguous(noLeader()), false);
  });
});

/**
 * A service behind a swarm whose leader comes and goes: each write is answered as the script
 * says (applied or not, and what the caller hears), guarded by its version as the Engine does.
 */
function guardedService(script: ('ok' | 'noLeader' | 'applied-then-timeout' | 'lost-timeout')[]) {
  const state = { version: 10, replicas: 1, applied: 0 };
  const send = (version: number, replicas: number) => async () => {
    const step = script.shift() ?? 'ok';
    if (step === 'noLeader') throw noLeader();
    if (step === 'lost-timeout') throw timedOut();
    if (version !== state.version) throw conflict();
    state.version++;
    state.replicas = replicas;
    state.applied++;
    if (step === 'applied-then-timeout') throw timedOut();
  };
  return { state, send, isOurs: (replicas: number) => async () => state.replicas === replicas };
}

describe('sendGuarded (a write guarded by its version, during an election)', () => {
  const engineWith = (wait: ElectionWait) => ({ election: wait }) as unknown as Engine;

  const appliedOnce: [string, Parameters<typeof guardedService>[0]][] = [
    ['sent again after "no leader", applied once', ['noLeader', 'noLeader', 'ok']],
    ['taken before the answer was lost: the resend is refused as out of sequence, and found to be ours: done, not applied twice', ['applied-then-timeout']],
    ['lost before it was taken: the resend applies it, once', ['lost-timeout', 'noLeader', 'ok']],
  ];
  for (const [title, script] of appliedOnce) {
    it(title, async () => {
      const s = guardedService(script);
      await sendGuarded(engineWith(testWait().wait), s.send(10, 3), s.isOurs(3));
      assert.deepEqual(s.state, { version: 11, replicas: 3, applied: 1 });
    });
  }

  it('someone else wrote meanwhile: the conflict is reported, nothing of ours is applied', async () => {
    const s = guardedService(['lost-timeout']);
    s.state.version = 11; // another writer's update landed
    s.state.replicas = 5;
    await assert.rejects(sendGuarded(engineWith(testWait().wait), s.send(10, 3), s.isOurs(3)), (e: unknown) => e instanceof SwarmError && e.kind === 'conflict');
    assert.deepEqual(s.state, { version: 11, replicas: 5, applied: 0 });
  });

  it('a conflict on the first try is not looked into (the caller reads again, as before)', async () => {
    const s = guardedService([]);
    s.state.version = 11;
    let looked = 0;
    await assert.rejects(
      sendGuarded(engineWith(testWait().wait), s.send(10, 3), async () => {
        looked++;
        return true;
      }),
      (e: unknown) => e instanceof SwarmError && e.kind === 'conflict',
    );
    assert.equal(looked, 0);
  });
});
