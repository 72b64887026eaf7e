// The connected manager goes away: after each read of the views it keeps what it knows of the
// swarm (./memory: its ID, the connected node, the managers as listed); once the engine stops
// answering, it asks the other managers' engines (through the routes src/nodeEngines finds:
// docker contexts, dockerSwarm.nodeEndpoints, SSH beside an ssh:// connection) whether they
// are managers of the same swarm, then offers the switch or makes it (./policy). Told of the
// store's reads and the connection's changes by ./wiring; free of the VS Code API.
import { realClock, type Clock } from '../clock';
import { toSwarmError } from '../docker/errors';
import type { SwarmClient } from '../docker/swarmClient';
import type { NodeSummary } from '../model/nodeSummaries';
import type { NodeEngines } from '../nodeEngines/nodeEngines';
import { Emitter } from '../tree/emitter';
import type { ConnectionState } from '../tree/storeTypes';
import { chooseCandidates, describeRoute, gapsIn, hasGaps, hostnameOf, NO_GAPS, noEndpointMessage, noEndpointWords, statusWords, type Candidate, type Gaps, type KnownSwarm, type ManagerRoute, type Probe } from './managers';
import { SwarmMemory } from './memory';
import { Outage } from './outage';
import { probeManagers } from './probes';
import { DEFAULT_TIMING, FlapGuard, type FailoverMode, type Timing } from './policy';

export interface FailoverDeps {
  store: { readonly state: ConnectionState; readonly nodes: readonly NodeSummary[] };
  connection: {
    client(): SwarmClient;
    /** Names the endpoint in use; it changes when the endpoint does. */
    describe(): string;
  };
  engines: Pick<NodeEngines, 'engineFor' | 'routeOf'>;
  /** Whether the store's whole read that just ended began under an older connection (./readOrigin). */
  staleRead?(): boolean;
  /** Points the connection at the route's engine, for this session only (nothing saved). */
  switchTo(route: ManagerRoute): Promise<void>;
  mode(): FailoverMode;
  /** Sets whether the Services view offers the switch (its welcome content). */
  offered(available: boolean): void;
  log: { info(message: string): void; warn(message: string): void };
  /** Tells the user, in a short message, of a switch made by itself. */
  notify(message: string): void;
  /** The real clock unless a test moves its own. */
  clock?: Clock;
  timing?: Partial<Timing>;
}

/** What the command's search found under the connection `under`; `settled` instead when no switch is needed any more. */
export interface Found {
  candidates: readonly Candidate[];
  under: string;
  settled?: string;
}

/** States in which the connected engine is taken to have stopped answering. */
const GONE: ReadonlySet<ConnectionState> = new Set(['unreachable']);

export class Failover {
  private readonly changed = new Emitter<void>();
  /** Fires when the offer, the view's message or the status bar's words changed. */
  readonly onDidChange = this.changed.event;
  private readonly memory: SwarmMemory;
  private outage: Outage | undefined;
  /** The managers the last search outside an outage (the command's) found no known (or a refused) endpoint for. */
  private lastGaps: Gaps = NO_GAPS;
  private offeringNow = false;
  private disposed = false;
  /** The switch in progress, if any: switches are made one after the other. */
  private switching: Promise<unknown> = Promise.resolve();
  private readonly guard: FlapGuard;
  private readonly clock: Clock;
  private readonly now: () => number;
  private readonly timing: Timing;

  constructor(private readonly deps: FailoverDeps) {
    const clock = (this.clock = deps.clock ?? realClock);
    this.now = () => clock.now();
    this.guard = new FlapGuard(this.now);
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.memory = new SwarmMemory({
      connection: deps.connection,
      routeOf: (id) => deps.engines.routeOf(id),
      log: deps.log,
      statusMs: this.timing.statusMs,
      changed: () => this.changed.fire(),
    });
  }

  /** What the swarm was when last read through the endpoint in use, with the node it is. */
  get known(): KnownSwarm | undefined {
    return this.memory.known;
  }

  /** The Services view's message when none can take over: the managers without a (usable) endpoint, and how to give one. */
  get message(): string | undefined {
    const o = this.outage;
    return o && o.candidates.length === 0 && hasGaps(o.gaps) ? noEndpointMessage(o.known, o.gaps) : undefined;
  }

  /** Whether the Services view offers the switch now (what the context key was last set to). */
  get offering(): boolean {
    return this.offeringNow;
  }

  /** The other managers offered now (empty when none is). */
  get offer(): readonly Candidate[] {
    return this.outage?.candidates ?? [];
  }

  /** The status bar's words for the manager in use. */
  statusWords(): { node?: string; tooltip?: string } {
    return statusWords(this.outage?.known ?? this.known, this.outage !== undefined);
  }

  /** A read of the views finished (`store.state` says how). */
  storeRefreshed(): void {
    if (this.disposed) return;
    // Its answer is the manager's used before (a switch was made meanwhile), not the one in use.
    if (this.deps.staleRead?.()) return;
    const state = this.deps.store.state;
    if (state === 'ok') {
      this.end();
      this.memory.remember(this.deps.store.nodes);
      return;
    }
    if (!GONE.has(state)) return this.end();
    // Off: what was offered goes too.
    if (this.deps.mode() === 'off') return this.end();
    const known = this.outage?.known ?? this.known;
    // A single manager leaves no other to switch to.
    if (!known || known.managers.length < 2) return;
    if (!this.outage) {
      this.outage = this.newOutage(known);
      this.guard.failed(known.nodeId);
      this.deps.log.warn(`Failover: the manager in use, ${hostnameOf(known, known.nodeId)} (${this.key()}), does not answer; asking the swarm's other managers`);
      this.changed.fire();
    }
    this.outage.searchInBackground();
  }

  /** dockerSwarm.failover changed: off ends the offer; otherwise, should the manager in use not answer, the others are asked as the setting now says. */
  modeChanged(): void {
    if (this.deps.mode() === 'off' || GONE.has(this.deps.store.state)) this.storeRefreshed();
  }

  /** The connection changed (a switch, a setting, a context): what was offered was for the old one. */
  connectionChanged(): void {
    this.end();
  }

  /** Resolves once the search in flight, if any, has ended (and its decision was carried out). */
  async idle(): Promise<void> {
    while (this.outage?.searching) await this.outage.searching;
  }

  /** The docker contexts or dockerSwarm.nodeEndpoints changed: during an outage, the other managers are asked again now. */
  endpointsChanged(): void {
    const o = this.outage;
    if (!o) return;
    const again = () => (o.ended ? Promise.resolve([]) : o.search({ fresh: true }));
    void (o.searching ? o.searching.then(again) : again()).catch((e: unknown) => this.deps.log.warn(`Failover: ${toSwarmError(e).message}`));
  }

  /**
   * The managers that can take over now, asked again (or as the search in flight finds them):
   * for the command, which may also be run while the manager in use answers. The user decides:
   * this search switches nothing by itself. Should the connection change or the manager answer
   * again meanwhile (an automatic switch, a read), `settled` says so instead of an offer.
   */
  async candidates(): Promise<Found> {
    const under = this.key();
    const o = this.outage;
    let found: readonly Candidate[] = [];
    if (o) found = await (o.searching ?? o.search({ fresh: true, byUser: true }));
    else if (this.known) {
      const known = this.known;
      const probes = await this.probeAll(known);
      this.lastGaps = gapsIn(probes);
      found = chooseCandidates(known, probes);
    }
    const settled = this.settledSince(under, o);
    return settled ? { candidates: [], under, settled } : { candidates: found, under };
  }

  /** Why no candidate can be offered, in the words a message shows. */
  whyNone(): string {
    const known = this.outage?.known ?? this.known;
    if (!known) return 'No swarm has been read through this connection yet, so its other managers are not known. Select a Docker context of another manager instead.';
    if (known.managers.length < 2) return 'This swarm has only one manager: there is no other to switch to.';
    const gaps = this.outage ? this.outage.gaps : this.lastGaps;
    return hasGaps(gaps)
      ? noEndpointWords(known, gaps)
      : "None of the swarm's other managers answers as a manager of this swarm (the Swarm Services log says what each answered).";
  }

  /**
   * Switches to a candidate the user chose among those found under the connection `under` (a
   * manager that failed before may be chosen: the guard is for automatic switches). Returns why
   * nothing was switched when the connection changed meanwhile (another switch came first).
   */
  async choose(c: Candidate, under = this.key()): Promise<string | undefined> {
    this.guard.forgive(c.nodeId);
    return this.switchTo(c, this.outage?.known ?? this.known, false, under);
  }

  /** Ends what runs: a search in flight neither switches, nor offers, nor asks again. */
  dispose(): void {
    this.disposed = true;
    this.outage?.end();
    this.outage = undefined;
    this.changed.dispose();
  }

  private setOffering(on: boolean): void {
    if (this.disposed) return;
    this.offeringNow = on;
    this.deps.offered(on);
  }

  private key(): string {
    return this.deps.connection.describe();
  }

  private end(): void {
    if (!this.outage) return;
    this.outage.end();
    this.outage = undefined;
    this.setOffering(false);
    this.changed.fire();
  }

  private newOutage(known: KnownSwarm): Outage {
    return new Outage(known, {
      probe: (k) => this.probeAll(k),
      mode: () => this.deps.mode(),
      recentlyFailed: (id) => this.guard.recentlyFailed(id),
      switchTo: (c, k) => this.switchTo(c, k, true, this.key()),
      setOffering: (on) => this.setOffering(on),
      changed: () => this.changed.fire(),
      log: this.deps.log,
      clock: this.clock,
      timing: this.timing,
    });
  }

  private probeAll(known: KnownSwarm): Promise<Probe[]> {
    return probeManagers(this.deps.engines, known, this.timing.statusMs);
  }

  /** What the command says instead of an offer when, since its search began under `under`, a switch was made or the manager answers again. */
  private settledSince(under: string, o: Outage | undefined): string | undefined {
    if (this.key() !== under) {
      const now = this.known;
      return `Swarm Services now uses ${now ? `the manager ${hostnameOf(now, now.nodeId)} (${this.key()})` : this.key()}: no other switch is needed.`;
    }
    if (o?.ended) return `The manager in use, ${hostnameOf(o.known, o.known.nodeId)}, answers again: no switch is needed.`;
    return undefined;
  }

  /**
   * One switch at a time, each made only if the connection is still `under` (the one its
   * candidate was found through): else another switch came first, and this says so.
   */
  private switchTo(c: Candidate, known: KnownSwarm | undefined, byItself: boolean, under: string): Promise<string | undefined> {
    const run = this.switching.then(async () => {
      if (this.disposed) return 'Swarm Services is stopping.';
      if (this.key() !== under) return this.settledSince(under, undefined);
      const from = known ? hostnameOf(known, known.nodeId) : 'the manager in use';
      await this.deps.switchTo(c.route);
      // The new engine's swarm and node are known from its answer: should it fail before its
      // first read, its outage is handled like this one.
      if (known) this.memory.switched(known.clusterId, c.nodeId);
      const words = `Swarm Services now uses the manager ${c.manager.hostname} (${describeRoute(c.route)})${byItself ? `: ${from} stopped answering` : ''}.`;
      this.deps.log.info(`Failover: ${words}`);
      if (byItself) this.deps.notify(words);
      this.changed.fire();
      return undefined;
    });
    this.switching = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
