// The engine this extension talks to. Resolves the endpoint (a context chosen here, the
// dockerSwarm.dockerHost setting, the environment; for this session, another manager's
// endpoint that failover switched to), builds the client when first needed,
// shows the endpoint in the status bar, and says when the engine changed: a setting, a
// context chosen here, or the docker CLI's own files changing under us.
import * as vscode from 'vscode';
import { affectedSettings } from './config';
import { Commands, ENDPOINT_STATUS_ITEM, SELECTED_CONTEXT_KEY, Settings } from './constants';
import { dockerConfigDir, resolveEndpoint, type ResolvedEndpoint } from './docker/endpoint';
import { EngineClient } from './docker/engineClient';
import { electionWait, type SwarmShape } from './docker/leaderWait';
import { realClock } from './clock';
import { tellCommandProgress } from './host';
import type { SwarmClient } from './docker/swarmClient';
import { describeEndpoint, sameEndpoint } from './endpointInfo';
import { neutraliseIcons } from './model/text';

/** What commands may do with the endpoint: the context chosen in the editor, and its name. */
export interface EndpointControl {
  selectedContext(): string | undefined;
  /**
   * Chooses a CLI context for this extension (undefined: settings and environment). Returns
   * once the change is announced (onDidChange), not when the views have reloaded.
   */
  select(context: string | undefined): Promise<void>;
  /** e.g. `prod (tcp://10.0.0.5:2376)`. */
  describe(): string;
  /** What the status bar item shows. */
  statusShown(): { text: string; tooltip: string };
}

export interface ConnectionOptions {
  /** Where the chosen context is kept: the extension's globalState, so per user, not per workspace. */
  state: vscode.Memento;
  /** The dockerSwarm.dockerHost setting, read at each resolution. */
  dockerHost: () => string | undefined;
  env: NodeJS.ProcessEnv;
  log: vscode.LogOutputChannel;
}

type EventStream = ReturnType<SwarmClient['events']>;

export class Connection implements EndpointControl, vscode.Disposable {
  private current: SwarmClient | undefined;
  /** What the views know of the swarm: why changes are refused before sending (a quorum known lost), and whether it has several managers. */
  private shape: SwarmShape = { refusal: () => undefined, severalManagers: () => false };
  private resolved: ResolvedEndpoint | undefined;
  /**
   * An endpoint used for this session instead of the resolved one (failover to another manager,
   * never saved: the configured one is used again at the next start): kept while the resolution it replaced
   * (`base`) stays the same, so that a later setting or context change wins over it.
   */
  private session: { endpoint: ResolvedEndpoint; base: ResolvedEndpoint | undefined } | undefined;
  /** Which swarm manager the engine is, for the status bar (failover knows it). */
  private manager: () => { node?: string; tooltip?: string } = () => ({});
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the endpoint changed: the next client() talks to the new engine. */
  readonly onDidChange = this.changed.event;
  private readonly dockerConfigChanged = new vscode.EventEmitter<void>();
  /** Fires when the docker CLI's files (config.json, the context store) changed, whether or not the endpoint did. */
  readonly onDidChangeDockerConfig = this.dockerConfigChanged.event;
  private readonly statusItem = vscode.window.createStatusBarItem(ENDPOINT_STATUS_ITEM, vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly o: ConnectionOptions) {
    this.statusItem.name = 'Docker Swarm Endpoint';
    this.statusItem.command = Commands.selectContext;
    // The docker CLI's files (config.json's current context, the context store) may change
    // under us: `docker context use`, a new context, rotated certificates.
    const pattern = new vscode.RelativePattern(vscode.Uri.file(dockerConfigDir(o.env)), '{config.json,contexts/**}');
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const check = () => this.endpointMayHaveChanged();
    const filesChanged = () => {
      this.dockerConfigChanged.fire();
      check();
    };
    this.disposables = [
      this.changed,
      this.dockerConfigChanged,
      this.statusItem,
      watcher,
      watcher.onDidChange(filesChanged),
      watcher.onDidCreate(filesChanged),
      watcher.onDidDelete(filesChanged),
      vscode.workspace.onDidChangeConfiguration((e) => affectedSettings(e).has(Settings.dockerHost) && check()),
    ];
  }

  /** The client for the current endpoint; throws (a SwarmError) when none is usable. */
  client(): SwarmClient {
    if (!this.current) {
      const resolved = this.resolve();
      this.resolved = resolved;
      const election = electionWait(realClock, (note) => this.electionNote(note), { refusal: () => this.shape.refusal(), severalManagers: () => this.shape.severalManagers() });
      this.current = new EngineClient({ endpoint: resolved, election });
      this.o.log.info(`Docker endpoint: ${this.current.endpoint} (${resolved.source}${resolved.contextName ? ` ${resolved.contextName}` : ''})`);
      this.updateStatus();
    }
    return this.current;
  }

  /** The client, or undefined when no endpoint is usable. */
  clientIfUsable(): SwarmClient | undefined {
    try {
      return this.client();
    } catch {
      return undefined;
    }
  }

  /**
   * The engine's event stream. With no usable endpoint (an invalid setting), a stream that
   * failed at once: the refresh controller retries with backoff, and the view already shows
   * the reason.
   */
  events(onEvent: Parameters<SwarmClient['events']>[0]): EventStream {
    try {
      return this.client().events(onEvent);
    } catch (e) {
      const failed = Promise.reject(e);
      failed.catch(() => undefined);
      return { started: failed, done: failed, stop: () => undefined };
    }
  }

  /** The endpoint as resolved (unix:///…, tcp://…, ssh://user@host:port), when one is usable. */
  endpointHost(): string | undefined {
    this.clientIfUsable();
    return this.resolved?.host;
  }

  /** What the status bar and the Services view's description show: the context or host. */
  get label(): string | undefined {
    return this.resolved?.label;
  }

  describe(): string {
    this.clientIfUsable();
    return describeEndpoint(this.resolved);
  }

  selectedContext(): string | undefined {
    return this.o.state.get<string>(SELECTED_CONTEXT_KEY);
  }

  async select(name: string | undefined): Promise<void> {
    this.session = undefined; // a context chosen is the user's word
    await this.o.state.update(SELECTED_CONTEXT_KEY, name);
    this.endpointMayHaveChanged();
  }

  /**
   * Uses `endpoint` until VS Code restarts or the endpoint this resolves to otherwise changes
   * (a setting, a context chosen, the CLI's current context); nothing is stored.
   */
  useForSession(endpoint: ResolvedEndpoint): void {
    let base: ResolvedEndpoint | undefined;
    try {
      base = this.resolveConfigured();
    } catch {
      base = undefined;
    }
    this.session = { endpoint, base };
    this.endpointMayHaveChanged();
  }

  /** Sets what names the swarm manager in use (its hostname beside the endpoint, the swarm's managers in the tooltip). */
  describeManagerWith(manager: () => { node?: string; tooltip?: string }): void {
    this.manager = manager;
  }

  /** Shows the endpoint as last resolved ("Docker" when none is), and the manager it is when the swarm has several. */
  updateStatus(): void {
    const { node, tooltip } = this.manager();
    // Engine text: no icon syntax from a hostname.
    this.statusItem.text = `$(server-environment) ${this.resolved?.label ?? 'Docker'}${node ? ` · ${neutraliseIcons(node)}` : ''}`;
    this.statusItem.tooltip = `Docker Swarm endpoint: ${describeEndpoint(this.resolved)}${tooltip ? `\n${tooltip}` : ''}\nClick to select a Docker context for Swarm Services.`;
    this.statusItem.show();
  }

  statusShown(): { text: string; tooltip: string } {
    return { text: this.statusItem.text, tooltip: String(this.statusItem.tooltip ?? '') };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** What the views know of the swarm (see SwarmShape), asked at each call. */
  followSwarmShape(shape: SwarmShape): void {
    this.shape = shape;
  }

  /** A command waits out a leader election: its progress says so, else the status bar for a while. */
  private electionNote(note: string): void {
    this.o.log.warn(note);
    if (!tellCommandProgress(note)) vscode.window.setStatusBarMessage(`$(sync~spin) ${note}`, 10_000); // it hides itself
  }

  /** The endpoint as configured: a context chosen here, the setting, the environment. */
  private resolveConfigured(): ResolvedEndpoint {
    return resolveEndpoint({ selectedContext: this.selectedContext(), setting: this.o.dockerHost(), env: this.o.env });
  }

  /** The session's endpoint while the configured one is as it was when it was set; else the configured one. */
  private resolve(): ResolvedEndpoint {
    let configured: ResolvedEndpoint | undefined;
    let failure: unknown;
    try {
      configured = this.resolveConfigured();
    } catch (e) {
      failure = e;
    }
    const s = this.session;
    if (s && (configured === undefined ? s.base === undefined : sameEndpoint(configured, s.base))) return s.endpoint;
    this.session = undefined;
    if (!configured) throw failure;
    return configured;
  }

  /** Re-resolves the endpoint; when it changed, drops the client and says so. */
  private endpointMayHaveChanged(): void {
    let next: ResolvedEndpoint | undefined;
    try {
      next = this.resolve();
    } catch {
      next = undefined;
    }
    if (sameEndpoint(next, this.resolved)) return;
    this.current = undefined;
    this.resolved = undefined;
    this.changed.fire();
  }
}
