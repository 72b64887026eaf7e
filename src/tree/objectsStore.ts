// The secrets, configs and swarm-scope networks the three object views show, as of the last
// refresh. Each kind is listed (one request) only while its view is visible, so a hidden view
// costs nothing; which services use what comes from the services the SwarmStore already read,
// with no request of its own. Concurrent refreshes share one run, as in the SwarmStore.
// Free of the VS Code API so plain mocha can test it.
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import type { EngineService } from '../model/engineTypes';
import type { SwarmError } from '../model/errors';
import { usage, type NetworkUse, type UsageIndex } from '../model/swarmObjects';
import type { SwarmConfig, SwarmNetwork, SwarmSecret } from '../model/swarmObjects';
import { Emitter, type Disposable } from './emitter';
import type { ObjectKind } from './objectsItems';
import { SerialRuns } from './serialRuns';
import type { SwarmStore } from './swarmStore';

const KINDS: readonly ObjectKind[] = ['secret', 'config', 'network'];
const EMPTY_USAGE: UsageIndex = { secrets: new Map(), configs: new Map(), networks: new Map() };
const NOUN: Record<ObjectKind, string> = { secret: 'Secrets', config: 'Configs', network: 'Networks' };

export class ObjectsStore implements Disposable {
  private readonly changed = new Emitter<void>();
  /** Fires after each refresh of the objects, and when the services (hence who uses what) changed. */
  readonly onDidChange = this.changed.event;

  private secretList: SwarmSecret[] | undefined;
  private configList: SwarmConfig[] | undefined;
  private networkList: SwarmNetwork[] | undefined;
  private readonly errors = new Map<ObjectKind, SwarmError>();
  private readonly visible = new Set<ObjectKind>();
  /** Kinds listed since their view was last shown: what a hidden view holds may be stale. */
  private readonly fresh = new Set<ObjectKind>();
  /** Listings never overlap; kinds asked for meanwhile are listed in one more round. */
  private readonly rounds = new SerialRuns<Set<ObjectKind>>(
    (pending, more) => new Set([...(pending ?? []), ...more]),
    (kinds) => this.load([...kinds]),
  );
  private usageCache: { services: unknown; index: UsageIndex } | undefined;
  private readonly subscription: Disposable;

  constructor(
    private readonly client: () => SwarmClient,
    private readonly services: SwarmStore,
    private readonly log: { warn(message: string): void },
  ) {
    // Who uses what follows the services; the objects themselves follow their own events.
    this.subscription = services.onDidChange(() => this.changed.fire());
  }

  get secrets(): readonly SwarmSecret[] {
    return this.secretList ?? [];
  }

  get configs(): readonly SwarmConfig[] {
    return this.configList ?? [];
  }

  get networks(): readonly SwarmNetwork[] {
    return this.networkList ?? [];
  }

  /** Whether a kind was ever listed. */
  loaded(kind: ObjectKind): boolean {
    return (kind === 'secret' ? this.secretList : kind === 'config' ? this.configList : this.networkList) !== undefined;
  }

  /** Why the last listing of a kind failed, if it did (its list is then empty). */
  errorOf(kind: ObjectKind): SwarmError | undefined {
    return this.errors.get(kind);
  }

  /** Which services use each secret, config and network, from the services of the last refresh. */
  usage(): UsageIndex {
    const services = this.services.snapshot?.services;
    if (!services) return EMPTY_USAGE;
    if (this.usageCache?.services !== services) {
      const index = usage(services, { secrets: this.secrets, configs: this.configs, networks: this.networks });
      this.usageCache = { services, index: withIngress(index, services, this.networks) };
    }
    return this.usageCache.index;
  }

  /** A view was shown or hidden: only visible kinds are listed. Showing one lists it now. */
  setVisible(kind: ObjectKind, visible: boolean): void {
    if (visible === this.visible.has(kind)) return;
    if (visible) {
      this.visible.add(kind);
      void this.refresh();
    } else {
      this.visible.delete(kind);
      this.fresh.delete(kind);
    }
  }

  get anyVisible(): boolean {
    return this.visible.size > 0;
  }

  isVisible(kind: ObjectKind): boolean {
    return this.visible.has(kind);
  }

  /**
   * Lists the kinds whose views are visible (all three with `all`). Calls made while a run is
   * going share it, and what they ask for is listed once more after it (the running round may
   * have read the engine before the change they were told of).
   */
  refresh(all = false): Promise<void> {
    return this.list(all ? KINDS : [...this.visible]);
  }

  /** Events named these kinds: those whose views are visible are listed again. */
  update(kinds: Iterable<ObjectKind>): Promise<void> {
    return this.list([...kinds].filter((k) => this.visible.has(k)));
  }

  /**
   * A view's first rows: lists its kind unless it was listed since the view was shown, or is
   * being listed now. Does not make the kind visible (VS Code says that, through setVisible).
   */
  ensureListed(kind: ObjectKind): Promise<void> {
    if (this.fresh.has(kind)) return Promise.resolve();
    return this.rounds.coveredBy((kinds) => kinds.has(kind)) ?? this.list([kind]);
  }

  private list(kinds: readonly ObjectKind[]): Promise<void> {
    // Nothing to list: no round, but a caller still waits for one going on.
    if (kinds.length === 0) return this.rounds.busy ?? Promise.resolve();
    return this.rounds.push(new Set(kinds));
  }

  private async load(kinds: readonly ObjectKind[]): Promise<void> {
    if (kinds.length === 0) return;
    await Promise.all(
      kinds.map(async (kind) => {
        try {
          // Inside the try: an endpoint that cannot make a client is this listing's failure, said on the view.
          const client = this.client();
          if (kind === 'secret') this.secretList = await client.listSecrets();
          else if (kind === 'config') this.configList = await client.listConfigs();
          else this.networkList = await client.listNetworks();
          this.errors.delete(kind);
        } catch (e) {
          const err = toSwarmError(e);
          // Once per distinct failure: each refresh would repeat it.
          if (this.errors.get(kind)?.message !== err.message) this.log.warn(`${NOUN[kind]} view: ${err.message}${err.detail ? ` (${err.detail})` : ''}`);
          this.errors.set(kind, err);
          // Nothing stale is shown as if current: the view says why it is empty (views.ts).
          if (kind === 'secret') this.secretList = [];
          else if (kind === 'config') this.configList = [];
          else this.networkList = [];
        }
        if (this.visible.has(kind)) this.fresh.add(kind);
      }),
    );
    // Names resolve to IDs through the lists: recompute who uses what.
    this.usageCache = undefined;
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * The routing mesh's network is in no service's spec: a service is on it when it publishes a
 * port in ingress mode (the default), which the Engine attaches it to by itself.
 */
function withIngress(index: UsageIndex, services: readonly EngineService[], networks: readonly SwarmNetwork[]): UsageIndex {
  const ingress = networks.find((n) => n.ingress);
  if (!ingress) return index;
  const ports = (s: EngineService) => {
    const p = (s.Spec?.['EndpointSpec'] as { Ports?: { PublishMode?: string }[] } | undefined)?.Ports;
    return Array.isArray(p) ? p : [];
  };
  const meshed = services.filter((s) => ports(s).some((p) => (p.PublishMode ?? 'ingress') === 'ingress'));
  if (meshed.length === 0) return index;
  const known = index.networks.get(ingress.id) ?? [];
  const uses: NetworkUse[] = [...known, ...meshed.filter((s) => !known.some((u) => u.id === s.ID)).map((s) => ({ id: s.ID, name: s.Spec?.Name ?? s.ID, aliases: [] }))];
  return { ...index, networks: new Map([...index.networks, [ingress.id, uses]]) };
}
