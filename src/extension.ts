// Entry point: builds the parts (client, tree, log sessions, commands), wires them to VS
// Code, and hands every disposable to the extension context.
import * as vscode from 'vscode';
import { Commands, ContextKeys, INSPECT_SCHEME, NODES_VIEW, SERVICES_VIEW, Settings } from './constants';
import { InspectDocuments } from './commands/inspectService';
import type { CommandContext } from './commands/context';
import { registerCommands } from './commands/registry';
import { Rollouts } from './commands/rollouts';
import { SwarmClient, toSwarmError } from './docker/swarmClient';
import { windowHost, type Host } from './host';
import { LogSessions } from './logs/logSessions';
import { parseSince, parseTail } from './model/input';
import { DEFAULT_LOG_OPTIONS, type LogOptions } from './model/logOptions';
import { NodesProvider } from './tree/nodesProvider';
import { RefreshController } from './tree/refreshController';
import { ServicesProvider } from './tree/servicesProvider';

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
  context.subscriptions.push(log);

  let client: SwarmClient | undefined;
  const getClient = (): SwarmClient => {
    if (!client) {
      const host = vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.dockerHost)?.trim();
      client = new SwarmClient(host ? { dockerHost: host } : {});
      log.info(`Docker endpoint: ${client.endpoint}`);
    }
    return client;
  };

  const logs = new LogSessions(getClient, log);
  const groupByStack = (): boolean => vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.groupByStack, true);
  const services = new ServicesProvider(getClient, log, (id) => logs.isFollowing(id), groupByStack);
  const view = vscode.window.createTreeView(SERVICES_VIEW, { treeDataProvider: services, showCollapseAll: true, canSelectMany: true });
  const nodes = new NodesProvider(services);
  const nodesView = vscode.window.createTreeView(NODES_VIEW, { treeDataProvider: nodes, showCollapseAll: true });
  context.subscriptions.push(services, logs, view, nodes, nodesView);

  const inspectDocuments = new InspectDocuments(getClient);
  context.subscriptions.push(inspectDocuments);
  const ctx: CommandContext = {
    client: getClient,
    host: windowHost,
    services,
    nodes,
    logs,
    log,
    logOptions: () => readLogSettings(log),
    logPrefix: () => vscode.workspace.getConfiguration(`${Settings.section}.${Settings.logs}`).get<boolean>('prefix', true),
    inspectDocuments,
    rollouts: new Rollouts(),
  };

  context.subscriptions.push(
    ...registerCommands(ctx),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocuments),
    // A followed stream that ends by itself (service removed, engine restarted) says so and
    // offers to follow again.
    logs.onDidEndUnexpectedly(({ target, options, error }) => {
      const why = error ? `stopped: ${error.message}` : 'ended';
      void ctx.host.showInformationMessage(`The log stream of ${target.name} ${why}.`, 'Follow Again').then((choice) => {
        if (choice === 'Follow Again') {
          logs.open(target, options).catch((e: unknown) => void ctx.host.showErrorMessage(toSwarmError(e).message));
        }
      });
    }),
    logs.onDidChangeFollowing(() => {
      void vscode.commands.executeCommand('setContext', ContextKeys.followingLogs, logs.following().length > 0);
      services.redraw();
    }),
    services.onDidRefresh(() => {
      if (services.state === 'ok') logs.endGone(new Set(services.services.map((s) => s.id)));
      view.description = services.describeFilter();
      view.message = services.state === 'ok' || services.state === 'loading' ? undefined : services.lastError?.message;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.${Settings.dockerHost}`)) {
        client = undefined;
        refresher.restart();
        void services.refresh();
      }
      if (e.affectsConfiguration(`${Settings.section}.${Settings.refreshInterval}`)) refresher.setPollMs(pollMs());
      if (e.affectsConfiguration(`${Settings.section}.${Settings.groupByStack}`)) services.redraw();
    }),
  );

  // Events keep the view current; a slow poll is the safety net. Only while it is visible.
  // 0 turns the poll off; anything else is at least 5 s, so no setting can hammer the engine.
  const pollMs = (): number => {
    const seconds = Number(vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.refreshInterval, 30)) || 0;
    return seconds <= 0 ? 0 : 1000 * Math.max(5, seconds);
  };
  const refresher = new RefreshController({
    refresh: () => services.refresh(),
    subscribe: (onEvent) => {
      try {
        return getClient().events(onEvent);
      } catch (e) {
        // No usable endpoint (an invalid setting): a stream that failed at once; the
        // controller retries with backoff, and the view already shows the reason.
        const failed = Promise.reject(e);
        failed.catch(() => undefined);
        return { started: failed, done: failed, stop: () => undefined };
      }
    },
    log: (m) => log.info(m),
    pollMs: pollMs(),
  });
  const anyVisible = (): boolean => view.visible || nodesView.visible;
  context.subscriptions.push(
    { dispose: () => refresher.dispose() },
    view.onDidChangeVisibility(() => refresher.setActive(anyVisible())),
    nodesView.onDidChangeVisibility(() => refresher.setActive(anyVisible())),
  );
  refresher.setActive(anyVisible());

  void vscode.commands.executeCommand('setContext', 'dockerSwarm.connection', 'loading');
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

export function deactivate(): void {
  // Everything is disposed through context.subscriptions, log streams included.
}

function readLogSettings(log: vscode.LogOutputChannel): LogOptions {
  const c = vscode.workspace.getConfiguration(`${Settings.section}.${Settings.logs}`);
  const options: LogOptions = {
    follow: c.get<boolean>('follow', DEFAULT_LOG_OPTIONS.follow),
    timestamps: c.get<boolean>('timestamps', DEFAULT_LOG_OPTIONS.timestamps),
    stdout: c.get<boolean>('stdout', DEFAULT_LOG_OPTIONS.stdout),
    stderr: c.get<boolean>('stderr', DEFAULT_LOG_OPTIONS.stderr),
    details: c.get<boolean>('details', DEFAULT_LOG_OPTIONS.details),
    tail: DEFAULT_LOG_OPTIONS.tail,
  };
  const tail = parseTail(String(c.get<string | number>('tail', DEFAULT_LOG_OPTIONS.tail)));
  if (tail.ok) options.tail = tail.value;
  else log.warn(`Setting dockerSwarm.logs.tail: ${tail.message} Using ${options.tail}.`);
  const since = parseSince(c.get<string>('since', ''));
  if (since.ok && since.value !== undefined) options.since = since.value;
  else if (!since.ok) log.warn(`Setting dockerSwarm.logs.since: ${since.message} Ignoring it.`);
  return options;
}

export { Commands };
