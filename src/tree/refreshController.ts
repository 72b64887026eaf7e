// Decides when the views read the engine: on Engine events (what each names is applied at
// once, and what arrives while that read runs is gathered into the next one: the store's
// reads never overlap), on a slow poll as a safety net (everything), and on demand. It works
// only while a view is visible. When the event stream ends (engine restart, a proxy closing the
// socket) it reconnects with exponential backoff and refreshes once connected again.
// Each stream, the first too, reads everything once the engine has accepted it: a read made
// before that (the first rows, at once) may have been answered before the engine would send
// the stream a change made since. The store merges that read into one not yet begun.
// Free of the VS Code API so it can be tested with a clock the test moves.
import { realClock, type Clock, type TimerHandle } from '../clock';
import { ChangeSet, changeOf } from '../model/changes';
import type { EngineEvent } from '../model/events';

export interface Subscription {
  readonly started: Promise<void>;
  readonly done: Promise<void>;
  stop(): void;
}

export interface RefreshControllerOptions {
  /** Reads everything again (the store coalesces concurrent calls). */
  refresh: () => Promise<void>;
  /**
   * Reads what these changes name (the store merges those asked for while it reads). Without
   * it, every relevant event reads everything.
   */
  apply?: (changes: ChangeSet) => Promise<void>;
  /** Opens the Engine's event stream. */
  subscribe: (onEvent: (e: EngineEvent) => void) => Subscription;
  /** Told when the views start or stop being watched (the store's follow-up reads go with it). */
  onActive?: (active: boolean) => void;
  /** Called for each event that will cause a refresh (e.g. to time latency). */
  onRelevantEvent?: (e: EngineEvent) => void;
  log?: (message: string) => void;
  /** 0 turns the poll off. */
  pollMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** The real clock unless a test moves its own. */
  clock?: Clock;
}

export class RefreshController {
  private active = false;
  private subscription: Subscription | undefined;
  /** Changes of the events delivered since the last hand-over (events of one chunk go together). */
  private gathered: ChangeSet | undefined;
  private full = false;
  private poll: TimerHandle | undefined;
  private reconnect: TimerHandle | undefined;
  private readonly clock: Clock;
  private backoffMs: number;
  private disposed = false;
  /** Counts for tests and the benchmark. */
  readonly stats = { events: 0, refreshes: 0, applies: 0, connects: 0, reconnectsScheduled: 0 };

  constructor(private readonly o: RefreshControllerOptions) {
    this.backoffMs = o.minBackoffMs ?? 1000;
    this.clock = o.clock ?? realClock;
  }

  get isActive(): boolean {
    return this.active;
  }

  get isSubscribed(): boolean {
    return !!this.subscription;
  }

  /** Starts (visible) or stops (hidden) the stream and the poll; starting also refreshes, now and once the stream is connected. */
  setActive(active: boolean): void {
    if (this.disposed || active === this.active) return;
    this.active = active;
    this.o.onActive?.(active);
    if (active) {
      this.connect();
      this.startPoll();
      this.refreshNow();
    } else {
      this.stopAll();
    }
  }

  setPollMs(ms: number): void {
    if (ms === this.o.pollMs) return; // the running poll keeps its schedule
    this.o.pollMs = ms;
    if (this.active) this.startPoll();
  }

  /** Everything read again once the current chunk of events is handled. */
  requestRefresh(): void {
    if (this.disposed) return;
    this.full = true;
    this.handOverSoon();
  }

  private gather(changes: ChangeSet): void {
    if (!this.gathered) this.gathered = new ChangeSet();
    this.gathered.merge(changes);
    this.handOverSoon();
  }

  private scheduled = false;

  /**
   * On a microtask: the events a stream chunk held arrive in one synchronous loop and go in
   * one read; the first change of a burst is read at once, with no debounce.
   */
  private handOverSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.disposed || !this.active) {
        this.gathered = undefined;
        this.full = false;
        return;
      }
      const changes = this.gathered;
      this.gathered = undefined;
      if (this.full || !this.o.apply || changes?.everything) {
        this.full = false;
        this.refreshNow();
        return;
      }
      if (changes && !changes.isEmpty) this.applyNow(changes);
    });
  }

  private applyNow(changes: ChangeSet): void {
    this.stats.applies++;
    this.o.apply!(changes).catch((e: unknown) => this.o.log?.(`update failed: ${String(e)}`));
  }

  /**
   * Another endpoint: reads everything now, watched or not (the status follows the engine),
   * and when watched reconnects the event stream (which reads again once connected).
   * Resolves when this read is done.
   */
  restart(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.active) {
      this.subscription?.stop();
      this.subscription = undefined;
      this.backoffMs = this.o.minBackoffMs ?? 1000;
      if (this.reconnect) this.clock.clearTimeout(this.reconnect);
      this.reconnect = undefined;
      this.connect();
    }
    return this.refreshNow();
  }

  private refreshNow(): Promise<void> {
    this.stats.refreshes++;
    return this.o.refresh().catch((e: unknown) => this.o.log?.(`refresh failed: ${String(e)}`));
  }

  private connect(): void {
    if (!this.active || this.subscription) return;
    const sub: Subscription = this.o.subscribe((e) => {
      // A stream stopped (the view hidden) or replaced may still deliver what it had read:
      // that must not refresh a hidden view.
      if (this.subscription !== sub) return;
      this.stats.events++;
      const change = changeOf(e);
      if (!change) return;
      this.o.onRelevantEvent?.(e);
      this.gather(ChangeSet.of(change));
    });
    this.subscription = sub;
    sub.started.then(
      () => {
        if (this.subscription !== sub) return;
        this.stats.connects++;
        // From now on the engine sends this stream every change. What changed before (while
        // the stream was down, or since the read made when it was opened was answered) is in
        // no event: read everything. A read asked for and not yet begun is merged with this one.
        this.requestRefresh();
        this.backoffMs = this.o.minBackoffMs ?? 1000;
      },
      () => undefined,
    );
    sub.done.then(
      () => this.lost(sub, undefined),
      (e: unknown) => this.lost(sub, e),
    );
  }

  private lost(sub: Subscription, error: unknown): void {
    if (this.subscription !== sub) return; // stopped on purpose, or replaced
    this.subscription = undefined;
    if (!this.active || this.disposed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.o.maxBackoffMs ?? 30_000);
    this.stats.reconnectsScheduled++;
    this.o.log?.(`event stream ended${error ? ` (${error instanceof Error ? error.message : String(error)})` : ''}; reconnecting in ${delay} ms`);
    // The view may be stale (or the engine gone): show what is true now.
    this.requestRefresh();
    this.reconnect = this.clock.setTimeout(() => {
      this.reconnect = undefined;
      this.connect();
    }, delay);
  }

  private startPoll(): void {
    if (this.poll) this.clock.clearInterval(this.poll);
    this.poll = undefined;
    const ms = this.o.pollMs ?? 30_000;
    if (ms > 0) this.poll = this.clock.setInterval(() => this.refreshNow(), ms);
  }

  private stopAll(): void {
    const sub = this.subscription;
    this.subscription = undefined;
    sub?.stop();
    if (this.reconnect) this.clock.clearTimeout(this.reconnect);
    if (this.poll) this.clock.clearInterval(this.poll);
    this.reconnect = this.poll = undefined;
    this.gathered = undefined;
    this.full = false;
    this.backoffMs = this.o.minBackoffMs ?? 1000;
  }

  dispose(): void {
    this.stopAll();
    if (this.active) this.o.onActive?.(false);
    this.active = false;
    this.disposed = true;
  }
}
