// Rollout following on a clock the test moves: a watch polls until the rollout converges,
// fails, is cancelled or runs too long, and disposing stops every watch and closes its
// notification without a further read.
import * as assert from 'node:assert/strict';
import type { EngineService, EngineTask } from '../../../src/model/engineTypes';
import { LIMIT_MS, POLL_MS, Rollouts, type RolloutParts } from '../../../src/rollouts/rollouts';
import { ManualClock, settle } from '../../support/manualClock';

/** A service with `replicas` wanted, `running` of them running, and an update state. */
class FakeSwarm {
  running = 0;
  updateState: string | undefined = 'updating';
  updateMessage: string | undefined;
  reads = 0;
  constructor(readonly replicas: number) {}
  async listNodes(): Promise<never[]> {
    return [];
  }
  async inspectService(id: string): Promise<EngineService> {
    this.reads++;
    return { ID: id, Spec: { Mode: { Replicated: { Replicas: this.replicas } } }, UpdateStatus: this.updateState ? { State: this.updateState, Message: this.updateMessage } : undefined } as EngineService;
  }
  async serviceTasks(id: string): Promise<EngineTask[]> {
    return Array.from({ length: this.replicas }, (_, i) => ({
      ID: `${id}-${i + 1}`,
      Slot: i + 1,
      DesiredState: 'running',
      Status: { State: i < this.running ? 'running' : 'starting', Timestamp: '2026-01-01T00:00:00Z' },
    }));
  }
}

function parts(swarm: FakeSwarm): RolloutParts & { open: number; messages: string[]; said: string[]; reloaded: string[]; warned: string[]; cancel: boolean } {
  const p = {
    open: 0,
    cancel: false,
    messages: [] as string[],
    said: [] as string[],
    reloaded: [] as string[],
    warned: [] as string[],
    client: () => swarm,
    host: {
      withCancellableProgress: async <R>(_title: string, task: (progress: { report(v: { message?: string }): void }, cancelled: () => boolean) => Thenable<R>): Promise<R> => {
        p.open++;
        try {
          return await task({ report: (v) => void (v.message && p.messages.push(v.message)) }, () => p.cancel);
        } finally {
          p.open--;
        }
      },
      showErrorMessage: async (m: string) => void p.said.push(`error: ${m}`),
      showInformationMessage: async (m: string) => void p.said.push(`info: ${m}`),
    },
    log: { warn: (m: string) => void p.warned.push(m) },
    store: { reloadService: async (id: string) => void p.reloaded.push(id) },
  };
  return p;
}

describe('Rollouts', () => {
  let clock: ManualClock;
  let rollouts: Rollouts;
  beforeEach(() => {
    clock = new ManualClock();
    rollouts = new Rollouts(clock);
  });
  afterEach(() => rollouts.dispose());

  it(`polls every ${POLL_MS} ms until the rollout converges, then closes, redraws the row and says nothing`, async () => {
    const swarm = new FakeSwarm(2);
    const p = parts(swarm);
    rollouts.watch(p, 'svc', 'Scaling web to 2');
    await settle();
    assert.equal(p.open, 1);
    assert.deepEqual(p.messages, ['0/2 running — 1 starting, 2 starting']);
    await clock.advance(POLL_MS - 1);
    assert.equal(swarm.reads, 1, 'not before the poll is due');
    swarm.running = 2;
    swarm.updateState = 'completed';
    await clock.advance(1);
    await rollouts.settled();
    assert.equal(swarm.reads, 2);
    assert.equal(p.open, 0, 'the notification closed');
    assert.equal(clock.pending, 0, 'no poll left');
    assert.deepEqual(p.reloaded, ['svc']);
    assert.deepEqual(p.said, []);
  });

  it('a rollout the engine paused: stops and says why', async () => {
    const swarm = new FakeSwarm(1);
    const p = parts(swarm);
    rollouts.watch(p, 'svc', 'Updating web to app:2');
    await settle();
    swarm.updateState = 'paused';
    swarm.updateMessage = 'update paused due to failure';
    await clock.advance(POLL_MS);
    await rollouts.settled();
    assert.deepEqual(p.said, ['error: Updating web to app:2: stopped — update paused due to failure']);
    assert.equal(clock.pending, 0);
  });

  it('closed by the user: stops at the next poll, says nothing', async () => {
    const swarm = new FakeSwarm(1);
    const p = parts(swarm);
    rollouts.watch(p, 'svc', 'Rolling back web');
    await settle();
    p.cancel = true;
    await clock.advance(POLL_MS);
    await rollouts.settled();
    assert.equal(p.open, 0);
    assert.deepEqual(p.said, []);
    assert.equal(clock.pending, 0);
  });

  it('still converging after the time limit: closes and says the tree shows the rest', async () => {
    const swarm = new FakeSwarm(1);
    const p = parts(swarm);
    rollouts.watch(p, 'svc', 'Force-updating web');
    await settle();
    await clock.advance(LIMIT_MS + POLL_MS);
    await rollouts.settled();
    assert.equal(p.open, 0);
    assert.deepEqual(p.said, ['info: Force-updating web: still converging after 5 minutes; the tree shows its progress.']);
  });

  it('disposed: every watch stops at once, its notification closes, no further read, nothing said', async () => {
    const swarm = new FakeSwarm(1);
    const p = parts(swarm);
    rollouts.watch(p, 'a', 'Scaling a to 1');
    rollouts.watch(p, 'b', 'Scaling b to 1');
    await settle();
    assert.equal(p.open, 2);
    const reads = swarm.reads;
    rollouts.dispose();
    await rollouts.settled();
    assert.equal(p.open, 0, 'both notifications closed');
    assert.equal(clock.pending, 0, 'no poll left');
    await clock.advance(10 * POLL_MS);
    assert.equal(swarm.reads, reads, 'no read after dispose');
    assert.deepEqual([p.said, p.reloaded], [[], []]);
    rollouts.watch(p, 'c', 'Scaling c to 1');
    await settle();
    assert.equal(p.open, 0, 'a watch asked for after dispose does not start');
  });

  it('a read in flight when disposed: the notification closes when it returns, with no further poll', async () => {
    const swarm = new FakeSwarm(1);
    let release: () => void = () => undefined;
    const inspect = swarm.inspectService.bind(swarm);
    const p = parts(swarm);
    rollouts.watch(p, 'svc', 'Scaling web to 1');
    await settle();
    swarm.inspectService = (id) => new Promise((resolve) => (release = () => resolve(inspect(id))));
    await clock.advance(POLL_MS);
    assert.equal(p.open, 1);
    rollouts.dispose();
    release();
    await rollouts.settled();
    assert.equal(p.open, 0);
    assert.equal(clock.pending, 0);
    assert.deepEqual(p.messages.length, 1, 'the late answer is not shown');
  });

  it('a service that goes away meanwhile: the watch ends and the reason goes to the log', async () => {
    const swarm = new FakeSwarm(1);
    const p = parts(swarm);
    rollouts.watch(p, 'svc', 'Scaling web to 1');
    await settle();
    swarm.inspectService = async () => {
      throw Object.assign(new Error('no such service: svc'), { statusCode: 404, json: { message: 'service svc not found' } });
    };
    await clock.advance(POLL_MS);
    await rollouts.settled();
    assert.equal(p.open, 0);
    assert.equal(p.warned.length, 1);
    assert.match(p.warned[0]!, /^Scaling web to 1: .*svc/);
  });
});
