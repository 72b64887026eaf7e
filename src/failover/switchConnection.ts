// How a switch made by failover (by itself, or by Switch to Another Manager) points the
// connection at another manager: for this session only, never saved. A saved context would
// win over the dockerSwarm.dockerHost setting at every later start (see resolveEndpoint), so
// the manager the user configured would never be used again once it is back.
import { contextEndpoint, type DockerContextInfo, type ResolvedEndpoint } from '../docker/endpoint';
import { SwarmError } from '../model/errors';
import { withoutPassword } from '../nodeEngines/routes';
import type { ManagerRoute } from './managers';

/** What of the connection a switch uses: the endpoint for this session (Select Docker Context's select() is the user's alone). */
export interface SessionConnection {
  useForSession(endpoint: ResolvedEndpoint): void;
}

/** The endpoint a route names: a context's with its TLS material, as choosing it would give; else the route's host. */
export function routeEndpoint(route: ManagerRoute, contexts: () => readonly DockerContextInfo[]): ResolvedEndpoint {
  if (route.kind !== 'context') return { host: route.host, source: 'failover', label: withoutPassword(route.host) };
  const context = contexts().find((c) => c.name === route.context);
  if (!context) throw new SwarmError('invalid', `The docker context "${route.context.slice(0, 100)}" no longer exists.`);
  return { ...contextEndpoint(context), source: 'failover' };
}

/** Points the connection at the route's engine until VS Code restarts or the configured endpoint changes. */
export function switchConnection(connection: SessionConnection, route: ManagerRoute, contexts: () => readonly DockerContextInfo[]): void {
  connection.useForSession(routeEndpoint(route, contexts));
}
