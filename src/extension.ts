// Entry point: builds the parts (client, tree, log sessions, commands), wires them to VS
// Code, and hands every disposable to the extension context.
import * as vscode from 'vscode';
import { Commands, ContextKeys, INSPECT_SCHEME, Settings } from './constants';
import type { CommandContext } from './commands/context';
import { registerCommands } from './commands/registry';
import { resolveEndpoint, dockerConfigDir, type ResolvedEndpoint } from './docker/endpoint';
import { EngineClient } from './docker/engineClient';
import { toSwarmError } from './docker/errors';
import type { SwarmClient } from './docker/swarmClient';
import { windowHost, type Host } from './host';
import { InspectDocuments } from './inspect/inspectDocuments';
import { LogSessions } from './logs/logSessions';
import { parseSince, parseTail } from './model/input';
import { DEFAULT_LOG_OPTIONS, type LogOptions } from './model/logOptions';
import { RefreshController } from './tree/refreshController';
import { SwarmStore } from './tree/swarmStore';
import { createSwarmViews } from './tree/views';
import { Rollouts } from './rollouts/rollouts';
import { realClock } from './clock';

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

  // The endpoint: a context chosen here (kept per user), else settings and environment.
  const SELECTED_CONTEXT = 'dockerSwarm.selectedContext';
  let client: SwarmClient | undefined;
  let resolved: ResolvedEndpoint | undefined;
  const resolve = (): ResolvedEndpoint =>
    resolveEndpoint({
      selectedContext: context.globalState.get<string>(SELECTED_CONTEXT),
      setting: vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.dockerHost),
      env: process.env,
    });
  const getClient = (): SwarmClient => {
    if (!client) {
      resolved = resolve();
      client = new EngineClient({ endpoint: resolved });
      log.info(`Docker endpoint: ${client.endpoint} (${resolved.source}${resolved.contextName ? ` ${resolved.contextName}` : ''})`);
      updateStatus();
    }
    return client;
  };
  const getClientSafe = (): SwarmClient | undefined => {
    try {
      return getClient();
    } catch {
      return undefined;
    }
  };
  const statusItem = vscode.window.createStatusBarItem('dockerSwarm.endpoint', vscode.StatusBarAlignment.Left, 10);
  statusItem.name = 'Docker Swarm Endpoint';
  statusItem.command = Commands.selectContext;
  context.subscriptions.push(statusItem);
  const describeEndpoint = (): string => {
    if (!resolved) return 'not connected';
    return resolved.contextName ? `${resolved.contextName} (${resolved.host})` : resolved.host;
  };
  function updateStatus(): void {
    statusItem.text = `$(server-environment) ${resolved?.label ?? 'Docker'}`;
    statusItem.tooltip = `Docker Swarm endpoint: ${describeEndpoint()}\nClick to select a Docker context for Swarm Services.`;
    statusItem.show();
  }
  /** Re-resolves the endpoint; when it changed, reconnects and refreshes. */
  const endpointMayHaveChanged = (): void => {
    let next: ResolvedEndpoint | undefined;
    try {
      next = resolve();
    } catch {
      next = undefined;
    }
    const same = next && resolved && next.host === resolved.host && next.contextName === resolved.contextName && next.source === resolved.source
      && JSON.stringify(next.tls ?? null) === JSON.stringify(resolved.tls ?? null);
    if (same) return;
    client = undefined;
    resolved = undefined;
    refresher.restart();
    void store.refresh().then(updateStatus);
  };

  const logs = new LogSessions(getClient, log, () => {
    // 0 turns it off; anything else not a number falls back to the default, and a rate is at
    // least 0.1 MB/s (below that a channel would hardly move).
    const mb = Number(vscode.workspace.getConfiguration(`${Settings.section}.${Settings.logs}`).get<number>('maxRate', 2));
    if (mb === 0) return 0;
    return (Number.isFinite(mb) && mb > 0 ? Math.max(0.1, mb) : 2) * 2 ** 20;
  });
  const groupByStack = (): boolean => vscode.workspace.getConfiguration(Settings.section).get<boolean>(Settings.groupByStack, true);
  const store = new SwarmStore(getClient, log, (key, value) => void vscode.commands.executeCommand('setContext', key, value));
  const views = createSwarmViews(store, (id) => logs.isFollowing(id), groupByStack);
  const view = views.servicesView;
  context.subscriptions.push(store, logs, views);
  beforeDispose = () => logs.stopAll();

  const inspectDocuments = new InspectDocuments(getClient);
  const rollouts = new Rollouts(realClock);
  context.subscriptions.push(inspectDocuments, rollouts);
  const ctx: CommandContext = {
    endpoint: {
      selectedContext: () => context.globalState.get<string>(SELECTED_CONTEXT),
      select: async (name) => {
        await context.globalState.update(SELECTED_CONTEXT, name);
        endpointMayHaveChanged();
        await store.refresh();
      },
      describe: () => {
        getClientSafe();
        return describeEndpoint();
      },
    },
    client: getClient,
    host: windowHost,
    store,
    servicesTree: views.servicesTree,
    nodesTree: views.nodesTree,
    logs,
    log,
    logOptions: () => readLogSettings(log),
    logPrefix: () => vscode.workspace.getConfiguration(`${Settings.section}.${Settings.logs}`).get<boolean>('prefix', true),
    inspectDocuments,
    rollouts,
  };

  context.subscriptions.push(
    ...registerCommands(ctx),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocuments),
    // A followed stream that ends by itself (service removed, engine restarted) says so and
    // offers to follow again.
    logs.onDidEndUnexpectedly(({ target, options, error }) => {
      const why = error ? `stopped: ${error.message}` : 'ended';
      // Engine messages may end a sentence already ("… Is it running?").
      void ctx.host.showInformationMessage(`The log stream of ${target.name} ${why}${/[.?!]$/.test(why) ? '' : '.'}`, 'Follow Again').then((choice) => {
        if (choice === 'Follow Again') {
          logs.open(target, options).catch((e: unknown) => void ctx.host.showErrorMessage(toSwarmError(e).message));
        }
      });
    }),
    logs.onDidChangeFollowing(() => {
      void vscode.commands.executeCommand('setContext', ContextKeys.followingLogs, logs.following().length > 0);
      views.redraw();
    }),
    store.onDidChange((e) => {
      if (e.kind !== 'refreshed') return;
      if (store.state === 'ok') logs.endGone(new Set(store.services.map((s) => s.id)));
      updateStatus();
      // VS Code shows a view's welcome content only while it has no message: the welcome
      // content explains each state; where the engine's own words matter, they go beside
      // the view's title (and always to the log).
      const failed = store.state !== 'ok' && store.state !== 'loading';
      // 'permission' too: the socket and an SSH login refusing need different remedies.
      const detail = failed && ['api', 'invalid', 'untrusted', 'timeout', 'permission'].includes(store.state) ? store.lastError?.message : undefined;
      view.description = [resolved?.label, detail ?? store.describeFilter()].filter(Boolean).join(' · ');
      view.message = undefined;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.section}.${Settings.dockerHost}`)) endpointMayHaveChanged();
      if (e.affectsConfiguration(`${Settings.section}.${Settings.refreshInterval}`)) {
        const ms = pollMs();
        refresher.setPollMs(ms);
        // Said in the log, so that someone (or a test) can tell when a new value took effect.
        log.info(ms ? `Services view: polling every ${ms / 1000} s besides the event stream` : 'Services view: polling off (events and Refresh only)');
      }
      if (e.affectsConfiguration(`${Settings.section}.${Settings.groupByStack}`)) views.redraw();
    }),
  );

  // Events keep the view current; a slow poll is the safety net. Only while it is visible.
  // 0 turns the poll off; anything else is at least 5 s, so no setting can hammer the engine.
  const pollMs = (): number => {
    const seconds = Number(vscode.workspace.getConfiguration(Settings.section).get<number>(Settings.refreshInterval, 30)) || 0;
    return seconds <= 0 ? 0 : 1000 * Math.max(5, seconds);
  };
  const refresher = new RefreshController({
    refresh: () => store.refresh(),
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
  // The docker CLI's files (config.json's current context, the context store) may change
  // under us: `docker context use`, a new context, rotated certificates.
  const configDir = dockerConfigDir(process.env);
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(configDir), '{config.json,contexts/**}'));
  context.subscriptions.push(watcher, watcher.onDidChange(endpointMayHaveChanged), watcher.onDidCreate(endpointMayHaveChanged), watcher.onDidDelete(endpointMayHaveChanged));

  context.subscriptions.push(
    { dispose: () => refresher.dispose() },
    views.onDidChangeVisibility(() => refresher.setActive(views.anyVisible())),
  );
  refresher.setActive(views.anyVisible());

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

