// `docker stack rm` over the Engine API: what carries the stack's label
// (com.docker.stack.namespace), removed services first, then secrets, configs and networks,
// each removal sent as ./writes sends one.
import type { Engine } from './dockerCalls';
import { toSwarmError } from './errors';
import { refuseChange } from './leaderWait';
import { sendRemove } from './writes';
import type { StackRemoval, StackResources } from './swarmClient';

const NETWORK_WAIT_MS = 20_000;
const NETWORK_RETRY_MS = 500;

export async function stackResources(engine: Engine, stack: string): Promise<StackResources> {
  const filters = { label: [`com.docker.stack.namespace=${stack}`] };
  const [services, networks, secrets, configs] = await Promise.all([
    engine.call((signal) => engine.docker.listServices({ filters, abortSignal: signal })),
    engine.call((signal) => engine.docker.listNetworks({ filters, abortSignal: signal })),
    engine.call((signal) => engine.docker.listSecrets({ filters, abortSignal: signal })),
    engine.call((signal) => engine.docker.listConfigs({ filters, abortSignal: signal })),
  ]);
  return {
    services,
    networks: networks.map((n) => ({ id: n.Id, name: n.Name })),
    secrets: secrets.map((s) => ({ id: s.ID, name: s.Spec?.Name ?? s.ID })),
    configs: configs.map((c) => ({ id: c.ID, name: c.Spec?.Name ?? c.ID })),
  };
}

/**
 * Removes what stackResources lists, going on past failures; each one is reported. Refused as a
 * whole, before anything is read or removed, while the quorum is known lost.
 */
export async function removeStack(engine: Engine, stack: string): Promise<StackRemoval> {
  refuseChange(engine.election);
  const r = await stackResources(engine, stack);
  const removed: string[] = [];
  const failed: StackRemoval['failed'] = [];
  const attempt = async (name: string, fn: (signal: AbortSignal) => Promise<unknown>) => {
    try {
      await sendRemove(engine, () => engine.call(fn));
      removed.push(name);
    } catch (e) {
      failed.push({ name, error: toSwarmError(e, engine.endpoint) });
    }
  };
  // Services first: networks stay in use until their tasks are gone.
  for (const s of r.services) await attempt(s.Spec?.Name ?? s.ID, (signal) => engine.docker.getService(s.ID).remove({ abortSignal: signal }));
  for (const s of r.secrets) await attempt(s.name, (signal) => engine.docker.getSecret(s.id).remove({ abortSignal: signal }));
  for (const c of r.configs) await attempt(c.name, (signal) => engine.docker.getConfig(c.id).remove({ abortSignal: signal }));
  for (const n of r.networks) {
    // A network is freed only when the removed services' tasks have stopped: retry briefly.
    const deadline = Date.now() + NETWORK_WAIT_MS;
    for (;;) {
      try {
        await sendRemove(engine, () => engine.call((signal) => engine.docker.getNetwork(n.id).remove({ abortSignal: signal })));
        removed.push(n.name);
        break;
      } catch (e) {
        const err = toSwarmError(e, engine.endpoint);
        // No leader after the election was waited out (or refused): not a network still in use.
        if (Date.now() > deadline || err.kind === 'notFound' || err.kind === 'noLeader') {
          if (err.kind !== 'notFound') failed.push({ name: n.name, error: err });
          break;
        }
        await new Promise((res) => setTimeout(res, NETWORK_RETRY_MS));
      }
    }
  }
  return { removed, failed };
}
