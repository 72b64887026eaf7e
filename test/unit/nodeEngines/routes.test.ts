// The decisions behind reaching a swarm node's engine: the nodeEndpoints setting checked entry by
// entry, the SSH endpoint derived from the connection, the order of the ways, and the words the
// Nodes view shows.
import * as assert from 'node:assert/strict';
import {
  decideRoute,
  EMPTY_SETTING,
  endpointProblem,
  firstContextPerNode,
  parseNodeEndpoints,
  routeText,
  settingEntryFor,
  sshEndpointFor,
  withoutPassword,
  type RouteFacts,
} from '../../../src/nodeEngines/routes';

const WORKER = { id: 'w0rkerid0000000000000000a', hostname: 'worker-1', address: '10.0.0.12' };

describe('dockerSwarm.nodeEndpoints, checked', () => {
  it('keeps usable endpoints (trimmed) by hostname or ID', () => {
    const s = parseNodeEndpoints({ 'worker-1': ' ssh://admin@10.0.0.12 ', [WORKER.id]: 'tcp://10.0.0.12:2375', sock: 'unix:///run/w.sock', win: 'npipe:////./pipe/docker_engine', v6: 'ssh://u@[fe80::1]:2222' });
    assert.deepEqual([...s.entries], [
      ['worker-1', 'ssh://admin@10.0.0.12'],
      [WORKER.id, 'tcp://10.0.0.12:2375'],
      ['sock', 'unix:///run/w.sock'],
      ['win', 'npipe:////./pipe/docker_engine'],
      ['v6', 'ssh://u@[fe80::1]:2222'],
    ]);
    assert.equal(s.problems.size, 0);
    assert.equal(s.whole, undefined);
  });

  it('refuses each bad entry with a message naming its key, and keeps the good ones', () => {
    const s = parseNodeEndpoints({
      good: 'ssh://u@h',
      num: 42,
      nil: null,
      empty: '  ',
      ftp: 'ftp://h',
      rel: 'unix://run/docker.sock',
      word: 'worker-1',
      path: 'tcp://h:2375/v1.41',
      tcpUser: 'tcp://me@h:2375',
    });
    assert.deepEqual([...s.entries.keys()], ['good']);
    assert.deepEqual(Object.fromEntries(s.problems), {
      num: 'dockerSwarm.nodeEndpoints["num"] must be an endpoint string such as "ssh://user@host", not number.',
      nil: 'dockerSwarm.nodeEndpoints["nil"] must be an endpoint string such as "ssh://user@host", not null.',
      empty: 'dockerSwarm.nodeEndpoints["empty"]: the endpoint is empty: use unix:///path, tcp://host:port or ssh://user@host[:port].',
      ftp: 'dockerSwarm.nodeEndpoints["ftp"]: the endpoint has a scheme that is not supported: use unix:///path, tcp://host:port or ssh://user@host[:port].',
      rel: 'dockerSwarm.nodeEndpoints["rel"]: the endpoint needs an absolute socket path (unix:///path).',
      word: 'dockerSwarm.nodeEndpoints["word"]: the endpoint is not a URL: use unix:///path, tcp://host:port or ssh://user@host[:port].',
      path: 'dockerSwarm.nodeEndpoints["path"]: the endpoint has a path or query after the host, which an engine endpoint does not take.',
      tcpUser: 'dockerSwarm.nodeEndpoints["tcpUser"]: the endpoint names a user, which tcp:// does not take.',
    });
  });

  it('never repeats a password it was given', () => {
    const s = parseNodeEndpoints({ w: 'ssh://admin:hunter2@10.0.0.12' });
    const message = s.problems.get('w')!;
    assert.equal(message, 'dockerSwarm.nodeEndpoints["w"]: the endpoint holds a password, which is not supported: use an SSH key or ssh-agent.');
    assert.doesNotMatch(message, /hunter2/);
    // Nor in forms that are refused for another reason first.
    const others = parseNodeEndpoints({ a: 'https://admin:hunter2@h:2376', b: 'http://admin:hunter2@h', c: 'tcp://admin:hunter2@', d: 'admin:hunter2@h' });
    for (const [key, m] of others.problems) assert.doesNotMatch(m, /hunter2|admin/, `${key}: ${m}`);
    assert.equal(others.problems.size, 4);
  });

  it('shows a context\'s host without its password', () => {
    assert.equal(withoutPassword('ssh://me:hunter2@h:22'), 'ssh://me:***@h:22');
    assert.equal(withoutPassword('tcp://h:2376'), 'tcp://h:2376');
    assert.equal(withoutPassword('ssh://me@h'), 'ssh://me@h');
    assert.equal(withoutPassword('ssh://me:p@ss@h:22'), 'ssh://me:***@h:22', 'an @ in the password');
    assert.doesNotMatch(withoutPassword('ssh://me:a/b@h'), /a\/b/, 'a / in the password');
  });

  it('a value that is not an object is ignored as a whole, with a message; none is empty', () => {
    for (const raw of ['ssh://u@h', ['ssh://u@h'], 3]) {
      const s = parseNodeEndpoints(raw);
      assert.equal(s.entries.size + s.problems.size, 0);
      assert.match(s.whole ?? '', /^dockerSwarm\.nodeEndpoints is ignored: it must be an object/);
    }
    assert.equal(parseNodeEndpoints(undefined), EMPTY_SETTING);
    assert.equal(parseNodeEndpoints({}).whole, undefined);
  });

  it('endpointProblem takes what dockerOptions takes', () => {
    for (const ok of ['unix:///var/run/docker.sock', 'tcp://127.0.0.1:2376', 'tcp://h', 'ssh://h', 'ssh://user@h:2222']) assert.equal(endpointProblem(ok), undefined, ok);
    for (const bad of ['', 'http://h', 'tcp://', 'ssh://', 'unix://x']) assert.ok(endpointProblem(bad), bad);
  });

  it("finds a node's entry by its ID before its hostname, hostnames in any case", () => {
    const s = parseNodeEndpoints({ 'WORKER-1': 'ssh://a@h1', [WORKER.id]: 'ssh://b@h2' });
    assert.deepEqual(settingEntryFor(WORKER, s), { key: WORKER.id, host: 'ssh://b@h2' });
    assert.deepEqual(settingEntryFor({ ...WORKER, id: 'other' }, s), { key: 'WORKER-1', host: 'ssh://a@h1' });
    assert.equal(settingEntryFor({ id: 'other', hostname: 'worker-2' }, s), undefined);
    assert.equal(settingEntryFor({ id: 'other' }, s), undefined);
    const bad = parseNodeEndpoints({ 'worker-1': 7 });
    assert.match(settingEntryFor(WORKER, bad)?.problem ?? '', /\["worker-1"\]/);
  });
});

describe('the SSH endpoint of a node', () => {
  it('is the connection\'s user and port at the node\'s address', () => {
    assert.equal(sshEndpointFor('ssh://admin@manager.example.org', '10.0.0.12'), 'ssh://admin@10.0.0.12');
    assert.equal(sshEndpointFor('ssh://admin@manager:2222', '10.0.0.12'), 'ssh://admin@10.0.0.12:2222');
    assert.equal(sshEndpointFor('ssh://manager', '10.0.0.12'), 'ssh://10.0.0.12');
    assert.equal(sshEndpointFor('ssh://admin@manager', 'fd00::12'), 'ssh://admin@[fd00::12]');
  });

  it('is none without an ssh:// connection or a dialable address', () => {
    assert.equal(sshEndpointFor('unix:///var/run/docker.sock', '10.0.0.12'), undefined);
    assert.equal(sshEndpointFor('tcp://manager:2376', '10.0.0.12'), undefined);
    assert.equal(sshEndpointFor(undefined, '10.0.0.12'), undefined);
    for (const address of [undefined, '', '0.0.0.0', '::', '127.0.0.1', '127.0.1.1', '::1']) assert.equal(sshEndpointFor('ssh://a@m', address), undefined, String(address));
  });
});

describe('which way reaches a node', () => {
  const facts = (over: Partial<RouteFacts> = {}): RouteFacts => ({
    node: WORKER,
    connectedNodeId: 'managerid',
    setting: EMPTY_SETTING,
    discovered: new Map(),
    connectionHost: 'unix:///var/run/docker.sock',
    ...over,
  });
  const all = (over: Partial<RouteFacts> = {}) =>
    facts({
      setting: parseNodeEndpoints({ 'worker-1': 'tcp://10.0.0.12:2375' }),
      discovered: new Map([[WORKER.id, { context: 'w1', host: 'unix:///run/w.sock' }]]),
      connectionHost: 'ssh://admin@manager:2222',
      ...over,
    });

  it('the connected engine first, when it is the node', () => {
    assert.deepEqual(decideRoute(all({ connectedNodeId: WORKER.id })), { kind: 'connected' });
  });

  it('then the setting (the user\'s word wins over discovery), then a context, then SSH, then none', () => {
    assert.deepEqual(decideRoute(all()), { kind: 'setting', host: 'tcp://10.0.0.12:2375' });
    assert.deepEqual(decideRoute(all({ setting: EMPTY_SETTING })), { kind: 'context', context: 'w1', host: 'unix:///run/w.sock' });
    assert.deepEqual(decideRoute(all({ setting: EMPTY_SETTING, discovered: new Map() })), { kind: 'ssh', host: 'ssh://admin@10.0.0.12:2222' });
    assert.deepEqual(decideRoute(facts()), { kind: 'none' });
    assert.deepEqual(decideRoute(all({ setting: EMPTY_SETTING, discovered: new Map(), node: { id: WORKER.id } })), { kind: 'none' }, 'no address, no SSH');
  });

  it('a refused setting entry for the node is reported, not passed over for another way', () => {
    const d = decideRoute(all({ setting: parseNodeEndpoints({ 'worker-1': 'ftp://x' }) }));
    assert.equal(d.kind, 'invalid');
    assert.match(d.kind === 'invalid' ? d.message : '', /^dockerSwarm\.nodeEndpoints\["worker-1"\]: the endpoint has a scheme that is not supported/);
    assert.deepEqual(decideRoute(all({ setting: parseNodeEndpoints({ 'worker-2': 'ftp://x' }) })).kind, 'context', "another node's bad entry changes nothing here");
  });

  it('an unknown connected node is not this node', () => {
    assert.deepEqual(decideRoute(facts({ connectedNodeId: undefined })), { kind: 'none' });
  });

  it('the first context (in the CLI\'s order) to reach a node is the one used', () => {
    const found = firstContextPerNode([
      { context: 'default', host: 'unix:///var/run/docker.sock', nodeId: 'm' },
      { context: 'dead', host: 'tcp://x:1', nodeId: undefined },
      { context: 'w-a', host: 'unix:///a', nodeId: 'w' },
      { context: 'w-b', host: 'unix:///b', nodeId: 'w' },
    ]);
    assert.deepEqual([...found], [['m', { context: 'default', host: 'unix:///var/run/docker.sock' }], ['w', { context: 'w-a', host: 'unix:///a' }]]);
  });
});

describe("a node's route in words", () => {
  it('says which way, briefly and in the tooltip', () => {
    const node = { hostname: 'worker-1' };
    assert.deepEqual(routeText({ kind: 'connected' }, node, false), { short: 'endpoint: connected', tooltip: 'Shell and stats: through the connected engine (this node)' });
    assert.deepEqual(routeText({ kind: 'context', context: 'w1', host: 'unix:///w' }, node, false), { short: 'endpoint: context w1', tooltip: 'Shell and stats: through the docker context "w1" (unix:///w)' });
    assert.deepEqual(routeText({ kind: 'setting', host: 'ssh://a@h' }, node, false), { short: 'endpoint: nodeEndpoints', tooltip: 'Shell and stats: through ssh://a@h (dockerSwarm.nodeEndpoints)' });
    assert.deepEqual(routeText({ kind: 'ssh', host: 'ssh://a@h' }, node, false), { short: 'endpoint: ssh', tooltip: "Shell and stats: over SSH at ssh://a@h (the connection's user and port)" });
    assert.deepEqual(routeText({ kind: 'invalid', message: 'M.' }, node, false), { short: 'endpoint setting invalid', tooltip: 'Shell and stats: M.' });
  });

  it('none: how to add one, naming the node; while contexts are asked, says so', () => {
    const none = routeText({ kind: 'none' }, { hostname: 'worker-1' }, false);
    assert.equal(none.short, 'no endpoint');
    assert.equal(none.tooltip, 'Shell and stats: no endpoint known for this node\'s engine. Create a docker context for it, or add "worker-1": "ssh://user@host" to the dockerSwarm.nodeEndpoints setting.');
    assert.equal(routeText({ kind: 'none' }, { hostname: 'worker-1' }, true).short, 'endpoint: looking…');
  });
});
