// Failover as the extension runs it: told of the store's reads and the connection's changes,
// switching the connection (a context selected; another endpoint for this session), the
// Services view's offer as a context key, the status bar's words, and a short message when it
// switched by itself. The only file of this folder that uses the VS Code API.
import * as vscode from 'vscode';
import type { Config } from '../config';
import type { Connection } from '../connection';
import { Settings } from '../constants';
import { contextKeys } from '../contextKeys';
import { contextEndpoint, listContexts, type ResolvedEndpoint } from '../docker/endpoint';
import type { Host } from '../host';
import type { NodeEngines } from '../nodeEngines/nodeEngines';
import type { SwarmStore } from '../tree/swarmStore';
import { Failover } from './failover';
import type { ManagerRoute } from './managers';

export interface FailoverParts {
  connection: Connection;
  config: Config;
  store: SwarmStore;
  engines: NodeEngines;
  log: vscode.LogOutputChannel;
  /** The prompts' host at the time of the message (tests replace it). */
  host: () => Host;
  /** Where DOCKER_CONFIG and DOCKER_HOST are read (for the CLI's `default` context). */
  env: NodeJS.ProcessEnv;
}

/** Builds the failover; it and its subscriptions go into `disposables`. */
export function createFailover({ connection, config, store, engines, log, host, env }: FailoverParts, disposables: vscode.Disposable[]): Failover {
  const failover = new Failover({
    store,
    connection,
    engines,
    switchTo: (route) => switchConnection(connection, route, env),
    mode: () => config.failoverMode(),
    offered: (available) => contextKeys.failoverAvailable(available),
    log,
    notify: (message) => void host().showInformationMessage(message),
  });
  connection.describeManagerWith(() => failover.statusWords());
  contextKeys.failoverAvailable(false);
  disposables.push(
    failover,
    // Only whole reads: they say whether the engine answers, and list the managers.
    store.onDidChange((e) => e.kind === 'refreshed' && failover.storeRefreshed()),
    connection.onDidChange(() => failover.connectionChanged()),
    failover.onDidChange(() => connection.updateStatus()),
    // After the node engines heard of it (they subscribed first): their routes are the new ones.
    connection.onDidChangeDockerConfig(() => failover.endpointsChanged()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${Settings.section}.${Settings.nodeEndpoints}`) && failover.endpointsChanged()),
  );
  return failover;
}

/**
 * A context is selected as Select Docker Context would (kept, shown as active in its picker),
 * except `default`, which names whatever DOCKER_HOST says and so is used as an endpoint; an
 * endpoint from dockerSwarm.nodeEndpoints (or SSH) is no context: it is used for this session.
 */
async function switchConnection(connection: Connection, route: ManagerRoute, env: NodeJS.ProcessEnv): Promise<void> {
  if (route.kind === 'context' && route.context !== 'default') return connection.select(route.context);
  let endpoint: ResolvedEndpoint = { host: route.host, source: 'failover', label: route.host };
  if (route.kind === 'context') {
    const context = listContexts(env).find((c) => c.name === route.context);
    if (context) endpoint = { ...contextEndpoint(context), source: 'failover' };
  }
  connection.useForSession(endpoint);
}
