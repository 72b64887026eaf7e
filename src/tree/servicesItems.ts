// The Services tree's elements as plain data, and the mapping from each to the row VS Code
// shows (ids, contextValues, descriptions, tooltips, icons). Tasks' rows are shared with the
// Nodes tree. Engine text is only ever placed in plain-text fields.
import { health, isScalable, type ServiceSummary, type TaskSummary } from '../model/summaries';
import type { ItemSpec } from './treeItem';

export interface ServiceElement {
  kind: 'service';
  service: ServiceSummary;
}

export interface TaskElement {
  kind: 'task';
  task: TaskSummary;
  service: ServiceSummary;
}

/** Services labelled as one stack (com.docker.stack.namespace); its counts come from the store's current summaries. */
export interface StackElement {
  kind: 'stack';
  name: string;
}

/** A line of text under a service that has nothing else to show (no tasks, or none match). */
export interface InfoElement {
  kind: 'info';
  text: string;
  service: ServiceSummary;
}

export type ServicesTreeElement = StackElement | ServiceElement | TaskElement | InfoElement;

/** What live stats (src/stats) add to the rows while they are on; absent: nothing. */
export interface RowStats {
  /** Whether stats are on for the service (its row offers Hide Stats). */
  shownFor(serviceId: string): boolean;
  /** A running task's reading (`12% 3.14 MiB / 7.65 GiB`), if any. */
  taskText(task: TaskSummary): string | undefined;
  /** The sum over the service's running tasks shown, if any. */
  serviceText(serviceId: string): string | undefined;
}

/** Live stats after a row's own description: it stays first, and reads the same as without. */
export function withStats(description: string | undefined, stats: string | undefined): string | undefined {
  return stats ? `${description ? `${description}  ` : ''}${stats}` : description;
}

/** `service:<mode>[:scalable][:updating][:rollback][:following][:stats]`; package.json's `when` clauses match it with anchored regexes. */
export function serviceContextValue(s: ServiceSummary, following = false, stats = false): string {
  const facets = ['service', s.mode];
  if (isScalable(s.mode)) facets.push('scalable');
  if (s.updateState === 'updating' || s.updateState === 'rollback_started') facets.push('updating');
  if (s.hasPreviousSpec) facets.push('rollback');
  if (following) facets.push('following');
  if (stats) facets.push('stats');
  return facets.join(':');
}

const UPDATE_WORDS: Record<string, string> = {
  updating: 'updating',
  paused: 'update paused',
  completed: '',
  rollback_started: 'rolling back',
  rollback_paused: 'rollback paused',
  rollback_completed: 'rolled back',
};

export function serviceDescription(s: ServiceSummary): string {
  const update = s.updateState !== undefined ? (UPDATE_WORDS[s.updateState] ?? s.updateState) : '';
  return `${s.mode} ${s.running}/${s.desired}${update ? ` (${update})` : ''}  ${s.image}  ${s.shortId}`;
}

export function serviceTooltip(s: ServiceSummary): string {
  const lines = [
    s.name,
    `ID: ${s.id}`,
    `Short ID: ${s.shortId}`,
    `Mode: ${s.mode}`,
    `Replicas: ${s.running} running / ${s.desired} desired`,
    `Version: ${s.version}`,
    `Image: ${s.image}`,
  ];
  if (s.digest) lines.push(`Pinned to: ${s.digest}`);
  if (s.createdAt) lines.push(`Created: ${s.createdAt}`);
  if (s.updatedAt) lines.push(`Updated: ${s.updatedAt}`);
  if (s.updateState) lines.push(`Update: ${s.updateState}${s.updateMessage ? ` — ${s.updateMessage}` : ''}`);
  if (s.unplaced) lines.push(`No node can take its tasks: ${s.unplaced}`);
  const labels = Object.entries(s.labels);
  if (labels.length) {
    lines.push('Labels:');
    for (const [k, v] of labels) lines.push(`  ${k}=${v}`);
  }
  return lines.join('\n');
}

const HEALTH_ICONS = {
  healthy: ['pass', 'testing.iconPassed'],
  degraded: ['warning', 'list.warningForeground'],
  down: ['error', 'list.errorForeground'],
  idle: ['circle-outline', 'disabledForeground'],
} as const;

export function taskIcon(state: string): NonNullable<ItemSpec['icon']> {
  switch (state) {
    case 'running':
      return { id: 'play-circle', color: 'testing.iconPassed' };
    case 'complete':
      return { id: 'pass', color: 'disabledForeground' };
    case 'failed':
    case 'rejected':
    case 'orphaned':
      return { id: 'error', color: 'list.errorForeground' };
    case 'shutdown':
    case 'remove':
      return { id: 'circle-slash', color: 'disabledForeground' };
    default: // new, pending, assigned, accepted, ready, preparing, starting
      return { id: 'loading~spin' };
  }
}

export function taskDescription(t: TaskSummary): string {
  const parts = [t.state];
  if (t.desiredState !== 'running' && t.desiredState !== t.state) parts.push(`→ ${t.desiredState}`);
  if (t.nodeName) parts.push(`@${t.nodeName}`);
  // Which constraint keeps it off every node says more than the Engine's "no suitable node".
  if (t.unplaced) parts.push(`— no suitable node: ${t.unplaced}`);
  else if (t.error) parts.push(`— ${t.error}`);
  return parts.join(' ');
}

export function taskTooltip(t: TaskSummary): string {
  const lines = [t.name, `Task ID: ${t.id}`, `State: ${t.state} (desired: ${t.desiredState})`];
  if (t.nodeName) lines.push(`Node: ${t.nodeName}${t.nodeId ? ` (${t.nodeId})` : ''}`);
  if (t.timestamp) lines.push(`Since: ${t.timestamp}`);
  if (t.message) lines.push(`Message: ${t.message}`);
  if (t.error) lines.push(`Error: ${t.error}`);
  if (t.unplaced) lines.push(`Placement: ${t.unplaced}`);
  return lines.join('\n');
}

/** A stack's row, counted from the summaries of its services as they are now. */
export function stackItem(name: string, services: readonly ServiceSummary[]): ItemSpec {
  const running = services.reduce((n, s) => n + s.running, 0);
  const desired = services.reduce((n, s) => n + s.desired, 0);
  return {
    label: name,
    id: `stack:${name}`,
    collapsible: 'expanded',
    description: `stack · ${services.length} service${services.length === 1 ? '' : 's'} · ${running}/${desired}`,
    tooltip: [`Stack ${name}`, ...services.map((s) => `  ${s.name}: ${s.mode} ${s.running}/${s.desired}`)].join('\n'),
    contextValue: 'stack',
    icon: { id: 'layers' },
  };
}

/** `stats`: whether live stats are on for it, and the sum over its tasks to show. */
export function serviceItem(s: ServiceSummary, following = false, stats?: { shown: boolean; text?: string | undefined }): ItemSpec {
  // A rollout in progress is not an outage, even while a replica is being replaced.
  const rolling = s.updateState === 'updating' || s.updateState === 'rollback_started';
  const [icon, color] = rolling ? (['sync~spin', 'list.warningForeground'] as const) : HEALTH_ICONS[health(s)];
  return {
    label: s.name,
    id: `service:${s.id}`,
    collapsible: 'collapsed',
    description: withStats(serviceDescription(s), stats?.text),
    tooltip: serviceTooltip(s),
    contextValue: serviceContextValue(s, following, stats?.shown),
    icon: { id: icon, color },
  };
}

/** `stats`: its live reading, while stats are on. */
export function taskItem(t: TaskSummary, stats?: string): ItemSpec {
  return {
    label: t.name,
    id: `task:${t.id}`,
    collapsible: 'none',
    description: withStats(taskDescription(t), stats),
    tooltip: taskTooltip(t),
    contextValue: `task:${t.state}`,
    icon: taskIcon(t.state),
  };
}

/**
 * A row kept from the last read while the swarm has no leader: greyed, said stale, and its
 * tooltip says when it was read (`since`, ms since the epoch).
 */
export function staleItem(item: ItemSpec, since: number): ItemSpec {
  const at = new Date(since).toLocaleTimeString();
  return {
    ...item,
    description: `(stale) ${item.description ?? ''}`.trim(),
    tooltip: `As last read at ${at}: the swarm has no leader now, so this may be out of date.\n\n${typeof item.tooltip === 'string' ? item.tooltip : ''}`.trim(),
    icon: { id: item.icon?.id ?? 'history', color: 'disabledForeground' },
  };
}

export function infoItem(text: string, serviceId: string): ItemSpec {
  return { label: text, id: `info:${serviceId}`, collapsible: 'none', contextValue: 'info' };
}
