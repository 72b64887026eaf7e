// Which other managers can take over when the one in use stops answering: only engines that
// answer as managers of the same swarm, never the node that failed, in the order offered (the
// leader as last read first); and the words the view and the status bar show.
import * as assert from 'node:assert/strict';
import { chooseCandidates, gapsIn, noEndpointMessage, noEndpointWords, otherManagers, refusal, statusWords, type KnownSwarm, type ManagerRef, type Probe } from '../../../src/failover/managers';

const m = (n: number, over: Partial<ManagerRef> = {}): ManagerRef => ({ id: `node${n}`, hostname: `manager-${n}`, leader: false, reachability: 'reachable', ...over });
const KNOWN: KnownSwarm = { clusterId: 'cluster-a', nodeId: 'node1', managers: [m(1), m(2), m(3, { leader: true })], readAt: Date.UTC(2024, 0, 1, 12) };
const route = (n: number) => ({ kind: 'context' as const, context: `ctx-${n}`, host: `unix:///m${n}.sock` });
const answered = (n: number, status: { role?: 'manager' | 'worker'; nodeId?: string; clusterId?: string } = {}): Probe => ({
  manager: m(n),
  outcome: 'answered',
  route: route(n),
  status: { role: status.role ?? 'manager', nodeId: status.nodeId ?? `node${n}`, ...(status.clusterId !== '' ? { clusterId: status.clusterId ?? 'cluster-a' } : {}) },
});

describe('failover: the candidates among the other managers', () => {
  it('asks the other managers, the leader as last read first, unreachable ones last, else as listed; never the node in use', () => {
    const known: KnownSwarm = { ...KNOWN, managers: [m(1), m(2, { reachability: 'unreachable' }), m(4), m(3, { leader: true })] };
    assert.deepEqual(otherManagers(known, new Set()).map((x) => x.hostname), ['manager-3', 'manager-4', 'manager-2']);
    assert.deepEqual(otherManagers(known, new Set(['node4'])).map((x) => x.hostname), ['manager-3', 'manager-2']);
  });

  it('takes an engine that answers as a manager with the same swarm ID, in the order asked', () => {
    assert.deepEqual(chooseCandidates(KNOWN, [answered(3), answered(2)]).map((c) => c.nodeId), ['node3', 'node2']);
    assert.deepEqual(chooseCandidates(KNOWN, [answered(3)])[0]!.route, route(3));
  });

  it('refuses another swarm, a manager that cannot read its swarm (no leader), a worker, and the node that failed under another endpoint', () => {
    const refused: Probe[] = [
      answered(2, { clusterId: 'cluster-b' }),
      answered(2, { clusterId: '' }),
      answered(3, { role: 'worker' }),
      answered(3, { nodeId: 'node1' }),
    ];
    assert.deepEqual(chooseCandidates(KNOWN, refused), []);
    assert.deepEqual(refused.map((p) => refusal(KNOWN, p)), [
      'its engine is a manager of another swarm',
      'its engine answers as a manager but cannot read its swarm (no leader?)',
      'its engine is not a swarm manager (worker)',
      'its engine is the node that failed',
    ]);
    // The same check with the same swarm passes: the refusals above are each for their reason.
    assert.equal(refusal(KNOWN, answered(2)), undefined);
  });

  it('refuses what did not answer or has no route, and a node reached twice once', () => {
    const probes: Probe[] = [
      { manager: m(2), outcome: 'noRoute' },
      { manager: m(3), outcome: 'failed', route: route(3), error: 'Cannot reach the Docker engine' },
      answered(2),
      { manager: m(3), outcome: 'answered', route: route(2), status: { role: 'manager', nodeId: 'node2', clusterId: 'cluster-a' } },
    ];
    assert.deepEqual(chooseCandidates(KNOWN, probes).map((c) => `${c.nodeId} ${c.route.kind === 'context' ? c.route.context : ''}`), ['node2 ctx-2']);
    assert.equal(refusal(KNOWN, probes[0]!), 'no endpoint known');
    assert.match(refusal(KNOWN, probes[1]!)!, /^no answer \(Cannot reach/);
    assert.equal(refusal(KNOWN, { manager: m(3), outcome: 'invalid', error: 'bad entry' }), 'its endpoint is refused (bad entry)');
  });
});

describe('failover: the words', () => {
  it('the message without a known endpoint names the managers, the one that failed, and how to add an endpoint', () => {
    const text = noEndpointMessage(KNOWN);
    assert.match(text, /^The manager this editor uses, manager-1, does not answer\. /);
    assert.match(text, /other managers, as last read: manager-2 and manager-3; no endpoint is known for any of them/);
    assert.match(text, /create a docker context for its engine/);
    assert.match(text, /dockerSwarm\.nodeEndpoints setting \("manager-2": "ssh:\/\/user@host"\)/);
    const five = noEndpointMessage({ ...KNOWN, managers: [1, 2, 3, 4, 5].map((n) => m(n)) });
    assert.match(five, /as last read: manager-2, manager-3, manager-4 and manager-5;/);
  });

  it('names the managers without an endpoint, those refused (why) and the others, from what the probes found', () => {
    const probes: Probe[] = [
      { manager: m(3, { leader: true }), outcome: 'failed', error: 'down' },
      { manager: m(2), outcome: 'noRoute' },
    ];
    assert.deepEqual(gapsIn(probes), { missing: [m(2)], invalid: [] });
    assert.equal(noEndpointWords(KNOWN, gapsIn(probes)),
      'The swarm\'s other managers, as last read: manager-2 and manager-3; no endpoint is known for manager-2, manager-3 did not answer as a manager of this swarm ' +
      '(the Swarm Services log says what each answered). To use one, create a docker context for its engine (it is found by itself), or add it to the dockerSwarm.nodeEndpoints setting ("manager-2": "ssh://user@host").');
    // The probes end in any order: the example is the first without an endpoint in the swarm's order, as listed.
    const late = gapsIn([{ manager: m(3), outcome: 'noRoute' }, { manager: m(2), outcome: 'noRoute' }]);
    assert.match(noEndpointWords(KNOWN, late), /no endpoint is known for any of them\. .*\("manager-2": "ssh:\/\/user@host"\)\.$/);
    const refused = gapsIn([{ manager: m(2), outcome: 'invalid', error: 'dockerSwarm.nodeEndpoints["manager-2"]: the endpoint names no host.' }, probes[0]!]);
    assert.equal(noEndpointWords(KNOWN, refused),
      'The swarm\'s other managers, as last read: manager-2 and manager-3; the endpoint of manager-2 is refused, manager-3 did not answer as a manager of this swarm ' +
      '(the Swarm Services log says what each answered). dockerSwarm.nodeEndpoints["manager-2"]: the endpoint names no host. Correct the dockerSwarm.nodeEndpoints setting, or create a docker context for its engine.');
  });

  it('the status bar names the manager in use when the swarm has several, the tooltip its managers and leader', () => {
    const words = statusWords(KNOWN, false);
    assert.equal(words.node, 'manager-1');
    assert.match(words.tooltip!, /^Manager in use: manager-1\nThe swarm's 3 managers: manager-1, manager-2, manager-3 \(leader\); leader manager-3, as last read at /);
    assert.match(statusWords(KNOWN, true).tooltip!, /^Manager in use: manager-1 \(not answering\)/);
    assert.deepEqual(statusWords({ ...KNOWN, managers: [m(1)] }, false), {}, 'one manager: the endpoint says which');
    assert.deepEqual(statusWords(undefined, false), {});
  });
});
