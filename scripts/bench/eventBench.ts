// Change to model on the real swarm: the extension's own SwarmStore and RefreshController
// (openViews in changesBench.ts, wired as src/extension.ts wires them, over the engine's
// socket), timed from a scale of one service (through the API, or `docker service scale`) to
// the store's change that shows the new replica count; and from the engine's service event
// reaching the controller to that change.
import { scaledSpec } from '../../src/model/specs';
import { TestClient } from '../../test/support/testClient';
import { openViews } from './changesBench';
import { waitForRunningTasks } from './realSwarm';
import { now, run, sleep } from './stats';

export interface Change {
  via: 'api' | 'cli';
  /** From sending the update (API) or spawning `docker service scale` (CLI). */
  fromSent: number;
  /** From the update's response (API) or the CLI's exit; below 0 when the model showed it first. */
  fromDone: number;
  /** From the engine's service event reaching the controller. */
  fromEvent: number;
  /** The update itself: request to response, or the CLI from spawn to exit. */
  request: number;
  /** When the engine's service event arrived, from sending. */
  event: number;
  /** A full refresh of the same swarm once the change was shown: what the path before paid after its 25 ms debounce. */
  fullRefresh: number;
}

export async function measureEventLatency(
  client: TestClient,
  serviceId: string,
  apiChanges: number,
  cliChanges: number,
  onChange?: (i: number, c: Change) => void,
  socketPath = '/var/run/docker.sock',
): Promise<{ changes: Change[]; services: number }> {
  const views = await openViews(socketPath, []);
  const { store } = views;
  const changes: Change[] = [];
  try {
    let replicas = 1;
    for (let i = 0; i < apiChanges + cliChanges; i++) {
      const via = i < apiChanges ? 'api' : 'cli';
      const target = replicas === 1 ? 2 : 1;
      // Start from a quiet state: converged, no read running, no event for a moment.
      await waitForRunningTasks(client, serviceId, replicas, 60_000, 50);
      const deadline = now() + 30_000;
      while (views.busy > 0 || now() - views.lastEvent < 300) {
        if (now() > deadline) throw new Error(`change ${i + 1}: the views did not settle within 30 s`);
        await sleep(20);
      }
      if (store.findService(serviceId)?.desired !== replicas) throw new Error(`change ${i + 1}: the store shows ${store.findService(serviceId)?.desired} replicas, not ${replicas}`);
      const current = await client.inspectService(serviceId);
      const next = scaledSpec(current.Spec ?? {}, target);
      views.arrivals.clear();
      const shown = views.whenShown(() => store.findService(serviceId)?.desired === target, 10_000, `${target} replicas of ${serviceId}`);
      shown.catch(() => undefined);
      const sent = now();
      if (via === 'api') {
        await client.sendUpdate(current.ID, current.Version?.Index ?? 0, next);
      } else {
        if (!/^[a-z0-9]{25}$/.test(serviceId)) throw new Error(`not a service id: ${serviceId}`);
        const r = await run('docker', ['-H', `unix://${socketPath}`, 'service', 'scale', '--detach', `${serviceId}=${target}`]);
        if (r.code !== 0) throw new Error(`docker service scale failed: ${r.stderr.slice(0, 300)}`);
      }
      const done = now();
      const at = await shown;
      const event = views.arrivals.get(serviceId) ?? Number.NaN;
      // Once the change has settled: the whole swarm read again, as every event did before.
      await waitForRunningTasks(client, serviceId, target, 60_000, 50);
      while (views.busy > 0) await sleep(10);
      const t0 = now();
      await store.refresh();
      const c: Change = { via, fromSent: at - sent, fromDone: at - done, fromEvent: at - event, request: done - sent, event: event - sent, fullRefresh: now() - t0 };
      changes.push(c);
      onChange?.(i, c);
      replicas = target;
    }
    return { changes, services: store.services.length };
  } finally {
    views.dispose();
  }
}
