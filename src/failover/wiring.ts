// Failover as the extension runs it: told of the store's reads and the connection's changes,
// switching the connection (another manager's endpoint, for this session only), the
// Services view's offer as a context key, the status bar's words, and a short message when it
// switched by itself. The only file of this folder that uses the VS Code API.
import * as vscode from 'vscode';
import type { Config } from '../config';
import type { Connection } from '../connection';
import { Settings } from '../constants';
import { contextKeys } from '../contextKeys';
import { listContexts } from '../docker/endpoint';
import type { Host } from '../host';
import type { NodeEngines } from '../nodeEngines/nodeEngines';
import type { SwarmStore } from '../tree/swarmStore';
import { Failover } from './failover';
import type { ReadOrigin } from './readOrigin';
import { switchConnection } from './switchConnection';

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
  /** The client the store reads through (which engine its last whole read went to). */
  reads: ReadOrigin;
}

/** Builds the failover; it and its subscriptions go into `disposables`. */
export function createFailover({ connection, config, store, engines, log, host, env, reads }: FailoverParts, disposables: vscode.Disposable[]): Failover {
  const failover = new Failover({
    store,
    staleRead: () => reads.stale(),
    connection,
    engines,
    switchTo: async (route) => switchConnection(connection, route, () => listContexts(env)),
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
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${Settings.section}.${Settings.failover}`) && failover.modeChanged()),
  );
  return failover;
}
