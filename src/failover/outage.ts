// One outage of the manager in use: the other managers asked (one search at a time, again while
// none can take over), what they answered, and the decision carried out (./policy): the offer,
// or the switch made by itself once. Ended by the Failover that made it (the manager answers
// again, the connection changed); an ended outage neither decides nor asks again.
import type { Clock, TimerHandle } from '../clock';
import { toSwarmError } from '../docker/errors';
import { chooseCandidates, gapsIn, NO_GAPS, refusal, type Candidate, type Gaps, type KnownSwarm, type Probe } from './managers';
import { decide, type FailoverMode, type Timing } from './policy';

export interface OutageDeps {
  probe(known: KnownSwarm): Promise<Probe[]>;
  mode(): FailoverMode;
  recentlyFailed(nodeId: string): boolean;
  /** Switches by itself (the caller says so to the user); a switch made first by another is not undone. */
  switchTo(c: Candidate, known: KnownSwarm): Promise<unknown>;
  setOffering(on: boolean): void;
  /** The offer or the view's message changed. */
  changed(): void;
  log: { info(message: string): void; warn(message: string): void };
  clock: Clock;
  timing: Timing;
}

export class Outage {
  /** This outage has had its automatic switch (tried once, whatever came of it). */
  private switched = false;
  private searchedAt: number | undefined;
  /** The search in flight: cleared once its decision was carried out (a switch included). */
  searching: Promise<readonly Candidate[]> | undefined;
  candidates: readonly Candidate[] = [];
  /** The other managers without a known endpoint, or with a refused one, as last asked. */
  gaps: Gaps = NO_GAPS;
  private retries = 0;
  private retry: TimerHandle | undefined;
  private over = false;

  constructor(
    readonly known: KnownSwarm,
    private readonly deps: OutageDeps,
  ) {}

  get ended(): boolean {
    return this.over;
  }

  end(): void {
    this.over = true;
    this.stopRetrying();
  }

  stopRetrying(): void {
    if (this.retry !== undefined) this.deps.clock.clearTimeout(this.retry);
    this.retry = undefined;
  }

  /**
   * Asks the other managers (one search at a time; unless `fresh`, at most every searchEveryMs:
   * the views read an engine that is down again and again), then decides, unless `byUser`.
   */
  search(how: { fresh?: boolean; byUser?: boolean } = {}): Promise<readonly Candidate[]> {
    if (this.searching) return this.searching;
    const now = () => this.deps.clock.now();
    if (!how.fresh && this.searchedAt !== undefined && now() - this.searchedAt < this.deps.timing.searchEveryMs) return Promise.resolve(this.candidates);
    this.searching = this.run(how, now()).finally(() => (this.searching = undefined));
    return this.searching;
  }

  /** Logs a failure of a search not awaited. */
  searchInBackground(how: { fresh?: boolean } = {}): void {
    void this.search(how).catch((e: unknown) => this.deps.log.warn(`Failover: ${toSwarmError(e).message}`));
  }

  private async run(how: { byUser?: boolean }, started: number): Promise<readonly Candidate[]> {
    const probes = await this.deps.probe(this.known);
    this.searchedAt = this.deps.clock.now();
    if (this.over) return [];
    const candidates = chooseCandidates(this.known, probes);
    const gaps = gapsIn(probes);
    const before = this.shown();
    Object.assign(this, { candidates, gaps });
    this.deps.log.info(`Failover: asked ${probes.length} other manager(s) in ${Math.round(this.deps.clock.now() - started)} ms: ${probes.map((p) => `${p.manager.hostname} ${refusal(this.known, p) ?? 'can take over'}`).join('; ') || 'none listed'}`);
    const mode = this.deps.mode();
    const decision = decide({ mode: how.byUser && mode === 'auto' ? 'ask' : mode, candidates, switchedThisOutage: this.switched, recentlyFailed: (id) => this.deps.recentlyFailed(id) });
    if (decision.kind === 'switch') {
      // Once per outage, whatever comes of it: a switch that fails leaves the offer.
      this.switched = true;
      try {
        await this.deps.switchTo(decision.to, this.known);
        return candidates;
      } catch (e) {
        this.deps.log.warn(`Failover: could not switch to ${decision.to.manager.hostname}: ${toSwarmError(e).message}`);
      }
      if (this.over) return candidates;
    }
    this.deps.setOffering(decision.kind !== 'none');
    if (candidates.length === 0 && probes.some((p) => p.outcome === 'failed')) this.retryLater();
    if (before !== this.shown()) this.deps.changed();
    return candidates;
  }

  /** What the view shows of this outage, to tell whether it changed. */
  private shown(): string {
    const { missing, invalid } = this.gaps;
    return JSON.stringify([this.candidates.map((c) => c.nodeId), missing.map((m) => m.id), invalid]);
  }

  private retryLater(): void {
    if (this.over || this.retry !== undefined || this.retries >= this.deps.timing.retries) return;
    this.retries++;
    this.retry = this.deps.clock.setTimeout(() => {
      this.retry = undefined;
      if (!this.over) this.searchInBackground({ fresh: true });
    }, this.deps.timing.retryMs);
  }
}
