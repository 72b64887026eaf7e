// Entry point: builds the parts (connection, settings, log sessions, the two views, commands),
// wires them together, and hands every disposable to the extension context.
import * as vscode from 'vscode';
import { INSPECT_SCHEME, NODES_VIEW, SERVICES_VIEW, Settings } from './constants';
import { InspectDocuments } from './commands/inspectService';
import type { CommandContext } from './commands/context';
import { registerCommands } from './commands/registry';
import { Rollouts } from './commands/rollouts';
import { affectedSettings, Config, describePolling } from './config';
import { Connection } from './connection';
import { contextKeys } from './contextKeys';
import { windowHost, type Host } from './host';
import { offerFollowAgain } from './logs/followAgain';
import { LogSessions } from './logs/logSessions';
import { NodesProvider } from './tree/nodesProvider';
import { RefreshController } from './tree/refreshController';
import { ServicesProvider } from './tree/servicesProvider';
import { servicesViewDescription } from './tree/viewDescription';

/** What activate() returns: used by the extension-host tests, stable for other extensions. */
export interface SwarmServicesApi {
  readonly ctx: CommandContext;
  /** Replace the prompts' host (tests answer prompts with it); returns the previous one. */
  setHost(host: Host): Host;
  readonly activationMs: number;
  readonly refresher: RefreshController;
  /** The extension host's log folder; output channels are mirrored to files below it. */
  readonly hostLogDir: string;
}

export function activate(context: vscode.ExtensionContext): SwarmServicesApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Swarm Services', { log: true });
  const config = new Config((section) => vscode.workspace.getConfiguration(section), log);
  const connection = new Connection({ state: context.globalState, dockerHost: () => config.dockerHost(), env: process.env, log });
  const client = () => connection.client();
  const logs = new LogSessions(client, log, () => config.logMaxRate());
  context.subscriptions.push(log, connection, logs);
  beforeDispose = () => logs.stopAll();

  const { services, nodes, refresher } = createViews(context, { connection, config, logs, log });

  const inspectDocuments = new InspectDocuments(client);
  const ctx: CommandContext = {
    endpoint: connection, client, host: windowHost, services, nodes, logs, log, inspectDocuments, rollouts: new Rollouts(),
    logOptions: () => config.logOptions(),
    logPrefix: () => config.logPrefix(),
  };
  context.subscriptions.push(
    inspectDocuments,
    ...registerCommands(ctx),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocuments),
    offerFollowAgain(logs, () => ctx.host),
    logs.onDidChangeFollowing(() => {
      contextKeys.followingLogs(logs.following().length > 0);
      services.redraw();
    }),
    connection.onDidChange(() => {
      refresher.restart();
      void services.refresh().then(() => connection.updateStatus());
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const changed = affectedSettings(e);
      if (changed.has(Settings.refreshInterval)) {
        const ms = config.pollMs();
        refresher.setPollMs(ms);
        // Said in the log, so that someone (or a test) can tell when a new value took effect.
        log.info(describePolling(ms));
      }
      if (changed.has(Settings.groupByStack)) services.redraw();
    }),
  );

  contextKeys.connection('loading');
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return {
    ctx,
    setHost(host: Host): Host {
      const previous = ctx.host;
      ctx.host = host;
      return previous;
    },
    activationMs,
    refresher,
    hostLogDir: vscode.Uri.joinPath(context.logUri, '..').fsPath,
  };
}

/**
 * The two views and what keeps them current: Engine events and a slow poll, only while one
 * of them is visible; the tasks read follow what each view has expanded.
 */
function createViews(
  context: vscode.ExtensionContext,
  { connection, config, logs, log }: { connection: Connection; config: Config; logs: LogSessions; log: vscode.LogOutputChannel },
): { services: ServicesProvider; nodes: NodesProvider; refresher: RefreshController } {
  const client = () => connection.client();
  const services = new ServicesProvider(client, log, (id) => logs.isFollowing(id), () => config.groupByStack());
  const view = vscode.window.createTreeView(SERVICES_VIEW, { treeDataProvider: services, showCollapseAll: true, canSelectMany: true });
  const nodes = new NodesProvider(services, client);
  const nodesView = vscode.window.createTreeView(NODES_VIEW, { treeDataProvider: nodes, showCollapseAll: true });
  const refresher = new RefreshController({ refresh: () => services.refresh(), subscribe: (onEvent) => connection.events(onEvent), log: (m) => log.info(m), pollMs: config.pollMs() });
  const anyVisible = (): boolean => view.visible || nodesView.visible;
  context.subscriptions.push(
    services, view, nodes, nodesView, { dispose: () => refresher.dispose() },
    view.onDidChangeVisibility(() => refresher.setActive(anyVisible())),
    nodesView.onDidChangeVisibility(() => refresher.setActive(anyVisible())),
    view.onDidExpandElement((e) => e.element.kind === 'service' && services.setExpanded(e.element.service.id, true)),
    view.onDidCollapseElement((e) => e.element.kind === 'service' && services.setExpanded(e.element.service.id, false)),
    nodesView.onDidExpandElement((e) => e.element.kind === 'node' && nodes.setExpanded(e.element.node.id, true)),
    nodesView.onDidCollapseElement((e) => e.element.kind === 'node' && nodes.setExpanded(e.element.node.id, false)),
    services.onDidRefresh(() => {
      if (services.state === 'ok') logs.endGone(new Set(services.services.map((s) => s.id)));
      connection.updateStatus();
      // No message: VS Code hides the welcome content (which explains each state) while a view has one.
      view.description = servicesViewDescription({ endpoint: connection.label, state: services.state, error: services.lastError, filter: services.describeFilter() });
      view.message = undefined;
    }),
  );
  refresher.setActive(anyVisible());
  return { services, nodes, refresher };
}

/** What deactivate() finishes before VS Code disposes the subscriptions. */
let beforeDispose: (() => Promise<void>) | undefined;

export async function deactivate(): Promise<void> {
  // Everything is disposed through context.subscriptions, but VS Code waits only for this
  // function: the log streams are closed here, so none is left open on the engine.
  // Bounded: a stream that does not close promptly (an SSH tunnel, say) must not hold up
  // VS Code's shutdown; the process ending closes it anyway.
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)));
  await Promise.race([beforeDispose?.(), bound]);
  clearTimeout(timer);
}
