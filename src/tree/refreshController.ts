// Decides when the Services view reloads: on Engine events (debounced, so a burst of events
// costs one refresh), on a slow poll as a safety net, and on demand. It works only while
// the view is visible. When the event stream ends (engine restart, a proxy closing the
// socket) it reconnects with exponential backoff and refreshes once connected again.
// Free of the VS Code API so it can be tested with a clock the test moves.
import { realClock, type Clock, type TimerHandle } from '../clock';
import type { EngineEvent } from '../model/events';
import { affectsSwarmView } from '../model/events';

export interface Subscription {
  readonly started: Promise<void>;
  readonly done: Promise<void>;
  stop(): void;
}

export interface RefreshControllerOptions {
  /** Runs one refresh (the provider coalesces concurrent calls). */
  refresh: () => Promise<void>;
  /** Opens the Engine's event stream. */
  subscribe: (onEvent: (e: EngineEvent) => void) => Subscription;
  /** Called for each event that will cause a refresh (e.g. to time latency). */
  onRelevantEvent?: (e: EngineEvent) => void;
  log?: (message: string) => void;
  debounceMs?: number;
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
  private debounce: TimerHandle | undefined;
  private poll: TimerHandle | undefined;
  private reconnect: TimerHandle | undefined;
  private readonly clock: Clock;
  private backoffMs: number;
  private disposed = false;
  /** Counts for tests and the benchmark. */
  readonly stats = { events: 0, refreshes: 0, connects: 0, reconnectsScheduled: 0 };

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

  /** Starts (visible) or stops (hidden) the stream and the poll; starting also refreshes. */
  setActive(active: boolean): void {
    if (this.disposed || active === this.active) return;
    this.active = active;
    if (active) {
      this.connect();
      this.startPoll();
      this.refreshNow();
    } else {
      this.stopAll();
    }
  }

  setPollMs(ms: number): void {
    this.o.pollMs = ms;
    if (this.active) this.startPoll();
  }

  /** A refresh soon, coalescing with any already scheduled. */
  requestRefresh(): void {
    if (this.disposed || this.debounce) return;
    this.debounce = this.clock.setTimeout(() => {
      this.debounce = undefined;
      this.refreshNow();
    }, this.o.debounceMs ?? 25);
  }

  /** Reconnects the event stream now (e.g. after the endpoint changed). */
  restart(): void {
    if (!this.active) return;
    this.subscription?.stop();
    this.subscription = undefined;
    this.backoffMs = this.o.minBackoffMs ?? 1000;
    if (this.reconnect) this.clock.clearTimeout(this.reconnect);
    this.reconnect = undefined;
    this.connect();
    this.refreshNow();
  }

  private refreshNow(): void {
    this.stats.refreshes++;
    this.o.refresh().catch((e: unknown) => this.o.log?.(`refresh failed: ${String(e)}`));
  }

  private connect(): void {
    if (!this.active || this.subscription) return;
    const sub: Subscription = this.o.subscribe((e) => {
      // A stream stopped (the view hidden) or replaced may still deliver what it had read:
      // that must not refresh a hidden view.
      if (this.subscription !== sub) return;
      this.stats.events++;
      if (!affectsSwarmView(e)) return;
      this.o.onRelevantEvent?.(e);
      this.requestRefresh();
    });
    this.subscription = sub;
    sub.started.then(
      () => {
        if (this.subscription !== sub) return;
        this.stats.connects++;
        // Connected again after a failure: what happened meanwhile was missed; reload.
        if (this.backoffMs > (this.o.minBackoffMs ?? 1000)) this.requestRefresh();
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
    for (const t of [this.debounce, this.reconnect]) if (t) this.clock.clearTimeout(t);
    if (this.poll) this.clock.clearInterval(this.poll);
    this.debounce = this.reconnect = this.poll = undefined;
    this.backoffMs = this.o.minBackoffMs ?? 1000;
  }

  dispose(): void {
    this.stopAll();
    this.active = false;
    this.disposed = true;
  }
}
