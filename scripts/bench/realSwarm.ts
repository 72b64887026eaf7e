// The services the benchmark creates on the real swarm: all labelled with this run's id, so
// cleanup removes exactly these and never anything else on the swarm.
import { TestClient } from '../../test/support/testClient';
import type { EngineServiceSpec } from '../../src/model/engineTypes';
import { serviceSpec, waitFor } from '../../test/support/swarm';

export const BENCH_LABEL = 'swarm-services.bench';
/** SWARM_BENCH_RUN_ID names a run (lower-case letters, digits and dashes), e.g. with a prefix of one's own. */
export const RUN_ID = /^[a-z0-9][a-z0-9-]{0,19}$/.test(process.env['SWARM_BENCH_RUN_ID'] ?? '')
  ? (process.env['SWARM_BENCH_RUN_ID'] as string)
  : `b${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/** Idles until stopped, and stops at once on SIGTERM (no 1 s grace period per task). */
export const IDLE_SCRIPT = "trap 'exit 0' TERM; sleep 86400 & wait";

export function benchSpec(base: string, script: string, replicas: number): EngineServiceSpec {
  // On the manager: a worker left joined by another run may lack the sandbox's local image.
  const spec = serviceSpec(`${RUN_ID}-${base}`, script, { replicas, constraints: ['node.role==manager'] });
  spec.Labels = { [BENCH_LABEL]: RUN_ID };
  return spec;
}

/** Creates the services with a few requests in flight at a time; returns their ids in order. */
export async function createAll(client: TestClient, specs: EngineServiceSpec[], concurrency = 6): Promise<string[]> {
  const ids: string[] = new Array(specs.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < specs.length) {
      const i = next++;
      ids[i] = await client.createService(specs[i] as EngineServiceSpec);
    }
  }));
  return ids;
}

/** Removes every service this run created (found by its label); safe to call more than once. */
export async function removeBenchServices(client: TestClient, concurrency = 6): Promise<number> {
  const services = await client.listServices({ label: [`${BENCH_LABEL}=${RUN_ID}`] });
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < services.length) {
      const s = services[next++];
      if (s?.Spec?.Labels?.[BENCH_LABEL] === RUN_ID) await client.removeService(s.ID).catch(() => undefined);
    }
  }));
  return services.length;
}

/** Waits until the service has exactly `count` running tasks meant to run. */
export async function waitForRunningTasks(client: TestClient, serviceId: string, count: number, timeoutMs = 60_000, everyMs = 100): Promise<true> {
  // A task the engine rejected (no such image, say) will not run: say why at once
  // rather than wait out the time limit.
  let refused: string | undefined;
  await waitFor(`${count} running tasks of ${serviceId}`, async () => {
    const tasks = await client.serviceTasks(serviceId);
    // Rejected (no such image, no node fits) is final; a failed task the orchestrator retries.
    const failed = tasks.find((t) => t.Status?.State === 'rejected' && (t.Status?.Err || t.Status?.Message));
    if (failed) {
      refused = `a task of ${serviceId} was ${failed.Status?.State}: ${failed.Status?.Err || failed.Status?.Message}`;
      return true;
    }
    const meant = tasks.filter((t) => t.DesiredState === 'running');
    return meant.length === count && meant.every((t) => t.Status?.State === 'running') ? true : undefined;
  }, timeoutMs, everyMs);
  if (refused) throw new Error(`${refused}. Is the sandbox up (bash scripts/sandbox.sh up)?`);
  return true;
}

/**
 * For the object views' rows: `count` services at 0 replicas (names from `from` on), each with a
 * secret and a config of its own and attached to `networkId`, all labelled with this run's id.
 * Returns the services' ids.
 */
export async function createServicesWithObjects(client: TestClient, from: number, count: number, networkId: string): Promise<string[]> {
  const specs: EngineServiceSpec[] = [];
  for (let i = from; i < from + count; i++) {
    const name = `${RUN_ID}-obj-${String(i).padStart(3, '0')}`;
    const labels = { [BENCH_LABEL]: RUN_ID };
    const data = Buffer.from(name).toString('base64');
    const secretId = await client.createSecret({ Name: `${name}-secret`, Labels: labels, Data: data });
    const configId = await client.createConfig({ Name: `${name}-config`, Labels: labels, Data: data });
    const spec = benchSpec(`obj-${String(i).padStart(3, '0')}`, IDLE_SCRIPT, 0);
    spec.TaskTemplate!.ContainerSpec!['Secrets'] = [{ SecretID: secretId, SecretName: `${name}-secret`, File: { Name: 'token', UID: '0', GID: '0', Mode: 0o400 } }];
    spec.TaskTemplate!.ContainerSpec!['Configs'] = [{ ConfigID: configId, ConfigName: `${name}-config`, File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o444 } }];
    spec.TaskTemplate!['Networks'] = [{ Target: networkId }];
    specs.push(spec);
  }
  return createAll(client, specs);
}

/** Removes the secrets, configs and networks this run created (found by its label); after the services. */
export async function removeBenchObjects(client: TestClient): Promise<number> {
  const mine = (o: { labels: Record<string, string> }) => o.labels[BENCH_LABEL] === RUN_ID;
  const [secrets, configs, networks] = await Promise.all([client.listSecrets(), client.listConfigs(), client.listNetworks()]);
  const removals = [
    ...secrets.filter(mine).map((o) => () => client.removeSecret(o.id)),
    ...configs.filter(mine).map((o) => () => client.removeConfig(o.id)),
  ];
  // A removed service's tasks let go of what they used a moment later: retry for a while.
  for (const remove of removals) await waitFor('a bench object removed', () => remove().then(() => true), 30_000, 250);
  for (const n of networks.filter(mine)) await waitFor('a bench network removed', () => client.removeNetwork(n.id).then(() => true), 30_000, 250);
  return removals.length + networks.filter(mine).length;
}
