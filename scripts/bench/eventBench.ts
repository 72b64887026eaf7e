// Event latency: the Services view's real refresh path, a RefreshController fed by
// client.events() whose refresh builds the model (client.snapshot() then
// modelFromSnapshot(), coalesced like SwarmStore.refresh), timed from a scale request
// to the first refresh whose model shows the new replica count.
import { TestClient } from '../../test/support/testClient';
import { modelFromSnapshot } from '../../src/model/snapshot';
import type { EngineEvent } from '../../src/model/events';
import { scaledSpec } from '../../src/model/specs';
import type { SwarmModel } from '../../src/model/summaries';
import { RefreshController } from '../../src/tree/refreshController';
import { waitForRunningTasks } from './realSwarm';
import { now, run, sleep } from './stats';

export interface Change {
  via: 'api' | 'cli';
  /** From sending the update (API) or spawning `docker service scale` (CLI). */
  fromSent: number;
  /** From the update's response (API) or the CLI's exit. */
  fromDone: number;
  /** The update itself: request to response, or the CLI from spawn to exit. */
  request: number;
  /** When the Engine's service event arrived, from sending. */
  event: number;
  /** From the event to the refresh that showed the change starting (the debounce). */
  debounce: number;
  /** That refresh: snapshot plus model. */
  refresh: number;
}

interface Pending {
  target: number;
  sent: number;
  event?: number;
  refreshStarted?: number;
  resolve: (at: { model: number; refreshStarted: number }) => void;
}

export async function measureEventLatency(
  client: TestClient,
  serviceId: string,
  apiChanges: number,
  cliChanges: number,
  onChange?: (i: number, c: Change) => void,
): Promise<{ changes: Change[]; services: number; debounceMs: number }> {
  let pending: Pending | undefined;
  let lastRelevant = now();
  let services = 0;
  const debounceMs = 25; // RefreshController's default, which the extension uses

  // SwarmStore.refresh(): concurrent calls share one load; one more runs if asked meanwhile.
  let inFlight: Promise<void> | undefined;
  let again = false;
  const load = async () => {
    const started = now();
    const model: SwarmModel = modelFromSnapshot(await client.snapshot());
    const at = now();
    services = model.services.length;
    const p = pending;
    if (p && model.services.find((s) => s.id === serviceId)?.desired === p.target) {
      pending = undefined;
      p.resolve({ model: at, refreshStarted: started });
    }
  };
  const refresh = (): Promise<void> => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  const controller = new RefreshController({
    refresh,
    subscribe: (onEvent) => client.events(onEvent),
    onRelevantEvent: (e: EngineEvent) => {
      lastRelevant = now();
      if (pending && pending.event === undefined && e.Type === 'service' && e.Actor?.ID === serviceId) pending.event = now();
    },
    pollMs: 0,
  });
  const changes: Change[] = [];
  try {
    controller.setActive(true);
    const deadline = now() + 10_000;
    while (controller.stats.connects === 0) {
      if (now() > deadline) throw new Error('the event stream did not connect');
      await sleep(10);
    }
    let replicas = 1;
    for (let i = 0; i < apiChanges + cliChanges; i++) {
      const via = i < apiChanges ? 'api' : 'cli';
      const target = replicas === 1 ? 2 : 1;
      // Start from a quiet state: converged, no refresh running, no event for a moment.
      await waitForRunningTasks(client, serviceId, replicas, 60_000, 50);
      while (inFlight || now() - lastRelevant < 300) await sleep(20);
      const current = await client.inspectService(serviceId);
      const next = scaledSpec(current.Spec ?? {}, target);
      let resolveShown!: Pending['resolve'];
      const shown = new Promise<{ model: number; refreshStarted: number }>((r) => (resolveShown = r));
      const sent = now();
      pending = { target, sent, resolve: resolveShown };
      const p = pending;
      let done: number;
      if (via === 'api') {
        await client.sendUpdate(current.ID, current.Version?.Index ?? 0, next);
        done = now();
      } else {
        if (!/^[a-z0-9]{25}$/.test(serviceId)) throw new Error(`not a service id: ${serviceId}`);
        const r = await run('docker', ['service', 'scale', '--detach', `${serviceId}=${target}`]);
        if (r.code !== 0) throw new Error(`docker service scale failed: ${r.stderr.slice(0, 300)}`);
        done = now();
      }
      const timeout = sleep(10_000).then(() => undefined);
      const at = await Promise.race([shown, timeout]);
      if (!at) throw new Error(`change ${i + 1}: the model did not show ${target} replicas within 10 s`);
      const c: Change = {
        via,
        fromSent: at.model - sent,
        fromDone: at.model - done,
        request: done - sent,
        event: (p.event ?? Number.NaN) - sent,
        debounce: at.refreshStarted - (p.event ?? Number.NaN),
        refresh: at.model - at.refreshStarted,
      };
      changes.push(c);
      onChange?.(i, c);
      replicas = target;
    }
  } finally {
    pending = undefined;
    controller.dispose();
  }
  return { changes, services, debounceMs };
}
