// The failover's test world: the real SwarmNodeEngines (routes from docker contexts found by
// asking their engines, and from dockerSwarm.nodeEndpoints) over fake engines, each answering
// as a swarm node, stopped, or too late; the connection, the store's reads and the switch as
// the extension wires them, recorded.
import type { CommandContext } from '../../../src/commands/context';
import type { ResolvedEndpoint } from '../../../src/docker/endpoint';
import type { SwarmClient } from '../../../src/docker/swarmClient';
import { describeEndpoint } from '../../../src/endpointInfo';
import { Failover } from '../../../src/failover/failover';
import { ReadOrigin } from '../../../src/failover/readOrigin';
import type { ManagerRoute } from '../../../src/failover/managers';
import type { FailoverMode } from '../../../src/failover/policy';
import { SwarmError } from '../../../src/model/errors';
import type { NodeSummary } from '../../../src/model/nodeSummaries';
import type { SwarmRole } from '../../../src/model/swarmRole';
import { SwarmNodeEngines, type ContextEndpoint } from '../../../src/nodeEngines/swarmNodeEngines';
import type { ConnectionState } from '../../../src/tree/storeTypes';
import { ManualClock } from '../../support/manualClock';

/** What an engine answers: its node, swarm and role; nothing (stopped); or too late (a manager while its swarm elects a leader). */
export type Engine = { nodeId: string; clusterId: string; role?: SwarmRole } | 'down' | 'electing';

export const host = (n: number) => `unix:///run/m${n}.sock`;
export const node = (n: number, leader = false): NodeSummary =>
  ({ id: `node${n}`, hostname: `manager-${n}`, role: 'manager', availability: 'active', state: 'ready', reachability: 'reachable', leader, version: 1, labels: {} }) as NodeSummary;
export const context = (n: number): ContextEndpoint => ({ name: `m${n}`, endpoint: { host: host(n), source: 'context', contextName: `m${n}`, label: `m${n}` } });

export function world(o: { mode?: FailoverMode; contexts?: ContextEndpoint[]; setting?: Record<string, string>; nodes?: NodeSummary[] } = {}) {
  const engines = new Map<string, Engine>([1, 2, 3].map((n) => [host(n), { nodeId: `node${n}`, clusterId: 'swarm-a' }]));
  const holds = new Map<string, Promise<void>>();
  const clientOf = (h: string): SwarmClient => {
    const answer = async () => {
      // A held engine answers (as it is then) once the test lets it.
      await holds.get(h);
      const e = engines.get(h) ?? 'down';
      if (e === 'down') throw new SwarmError('unreachable', `Cannot reach the Docker engine at ${h}.`);
      if (e === 'electing') throw new SwarmError('timeout', `The Docker engine at ${h} did not answer in time.`);
      return e;
    };
    return {
      endpoint: h,
      localNodeId: async () => (await answer()).nodeId,
      snapshot: async () => ({ nodes: [], services: [], tasks: [], via: await answer() }),
      swarmStatus: async () => {
        const e = await answer();
        return { role: e.role ?? 'manager', nodeId: e.nodeId, clusterId: e.clusterId };
      },
      close: () => undefined,
      normalise: (e: unknown) => (e instanceof SwarmError ? e : new SwarmError('api', String(e))),
    } as unknown as SwarmClient;
  };
  const w = {
    engines,
    /** Engines that answer only once the promise resolves (see hold()). */
    holds,
    clock: new ManualClock(),
    mode: o.mode ?? ('ask' as FailoverMode),
    connected: host(1),
    store: { state: 'loading' as ConnectionState, nodes: o.nodes ?? [node(1), node(2, true), node(3)] },
    switched: [] as ManagerRoute[],
    failSwitch: false,
    setting: (o.setting ?? {}) as Record<string, string>,
    offered: [] as boolean[],
    notes: [] as string[],
    logs: [] as string[],
    changes: 0,
  };
  const nodeEngines = new SwarmNodeEngines({
    connected: () => clientOf(w.connected),
    connectionHost: () => w.connected,
    contexts: () => o.contexts ?? [context(1), context(2), context(3)],
    setting: () => w.setting,
    makeClient: (e: ResolvedEndpoint) => clientOf(e.host),
    node: (id) => w.store.nodes.find((n) => n.id === id),
    log: { info: () => undefined, warn: () => undefined },
    now: () => w.clock.now(),
  });
  // As the Connection: one client per endpoint, a new one once the endpoint changed.
  let made: { host: string; client: SwarmClient } | undefined;
  const connection = {
    client: () => (made?.host === w.connected ? made : (made = { host: w.connected, client: clientOf(w.connected) })).client,
    clientIfUsable: () => connection.client(),
  };
  const origin = new ReadOrigin(connection);
  const failover = new Failover({
    store: w.store,
    staleRead: () => origin.stale(),
    connection: { client: connection.client, describe: () => describeEndpoint({ host: w.connected, source: 'setting', label: w.connected }) },
    engines: nodeEngines,
    switchTo: async (route) => {
      if (w.failSwitch) throw new SwarmError('invalid', 'the context is gone');
      w.switched.push(route);
      w.connected = route.host;
      nodeEngines.connectionChanged();
      failover.connectionChanged();
    },
    mode: () => w.mode,
    offered: (on) => w.offered.push(on),
    log: { info: (m) => w.logs.push(m), warn: (m) => w.logs.push(m) },
    notify: (m) => w.notes.push(m),
    clock: w.clock,
  });
  failover.onDidChange(() => w.changes++);
  /** A read of the views: ok (the managers listed) or failed with `state`; waits for what it started. */
  const read = async (state: ConnectionState) => {
    w.store.state = state;
    failover.storeRefreshed();
    await settle();
    await failover.idle();
  };
  /** A whole read of the views as the store makes it: its client taken now, through ReadOrigin; the state from its answer once it comes. */
  const storeRead = async () => {
    const client = origin.client();
    try {
      await client.snapshot();
      w.store.state = 'ok';
    } catch (e) {
      w.store.state = (e as SwarmError).kind as ConnectionState;
    }
    failover.storeRefreshed();
    await settle();
    await failover.idle();
  };
  return { w, failover, read, storeRead, nodeEngines };
}

/** An engine held: it answers (as `engines` then says) once `release` is called. */
export function hold(w: { holds: Map<string, Promise<void>> }, h: string): { release(): void } {
  let release!: () => void;
  w.holds.set(h, new Promise<void>((r) => (release = r)));
  return {
    release: () => {
      w.holds.delete(h);
      release();
    },
  };
}

export const settle = () => new Promise((r) => setTimeout(r, 5));
export const routeText = (r: ManagerRoute) => (r.kind === 'context' ? `context ${r.context}` : `${r.kind} ${r.host}`);

/** What Switch to Another Manager needs of the command context, over a world's failover: the quick picks shown (answered with the first item, or `pick`), and the messages. */
export function commandContext(failover: Failover, w: ReturnType<typeof world>['w'], pick?: (labels: string[]) => string | undefined) {
  const shown = { picks: [] as { label: string; description?: string }[][], infos: [] as string[] };
  const host = {
    withProgress: (_title: string, task: (p: { report(): void }) => Promise<unknown>) => task({ report: () => undefined }),
    showQuickPick: async <T extends { label: string; description?: string }>(items: readonly T[]) => {
      shown.picks.push(items.map(({ label, description }) => ({ label, ...(description !== undefined ? { description } : {}) })));
      const label = pick ? pick(items.map((i) => i.label)) : items[0]?.label;
      return items.find((i) => i.label === label);
    },
    showInformationMessage: async (message: string) => {
      shown.infos.push(message);
      return undefined;
    },
  };
  const ctx = {
    host,
    failover,
    store: { refresh: async () => undefined },
    endpoint: { describe: () => describeEndpoint({ host: w.connected, source: 'setting', label: w.connected }) },
  } as unknown as CommandContext;
  return { ctx, shown };
}
