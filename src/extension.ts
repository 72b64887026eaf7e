// Entry point: builds the parts (connection, settings, the stores and their five views, log
// sessions, rollouts, commands), wires them together, and hands every disposable to the
// extension context.
import * as vscode from 'vscode';
import { realClock } from './clock';
import type { CommandContext } from './commands/context';
import { registerCommands } from './commands/registry';
import { affectedSettings, Config, describePolling } from './config';
import { ComposeDiagnostics } from './composeEditor/composeDiagnostics';
import { PREVIEW_SCHEME, PreviewDocuments } from './composeEditor/previewDocuments';
import { CONFIG_SCHEME, INSPECT_SCHEME, Settings } from './constants';
import { Connection } from './connection';
import { contextKeys } from './contextKeys';
import { windowHost, type Host } from './host';
import { ConfigDocuments } from './inspect/configDocuments';
import { InspectDocuments } from './inspect/inspectDocuments';
import { offerFollowAgain } from './logs/followAgain';
import { endFollowsWhenSwarmLost } from './logs/followEnds';
import { createNodeEngines } from './nodeEngines/wiring';
import type { Failover } from './failover/failover';
import { createFailover } from './failover/wiring';
import { ReadOrigin } from './failover/readOrigin';
import { LogSessions } from './logs/logSessions';
import { dockerConfigCredential } from './registry/dockerConfig';
import { LoginStore } from './registry/loginStore';
import { RegistryAuth } from './registry/registryAuth';
import { Rollouts } from './rollouts/rollouts';
import { ObjectsStore } from './tree/objectsStore';
import type { ChangeSet } from './model/changes';
import { RefreshController } from './tree/refreshController';
import { SwarmStore } from './tree/swarmStore';
import { TaskStats } from './stats/taskStats';
import { servicesViewDescription } from './tree/viewDescription';
import { managerCount, quorumRefusal, staleMessage } from './tree/noLeader';
import { createSwarmViews, type SwarmViews } from './tree/views';
import { TaskShells } from './terminal/taskShells';

/** What activate() returns: used by the extension-host tests, stable for other extensions. */
export interface SwarmServicesApi {
  readonly ctx: CommandContext;
  /** Replace the prompts' host (tests answer prompts with it); returns the previous one. */
  setHost(host: Host): Host;
  readonly activationMs: number;
  readonly refresher: RefreshController;
  /** The Services view (its message says when the rows shown are stale). */
  readonly servicesView: { readonly message?: string | undefined };
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
  // The store's whole reads note the engine they went through: failover ignores a late answer from a manager it left.
  const reads = new ReadOrigin(connection);
  const store = new SwarmStore(reads.client, log, contextKeys);
  const objects = new ObjectsStore(client, store, log);
  const views = createSwarmViews(store, objects, (id) => logs.isFollowing(id), () => config.groupByStack());
  // Issue 17: the engine of each swarm node, and whether the Nodes view's nodes have one.
  const nodeEngines = createNodeEngines({ connection, config, store, log, env: process.env }, context.subscriptions);
  views.nodesTree.showEndpoints(nodeEngines);
  // Issue 19: another manager of the swarm when the one in use goes away (its prompts through ctx.host, made below).
  const failover = createFailover({ connection, config, store, engines: nodeEngines, log, host: () => ctx.host, env: process.env, reads }, context.subscriptions);
  const refresher = keepCurrent(context, { connection, config, store, objects, views, logs, log, failover });
  // A swarm known to have lost its quorum refuses every change: said before anything is sent, in the view's words.
  connection.followSwarmShape({ refusal: () => quorumRefusal(store), severalManagers: () => managerCount(store) > 1 });
  const inspectDocuments = new InspectDocuments(client);
  const configDocuments = new ConfigDocuments(client);
  const rollouts = new Rollouts(realClock);
  const previewDocuments = new PreviewDocuments();
  const shells = new TaskShells();
  context.subscriptions.push(shells);
  context.subscriptions.push(log, connection, logs, store, objects, views, inspectDocuments, rollouts, previewDocuments, new ComposeDiagnostics());
  // The log streams closed, and the task shells ended in their containers (an exec outlives its client).
  beforeDispose = () => Promise.allSettled([logs.stopAll(), shells.endAll()]).then(() => undefined);

  const logins = new LoginStore(context.secrets);
  const registry = { logins, auth: new RegistryAuth(logins, (image) => dockerConfigCredential(process.env, image)) };

  // Issue 17: live stats of the tasks shown, read from the engine of the node that runs each.
  const taskStats = new TaskStats({
    store, view: views.servicesView, servicesRows: views.servicesTree, nodesRows: views.nodesTree, engines: nodeEngines, clock: realClock,
    shownKey: (shown) => contextKeys.taskStatsShown(shown),
    expand: (id) => expandService(views, id),
    log: (m) => log.warn(m),
  });
  context.subscriptions.push(taskStats);

  const ctx: CommandContext = {
    endpoint: connection, client, host: windowHost, store, servicesTree: views.servicesTree, nodesTree: views.nodesTree,
    objects, objectTrees: views.objectTrees,
    logs, log, inspectDocuments, configDocuments, rollouts, previewDocuments,
    deploySettings: () => ({ resolveImage: config.resolveImage() }),
    registry,
    logOptions: () => config.logOptions(),
    logPrefix: () => config.logPrefix(),
    nodeEngines,
    taskStats,
    shells,
    shellSettings: () => config.shellSettings(),
    failover,
  };
  context.subscriptions.push(
    ...registerCommands(ctx),
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspectDocuments),
    vscode.workspace.registerTextDocumentContentProvider(CONFIG_SCHEME, configDocuments),
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previewDocuments),
    offerFollowAgain(logs, () => ctx.host),
    // A swarm without a leader for long, or another endpoint: live follows end with a note and the offer above.
    ...endFollowsWhenSwarmLost({ logs, store, onDidSwitch: connection.onDidChange, endpoint: () => (connection.clientIfUsable() ? connection.describe() : undefined), engineHost: () => connection.endpointHost() }),
    logs.onDidChangeFollowing(() => {
      contextKeys.followingLogs(logs.following().length > 0);
      views.redraw();
      refresher.setActive(watched(views, logs));
    }),
  );
  refresher.setActive(watched(views, logs));

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
    servicesView: views.servicesView,
    hostLogDir: vscode.Uri.joinPath(context.logUri, '..').fsPath,
  };
}

interface Parts {
  connection: Connection;
  config: Config;
  store: SwarmStore;
  objects: ObjectsStore;
  views: SwarmViews;
  logs: LogSessions;
  log: vscode.LogOutputChannel;
  failover: Failover;
}

/**
 * Whether the swarm is to be followed: a view shows it, or a log is followed (its end when the
 * swarm loses its leader, or its service goes, is told from what the store reads).
 */
function watched(views: { anyVisible(): boolean }, logs: { following(): readonly unknown[] }): boolean {
  return views.anyVisible() || logs.following().length > 0;
}

/**
 * What keeps the views current: Engine events and a slow poll, only while a view is visible or a log is followed;
 * a new endpoint reconnects; after each refresh the status bar, the view's description and
 * the log streams of services that are gone follow.
 */
function keepCurrent(context: vscode.ExtensionContext, { connection, config, store, objects, views, logs, log, failover }: Parts): RefreshController {
  // One refresh reads the services (and who uses what) and the kinds of objects whose views show.
  const refresh = () => Promise.all([store.refresh(), objects.refresh()]).then(() => undefined);
  // An event that names what changed reads only that: the services or nodes named, or the kind of object.
  const apply = (changes: ChangeSet) => Promise.all([store.update(changes), objects.update(changes.objects)]).then(() => undefined);
  const refresher = new RefreshController({
    refresh,
    apply,
    onActive: (on) => store.setFollowing(on),
    subscribe: (onEvent) => connection.events(onEvent),
    log: (m) => log.info(m),
    pollMs: config.pollMs(),
  });
  context.subscriptions.push(
    { dispose: () => refresher.dispose() },
    views.onDidChangeVisibility(() => refresher.setActive(watched(views, logs))),
    connection.onDidChange(() => {
      // Another engine: what was read from the last one is never shown as its (stale) rows.
      store.readState.forgetShown();
      // One read now (and, when watched, one more once the new event stream is connected).
      void refresher.restart().then(() => connection.updateStatus());
    }),
    store.onDidChange((e) => {
      if (e.kind === 'patched' && e.removed.length > 0) logs.endGone(new Set(store.services.map((s) => s.id)));
      if (e.kind !== 'refreshed') return;
      if (store.state === 'ok') logs.endGone(new Set(store.services.map((s) => s.id)));
      connection.updateStatus();
      // No message: VS Code hides the welcome content (which explains each state) while a view has one.
      // Set only when they change: each setting re-lays out the pane in the workbench.
      const description = servicesViewDescription({ endpoint: connection.label, state: store.state, error: store.lastError, filter: store.describeFilter() });
      if (views.servicesView.description !== description) views.servicesView.description = description;
      // What was last read stays shown while the swarm has no leader: the message says so, and
      // the swarm is read every few seconds so that the view recovers by itself.
      const stale = store.readState.staleSince;
      const message = stale === undefined ? failover.message : staleMessage({ since: stale, managers: managerCount(store), noLeaderForMs: store.readState.noLeaderForMs, state: store.state });
      if (views.servicesView.message !== message) views.servicesView.message = message;
      refresher.setPollMs(stale !== undefined ? NO_LEADER_POLL_MS : config.pollMs());
    }),
    // Failover's words (no other manager with a known endpoint) come after its search; the stale rows' win.
    failover.onDidChange(() => store.readState.staleSince === undefined && views.servicesView.message !== failover.message && (views.servicesView.message = failover.message)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      const changed = affectedSettings(e);
      if (changed.has(Settings.refreshInterval)) {
        const ms = config.pollMs();
        refresher.setPollMs(ms);
        // Said in the log, so that someone (or a test) can tell when a new value took effect.
        log.info(describePolling(ms));
      }
      if (changed.has(Settings.groupByStack)) views.redraw();
    }),
  );
  return refresher;
}

/** While the swarm has no leader, how often it is read (it may have one again any moment). */
const NO_LEADER_POLL_MS = 3000;

/** Expands a service's row (its tasks show); quietly nothing when the view cannot show it now. */
async function expandService(views: SwarmViews, serviceId: string): Promise<void> {
  const element = views.servicesTree.serviceItems().find((e) => e.service.id === serviceId);
  if (!element) return;
  try {
    await views.servicesView.reveal(element, { expand: true, select: false, focus: false });
  } catch {
    // The view is not drawn yet or the row went meanwhile: the user can expand it.
  }
}

/** What deactivate() finishes before VS Code disposes the subscriptions. */
let beforeDispose: (() => Promise<void>) | undefined;

export async function deactivate(): Promise<void> {
  // Everything is disposed through context.subscriptions, but VS Code waits only for this
  // function: the log streams are closed and the shells ended here, so none is left open on the engine.
  // Bounded: a stream that does not close promptly (an SSH tunnel, say) must not hold up
  // VS Code's shutdown; the process ending closes it anyway.
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)));
  await Promise.race([beforeDispose?.(), bound]);
  clearTimeout(timer);
}
