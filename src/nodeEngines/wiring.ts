// The node engines as the extension runs them: SwarmNodeEngines over the connection, the docker
// CLI's contexts, the dockerSwarm.nodeEndpoints setting and the nodes the store lists, told
// when any of them changes. The only file of this folder that uses the VS Code API.
import * as vscode from 'vscode';
import type { Config } from '../config';
import { Settings } from '../constants';
import type { Connection } from '../connection';
import { contextEndpoint, listContexts } from '../docker/endpoint';
import { EngineClient } from '../docker/engineClient';
import type { SwarmStore } from '../tree/swarmStore';
import { SwarmNodeEngines } from './swarmNodeEngines';

export interface NodeEnginesParts {
  connection: Connection;
  config: Config;
  store: SwarmStore;
  log: vscode.LogOutputChannel;
  /** Where DOCKER_CONFIG, HOME and SSH_AUTH_SOCK are read (at each use, as the connection does). */
  env: NodeJS.ProcessEnv;
}

/** Builds the node engines; they and their subscriptions go into `disposables`. */
export function createNodeEngines({ connection, config, store, log, env }: NodeEnginesParts, disposables: vscode.Disposable[]): SwarmNodeEngines {
  const engines = new SwarmNodeEngines({
    connected: () => connection.client(),
    connectionHost: () => connection.endpointHost(),
    contexts: () => listContexts(env).map((c) => ({ name: c.name, endpoint: contextEndpoint(c) })),
    setting: () => config.nodeEndpoints(),
    makeClient: (endpoint, timeoutMs) => new EngineClient({ endpoint, env, ...(timeoutMs ? { timeoutMs } : {}) }),
    node: (id) => {
      const n = store.nodes.find((s) => s.id === id);
      return n && { id: n.id, hostname: n.hostname, ...(n.address ? { address: n.address } : {}) };
    },
    log,
  });
  disposables.push(
    engines,
    connection.onDidChange(() => engines.connectionChanged()),
    // Only a refresh that listed the nodes: a failed one lists none, which says nothing of them.
    store.onDidChange((e) => e.kind === 'refreshed' && store.state === 'ok' && engines.swarmNodesListed(store.nodes.map((n) => n.id))),
    connection.onDidChangeDockerConfig(() => engines.contextsChanged()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`${Settings.section}.${Settings.nodeEndpoints}`) && engines.settingChanged()),
  );
  return engines;
}
