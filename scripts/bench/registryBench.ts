// Redeploy with Latest Image against `docker service update --image` on the private registry
// of scripts/registry.sh: a 1-replica service on the manager, its tag moved by a push of new
// content before every round and the local copy removed so that the new task must pull. Ours is
// the command's code path (credentials from the editor's login store, the digest lookup through
// the Engine, the update with X-Registry-Auth and platforms) timed up to convergence as the
// rollouts read it; the CLI is timed from spawn to exit (it waits for convergence itself). Then
// the tag is left where it is, and both are timed again: ours looks up and sends nothing.
import { convergence } from '../../src/model/convergence';
import type { EngineService, EngineServiceSpec, EngineTask } from '../../src/model/engineTypes';
import { digestOf, lookupImage, pinned } from '../../src/registry/imageLookup';
import { LoginStore } from '../../src/registry/loginStore';
import { MemorySecrets } from '../../test/support/memorySecrets';
import { RegistryAuth } from '../../src/registry/registryAuth';
import {
  REGISTRY,
  REGISTRY_DOCKER_CONFIG,
  REGISTRY_PASSWORD,
  REGISTRY_PLACEMENT,
  REGISTRY_USER,
  assertRegistryUp,
  deleteFromRegistry,
  pushNewContent,
  registryRef,
  removeLocalImage,
} from '../../test/support/registry';
import type { TestClient } from '../../test/support/testClient';
import { waitFor } from '../../test/support/swarm';
import { BENCH_LABEL, IDLE_SCRIPT, RUN_ID } from './realSwarm';
import { now, run, sleep } from './stats';

/** How often ours reads the service and its tasks while it converges (the rollouts read every 500 ms). */
export const CONVERGENCE_POLL_MS = 100;
/** A rollout here converges in about 2.5 s; one that has not in this long is stuck (a pull that stalls, a registry gone). */
const CONVERGENCE_LIMIT_MS = 120_000;
/** UpdateConfig.Monitor: the engine marks the update completed, and the CLI stops waiting, this long after the last task runs. */
export const MONITOR_MS = 100;

export interface MovedRound {
  ours: { total: number; lookup: number; update: number; converge: number; polls: number; earlyDone: boolean };
  cli: { total: number };
  /** Which ran first in this round. */
  first: 'ours' | 'cli';
}

export interface UnmovedRound {
  ours: number;
  cli: number;
  /** Whether the CLI's update wrote a new version of the service, and whether it replaced the task. */
  cliNewVersion: boolean;
  cliNewTask: boolean;
}

export interface RegistryFigures {
  moved: MovedRound[];
  unmoved: UnmovedRound[];
  /** The CLI's first update after ours on an unmoved tag (not timed): did it replace the task? */
  cliAfterOursNewTask: boolean;
  /** Pushing new content and removing the local image, per round (not counted). */
  prepare: number[];
}

const cliEnv = (): NodeJS.ProcessEnv => ({ ...process.env, DOCKER_CONFIG: REGISTRY_DOCKER_CONFIG, DOCKER_CLI_HINTS: 'false' });

/** An in-memory SecretStorage holding the test login, as Log In to Registry… would have left it. */
async function loginStore(): Promise<LoginStore> {
  const store = new LoginStore(new MemorySecrets());
  await store.set({ serverAddress: REGISTRY, username: REGISTRY_USER, password: REGISTRY_PASSWORD });
  return store;
}

function spec(name: string, image: string): EngineServiceSpec {
  return {
    Name: name,
    Labels: { [BENCH_LABEL]: RUN_ID },
    Mode: { Replicated: { Replicas: 1 } },
    TaskTemplate: {
      ContainerSpec: { Image: image, Args: ['sh', '-c', IDLE_SCRIPT], StopGracePeriod: 1_000_000_000 },
      RestartPolicy: { Condition: 'any', Delay: 1_000_000_000 },
      Placement: { Constraints: REGISTRY_PLACEMENT },
    },
    UpdateConfig: { Parallelism: 1, Delay: 0, Monitor: MONITOR_MS * 1_000_000, FailureAction: 'pause', Order: 'stop-first' },
  } as EngineServiceSpec;
}

const imageOf = (s: EngineService): string => s.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '';
const wantedTasks = (tasks: EngineTask[]) => tasks.filter((t) => t.DesiredState === 'running');

/** The service's one task meant to run, running `image`, and no other task still running. */
async function settledOn(client: TestClient, id: string, image: string): Promise<EngineTask | undefined> {
  const tasks = await client.serviceTasks(id);
  const wanted = wantedTasks(tasks);
  const ok = wanted.length === 1 && wanted[0]?.Status?.State === 'running' && wanted[0].Spec?.ContainerSpec?.Image === image
    && tasks.every((t) => t === wanted[0] || t.Status?.State !== 'running');
  return ok ? wanted[0] : undefined;
}

export async function measureRegistryRedeploy(
  client: TestClient,
  rounds: number,
  onRound: (kind: 'moved' | 'unmoved', i: number, r: MovedRound | UnmovedRound) => void,
): Promise<RegistryFigures> {
  await assertRegistryUp();
  const tag = `bench-${RUN_ID}`;
  const ref = registryRef(tag);
  const name = `${RUN_ID}-registry`;
  const pushed: string[] = [];
  const auth = new RegistryAuth(await loginStore(), async () => ({ kind: 'none', serverAddress: REGISTRY }));
  const out: RegistryFigures = { moved: [], unmoved: [], cliAfterOursNewTask: false, prepare: [] };
  let id = '';
  try {
    pushed.push(await pushNewContent(tag));
    id = await client.createService(spec(name, `${ref}@${pushed[0]}`));
    await waitFor('the registry service to run', () => settledOn(client, id, `${ref}@${pushed[0]}`), 60_000, 200);

    /** Redeploy with Latest Image's path: read the service, credentials, lookup, update if moved, then converge. */
    const ours = async (): Promise<MovedRound['ours'] & { sent: boolean; digest: string }> => {
      const t0 = now();
      const image = imageOf(await client.inspectService(id));
      const registryAuth = await auth.headerFor(image);
      const lookup = await lookupImage(client, image, registryAuth);
      if (!lookup.ok) throw new Error(`the bench's lookup failed: ${lookup.reason}`);
      const t1 = now();
      if (digestOf(image) === lookup.digest) return { total: t1 - t0, lookup: t1 - t0, update: 0, converge: 0, polls: 0, earlyDone: false, sent: false, digest: lookup.digest };
      const next = pinned(lookup);
      await client.updateServiceImage(id, next, { ...(registryAuth ? { registryAuth } : {}), platforms: lookup.platforms });
      const t2 = now();
      // convergence() alone can call a read made before the orchestrator reacted "done" (the old
      // task still meant to run, no update status yet), so the wanted task must run `next` too.
      let polls = 0;
      let earlyDone = false;
      const deadline = now() + CONVERGENCE_LIMIT_MS;
      for (;;) {
        const [service, tasks] = await Promise.all([client.inspectService(id), client.serviceTasks(id)]);
        polls++;
        const c = convergence(service, tasks);
        if (now() > deadline) {
          const states = tasks.map((t) => `${t.Status?.State ?? '?'}${t.Status?.Err ? ` (${t.Status.Err})` : ''}`).join(', ');
          throw new Error(`the rollout to ${next} did not converge within ${CONVERGENCE_LIMIT_MS / 1000} s; tasks: ${states || 'none'}`);
        }
        if (c.failed) throw new Error(`the rollout stopped: ${c.failed}`);
        const onNext = wantedTasks(tasks).every((t) => t.Spec?.ContainerSpec?.Image === next);
        if (c.done && !onNext) earlyDone = true;
        if (c.done && onNext && tasks.every((t) => t.DesiredState === 'running' || t.Status?.State !== 'running')) break;
        await sleep(CONVERGENCE_POLL_MS);
      }
      const t3 = now();
      return { total: t3 - t0, lookup: t1 - t0, update: t2 - t1, converge: t3 - t2, polls, earlyDone, sent: true, digest: lookup.digest };
    };
    const cli = async (): Promise<number> => {
      const r = await run('docker', ['service', 'update', '--with-registry-auth', '--image', ref, name], cliEnv(), CONVERGENCE_LIMIT_MS);
      if (r.code !== 0) throw new Error(`docker service update failed (${r.code}): ${r.stderr.trim().slice(0, 500)}`);
      return r.ms;
    };
    const prepare = async (): Promise<string> => {
      const t = now();
      const digest = await pushNewContent(tag);
      pushed.push(digest);
      await removeLocalImage(ref);
      out.prepare.push(now() - t);
      return digest;
    };

    for (let i = 0; i < rounds; i++) {
      // Alternating, with ours last in the last round, so the unmoved rounds start after ours.
      const first: 'ours' | 'cli' = (rounds - 1 - i) % 2 === 0 ? 'cli' : 'ours';
      const round: Partial<MovedRound> = { first };
      for (const who of first === 'ours' ? (['ours', 'cli'] as const) : (['cli', 'ours'] as const)) {
        const digest = await prepare();
        const expected = `${ref}@${digest}`;
        if (who === 'ours') {
          const o = await ours();
          if (!o.sent || o.digest !== digest) throw new Error(`ours looked up ${o.digest}, not the pushed ${digest}`);
          round.ours = { total: o.total, lookup: o.lookup, update: o.update, converge: o.converge, polls: o.polls, earlyDone: o.earlyDone };
        } else {
          round.cli = { total: await cli() };
        }
        // Both must leave the service converged on the pushed digest, pulled afresh.
        const service = await client.inspectService(id);
        if (imageOf(service) !== expected) throw new Error(`${who}: the service runs ${imageOf(service)}, not ${expected}`);
        await waitFor(`${who}: the task of ${expected}`, () => settledOn(client, id, expected), 60_000, 100);
      }
      onRound('moved', i, round as MovedRound);
      out.moved.push(round as MovedRound);
    }

    // The tag stays where the last round left it (ours wrote last). The CLI's first update after
    // ours (its own encoding of the credentials against ours) is untimed; then both in turn.
    const taskBefore = (await settledOn(client, id, imageOf(await client.inspectService(id))))?.ID;
    await cli();
    const afterFirst = await waitFor('a running task', async () => (await client.serviceTasks(id)).find((t) => t.DesiredState === 'running' && t.Status?.State === 'running'), 60_000, 100);
    out.cliAfterOursNewTask = afterFirst.ID !== taskBefore;
    for (let i = 0; i < rounds; i++) {
      const before = await client.inspectService(id);
      const task = (await settledOn(client, id, imageOf(before)))?.ID;
      const o = await ours();
      if (o.sent) throw new Error('ours sent an update for a tag that did not move');
      const mid = await client.inspectService(id);
      if (mid.Version?.Index !== before.Version?.Index) throw new Error('the service changed while ours only looked up');
      const c = await cli();
      const after = await client.inspectService(id);
      const running = await waitFor('a running task', async () => (await client.serviceTasks(id)).find((t) => t.DesiredState === 'running' && t.Status?.State === 'running'), 60_000, 100);
      const r: UnmovedRound = { ours: o.total, cli: c, cliNewVersion: after.Version?.Index !== mid.Version?.Index, cliNewTask: running.ID !== task };
      onRound('unmoved', i, r);
      out.unmoved.push(r);
    }
    return out;
  } finally {
    if (id) {
      await client.removeService(id).catch(() => undefined);
      await waitFor('the registry service to go', async () => (await client.listServices({ name: [name] })).length === 0, 30_000, 200).catch(() => undefined);
    }
    for (const d of pushed) {
      await removeLocalImage(`${ref}@${d}`).catch(() => undefined);
      await deleteFromRegistry(d).catch(() => undefined);
    }
    await removeLocalImage(ref).catch(() => undefined);
  }
}
