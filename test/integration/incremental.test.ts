// The incremental model equals a full read, on the real swarm: a SwarmStore fed only by the
// Engine's events through a RefreshController (no poll), so every change after the first
// load is applied by reading what the events name. A seeded random sequence of creates,
// scales, spec updates, force updates and removes runs against it; after each step, once the
// engine has settled, the store's services, the tasks of the services and node it has
// expanded, and the Nodes view's tasks must equal what a fresh full snapshot builds, and no
// full read may have happened.
import * as assert from 'node:assert/strict';
import { ChangeSet } from '../../src/model/changes';
import { modelFromSnapshot } from '../../src/model/snapshot';
import { buildNodesModel } from '../../src/model/nodeSummaries';
import { RefreshController } from '../../src/tree/refreshController';
import { SwarmStore } from '../../src/tree/swarmStore';
import { TestClient } from '../support/testClient';
import { createService, removeQuietly, uniqueName, waitFor } from '../support/swarm';

/** A deterministic sequence for a given seed (printed, so a failure can be replayed). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('incremental refresh equals a full read (real swarm)', function () {
  this.timeout(300_000);
  const client = new TestClient();
  const created: string[] = [];

  after(async () => {
    for (const id of created) await removeQuietly((x) => client.removeService(x), id);
  });

  it('after each of a random sequence of creates, scales, updates and removes', async () => {
    const seed = Number(process.env['SWARM_INCREMENTAL_SEED'] ?? Date.now() % 100_000);
    console.log(`      seed ${seed} (SWARM_INCREMENTAL_SEED replays it)`);
    const random = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const store = new SwarmStore(() => client, { warn: () => undefined });
    const applied: ChangeSet[] = [];
    const controller = new RefreshController({
      refresh: () => store.refresh(),
      apply: (changes) => {
        applied.push(changes);
        return store.update(changes);
      },
      subscribe: (onEvent) => client.events(onEvent),
      pollMs: 0,
    });
    const prefix = uniqueName('inc');
    const mine = (name: string) => name.startsWith(prefix);
    const live = new Map<string, string>(); // id -> name
    let counter = 0;
    const create = async () => {
      const name = `${prefix}-${String.fromCharCode(97 + (counter++ % 26))}${counter}`;
      const stack: Record<string, string> = random() < 0.5 ? { 'com.docker.stack.namespace': `${prefix}-stack` } : {};
      const id = await createService(client, name, 'sleep 3600', { replicas: Math.floor(random() * 3), labels: stack });
      created.push(id);
      live.set(id, name);
      return id;
    };
    try {
      for (let i = 0; i < 3; i++) await create();
      controller.setActive(true);
      await waitFor('the event stream', async () => controller.stats.connects > 0, 10_000, 20);
      await store.refresh();
      const local = (await client.localNodeId())!;
      // What the views have open: two services and this node.
      const expanded = [...live.keys()].slice(0, 2);
      for (const id of expanded) {
        store.setServiceExpanded(id, true);
        await store.tasksOfService(store.findService(id)!);
      }
      store.setNodeExpanded(local, true);
      await store.tasksOnNode(local);
      const fullBefore = store.stats.full;
      const steps = Number(process.env['SWARM_INCREMENTAL_STEPS'] ?? 14);
      for (let step = 0; step < steps; step++) {
        const ids = [...live.keys()];
        const roll = random();
        let what: string;
        if (ids.length < 2 || roll < 0.15) {
          what = `create ${live.get(await create())}`;
        } else if (roll < 0.5) {
          const id = pick(ids);
          const n = Math.floor(random() * 4);
          what = `scale ${live.get(id)} to ${n}`;
          await client.scaleService(id, n);
        } else if (roll < 0.7) {
          const id = pick(ids);
          what = `update ${live.get(id)} (env)`;
          await client.updateSpec(id, (spec) => {
            const c = (spec.TaskTemplate as { ContainerSpec: { Env?: string[] } }).ContainerSpec;
            c.Env = [`STEP=${step}`];
            return spec;
          });
        } else if (roll < 0.85) {
          const id = pick(ids);
          what = `force update ${live.get(id)}`;
          await client.forceUpdateService(id);
        } else {
          const id = pick(ids.filter((x) => !expanded.includes(x)).concat(ids.length > 3 ? expanded : []));
          what = `remove ${live.get(id)}`;
          await client.removeService(id);
          live.delete(id);
        }
        // Settled: every one of ours runs what it should (no update in progress), two reads alike.
        let last = '';
        await waitFor(`the engine to settle after step ${step} (${what})`, async () => {
          const m = await client.model();
          const ours = m.services.filter((s) => mine(s.name));
          const settled = ours.every((s) => s.running === s.desired && !/updating|rollback_started/.test(s.updateState ?? ''));
          const text = JSON.stringify(ours);
          const same = text === last;
          last = text;
          return settled && same;
        }, 60_000, 300);
        const compare = async () => {
          const scope = { services: [...live.keys()].filter((id) => store.isServiceExpanded(id)), nodes: [local] };
          const fresh = await client.snapshot(store.taskFilter, scope);
          const want = view(modelFromSnapshot(fresh), buildNodesModel(fresh.nodes, fresh.services, fresh.nodeTasks).tasksByNode.get(local) ?? []);
          const have = view({ services: [...store.services], tasksByService: new Map(scope.services.map((id) => [id, [...(store.knownTasksOf(id) ?? [])]])) }, [...(store.knownTasksOn(local) ?? [])]);
          return { want, have };
        };
        const expected = await waitFor(`the incremental model to equal a full read after step ${step} (${what})`, async () => {
          const { want, have } = await compare();
          return JSON.stringify(have) === JSON.stringify(want) ? want : undefined;
        }, 15_000, 100).catch(async (e: unknown) => {
          const { want, have } = await compare();
          assert.deepEqual(have, want, String(e));
          throw e;
        });
        assert.ok(expected.services.length > 0);
        console.log(`      step ${step}: ${what}: equal`);
      }
      assert.equal(store.stats.full, fullBefore, 'no full read after the first: every change was applied from what its events named');
      assert.ok(store.stats.partial >= steps, `partial reads: ${store.stats.partial}`);
    } finally {
      controller.dispose();
      store.dispose();
    }

    /** What is compared: our services' rows, the tasks under each expanded one, and this node's tasks of ours. */
    function view(model: { services: { name: string; id: string }[]; tasksByService: Map<string, unknown[]> }, nodeTasks: { name: string }[]) {
      const services = model.services.filter((s) => mine(s.name));
      const tasks = Object.fromEntries(services.filter((s) => model.tasksByService.has(s.id)).map((s) => [s.name, model.tasksByService.get(s.id)]));
      return { services, tasks, nodeTasks: nodeTasks.filter((t) => mine(t.name)) };
    }
  });
});
