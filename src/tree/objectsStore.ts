// The secrets, configs and swarm-scope networks the three object views show, as of the last
// refresh. Each kind is listed (one request) only while its view is visible, so a hidden view
// costs nothing; which services use what comes from the services the SwarmStore already read,
// with no request of its own. Concurrent refreshes share one request, as in the SwarmStore.
// Free of the VS Code API so plain mocha can test it.
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import type { SwarmError } from '../model/errors';
import { usage, type UsageIndex } from '../model/swarmObjects';
import type { SwarmConfig, SwarmNetwork, SwarmSecret } from '../model/swarmObjects';
import { Emitter, type Disposable } from './emitter';
import type { ObjectKind } from './objectsItems';
import type { SwarmStore } from './swarmStore';

const KINDS: readonly ObjectKind[] = ['secret', 'config', 'network'];
const EMPTY_USAGE: UsageIndex = { secrets: new Map(), configs: new Map(), networks: new Map() };

export class ObjectsStore implements Disposable {
  private readonly changed = new Emitter<void>();
  /** Fires after each refresh of the objects, and when the services (hence who uses what) changed. */
  readonly onDidChange = this.changed.event;

  private secretList: SwarmSecret[] | undefined;
  private configList: SwarmConfig[] | undefined;
  private networkList: SwarmNetwork[] | undefined;
  private readonly errors = new Map<ObjectKind, SwarmError>();
  private readonly visible = new Set<ObjectKind>();
  private inFlight: Promise<void> | undefined;
  private again = false;
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

  /** Whether a kind was listed at least once since its view was shown. */
  loaded(kind: ObjectKind): boolean {
    return (kind === 'secret' ? this.secretList : kind === 'config' ? this.configList : this.networkList) !== undefined;
  }

  /** Why the last listing of a kind failed, if it did. */
  errorOf(kind: ObjectKind): SwarmError | undefined {
    return this.errors.get(kind);
  }

  /** Which services use each secret, config and network, from the services of the last refresh. */
  usage(): UsageIndex {
    const services = this.services.snapshot?.services;
    if (!services) return EMPTY_USAGE;
    if (this.usageCache?.services !== services) {
      this.usageCache = { services, index: usage(services, { secrets: this.secrets, configs: this.configs, networks: this.networks }) };
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
    }
  }

  get anyVisible(): boolean {
    return this.visible.size > 0;
  }

  /** Lists the kinds whose views are visible (all three with `all`). Concurrent calls share one run. */
  refresh(all = false): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      try {
        do {
          this.again = false;
          await this.load(all ? KINDS : KINDS.filter((k) => this.visible.has(k)));
        } while (this.again);
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  private async load(kinds: readonly ObjectKind[]): Promise<void> {
    if (kinds.length === 0) return;
    const client = this.client();
    await Promise.all(
      kinds.map(async (kind) => {
        try {
          if (kind === 'secret') this.secretList = await client.listSecrets();
          else if (kind === 'config') this.configList = await client.listConfigs();
          else this.networkList = await client.listNetworks();
          this.errors.delete(kind);
        } catch (e) {
          const err = toSwarmError(e);
          if (this.errors.get(kind)?.message !== err.message) this.log.warn(`${kind[0]!.toUpperCase()}${kind.slice(1)}s view: ${err.message}`);
          this.errors.set(kind, err);
          if (kind === 'secret') this.secretList = [];
          else if (kind === 'config') this.configList = [];
          else this.networkList = [];
        }
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
