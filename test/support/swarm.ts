// Shared helpers for tests that run against the real local swarm: services named with a
// per-run prefix and labelled with it, so runs never collide and cleanup finds them all.
import { TestClient } from './testClient';
import type { EngineServiceSpec } from '../../src/model/engineTypes';
import { SwarmError } from '../../src/model/errors';

export const IMAGE = process.env['SWARM_SERVICES_IMAGE'] ?? 'swarm-services-busybox:latest';
export const RUN_LABEL = 'swarm-services.test-run';
// Test bundles each carry their own copy of this module; the environment makes them agree.
export const RUN_ID = (process.env['SWARM_TEST_RUN_ID'] ??= `t${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`);

let counter = 0;
export function uniqueName(base: string): string {
  counter++;
  return `${RUN_ID}-${base}-${counter}`;
}

export interface ServiceOptions {
  replicas?: number;
  global?: boolean;
  labels?: Record<string, string>;
  env?: string[];
  mounts?: unknown[];
  updateConfig?: Record<string, unknown>;
  restart?: Record<string, unknown>;
  logDriver?: string;
  /** Options for the log driver (json-file unless logDriver says otherwise). */
  logOptions?: Record<string, string>;
  /** Placement constraints, e.g. `node.hostname==swarm-worker-1`. */
  constraints?: string[];
}

export function serviceSpec(name: string, script: string, o: ServiceOptions = {}): EngineServiceSpec {
  const spec: EngineServiceSpec = {
    Name: name,
    Labels: { [RUN_LABEL]: RUN_ID, ...o.labels },
    Mode: o.global ? { Global: {} } : { Replicated: { Replicas: o.replicas ?? 1 } },
    TaskTemplate: {
      ContainerSpec: {
        Image: IMAGE,
        Args: ['sh', '-c', script],
        // The shell ignores SIGTERM; without this every task replacement waits 10 s.
        StopGracePeriod: 1_000_000_000,
        ...(o.env ? { Env: o.env } : {}),
        ...(o.mounts ? { Mounts: o.mounts } : {}),
      },
      RestartPolicy: o.restart ?? { Condition: 'any', Delay: 1_000_000_000 },
      ...(o.constraints ? { Placement: { Constraints: o.constraints } } : {}),
      ...(o.logDriver || o.logOptions ? { LogDriver: { Name: o.logDriver ?? 'json-file', ...(o.logOptions ? { Options: o.logOptions } : {}) } } : {}),
    },
  };
  if (o.updateConfig) spec['UpdateConfig'] = o.updateConfig;
  return spec;
}

/** A script that prints numbered lines to stdout and stderr, then idles. */
export function countingScript(lines: number, extra = ''): string {
  return `i=1; while [ $i -le ${lines} ]; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); done; ${extra} sleep 3600`;
}

export async function createService(client: TestClient, name: string, script: string, o: ServiceOptions = {}): Promise<string> {
  return client.createService(serviceSpec(name, script, o));
}

/**
 * Polls `probe` until it returns something other than undefined/false. On time-out the error
 * names what was awaited, the probe's last error, and (if given) what `seen` says was there.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  everyMs = 200,
  seen?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const shown = seen ? await seen().catch((e: Error) => `(could not read it: ${e.message})`) : undefined;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${shown !== undefined ? `; the page shows: ${shown}` : ''}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until `count` tasks of the service run. */
export function waitForRunning(client: TestClient, serviceId: string, count: number, timeoutMs = 30_000): Promise<number> {
  return waitFor(`${count} running tasks`, async () => {
    const tasks = await client.serviceTasks(serviceId, { 'desired-state': 'running' });
    const running = tasks.filter((t) => t.Status?.State === 'running').length;
    return running === count ? running : undefined;
  }, timeoutMs);
}

/** Removes every service this run created; safe to call more than once. */
export async function removeRunServices(client: TestClient = new TestClient()): Promise<number> {
  const services = await client.listServices({ label: [`${RUN_LABEL}=${RUN_ID}`] });
  await Promise.all(services.map((s) => client.removeService(s.ID).catch(() => undefined)));
  return services.length;
}

/** A second engine that is not in a swarm (scripts/sandbox.sh solo-up starts it). */
export const SOLO_DOCKER_HOST = process.env['SWARM_SERVICES_SOLO_HOST'] ?? 'unix:///run/swarm-services-solo.sock';

/**
 * `p`, or a clear failure if it has not settled after `ms`. A hang guard, generous on purpose:
 * the test asserts the outcome, never how fast it came (speed is the benchmark's business).
 */
export async function settlesWithin<T>(what: string, p: Promise<T>, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still not settled after ${ms} ms (a hang)`)), ms);
  });
  try {
    return await Promise.race([p, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Removal that tolerates what is already gone, retried while tasks still hold it (a secret, config or network). */
export async function removeQuietly(remove: (id: string) => Promise<void>, id: string): Promise<void> {
  await waitFor(`removal of ${id}`, async () => {
    try {
      await remove(id);
      return true;
    } catch (e) {
      if (e instanceof SwarmError && e.kind === 'notFound') return true;
      throw e;
    }
  }, 20_000, 500).catch(() => undefined);
}

/** The swarm's nodes as `hostname role state`, sorted: what must be the same after a worker left. */
export async function swarmNodes(client: TestClient): Promise<string[]> {
  return (await client.listNodes()).map((n) => `${n.Description?.Hostname} ${n.Spec?.Role} ${n.Status?.State}`).sort();
}

/** Waits until the swarm's nodes are `expected` again (a worker's node removed, not merely down); returns them as they are then. */
export async function swarmNodesBackTo(client: TestClient, expected: readonly string[]): Promise<string[]> {
  return waitFor('the swarm back to its nodes', async () => {
    const now = await swarmNodes(client);
    return now.join('\n') === expected.join('\n') ? now : undefined;
  }, 60_000, 500).catch(async () => swarmNodes(client));
}
