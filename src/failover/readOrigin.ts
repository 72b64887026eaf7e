// Which engine the views' last whole read went through. The store takes its client when a read
// starts, so a read of a manager that stopped answering may end after failover switched to
// another: its "unreachable" is the old manager's, and taken for the new one's it would start a
// second outage, keep the new manager out of automatic switches and switch again.
import type { SwarmClient } from '../docker/swarmClient';

export interface ReadConnection {
  client(): SwarmClient;
  clientIfUsable(): SwarmClient | undefined;
}

export class ReadOrigin {
  private used: SwarmClient | undefined;
  private readonly wrapped = new WeakMap<SwarmClient, SwarmClient>();

  constructor(private readonly connection: ReadConnection) {}

  /** The store's client: the connection's, whose whole reads (snapshot) note the client they went through. */
  readonly client = (): SwarmClient => {
    const c = this.connection.client();
    let w = this.wrapped.get(c);
    if (!w) {
      const snapshot: SwarmClient['snapshot'] = (...args) => {
        this.used = c;
        return c.snapshot(...args);
      };
      w = new Proxy(c, {
        get: (target, p) => {
          if (p === 'snapshot') return snapshot;
          const v: unknown = Reflect.get(target, p, target);
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        },
      });
      this.wrapped.set(c, w);
    }
    return w;
  };

  /** Whether the whole read that just ended began under an older connection (its answer is not the engine's in use now). */
  stale(): boolean {
    return this.used !== undefined && this.used !== this.connection.clientIfUsable();
  }
}
