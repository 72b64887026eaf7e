// Every change EngineClient can send is refused before anything is sent while the swarm's quorum
// is known lost, in the words the view shows (issue 19, item 3). Every member of SwarmClient is
// classified here (the compiler holds the table to the interface), and every method EngineClient
// has must be in it: a new write left out of the table, or put in it unguarded, fails here.
import * as assert from 'node:assert/strict';
import { realClock } from '../../../src/clock';
import type { ConfigSpec, NetworkCreate, SecretSpec, ServiceSpec } from '../../../src/compose/engineSpecs';
import { EngineClient } from '../../../src/docker/engineClient';
import { electionWait } from '../../../src/docker/leaderWait';
import type { SwarmClient } from '../../../src/docker/swarmClient';
import { SwarmError } from '../../../src/model/errors';
import { convertStack } from '../../../src/compose/convertStack';
import { loadCompose } from '../../../src/compose/load';
import { planDeploy } from '../../../src/deploy/plan';
import { runDeploy } from '../../../src/deploy/run';

type Run = (c: EngineClient) => Promise<unknown>;

/**
 * read: asks and changes nothing (the views go on reading while the quorum is lost);
 * local: no request at all; engine: a request this engine answers alone, which changes nothing in
 * the swarm's store (not refused: an engine outside a swarm, a container's shell, a registry login);
 * change: a change to the swarm, which must be refused.
 */
type Entry = 'read' | 'local' | { engine: Run } | { change: Run };

const service = { Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'busybox' } } } as unknown as ServiceSpec;

const MEMBERS: Record<keyof SwarmClient, Entry> = {
  endpoint: 'local',
  refuseChanges: 'local',
  normalise: 'local',
  close: 'local',
  swarmStatus: 'read',
  requireManager: 'read',
  listNodes: 'read',
  serviceTasks: 'read',
  tasksToRunOn: 'read',
  inspectService: 'read',
  snapshot: 'read',
  readChanges: 'read',
  stackResources: 'read',
  stackObjects: 'read',
  distributionInspect: 'read',
  listSecrets: 'read',
  listConfigs: 'read',
  inspectConfig: 'read',
  listNetworks: 'read',
  localNodeId: 'read',
  inspectExec: 'read',
  containerStats: 'read',
  logs: 'read',
  events: 'read',
  initSwarm: { engine: (c) => c.initSwarm() },
  checkRegistryLogin: { engine: (c) => c.checkRegistryLogin({ serverAddress: 'registry.test', username: 'u', password: 'p' }) },
  execInContainer: { engine: (c) => c.execInContainer('c1', { cmd: ['sh'] }) },
  scaleService: { change: (c) => c.scaleService('web', 2) },
  forceUpdateService: { change: (c) => c.forceUpdateService('web') },
  updateServiceImage: { change: (c) => c.updateServiceImage('web', 'busybox:1.36') },
  rollbackService: { change: (c) => c.rollbackService('web') },
  setNodeAvailability: { change: (c) => c.setNodeAvailability('node1', 'drain') },
  removeService: { change: (c) => c.removeService('web') },
  removeStack: { change: (c) => c.removeStack('shop') },
  createNetwork: { change: (c) => c.createNetwork({ Name: 'net', Driver: 'overlay' } as NetworkCreate) },
  createSecret: { change: (c) => c.createSecret({ Name: 's', Data: 'eA==' } as SecretSpec) },
  updateSecret: { change: (c) => c.updateSecret('s1', 3, { Name: 's', Data: 'eA==', Labels: { a: 'b' } } as SecretSpec) },
  createConfig: { change: (c) => c.createConfig({ Name: 'c', Data: 'eA==' } as ConfigSpec) },
  updateConfig: { change: (c) => c.updateConfig('c1', 3, { Name: 'c', Data: 'eA==', Labels: { a: 'b' } } as ConfigSpec) },
  createStackService: { change: (c) => c.createStackService(service) },
  updateStackService: { change: (c) => c.updateStackService('s1', 3, service) },
  removeSecret: { change: (c) => c.removeSecret('s1') },
  removeConfig: { change: (c) => c.removeConfig('c1') },
  removeNetwork: { change: (c) => c.removeNetwork('n1') },
  updateNodeLabels: { change: (c) => c.updateNodeLabels('node1', (l) => ({ ...l, zone: 'a' })) },
};

/** Methods of EngineClient outside the interface (protected helpers). */
const OUTSIDE_INTERFACE: Record<string, Entry> = { listTasks: 'read' };

const REFUSAL = new SwarmError('noLeader', 'No quorum: 1 of 3 managers reachable: the swarm refuses changes until a majority of its managers is back. Nothing was sent.');

/**
 * An EngineClient whose every docker call is counted and fails at once (no engine is reached),
 * with the quorum known lost or not.
 */
function client(quorumLost: boolean) {
  const calls: string[] = [];
  const election = electionWait(realClock, () => undefined, { refusal: () => (quorumLost ? REFUSAL : undefined), severalManagers: () => true }, []);
  const c = new EngineClient({ dockerHost: 'unix:///nonexistent/docker.sock', election, timeoutMs: 2000 });
  const answer = () => new SwarmError('api', 'the fake engine takes nothing');
  const docker = new Proxy(
    {},
    {
      get: (_t, p) => {
        calls.push(String(p));
        if (p === 'modem') return { dial: (_o: unknown, callback: (err: unknown) => void) => callback(answer()) };
        return () => {
          throw answer();
        };
      },
    },
  );
  (c as unknown as { engine: { docker: unknown } }).engine.docker = docker;
  return { c, calls };
}

const entries = Object.entries(MEMBERS) as [string, Entry][];
const changes = entries.flatMap(([name, e]) => (typeof e === 'object' && 'change' in e ? [[name, e.change] as const] : []));
const engineOnly = entries.flatMap(([name, e]) => (typeof e === 'object' && 'engine' in e ? [[name, e.engine] as const] : []));

describe('every change EngineClient sends, while the quorum is known lost', () => {
  it('every method of EngineClient is classified (a new one must be added to the table)', () => {
    const methods = Object.getOwnPropertyNames(EngineClient.prototype).filter((m) => m !== 'constructor');
    const unclassified = methods.filter((m) => !(m in MEMBERS) && !(m in OUTSIDE_INTERFACE));
    assert.deepEqual(unclassified, [], `classify these as read, local, engine or change: ${unclassified.join(', ')}`);
    assert.ok(changes.length >= 18, `the changes enumerated: ${changes.length}`);
  });

  for (const [name, run] of changes) {
    it(`${name}: refused with the view's words, no docker call made`, async () => {
      const { c, calls } = client(true);
      await assert.rejects(run(c), (e: unknown) => e === REFUSAL);
      assert.deepEqual(calls, [], `docker calls made: ${calls.join(', ')}`);
    });

    it(`${name}: sent when the quorum is not known lost (so the count above could see a call)`, async () => {
      const { c, calls } = client(false);
      await assert.rejects(run(c), (e: unknown) => e instanceof SwarmError && e !== REFUSAL);
      assert.ok(calls.length > 0, 'a docker call was made');
    });
  }

  for (const [name, run] of engineOnly) {
    it(`${name}: not refused (nothing in the swarm's store changes), sent as usual`, async () => {
      const { c, calls } = client(true);
      await assert.rejects(run(c), (e: unknown) => e instanceof SwarmError && e !== REFUSAL);
      assert.ok(calls.length > 0, 'a docker call was made');
    });
  }

  it('refuseChanges throws the same refusal, and nothing when the quorum is not known lost', () => {
    assert.throws(() => client(true).c.refuseChanges(), (e: unknown) => e === REFUSAL);
    assert.doesNotThrow(() => client(false).c.refuseChanges());
  });
});

describe('Deploy Stack while the quorum is known lost', () => {
  const file = [
    'services:',
    '  web:',
    '    image: busybox',
    '    networks: [front]',
    '    secrets: [token]',
    '    configs: [conf]',
    'networks:',
    '  front: {}',
    'secrets:',
    '  token:',
    '    file: ./token',
    'configs:',
    '  conf:',
    '    file: ./conf',
  ].join('\n');
  const plan = () => {
    const loaded = loadCompose(file, { env: {} });
    const stack = convertStack(loaded.config!, { stackName: 'shop', workingDir: '/tmp', env: {}, readFile: () => new TextEncoder().encode('x') });
    return planDeploy(stack, { stackName: 'shop', services: [], networks: [], secrets: [], configs: [] });
  };

  it('is refused as a whole before its first step, in the same words, with no docker call', async () => {
    const p = plan();
    assert.deepEqual(p.errors, []);
    const { c, calls } = client(true);
    await assert.rejects(runDeploy(c, p, { prune: false, resolveImage: 'never' }), (e: unknown) => e === REFUSAL);
    assert.deepEqual(calls, []);
  });

  it('sends its first step otherwise (each failure reported, nothing after it)', async () => {
    const { c, calls } = client(false);
    const result = await runDeploy(c, plan(), { prune: false, resolveImage: 'never' });
    assert.deepEqual(result.failures.map((f) => f.name), ['shop_front']);
    assert.deepEqual(calls, ['modem']);
  });
});

/** A modem whose answers to requests are scripted: an engine error, no answer at all, or a body. */
function scripted(answers: ({ status: number; message: string } | 'no answer' | Record<string, unknown>)[]) {
  const notes: string[] = [];
  const sent: string[] = [];
  const election = electionWait(realClock, (n) => notes.push(n), { refusal: () => undefined, severalManagers: () => true }, [1, 1, 1, 1]);
  const c = new EngineClient({ dockerHost: 'unix:///nonexistent/docker.sock', election, timeoutMs: 50 });
  const modem = {
    dial: (o: { path: string; method: string; abortSignal: AbortSignal }, callback: (err: unknown, data?: unknown) => void) => {
      sent.push(`${o.method} ${o.path}`);
      const a = answers.shift() ?? { status: 500, message: 'nothing scripted' };
      if (a === 'no answer') o.abortSignal.addEventListener('abort', () => callback(Object.assign(new Error('aborted'), { name: 'AbortError' })));
      else if (typeof a.status === 'number') callback(Object.assign(new Error(String(a.message)), { statusCode: a.status, json: { message: a.message } }));
      else callback(null, a);
    },
  };
  (c as unknown as { engine: { docker: unknown } }).engine.docker = { modem };
  return { c, notes, sent };
}

const NO_LEADER = { status: 500, message: 'rpc error: code = Unknown desc = The swarm does not have a leader. It\'s possible that too few managers are online.' };
const DEADLINE = { status: 500, message: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded' };

describe('a create during an election', () => {
  it('sent again after the manager said at once it has no leader (nothing was taken), and made once', async () => {
    const s = scripted([NO_LEADER, NO_LEADER, { ID: 'sec1' }]);
    assert.equal(await s.c.createSecret({ Name: 'token', Data: 'eA==' } as SecretSpec), 'sec1');
    assert.deepEqual(s.sent, ['POST /secrets/create?', 'POST /secrets/create?', 'POST /secrets/create?']);
    assert.equal(s.notes.length, 1, 'told once that the swarm elects a leader');
  });

  for (const [what, answer] of [['no answer in time', 'no answer'], ["the Engine's own deadline", DEADLINE]] as const) {
    it(`not sent again after ${what} (it may have been taken): said so`, async () => {
      const s = scripted([answer, { ID: 'twice' }]);
      await assert.rejects(
        s.c.createStackService(service),
        (e: unknown) => e instanceof SwarmError && /may or may not have been applied/.test(e.message),
      );
      assert.deepEqual(s.sent, ['POST /services/create?'], 'one request only');
    });
  }
});

describe('node labels during an election', () => {
  it('the update is sent again while the swarm has no leader, as Drain is, and written once', async () => {
    const node = { ID: 'n1', Version: { Index: 5 }, Description: { Hostname: 'vm1' }, Spec: { Role: 'manager', Availability: 'active', Labels: { a: '1' } as Record<string, string> } };
    const updates: unknown[] = [];
    const answers: unknown[] = [new SwarmError('noLeader', 'no leader', 'The swarm does not have a leader'), undefined];
    const election = electionWait(realClock, () => undefined, { refusal: () => undefined, severalManagers: () => true }, [1, 1, 1]);
    const c = new EngineClient({ dockerHost: 'unix:///nonexistent/docker.sock', election });
    (c as unknown as { engine: { docker: unknown } }).engine.docker = {
      getNode: () => ({
        inspect: async () => structuredClone(node),
        update: async (o: { _query: { version: number }; _body: typeof node.Spec }) => {
          updates.push(o._query.version);
          const answer = answers.shift();
          if (answer) throw answer;
          node.Spec = o._body;
          node.Version.Index++;
        },
      }),
    };
    const after = await c.updateNodeLabels('vm1', (l) => ({ ...l, zone: 'eu' }));
    assert.deepEqual(after.Spec?.Labels, { a: '1', zone: 'eu' });
    assert.deepEqual(updates, [5, 5], 'the same versioned update sent again, not read and changed anew');
  });
});
