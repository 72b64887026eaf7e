// When live log follows are ended from here: which states of the store's last read end them
// (driven through the store's own ReadState), how often, with which words, and on a switch of
// endpoint; with real LogSessions behind endAll, so that "once" is what a channel shows.
import * as assert from 'node:assert/strict';
import type { LogStream, SwarmClient } from '../../../src/docker/swarmClient';
import { endFollowsWhenSwarmLost, swarmLostReason, switchedReason, type SwarmReadView } from '../../../src/logs/followEnds';
import { LogSession, type LogChannel, type LogEnded } from '../../../src/logs/logSession';
import { SwarmError } from '../../../src/model/errors';
import { DEFAULT_LOG_OPTIONS } from '../../../src/model/logOptions';
import { Emitter } from '../../../src/tree/emitter';
import { ReadState } from '../../../src/tree/readState';
import type { StoreChange } from '../../../src/tree/storeTypes';
import { NO_KEYS } from '../../../src/tree/storeTypes';

const NO_LEADER = new SwarmError('noLeader', 'The swarm does not have a leader.');
const TIMEOUT = new SwarmError('timeout', 'The Docker engine did not answer in time.');
const GONE = new SwarmError('unreachable', 'Cannot reach the Docker engine.');
const QUORUM_LOST = 'the swarm has no leader (no quorum: 1 of 3 managers reachable); Follow Again once it has one';

/** A store as the rule sees it: its real ReadState on a clock the test moves, and `managers` managers. */
function storeOf(managers: number) {
  let now = 0;
  const read = new ReadState(NO_KEYS, () => now);
  const changed = new Emitter<StoreChange>();
  const store: SwarmReadView & { onDidChange: Emitter<StoreChange>['event'] } = {
    get state() {
      return read.state;
    },
    readState: read,
    nodes: Array.from({ length: managers }, () => ({ role: 'manager' })),
    onDidChange: changed.event,
  };
  /** A full read at `at` ms, as SwarmStore.load reports it: works, or fails with `error` (rows were shown before). */
  const readAt = (at: number, error?: SwarmError) => {
    now = at;
    if (error) read.failed(error, true, managers > 1);
    else read.succeeded();
    changed.fire({ kind: 'refreshed' });
  };
  return { store, read, readAt, patched: () => changed.fire({ kind: 'patched', changed: [], added: [], removed: [], nodes: false, everyRow: false }) };
}

describe('which reads of the swarm end live log follows', () => {
  it('none while reads work, or while the rows are stale for less than an election takes', () => {
    const { store, readAt } = storeOf(3);
    readAt(0);
    assert.equal(swarmLostReason(store), undefined, 'read fine');
    readAt(1000, NO_LEADER);
    assert.equal(store.readState.staleSince, 0, 'the rows are stale');
    assert.equal(swarmLostReason(store), undefined, 'an election may be under way');
    readAt(20_999, NO_LEADER);
    assert.equal(swarmLostReason(store), undefined, 'just under the grace');
    readAt(21_000, NO_LEADER);
    assert.equal(swarmLostReason(store), QUORUM_LOST, 'no leader for as long as an election takes: the quorum is lost');
    readAt(22_000);
    assert.equal(swarmLostReason(store), undefined, 'the swarm answers again');
  });

  it('an election blip (stale, then a leader again within the grace) never ends them', () => {
    const { store, readAt } = storeOf(3);
    readAt(0);
    const said: (string | undefined)[] = [];
    for (const [at, e] of [[3000, TIMEOUT], [6000, NO_LEADER], [9000, NO_LEADER], [12_000, undefined]] as const) {
      readAt(at, e);
      said.push(swarmLostReason(store));
    }
    assert.deepEqual(said, [undefined, undefined, undefined, undefined]);
  });

  it('a manager that does not answer (a partition) for that long: said as such', () => {
    const { store, readAt } = storeOf(3);
    readAt(0);
    readAt(1000, TIMEOUT);
    readAt(25_400, TIMEOUT);
    assert.equal(swarmLostReason(store), 'the manager has not answered for 24 s (the swarm has no leader, or this manager is cut off from the others); Follow Again once it has one');
    readAt(40_000, NO_LEADER);
    assert.equal(swarmLostReason(store), QUORUM_LOST, 'then the manager says it has no leader');
  });

  it('none when the rows are not kept: one manager not answering, the engine gone, nothing read before', () => {
    const one = storeOf(1);
    one.readAt(0);
    one.readAt(1000, TIMEOUT);
    one.readAt(60_000, TIMEOUT);
    assert.equal(swarmLostReason(one.store), undefined, 'one manager: the rows are emptied, the stream fails by itself');
    const gone = storeOf(3);
    gone.readAt(0);
    gone.readAt(1000, GONE);
    gone.readAt(60_000, GONE);
    assert.equal(swarmLostReason(gone.store), undefined);
    const fresh = storeOf(3);
    fresh.read.forgetShown(); // another engine: nothing shown of it yet
    fresh.read.failed(NO_LEADER, false, true);
    assert.equal(swarmLostReason(fresh.store), undefined);
  });

  it('words for a switch of endpoint', () => {
    assert.equal(switchedReason('swarm-services-m2 (unix:///run/swarm-services-m2.sock)'), 'now connected to swarm-services-m2 (unix:///run/swarm-services-m2.sock); Follow Again to follow it there');
    assert.equal(switchedReason(undefined), 'the Docker endpoint changed and none is usable now');
  });
});

/** A channel keeping its lines, and a client whose streams never send or end by themselves (a silent follow). */
function silentSession(name: string, ended: LogEnded[]) {
  const lines: string[] = [];
  const channel: LogChannel = { append: (t) => lines.push(t), appendLine: (t) => lines.push(t), clear: () => (lines.length = 0), show: () => undefined, dispose: () => undefined };
  const stream: LogStream = { started: Promise.resolve(), done: new Promise(() => undefined), stop: () => undefined, pause: () => undefined, resume: () => undefined };
  const client = { logs: () => stream } as unknown as SwarmClient;
  const session = new LogSession(name, channel, { client: () => client, log: { error: () => undefined }, maxRate: () => 0, followingChanged: () => undefined, ended: (e) => ended.push(e) });
  return { session, lines };
}

describe('ending the live follows on a switch that keeps the same engine', () => {
  it('another name for the same engine (a context for DOCKER_HOST\'s host) ends nothing; another host ends them', async () => {
    const ended: LogEnded[] = [];
    const web = silentSession('web', ended);
    await web.session.start({ kind: 'service', id: 'w', name: 'web' }, { ...DEFAULT_LOG_OPTIONS, follow: true });
    const switched = new Emitter<void>();
    let host = 'unix:///var/run/docker.sock';
    const calls: string[] = [];
    const logs = { endAll: (why: string) => (calls.push(why), web.session.end(why) ? 1 : 0) };
    endFollowsWhenSwarmLost({ logs, store: storeOf(1).store, onDidSwitch: switched.event, endpoint: () => 'default', engineHost: () => host });
    switched.fire();
    assert.deepEqual(calls, []);
    assert.equal(web.session.follows, true);
    host = 'unix:///run/other.sock';
    switched.fire();
    assert.equal(calls.length, 1);
    assert.equal(web.session.follows, false);
  });
});

describe('ending the live follows (endFollowsWhenSwarmLost)', () => {
  async function setUp() {
    const s = storeOf(3);
    const ended: LogEnded[] = [];
    const web = silentSession('web', ended);
    const db = silentSession('db.1', ended);
    const finite = silentSession('batch', ended);
    await web.session.start({ kind: 'service', id: 'w', name: 'web' }, { ...DEFAULT_LOG_OPTIONS, follow: true });
    await db.session.start({ kind: 'task', id: 'd', name: 'db.1', serviceId: 'x' }, { ...DEFAULT_LOG_OPTIONS, follow: true });
    await finite.session.start({ kind: 'service', id: 'b', name: 'batch' }, { ...DEFAULT_LOG_OPTIONS, follow: false });
    const sessions = [web.session, db.session, finite.session];
    const calls: string[] = [];
    const logs = { endAll: (why: string) => (calls.push(why), sessions.filter((x) => x.end(why)).length) };
    const switched = new Emitter<void>();
    let endpoint: string | undefined = 'm2 (unix:///run/m2.sock)';
    const subscriptions = endFollowsWhenSwarmLost({ logs, store: s.store, onDidSwitch: switched.event, endpoint: () => endpoint });
    return { ...s, ended, web, db, finite, calls, switched, subscriptions, setEndpoint: (e: string | undefined) => (endpoint = e) };
  }

  it('the quorum lost: every live follow ends once, with the note, however many reads follow', async () => {
    const t = await setUp();
    t.readAt(0);
    t.readAt(3000, NO_LEADER);
    t.readAt(6000, NO_LEADER);
    t.patched();
    assert.equal(t.ended.length, 0, 'nothing ended within the grace');
    for (let at = 21_000; at <= 60_000; at += 3000) t.readAt(at, NO_LEADER);
    assert.deepEqual(t.web.lines, [`--- the log stream of web ended: ${QUORUM_LOST} ---`]);
    assert.deepEqual(t.db.lines, [`--- the log stream of db.1 ended: ${QUORUM_LOST} ---`]);
    assert.deepEqual(t.finite.lines, [], 'a finite read is not a follow');
    assert.deepEqual(t.ended.map((e) => [e.target.name, e.error?.message]), [['web', QUORUM_LOST], ['db.1', QUORUM_LOST]], 'one ended event each: one Follow Again offer each');
  });

  it('a follow started while the swarm is still lost ends at the next read; once it answers, one started stays', async () => {
    const t = await setUp();
    t.readAt(0);
    t.readAt(1000, NO_LEADER);
    t.readAt(21_000, NO_LEADER);
    assert.equal(t.ended.length, 2);
    await t.web.session.start({ kind: 'service', id: 'w', name: 'web' }, { ...DEFAULT_LOG_OPTIONS, follow: true });
    t.readAt(24_000, NO_LEADER);
    assert.equal(t.ended.length, 3);
    assert.equal(t.web.session.follows, false);
    t.readAt(27_000);
    await t.web.session.start({ kind: 'service', id: 'w', name: 'web' }, { ...DEFAULT_LOG_OPTIONS, follow: true });
    t.readAt(30_000);
    t.readAt(33_000, NO_LEADER);
    assert.equal(t.web.session.follows, true, 'a new election: the grace again');
    assert.equal(t.ended.length, 3);
  });

  it('a switch of endpoint ends every live follow with the new endpoint named; disposed, nothing more', async () => {
    const t = await setUp();
    t.switched.fire();
    const why = 'now connected to m2 (unix:///run/m2.sock); Follow Again to follow it there';
    assert.deepEqual(t.web.lines, [`--- the log stream of web ended: ${why} ---`]);
    assert.deepEqual(t.ended.map((e) => e.error?.message), [why, why]);
    t.switched.fire();
    assert.equal(t.ended.length, 2, 'once');
    for (const d of t.subscriptions) d.dispose();
    await t.web.session.start({ kind: 'service', id: 'w', name: 'web' }, { ...DEFAULT_LOG_OPTIONS, follow: true });
    t.switched.fire();
    t.readAt(0);
    t.readAt(1000, NO_LEADER);
    t.readAt(30_000, NO_LEADER);
    assert.equal(t.web.session.follows, true);
    assert.deepEqual(t.calls, [why, why]);
  });
});
