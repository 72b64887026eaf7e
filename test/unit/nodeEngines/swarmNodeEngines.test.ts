// SwarmNodeEngines over fake engines: which client a node gets, what is asked of which engine and
// how often, the background discovery of contexts (bounded, cached, asked again when due), and
// the clients closed when they are no longer valid.
import * as assert from 'node:assert/strict';
import type { ResolvedEndpoint } from '../../../src/docker/endpoint';
import type { SwarmClient } from '../../../src/docker/swarmClient';
import { SwarmError } from '../../../src/model/errors';
import type { NodeRef } from '../../../src/nodeEngines/nodeEngines';
import { SwarmNodeEngines, type ContextEndpoint, type NodeEnginesDeps } from '../../../src/nodeEngines/swarmNodeEngines';

const MANAGER: NodeRef = { id: 'managerid', hostname: 'manager-1', address: '10.0.0.11' };
const WORKER: NodeRef = { id: 'workerid', hostname: 'worker-1', address: '10.0.0.12' };

/** An engine as far as these tests need one: which node it is (or how it fails), and whether it was closed. */
class FakeEngine {
  asked = 0;
  closed = false;
  constructor(readonly host: string, readonly timeoutMs: number | undefined, private readonly answer: () => Promise<string | undefined>) {}
  get client(): SwarmClient {
    return {
      endpoint: this.host,
      localNodeId: () => {
        this.asked++;
        return this.answer();
      },
      close: () => void (this.closed = true),
      normalise: (e: unknown) => (e instanceof SwarmError ? e : new SwarmError('api', String(e))),
      __fake: this,
    } as unknown as SwarmClient;
  }
}

const fakeOf = (client: SwarmClient) => (client as unknown as { __fake: FakeEngine }).__fake;
const ctx = (name: string, host: string): ContextEndpoint => ({ name, endpoint: { host, source: 'context', contextName: name, label: name } });
const tick = () => new Promise((r) => setImmediate(r));

interface World {
  engines: SwarmNodeEngines;
  made: FakeEngine[];
  /** What each host answers to localNodeId (a node id, undefined, an error, or 'hang'). */
  answers: Map<string, string | undefined | Error | 'hang'>;
  contexts: ContextEndpoint[];
  setting: unknown;
  connectionHost: string;
  connected: FakeEngine;
  warnings: string[];
  infos: string[];
  clock: { t: number };
  changes: () => number;
}

function world(over: Partial<Pick<World, 'contexts' | 'setting' | 'connectionHost'>> & { answers?: [string, string | undefined | Error | 'hang'][]; probeMs?: number } = {}): World {
  const answers = new Map(over.answers ?? []);
  const answer = (host: string) => () => {
    const a = answers.get(host);
    if (a === 'hang') return new Promise<string | undefined>(() => undefined);
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve(a);
  };
  const w = {
    made: [] as FakeEngine[],
    answers,
    contexts: over.contexts ?? [],
    setting: over.setting ?? {},
    connectionHost: over.connectionHost ?? 'unix:///var/run/docker.sock',
    connected: new FakeEngine('connected', undefined, () => Promise.resolve(MANAGER.id)),
    warnings: [] as string[],
    infos: [] as string[],
    clock: { t: 1_000_000 },
  } as World;
  const deps: NodeEnginesDeps = {
    connected: () => w.connected.client,
    connectionHost: () => w.connectionHost,
    contexts: () => w.contexts,
    setting: () => w.setting,
    makeClient: (endpoint: ResolvedEndpoint, timeoutMs?: number) => {
      const e = new FakeEngine(endpoint.host, timeoutMs, answer(endpoint.host));
      w.made.push(e);
      return e.client;
    },
    node: (id) => [MANAGER, WORKER].find((n) => n.id === id),
    log: { info: (m) => w.infos.push(m), warn: (m) => w.warnings.push(m) },
    now: () => w.clock.t,
    timing: { probeMs: over.probeMs ?? 3000, waitMs: 100, missRetryMs: 30_000, verifyMs: 5000, failureRetryMs: 10_000 },
  };
  w.engines = new SwarmNodeEngines(deps);
  let changes = 0;
  w.engines.onDidChange(() => changes++);
  w.changes = () => changes;
  return w;
}

async function rejection(p: Promise<unknown>): Promise<SwarmError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SwarmError, `a SwarmError: ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

describe('SwarmNodeEngines', () => {
  it('the connected engine for its own node, asked which node it is once per connection', async () => {
    const w = world();
    const a = await w.engines.engineFor({ id: MANAGER.id });
    assert.equal(fakeOf(a.client), w.connected);
    assert.deepEqual(a.route, { kind: 'connected' });
    await w.engines.engineFor(MANAGER);
    assert.equal(w.connected.asked, 1);
    assert.deepEqual(w.engines.routeOf(MANAGER.id), { kind: 'connected' });
    w.engines.connectionChanged();
    await w.engines.engineFor(MANAGER);
    assert.equal(w.connected.asked, 2, 'asked again for the new connection');
  });

  it('the connected engine asked again when a refresh no longer lists its node (it left, or made, a swarm)', async () => {
    const w = world();
    await w.engines.engineFor(MANAGER);
    w.engines.swarmNodesListed([MANAGER.id, WORKER.id]);
    await w.engines.engineFor(MANAGER);
    assert.equal(w.connected.asked, 1, 'its node is listed: not asked again');
    // The sandbox made anew: the same engine is another node now.
    w.connected = new FakeEngine('connected', undefined, () => Promise.resolve('newmanagerid'));
    w.engines.swarmNodesListed(['newmanagerid']);
    const again = await w.engines.engineFor({ id: 'newmanagerid' });
    assert.deepEqual(again.route, { kind: 'connected' });
    assert.equal(w.connected.asked, 1);
  });

  it('a node with no way known: the message names it and how to give its endpoint', async () => {
    const w = world();
    const e = await rejection(w.engines.engineFor(WORKER));
    assert.equal(e.kind, 'noEndpoint');
    assert.match(e.message, /^No Docker endpoint is known for node "worker-1" \(workerid\).*dockerSwarm\.nodeEndpoints setting \("worker-1": "ssh:\/\/user@host"/);
    assert.deepEqual(w.engines.routeOf(WORKER.id), { kind: 'none' });
  });

  it('finds in the background the context whose engine is the node, and says so; probes are short and closed', async () => {
    const w = world({ contexts: [ctx('default', 'unix:///var/run/docker.sock'), ctx('dead', 'tcp://x:1'), ctx('w1', 'unix:///run/w.sock')], answers: [['unix:///var/run/docker.sock', MANAGER.id], ['tcp://x:1', new SwarmError('unreachable', 'Cannot reach')], ['unix:///run/w.sock', WORKER.id]] });
    w.answers.set('unix:///run/w.sock', 'hang');
    // While the probes run, the view is told the search is on (and the call does not wait).
    assert.deepEqual(w.engines.routeDetail(WORKER.id), { route: { kind: 'none' }, searching: true });
    const probes = w.made.slice();
    assert.deepEqual(probes.map((p) => [p.host, p.timeoutMs]), [['unix:///var/run/docker.sock', 3000], ['tcp://x:1', 3000], ['unix:///run/w.sock', 3000]]);

    // A second discovery, now that the worker's engine answers.
    w.answers.set('unix:///run/w.sock', WORKER.id);
    w.engines.contextsChanged();
    const before = w.changes();
    w.engines.routeDetail(WORKER.id);
    for (let i = 0; i < 10 && w.changes() === before; i++) await tick();
    assert.ok(w.changes() > before, 'onDidChange fired when the discovery finished');
    assert.deepEqual(w.engines.routeDetail(WORKER.id), { route: { kind: 'context', context: 'w1', host: 'unix:///run/w.sock' }, searching: false });
    assert.ok(w.made.slice(3, 6).every((p) => p.closed), 'the probe clients are closed');
    assert.match(w.infos.at(-1) ?? '', /asked 3 docker context\(s\); "default" is node managerid, "w1" is node workerid; no answer from "dead" \(Cannot reach\)/);

    const got = await w.engines.engineFor(WORKER);
    assert.deepEqual(got.route, { kind: 'context', context: 'w1', host: 'unix:///run/w.sock' });
    assert.equal(fakeOf(got.client).host, 'unix:///run/w.sock');
    assert.equal(fakeOf(got.client).timeoutMs, undefined, 'the client used has the normal call timeout, not the probe one');
    assert.equal(fakeOf((await w.engines.engineFor(WORKER)).client), fakeOf(got.client), 'cached');
  });

  it('engineFor waits for a discovery in flight only so long', async () => {
    const w = world({ contexts: [ctx('slow', 'tcp://slow:2375')], answers: [['tcp://slow:2375', 'hang']] });
    const started = Date.now();
    const e = await rejection(w.engines.engineFor(WORKER));
    assert.equal(e.kind, 'noEndpoint');
    assert.ok(Date.now() - started < 1000, `bounded by waitMs (${Date.now() - started} ms)`);
  });

  it('an engine that never answers (its transport ignoring the timeout) still ends the round', async () => {
    const w = world({ probeMs: 10, contexts: [ctx('stuck', 'tcp://stuck:2375')], answers: [['tcp://stuck:2375', 'hang']] });
    assert.equal(w.engines.routeDetail(WORKER.id).searching, true);
    await new Promise((r) => setTimeout(r, 1100));
    assert.deepEqual(w.engines.routeDetail(WORKER.id), { route: { kind: 'none' }, searching: false });
    assert.match(w.infos.at(-1) ?? '', /no answer from "stuck" \(no answer in time\)/);
    assert.ok(w.made[0]!.closed);
  });

  it('a node with no route starts a new discovery at once when the contexts changed, else at most every missRetryMs', async () => {
    const w = world({ contexts: [ctx('default', 'unix:///var/run/docker.sock')], answers: [['unix:///var/run/docker.sock', MANAGER.id], ['unix:///run/w.sock', WORKER.id]] });
    await rejection(w.engines.engineFor(WORKER));
    const probesOf = (host: string) => w.made.filter((m) => m.host === host && m.timeoutMs === 3000).length;
    assert.equal(probesOf('unix:///var/run/docker.sock'), 1);
    await rejection(w.engines.engineFor(WORKER));
    assert.equal(probesOf('unix:///var/run/docker.sock'), 1, 'not asked again within missRetryMs');
    w.clock.t += 30_000;
    await rejection(w.engines.engineFor(WORKER));
    assert.equal(probesOf('unix:///var/run/docker.sock'), 2, 'asked again once due');
    // A context added (seen even without a file watcher's word): found on the next miss.
    w.contexts = [...w.contexts, ctx('w1', 'unix:///run/w.sock')];
    assert.deepEqual((await w.engines.engineFor(WORKER)).route, { kind: 'context', context: 'w1', host: 'unix:///run/w.sock' });
  });

  it('a context no longer found: its client is closed, and the node falls back', async () => {
    const w = world({ contexts: [ctx('w1', 'unix:///run/w.sock')], answers: [['unix:///run/w.sock', WORKER.id]] });
    const got = await w.engines.engineFor(WORKER);
    w.contexts = [];
    w.engines.contextsChanged();
    await rejection(w.engines.engineFor(WORKER));
    assert.ok(fakeOf(got.client).closed);
  });

  it('the setting wins over a context found for the node, and its engine must say it is the node', async () => {
    const w = world({
      setting: { 'worker-1': 'tcp://10.0.0.12:2375' },
      contexts: [ctx('w1', 'unix:///run/w.sock')],
      answers: [['unix:///run/w.sock', WORKER.id], ['tcp://10.0.0.12:2375', WORKER.id]],
    });
    const got = await w.engines.engineFor(WORKER);
    assert.deepEqual(got.route, { kind: 'setting', host: 'tcp://10.0.0.12:2375' });
    assert.equal(fakeOf(got.client).asked, 1, 'asked which node it is');
    assert.equal(fakeOf((await w.engines.engineFor(WORKER)).client), fakeOf(got.client));
    assert.equal(fakeOf(got.client).asked, 1, 'once');
    assert.equal(w.made.filter((m) => m.timeoutMs === 3000).length, 0, 'no discovery was needed');
  });

  it('a setting entry that reaches another node, or none: a message naming the key; the failure stands a while', async () => {
    const w = world({ setting: { 'worker-1': 'tcp://wrong:2375', workerid: 'x' }, answers: [['tcp://wrong:2375', MANAGER.id]] });
    // By ID first: the bad entry keyed by the worker's ID is the one that applies.
    const bad = await rejection(w.engines.engineFor(WORKER));
    assert.equal(bad.kind, 'invalid');
    assert.equal(bad.message, 'dockerSwarm.nodeEndpoints["workerid"]: the endpoint is not a URL: use unix:///path, tcp://host:port or ssh://user@host[:port].');
    assert.deepEqual(w.warnings, [`${bad.message} This entry is not used.`], 'said in the log when read');
    assert.deepEqual(w.engines.routeDetail(WORKER.id).problem, bad.message);

    w.setting = { 'worker-1': 'tcp://wrong:2375' };
    w.engines.settingChanged();
    const wrong = await rejection(w.engines.engineFor(WORKER));
    assert.equal(wrong.message, 'Node "worker-1": its endpoint tcp://wrong:2375 (dockerSwarm.nodeEndpoints["worker-1"]) is the engine of node managerid, not this node\'s.');

    w.answers.set('tcp://wrong:2375', new SwarmError('unreachable', 'Cannot reach the Docker engine at tcp://wrong:2375.'));
    const engine = w.made.find((m) => m.host === 'tcp://wrong:2375')!;
    const asked = engine.asked;
    assert.equal((await rejection(w.engines.engineFor(WORKER))).message, wrong.message, 'the failure stands within failureRetryMs');
    assert.equal(engine.asked, asked);
    w.clock.t += 10_000;
    const down = await rejection(w.engines.engineFor(WORKER));
    assert.equal(down.kind, 'unreachable');
    assert.equal(down.message, 'Node "worker-1": its endpoint tcp://wrong:2375 (dockerSwarm.nodeEndpoints["worker-1"]) cannot be reached: Cannot reach the Docker engine at tcp://wrong:2375.');

    w.setting = {};
    w.engines.settingChanged();
    assert.ok(engine.closed, 'the client of an entry taken out is closed');
  });

  it('connected over ssh://: the same user and port at the node\'s address, once that engine says it is the node', async () => {
    const w = world({ connectionHost: 'ssh://admin@manager:2222', answers: [['ssh://admin@10.0.0.12:2222', WORKER.id]] });
    const got = await w.engines.engineFor({ id: WORKER.id });
    assert.deepEqual(got.route, { kind: 'ssh', host: 'ssh://admin@10.0.0.12:2222' });
    assert.equal(fakeOf(got.client).asked, 1);
    w.answers.set('ssh://admin@10.0.0.12:2222', new SwarmError('untrusted', 'host key not in known_hosts'));
    w.engines.connectionChanged();
    assert.ok(fakeOf(got.client).closed, 'SSH clients go with the connection');
    const e = await rejection(w.engines.engineFor(WORKER));
    assert.equal(e.kind, 'untrusted');
    assert.match(e.message, /^Node "worker-1": its engine over SSH at ssh:\/\/admin@10\.0\.0\.12:2222 \(the connection's user and port\) cannot be reached: host key not in known_hosts Create a docker context for its engine, or add "worker-1"/);
  });

  it('a setting that is not an object is said in the log and in the no-endpoint message', async () => {
    const w = world({ setting: 'ssh://a@b' });
    assert.match(w.warnings[0] ?? '', /^dockerSwarm\.nodeEndpoints is ignored/);
    const e = await rejection(w.engines.engineFor(WORKER));
    assert.equal(e.kind, 'noEndpoint');
    assert.match(e.message, /\(dockerSwarm\.nodeEndpoints is ignored: it must be an object/);
  });

  it('a connected engine that cannot be asked is no route, and is asked again later', async () => {
    const w = world();
    let fail = true;
    w.connected = new FakeEngine('connected', undefined, () => (fail ? Promise.reject(new SwarmError('unreachable', 'down')) : Promise.resolve(MANAGER.id)));
    await rejection(w.engines.engineFor(MANAGER));
    fail = false;
    await rejection(w.engines.engineFor(MANAGER));
    assert.equal(w.connected.asked, 1, 'not asked again at once');
    w.clock.t += 10_000;
    assert.deepEqual((await w.engines.engineFor(MANAGER)).route, { kind: 'connected' });
  });

  it('dispose closes every client it made', async () => {
    const w = world({ setting: { 'worker-1': 'unix:///run/w.sock' }, answers: [['unix:///run/w.sock', WORKER.id]] });
    const got = await w.engines.engineFor(WORKER);
    w.engines.dispose();
    assert.ok(fakeOf(got.client).closed);
  });
});
