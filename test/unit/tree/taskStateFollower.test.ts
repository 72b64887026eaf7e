// The follower of a task's container event on a clock the test moves: the service is read
// again at 25, 50, 100, 200, 400 and 800 ms until the manager records what the event said,
// and not once it does, once the task or the service is gone, or once disposed.
import * as assert from 'node:assert/strict';
import { ChangeSet, type TaskExpectation } from '../../../src/model/changes';
import type { EngineService, EngineTask } from '../../../src/model/engineTypes';
import { TaskStateFollower } from '../../../src/tree/taskStateFollower';
import { ManualClock } from '../../support/manualClock';

const startOf = (task: string, service = 'svc', expect: TaskExpectation = 'running') => ChangeSet.of({ kind: 'service', id: service, removed: false, task: { id: task, expect } });
const taskIn = (id: string, state: string, service = 'svc'): EngineTask => ({ ID: id, ServiceID: service, DesiredState: 'running', Status: { State: state } });

describe('TaskStateFollower', () => {
  let clock: ManualClock;
  let follower: TaskStateFollower;
  /** Each re-read asked: when, and what it names. */
  let reads: { at: number; services: string[]; tasks: [string, string][] }[];

  beforeEach(() => {
    clock = new ManualClock();
    reads = [];
    follower = new TaskStateFollower(clock, (c) => {
      reads.push({ at: clock.now(), services: [...c.services], tasks: [...c.expectations].map(([t, e]) => [t, `${e.serviceId}:${e.expect}`]) });
    });
  });

  afterEach(() => follower.dispose());

  /** As the store does: each re-read is read (the task still in `state`) and checked again. */
  function answerReads(state: string): void {
    follower = new TaskStateFollower(clock, (c) => {
      reads.push({ at: clock.now(), services: [...c.services], tasks: [...c.expectations].map(([t, e]) => [t, `${e.serviceId}:${e.expect}`]) });
      follower.check(c, [taskIn('t1', state)], new Set(['svc']));
    });
  }

  it('reads the service again at 25, 50, 100, 200, 400 and 800 ms while the task is not yet recorded running, then gives up', async () => {
    answerReads('starting');
    follower.check(startOf('t1'), [taskIn('t1', 'starting')], new Set(['svc']));
    await clock.advance(24);
    assert.equal(reads.length, 0, 'not before 25 ms');
    await clock.advance(10_000);
    const delays = reads.map((r, i) => r.at - (i === 0 ? 0 : reads[i - 1]!.at));
    assert.deepEqual(delays, [25, 50, 100, 200, 400, 800]);
    assert.deepEqual(reads[0], { at: 25, services: ['svc'], tasks: [['t1', 'svc:running']] });
    assert.equal(follower.stats.retries, 6);
    assert.equal(clock.pending, 0, 'no timer left');
  });

  it('stops once the manager reports what the event said', async () => {
    let state = 'running';
    follower = new TaskStateFollower(clock, (c) => {
      reads.push({ at: clock.now(), services: [...c.services], tasks: [] });
      follower.check(c, [taskIn('t1', state)], new Set(['svc']));
    });
    follower.check(startOf('t1', 'svc', 'stopped'), [taskIn('t1', 'running')], new Set(['svc']));
    await clock.advance(25);
    assert.equal(reads.length, 1);
    state = 'failed';
    await clock.advance(10_000);
    assert.deepEqual(reads.map((r) => r.at), [25, 75], 'the read at 75 ms found it stopped: no more');
    assert.equal(clock.pending, 0);
  });

  it('asks nothing when the first read already shows the state, the task is not found, or its service is gone', async () => {
    follower.check(startOf('t1'), [taskIn('t1', 'running')], new Set(['svc']));
    follower.check(startOf('t2'), [], new Set(['svc']));
    follower.check(startOf('t3'), [taskIn('t3', 'starting')], new Set());
    await clock.advance(10_000);
    assert.deepEqual(reads, []);
    assert.equal(clock.pending, 0);
  });

  it('a task not found or a service gone at a later read stops the follow', async () => {
    let answer: { tasks: EngineTask[]; found: string[] } = { tasks: [taskIn('t1', 'starting')], found: ['svc'] };
    follower = new TaskStateFollower(clock, (c) => {
      reads.push({ at: clock.now(), services: [], tasks: [] });
      follower.check(c, answer.tasks, new Set(answer.found));
    });
    follower.check(startOf('t1'), [taskIn('t1', 'starting')], new Set(['svc']));
    await clock.advance(25);
    answer = { tasks: [], found: ['svc'] };
    await clock.advance(10_000);
    assert.equal(reads.length, 2, 'the read at 75 ms did not find the task');

    reads.length = 0;
    answer = { tasks: [taskIn('t1', 'starting')], found: ['svc'] };
    follower.check(startOf('t1'), answer.tasks, new Set(['svc']));
    await clock.advance(25);
    answer = { tasks: [taskIn('t1', 'starting')], found: [] };
    await clock.advance(10_000);
    assert.equal(reads.length, 2, 'the read after 25 ms found the service gone');
  });

  it('follows each task on its own', async () => {
    const both = startOf('t1');
    both.merge(startOf('t2', 'other'));
    follower.check(both, [taskIn('t1', 'starting'), taskIn('t2', 'starting', 'other')], new Set(['svc', 'other']));
    await clock.advance(25);
    assert.deepEqual(reads.map((r) => r.tasks[0]![0]).sort(), ['t1', 't2']);
  });

  it('a service read with fewer tasks running than desired: read again at 100 ms, 200, 400... until the counts meet', async () => {
    const counted = (running: number, mode: EngineService['Spec'] = { Mode: { Replicated: { Replicas: 3 } } }): EngineService => ({ ID: 'svc', Spec: mode, ServiceStatus: { RunningTasks: running, DesiredTasks: 3 } });
    let running = 1;
    follower = new TaskStateFollower(clock, (c) => {
      reads.push({ at: clock.now(), services: [...c.services], tasks: [] });
      follower.check(c, [], new Set(['svc']), [counted(running)]);
    });
    follower.check(ChangeSet.of({ kind: 'service', id: 'svc', removed: false }), [], new Set(['svc']), [counted(running)]);
    await clock.advance(350);
    assert.deepEqual(reads.map((r) => r.at), [100, 300]);
    running = 3;
    await clock.advance(100_000);
    assert.deepEqual(reads.map((r) => r.at), [100, 300, 700], 'the read at 700 ms found them met');
    // A job's tasks complete: running below desired is what it is meant to be.
    follower.check(new ChangeSet(), [], new Set(['svc']), [counted(0, { Mode: { ReplicatedJob: { TotalCompletions: 3 } } })]);
    assert.equal(clock.pending, 0);
  });

  it('after a full read (the tasks not read by ID): a task awaited is followed through a change read; a service gone is not', async () => {
    follower.check(startOf('t1'), { listed: [] }, new Set(['svc']));
    follower.check(startOf('t9', 'gone'), { listed: [] }, new Set(['svc']));
    await clock.advance(25);
    assert.deepEqual(reads, [{ at: 25, services: ['svc'], tasks: [['t1', 'svc:running']] }]);
  });

  it('after a full read that listed the task: judged by what it says, followed only while unmet', async () => {
    follower.check(startOf('t1'), { listed: [taskIn('t1', 'running')] }, new Set(['svc']));
    follower.check(startOf('t2'), { listed: [taskIn('t2', 'starting')] }, new Set(['svc']));
    await clock.advance(25);
    assert.deepEqual(reads, [{ at: 25, services: ['svc'], tasks: [['t2', 'svc:running']] }]);
  });

  it('one count timer per service: counts met then unmet again before it fired add none', async () => {
    const counted = (running: number): EngineService => ({ ID: 'svc', Spec: { Mode: { Replicated: { Replicas: 2 } } }, ServiceStatus: { RunningTasks: running, DesiredTasks: 2 } });
    const change = ChangeSet.of({ kind: 'service', id: 'svc', removed: false });
    follower.check(change, [], new Set(['svc']), [counted(1)]);
    follower.check(change, [], new Set(['svc']), [counted(2)]);
    follower.check(change, [], new Set(['svc']), [counted(1)]);
    assert.equal(clock.pending, 1);
  });

  it('a service read again soon for a task is not also read for its counts', async () => {
    const counts: EngineService = { ID: 'svc', Spec: { Mode: { Replicated: { Replicas: 2 } } }, ServiceStatus: { RunningTasks: 1, DesiredTasks: 2 } };
    follower.check(startOf('t1'), [taskIn('t1', 'starting')], new Set(['svc']), [counts]);
    assert.equal(clock.pending, 1, 'one timer: the task\'s, at 25 ms');
    await clock.advance(25);
    assert.deepEqual(reads.map((r) => r.at), [25]);
  });

  describe('counts unmet: at most 8 re-reads an episode', () => {
    const unmet: EngineService = { ID: 'svc', Spec: { Mode: { Replicated: { Replicas: 3 } } }, ServiceStatus: { RunningTasks: 1, DesiredTasks: 3 } };
    const met: EngineService = { ...unmet, ServiceStatus: { RunningTasks: 3, DesiredTasks: 3 } };
    const event = () => ChangeSet.of({ kind: 'service', id: 'svc', removed: false });
    let answer: EngineService;
    const FOLLOW_UPS = [100, 300, 700, 1500, 3100, 6300, 12_700, 25_500];

    beforeEach(() => {
      answer = unmet;
      follower = new TaskStateFollower(clock, (c) => {
        reads.push({ at: clock.now(), services: [...c.services], tasks: [] });
        follower.check(c, [], new Set(['svc']), [answer]);
      });
    });

    it('reads made for other reasons (a steady stream of events) use none of them; events during an episode earn one more, then none', async () => {
      follower.check(event(), [], new Set(['svc']), [unmet]);
      // An event every 10 ms for a second, each read with the counts still unmet.
      for (let t = 10; t <= 1000; t += 10) {
        await clock.advance(10);
        follower.check(event(), [], new Set(['svc']), [unmet]);
      }
      await clock.advance(200_000);
      const renewed = FOLLOW_UPS.map((at) => 25_500 + at);
      assert.deepEqual(reads.map((r) => r.at), [...FOLLOW_UPS, ...renewed], 'the eight re-reads of the episode on their own schedule, eight more for the events during it, then none');
      assert.equal(clock.pending, 0, 'no timer left');
      assert.equal(follower.followedForCounts, 0);
    });

    it('one change event late in an episode: still followed for a whole episode after it, not given up after one re-read', async () => {
      follower.check(event(), [], new Set(['svc']), [unmet]);
      // Just after the 7th re-read (12.7 s): the 8th is 12.8 s away.
      await clock.advance(12_800);
      assert.equal(reads.length, 7);
      follower.check(event(), [], new Set(['svc']), [unmet]);
      await clock.advance(100_000);
      assert.deepEqual(reads.map((r) => r.at), [...FOLLOW_UPS, ...FOLLOW_UPS.map((at) => 25_500 + at)]);
      assert.ok(reads.at(-1)!.at > 12_800 + 25_000, 'the last re-read comes a whole episode after the change');
    });

    it('a change event after it gave up starts a new episode; a re-read merged with an event is the event', async () => {
      follower.check(event(), [], new Set(['svc']), [unmet]);
      await clock.advance(100_000);
      assert.equal(reads.length, 8);
      const merged = ChangeSet.of({ kind: 'service', id: 'svc', removed: false, followUp: true });
      merged.merge(event());
      assert.ok(!merged.followUps.has('svc'), 'named by an event too: not a follow-up');
      follower.check(merged, [], new Set(['svc']), [unmet]);
      await clock.advance(100);
      assert.equal(reads.length, 9, 'a new episode, its first re-read 100 ms later');
    });

    it('a timer never outlives its entry: counts met, the service removed or gone, and a full read not listing it each drop both', async () => {
      follower.check(event(), [], new Set(['svc']), [unmet]);
      assert.equal(clock.pending, 1);
      follower.check(event(), [], new Set(['svc']), [met]);
      assert.deepEqual([clock.pending, follower.followedForCounts], [0, 0], 'counts met by a read for another reason');
      follower.check(event(), [], new Set(['svc']), [unmet]);
      follower.check(ChangeSet.of({ kind: 'service', id: 'svc', removed: true }), [], new Set(), []);
      assert.deepEqual([clock.pending, follower.followedForCounts], [0, 0], 'removed');
      follower.check(event(), [], new Set(['svc']), [unmet]);
      follower.check(event(), [], new Set(), []);
      assert.deepEqual([clock.pending, follower.followedForCounts], [0, 0], 'not found by a read naming it');
      follower.check(event(), [], new Set(['svc']), [unmet]);
      follower.keepOnly(new Set(['other']));
      assert.deepEqual([clock.pending, follower.followedForCounts], [0, 0], 'not listed by a full read');
      await clock.advance(100_000);
      assert.deepEqual(reads, []);
    });
  });

  it('a read after dispose starts no follow', async () => {
    follower.dispose();
    follower.check(startOf('t1'), [taskIn('t1', 'starting')], new Set(['svc']), [{ ID: 'svc', ServiceStatus: { RunningTasks: 0, DesiredTasks: 1 } }]);
    assert.equal(clock.pending, 0);
  });

  it('dispose clears its timers: no read after it', async () => {
    follower.check(startOf('t1'), [taskIn('t1', 'starting')], new Set(['svc']));
    assert.equal(clock.pending, 1);
    follower.dispose();
    assert.equal(clock.pending, 0);
    await clock.advance(10_000);
    assert.deepEqual(reads, []);
  });
});
