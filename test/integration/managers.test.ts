// Three managers, on the sandbox's three-manager swarm (scripts/sandbox.sh managers-up): the
// leader lost while connected to a follower, a Jepsen-style check that a scale given while
// leaders come and go is applied once or reported as not applied, and a partition of the
// connected manager (whose changes are then refused before sending, every kind of them). Timings
// are printed for the README's reliability table (not asserted: the Engine's Raft sets them). A
// quorum lost is tested in the extension (extension/quorum.test.ts).
import * as assert from 'node:assert/strict';
import { SwarmError } from '../../src/model/errors';
import { ELECTION_NOTE, SLOW_NOTE, electionWait } from '../../src/docker/leaderWait';
import { realClock } from '../../src/clock';
import { convertStack } from '../../src/compose/convertStack';
import { loadCompose } from '../../src/compose/load';
import { planDeploy } from '../../src/deploy/plan';
import { runDeploy } from '../../src/deploy/run';
import { buildNodesModel, nodeDescription } from '../../src/model/nodeSummaries';
import { serviceSpec, uniqueName } from '../support/swarm';
import { MANAGERS, allManagersBack, hasLeader, managerClient, managerHost, managerHostname, sandbox, timeSuite, within, type ManagerNo } from '../support/managers';
import { TestClient } from '../support/testClient';
import { SwarmStore } from '../../src/tree/swarmStore';
import { managerCount, quorumRefusal, staleMessage } from '../../src/tree/noLeader';

/** Replicas as the spec says (what a scale writes), read through manager `n`. */
async function replicasOf(client: TestClient, id: string): Promise<number | undefined> {
  return (await client.inspectService(id)).Spec?.Mode?.Replicated?.Replicas;
}

/** A service that never runs a task (no node has the label): scales write its spec and nothing else. */
const idleSpec = (name: string) => serviceSpec(name, 'sleep 3600', { replicas: 0, constraints: ['node.labels.swarm-services-never==true'] });

/**
 * The changes the partition test gives the cut-off manager through a client guarded as the
 * extension's is: each must fail at once with the store's refusal, having sent nothing.
 */
async function changesRefused(guarded: TestClient, words: string, name: string): Promise<string[]> {
  const file = `services:\n  web:\n    image: busybox\n    secrets: [token]\nsecrets:\n  token:\n    file: ./token\n`;
  const stack = convertStack(loadCompose(file, { env: {} }).config!, { stackName: name, workingDir: '/tmp', env: {}, readFile: () => new TextEncoder().encode('x') });
  const changes: [string, () => Promise<unknown>][] = [
    ['Create Secret', () => guarded.createSecret({ Name: `${name}-s`, Data: 'eA==' })],
    ['Create Network', () => guarded.createNetwork({ Name: `${name}-n`, Driver: 'overlay' })],
    ['Deploy Stack', () => runDeploy(guarded, planDeploy(stack, { stackName: name, services: [], networks: [], secrets: [], configs: [] }), { prune: false, resolveImage: 'never' })],
    ['Remove Stack', () => guarded.removeStack(name)],
    ['Add Node Label', () => guarded.updateNodeLabels(managerHostname(1), (l) => ({ ...l, [name]: 'x' }))],
  ];
  const timings: string[] = [];
  for (const [what, run] of changes) {
    const t0 = Date.now();
    await assert.rejects(run(), (e: unknown) => e instanceof SwarmError && e.message === words, `${what} refused in the view's words`);
    const ms = Date.now() - t0;
    assert.ok(ms < 1000, `${what} refused before sending, not after the Engine held it (${ms} ms)`);
    timings.push(`${what} ${ms} ms`);
  }
  return timings;
}

/** The leader as every other manager sees it, once they agree (manager numbers). */
async function agreedLeader(except?: ManagerNo): Promise<ManagerNo | undefined> {
  const seen = await Promise.all(MANAGERS.filter((n) => n !== except).map((n) => hasLeader(n)));
  return seen.every((l) => l !== undefined && l === seen[0]) ? seen[0] : undefined;
}

describe('a three-manager swarm', function () {
  this.timeout(240_000);
  timeSuite('three-manager integration suite');
  let leader: ManagerNo;

  before(async () => {
    sandbox('managers-up');
    await within('a leader all managers agree on', 60_000, async () => (await agreedLeader()) !== undefined);
    leader = (await agreedLeader())!;
  });

  afterEach(() => allManagersBack());

  it('the leader stopped while connected to a follower: a scale given during the election waits it out, says so, and is applied once', async () => {
    leader = (await agreedLeader()) ?? leader;
    const follower = MANAGERS.find((n) => n !== leader)!;
    const notes: string[] = [];
    const client = managerClient(follower, notes);
    const id = await client.createService(idleSpec(uniqueName('leaderloss')));
    try {
      const stoppedAt = Date.now();
      sandbox('manager-stop', String(leader));
      const stopReturned = Date.now() - stoppedAt;
      // Watched from the start of the stop, beside the command.
      const elected = within('a new leader', 60_000, async () => {
        const l = await hasLeader(follower);
        return l !== undefined && l !== leader;
      }).then((ms) => ms + stopReturned);
      const sent = Date.now();
      const scaled = await client.scaleService(id, 2);
      const commandMs = Date.now() - sent;
      assert.equal(scaled.Spec?.Mode?.Replicated?.Replicas, 2);
      // The manager holds the request until the new leader is there: said after a few seconds, and
      // again if a try fails (the client's own 15 s timeout) and is sent again.
      assert.ok(notes.length >= 1 && notes.every((n) => n === SLOW_NOTE || n === ELECTION_NOTE), `told that the swarm elects a leader: ${JSON.stringify(notes)}`);
      const newLeaderMs = await elected;
      const newLeader = (await hasLeader(follower))!;
      // The Nodes view's words for them, from the same listing.
      const nodes = buildNodesModel(await client.listNodes(), [], []).nodes;
      const old = nodes.find((n) => n.hostname === managerHostname(leader))!;
      const now = nodes.find((n) => n.hostname === managerHostname(newLeader))!;
      await within('the old leader shown unreachable', 60_000, async () => {
        const again = buildNodesModel(await client.listNodes(), [], []).nodes.find((n) => n.hostname === managerHostname(leader))!;
        return /unreachable/.test(nodeDescription(again));
      });
      assert.match(nodeDescription(now), /manager \(leader\)/);
      assert.ok(old, 'the old leader is still listed');
      console.log(`      leader ${leader} stopped (the stop took ${stopReturned} ms): new leader ${newLeader} ${newLeaderMs} ms after the stop began; the scale sent after the stop took ${commandMs} ms`);
      assert.equal(await replicasOf(client, id), 2);
      // Applied once, however many tries were sent: the spec before the last update is the one
      // created (0 replicas). A second application would have left 2 there. (Version.Index is the
      // swarm's own sequence, not a count of the service's updates.)
      assert.equal((await client.inspectService(id)).PreviousSpec?.Mode?.Replicated?.Replicas, 0, 'the scale was applied once');
    } finally {
      await client.removeService(id).catch(() => undefined);
    }
  });

  it('50 scales with random targets while the leader is stopped and started twice: each applied once or reported, the last success is what the engine holds', async () => {
    const notes: string[] = [];
    const clients = new Map(MANAGERS.map((n) => [n, managerClient(n, notes)] as const));
    leader = (await agreedLeader()) ?? leader;
    const first = clients.get(MANAGERS.find((n) => n !== leader)!)!;
    const id = await first.createService(idleSpec(uniqueName('jepsen')));
    const outcomes: { target: number; via: ManagerNo; ok: boolean; error?: SwarmError; ms: number }[] = [];
    let stopped: ManagerNo | undefined;
    const chaos: string[] = [];
    let random = 0x9e3779b9;
    const next = () => ((random = (random * 1103515245 + 12345) >>> 0) >>> 8) % 6;
    try {
      for (let i = 0; i < 50; i++) {
        if (i === 10 || i === 30) {
          const l = (await agreedLeader(stopped)) ?? leader;
          sandbox('manager-stop', String(l));
          stopped = l;
          chaos.push(`#${i}: stopped ${l}`);
        }
        if ((i === 20 || i === 40) && stopped) {
          sandbox('manager-start', String(stopped));
          chaos.push(`#${i}: started ${stopped}`);
          stopped = undefined;
        }
        const via = MANAGERS.filter((n) => n !== stopped)[i % 2]!;
        const target = next();
        const t0 = Date.now();
        try {
          await clients.get(via)!.scaleService(id, target);
          outcomes.push({ target, via, ok: true, ms: Date.now() - t0 });
        } catch (e) {
          outcomes.push({ target, via, ok: false, error: e as SwarmError, ms: Date.now() - t0 });
        }
      }
      if (stopped) sandbox('manager-start', String(stopped));
      await within('a leader again', 60_000, async () => (await agreedLeader()) !== undefined);
      const failed = outcomes.filter((o) => !o.ok);
      for (const f of failed) {
        assert.ok(f.error instanceof SwarmError, `a failure is a SwarmError: ${String(f.error)}`);
        // Only this test writes to the service: a conflict would mean our own earlier try was not
        // recognised. (A resend carries the version first read, so the Engine cannot apply it twice.)
        assert.ok(['noLeader', 'timeout', 'unreachable'].includes(f.error.kind), `a clear failure: ${f.error.kind}: ${f.error.message}`);
      }
      const lastOk = [...outcomes].reverse().find((o) => o.ok);
      assert.ok(lastOk, 'some scales succeeded');
      const held = await replicasOf(first, id);
      assert.equal(held, lastOk.target, `the engine holds the last success (${lastOk.target}), not ${held}`);
      const slow = outcomes.filter((o) => o.ms > 1000).map((o) => o.ms);
      console.log(`      ${outcomes.filter((o) => o.ok).length} of 50 succeeded, ${failed.length} failed (${failed.map((f) => f.error?.kind).join(', ') || 'none'}); ${chaos.join('; ')}; waits over 1 s: ${slow.join(', ') || 'none'} ms; ${notes.length} note(s) told`);
    } finally {
      await first.removeService(id).catch(() => undefined);
      for (const c of clients.values()) c.close();
    }
  });

  it('a partition: the connected manager cut off is handled as a quorum lost from where it stands, and recovers once the link is back', async () => {
    leader = (await agreedLeader()) ?? leader;
    const cut = MANAGERS.find((n) => n !== leader)!;
    const client = managerClient(cut);
    const store = new SwarmStore(() => client, { warn: () => undefined });
    const serviceId = await client.createService(idleSpec(uniqueName('partition')));
    // The extension's client: the store's refusal is what every change asks first.
    const guarded = new TestClient({ dockerHost: managerHost(cut), election: electionWait(realClock, () => undefined, { refusal: () => quorumRefusal(store), severalManagers: () => true }) });
    const name = uniqueName('cutoff');
    try {
      await store.refresh();
      assert.equal(store.state, 'ok');
      const shown = store.services.length;
      sandbox('manager-cut', String(cut));
      const detectMs = await within('the cut-off manager known without quorum', 120_000, async () => {
        await store.refresh();
        if (store.state !== 'ok') assert.equal(store.services.length, shown, 'rows kept');
        return quorumRefusal(store) !== undefined;
      });
      // The view's words, and every change refused in the same words before anything is sent.
      const stale = store.readState.staleSince!;
      assert.match(staleMessage({ since: stale, managers: managerCount(store), noLeaderForMs: store.readState.noLeaderForMs, state: store.state }), /^No quorum: 1 of 3 managers reachable\./);
      const refusal = quorumRefusal(store);
      assert.ok(refusal, 'refused as the view says it');
      assert.match(refusal.message, /^No quorum: 1 of 3 managers reachable: .*Nothing was sent\.$/);
      await assert.rejects(guarded.scaleService(serviceId, 3), (e: unknown) => e instanceof SwarmError && e.message === refusal.message);
      const refusedIn = await changesRefused(guarded, refusal.message, name);
      sandbox('manager-mend', String(cut));
      const mendMs = await within('the store reading the swarm again after the mend', 180_000, async () => {
        await store.refresh();
        return store.state === 'ok';
      });
      assert.equal(store.readState.staleSince, undefined);
      assert.equal(await replicasOf(client, serviceId), 0, 'the refused scale was never applied');
      // Nothing of what was refused exists, and the label was not written.
      const [secrets, networks, nodes] = await Promise.all([client.listSecrets(), client.listNetworks(), client.listNodes()]);
      assert.deepEqual(secrets.filter((x) => x.name.startsWith(name)).map((x) => x.name), [], 'no secret created');
      assert.deepEqual(networks.filter((x) => x.name.startsWith(name)).map((x) => x.name), [], 'no network created');
      assert.deepEqual((await client.listServices({ label: [`com.docker.stack.namespace=${name}`] })).length, 0, 'no service deployed');
      assert.ok(nodes.every((n) => n.Spec?.Labels?.[name] === undefined), 'no node label written');
      console.log(`      manager ${cut} cut off: no quorum known after ${detectMs} ms; read again ${mendMs} ms after the mend; refused before sending: ${refusedIn.join(', ')}`);
    } finally {
      await client.removeService(serviceId).catch(() => undefined);
      store.dispose();
      guarded.close();
    }
  });
});
