// The services the benchmark creates on the real swarm: all labelled with this run's id, so
// cleanup removes exactly these and never anything else on the swarm.
import { TestClient } from '../../test/support/testClient';
import type { EngineServiceSpec } from '../../src/model/engineTypes';
import { serviceSpec, waitFor } from '../../test/support/swarm';

export const BENCH_LABEL = 'swarm-services.bench';
export const RUN_ID = `b${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/** Idles until stopped, and stops at once on SIGTERM (no 1 s grace period per task). */
export const IDLE_SCRIPT = "trap 'exit 0' TERM; sleep 86400 & wait";

export function benchSpec(base: string, script: string, replicas: number): EngineServiceSpec {
  const spec = serviceSpec(`${RUN_ID}-${base}`, script, { replicas });
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
export function waitForRunningTasks(client: TestClient, serviceId: string, count: number, timeoutMs = 60_000, everyMs = 100): Promise<true> {
  return waitFor(`${count} running tasks of ${serviceId}`, async () => {
    const tasks = await client.serviceTasks(serviceId, { 'desired-state': 'running' });
    return tasks.length === count && tasks.every((t) => t.Status?.State === 'running') ? true : undefined;
  }, timeoutMs, everyMs);
}
