// The extension's settings, typed and checked in one place: each reader applies the setting's
// limits, and a bad log setting is warned about and replaced, never thrown. Free of the VS
// Code API at run time (the configuration is passed in) so the rules can be unit-tested.
import type * as vscode from 'vscode';
import { DeploySettings, LogSettings, Settings, ShellSettings } from './constants';
import type { ResolveImage } from './deploy/types';
import { FAILOVER_MODES, failoverMode, type FailoverMode } from './failover/policy';
import { parseSince, parseTail } from './model/input';
import { DEFAULT_LOG_OPTIONS, type LogOptions } from './model/logOptions';
import type { CloseOnExit } from './terminal/taskShell';

/** Reads one section of the settings: `vscode.workspace.getConfiguration` fits. */
export type ConfigurationSource = (section: string) => Pick<vscode.WorkspaceConfiguration, 'get'>;

/** The settings a change is reported for (see {@link affectedSettings}). */
export type WatchedSetting = typeof Settings.dockerHost | typeof Settings.refreshInterval | typeof Settings.groupByStack;

const WATCHED: readonly WatchedSetting[] = [Settings.dockerHost, Settings.refreshInterval, Settings.groupByStack];

/** Which of the watched settings a configuration change touches. */
export function affectedSettings(e: Pick<vscode.ConfigurationChangeEvent, 'affectsConfiguration'>): Set<WatchedSetting> {
  return new Set(WATCHED.filter((name) => e.affectsConfiguration(`${Settings.section}.${name}`)));
}

/** What the log says when the poll setting takes effect (tests wait for it). */
export function describePolling(ms: number): string {
  return ms ? `Services view: polling every ${ms / 1000} s besides the event stream` : 'Services view: polling off (events and Refresh only)';
}

export class Config {
  constructor(
    private readonly source: ConfigurationSource,
    private readonly log: { warn(message: string): void },
  ) {}

  private get section() {
    return this.source(Settings.section);
  }

  private get logSection() {
    return this.source(`${Settings.section}.${Settings.logs}`);
  }

  /** The endpoint set in the settings, if any (resolution trims it). */
  dockerHost(): string | undefined {
    return this.section.get<string>(Settings.dockerHost);
  }

  /**
   * The safety-net poll of the views, in ms. 0 turns it off; anything else is at least 5 s,
   * so no setting can hammer the engine.
   */
  pollMs(): number {
    const seconds = Number(this.section.get<number>(Settings.refreshInterval, 30)) || 0;
    return seconds <= 0 ? 0 : 1000 * Math.max(5, seconds);
  }

  /** How a stack deploy pins images to digests, as the CLI's --resolve-image: always (default), changed or never. */
  resolveImage(): ResolveImage {
    const v = this.source(`${Settings.section}.${Settings.deploy}`).get<string>(DeploySettings.resolveImage, 'always');
    if (v === 'always' || v === 'changed' || v === 'never') return v;
    this.log.warn(`dockerSwarm.deploy.resolveImage: "${String(v)}" is not one of always, changed, never; using always`);
    return 'always';
  }

  /** dockerSwarm.nodeEndpoints as written: checked where it is used (src/nodeEngines/routes.ts). */
  nodeEndpoints(): unknown {
    return this.section.get<unknown>(Settings.nodeEndpoints, {});
  }

  /** dockerSwarm.failover: offer another manager when the one in use goes away (ask), switch by itself (auto), or neither (off). */
  failoverMode(): FailoverMode {
    const v = this.section.get<string>(Settings.failover, 'ask');
    if (!FAILOVER_MODES.includes(v as FailoverMode)) this.log.warn(`dockerSwarm.failover: "${String(v)}" is not one of ${FAILOVER_MODES.join(', ')}; using ask`);
    return failoverMode(v);
  }

  groupByStack(): boolean {
    return this.section.get<boolean>(Settings.groupByStack, true);
  }

  /** Whether service log lines carry the `<service>.<slot>.<task>@<node> |` prefix. */
  logPrefix(): boolean {
    return this.logSection.get<boolean>(LogSettings.prefix, true);
  }

  /**
   * Characters a second a log channel is fed at most. 0 turns it off; anything else not a
   * number falls back to the default, and a rate is at least 0.1 MB/s (below that a channel
   * would hardly move).
   */
  logMaxRate(): number {
    const mb = Number(this.logSection.get<number>(LogSettings.maxRate, 2));
    if (mb === 0) return 0;
    return (Number.isFinite(mb) && mb > 0 ? Math.max(0.1, mb) : 2) * 2 ** 20;
  }

  /** The log options for a new stream: an unusable tail or since is warned about and replaced. */
  logOptions(): LogOptions {
    const c = this.logSection;
    const options: LogOptions = {
      follow: c.get<boolean>(LogSettings.follow, DEFAULT_LOG_OPTIONS.follow),
      timestamps: c.get<boolean>(LogSettings.timestamps, DEFAULT_LOG_OPTIONS.timestamps),
      stdout: c.get<boolean>(LogSettings.stdout, DEFAULT_LOG_OPTIONS.stdout),
      stderr: c.get<boolean>(LogSettings.stderr, DEFAULT_LOG_OPTIONS.stderr),
      details: c.get<boolean>(LogSettings.details, DEFAULT_LOG_OPTIONS.details),
      tail: DEFAULT_LOG_OPTIONS.tail,
    };
    const name = (key: string) => `${Settings.section}.${Settings.logs}.${key}`;
    const tail = parseTail(String(c.get<string | number>(LogSettings.tail, DEFAULT_LOG_OPTIONS.tail)));
    if (tail.ok) options.tail = tail.value;
    else this.log.warn(`Setting ${name(LogSettings.tail)}: ${tail.message} Using ${options.tail}.`);
    const since = parseSince(c.get<string>(LogSettings.since, ''));
    if (since.ok && since.value !== undefined) options.since = since.value;
    else if (!since.ok) this.log.warn(`Setting ${name(LogSettings.since)}: ${since.message} Ignoring it.`);
    return options;
  }

  /** dockerSwarm.shell.*: what Open Shell in Task runs, as whom, where, and when its terminal closes. */
  shellSettings(): { command: string; user: string; workingDir: string; closeOnExit: CloseOnExit } {
    const c = this.source(`${Settings.section}.${Settings.shell}`);
    const text = (key: string) => {
      const v = c.get<unknown>(key, '');
      return typeof v === 'string' ? v.trim() : '';
    };
    let closeOnExit = c.get<string>(ShellSettings.closeOnExit, 'never');
    if (closeOnExit !== 'never' && closeOnExit !== 'onSuccess' && closeOnExit !== 'always') {
      this.log.warn(`dockerSwarm.shell.closeOnExit: "${String(closeOnExit)}" is not one of never, onSuccess, always; using never`);
      closeOnExit = 'never';
    }
    return { command: text(ShellSettings.command), user: text(ShellSettings.user), workingDir: text(ShellSettings.workingDir), closeOnExit: closeOnExit as CloseOnExit };
  }
}
