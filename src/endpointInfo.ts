// Rules the Connection applies to a resolved endpoint: when a new resolution names the same
// engine (so nothing reconnects), and how an endpoint is described to the user. Free of the
// VS Code API so they can be unit-tested.
import type { ResolvedEndpoint } from './docker/endpoint';
import { withoutPassword } from './nodeEngines/routes';

/**
 * Whether two resolutions name the same engine the same way: host, context, where it came
 * from and the TLS material. Anything else (or no usable endpoint on either side) reconnects.
 */
export function sameEndpoint(a: ResolvedEndpoint | undefined, b: ResolvedEndpoint | undefined): boolean {
  return !!a && !!b && a.host === b.host && a.contextName === b.contextName && a.source === b.source
    && JSON.stringify(a.tls ?? null) === JSON.stringify(b.tls ?? null);
}

/**
 * e.g. `prod (tcp://10.0.0.5:2376)`, the bare host without a context, or `not connected`. Shown
 * and logged, so a password in the host (a context's may hold one) is replaced by ***.
 */
export function describeEndpoint(e: ResolvedEndpoint | undefined): string {
  if (!e) return 'not connected';
  const host = withoutPassword(e.host);
  return e.contextName ? `${e.contextName} (${host})` : host;
}
