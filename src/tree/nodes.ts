// The Services tree's node kinds as plain data, and the one mapping from a node to the
// TreeItem VS Code shows. Engine text is only ever placed in plain-text fields.
import * as vscode from 'vscode';
import { health, isScalable, type ServiceSummary, type TaskSummary } from '../model/summaries';

export interface ServiceNode {
  kind: 'service';
  service: ServiceSummary;
}

export interface TaskNode {
  kind: 'task';
  task: TaskSummary;
  service: ServiceSummary;
}

/** Services labelled as one stack (com.docker.stack.namespace), grouped. */
export interface StackNode {
  kind: 'stack';
  name: string;
  services: ServiceSummary[];
}

/** A line of text under a service that has nothing else to show (no tasks, or none match). */
export interface InfoNode {
  kind: 'info';
  text: string;
  service: ServiceSummary;
}

export type SwarmNode = StackNode | ServiceNode | TaskNode | InfoNode;

/** `service:<mode>[:scalable][:updating]`; package.json's `when` clauses match it with anchored regexes. */
export function serviceContextValue(s: ServiceSummary, following = false): string {
  const facets = ['service', s.mode];
  if (isScalable(s.mode)) facets.push('scalable');
  if (s.updateState === 'updating' || s.updateState === 'rollback_started') facets.push('updating');
  if (s.hasPreviousSpec) facets.push('rollback');
  if (following) facets.push('following');
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
  if (s.createdAt) lines.push(`Created: ${s.createdAt}`);
  if (s.updatedAt) lines.push(`Updated: ${s.updatedAt}`);
  if (s.updateState) lines.push(`Update: ${s.updateState}${s.updateMessage ? ` — ${s.updateMessage}` : ''}`);
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

export function taskIcon(state: string): vscode.ThemeIcon {
  switch (state) {
    case 'running':
      return new vscode.ThemeIcon('play-circle', new vscode.ThemeColor('testing.iconPassed'));
    case 'complete':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('disabledForeground'));
    case 'failed':
    case 'rejected':
    case 'orphaned':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'shutdown':
    case 'remove':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    default: // new, pending, assigned, accepted, ready, preparing, starting
      return new vscode.ThemeIcon('loading~spin');
  }
}

export function taskDescription(t: TaskSummary): string {
  const parts = [t.state];
  if (t.desiredState !== 'running' && t.desiredState !== t.state) parts.push(`→ ${t.desiredState}`);
  if (t.nodeName) parts.push(`@${t.nodeName}`);
  if (t.error) parts.push(`— ${t.error}`);
  return parts.join(' ');
}

export function taskTooltip(t: TaskSummary): string {
  const lines = [t.name, `Task ID: ${t.id}`, `State: ${t.state} (desired: ${t.desiredState})`];
  if (t.nodeName) lines.push(`Node: ${t.nodeName}${t.nodeId ? ` (${t.nodeId})` : ''}`);
  if (t.timestamp) lines.push(`Since: ${t.timestamp}`);
  if (t.message) lines.push(`Message: ${t.message}`);
  if (t.error) lines.push(`Error: ${t.error}`);
  return lines.join('\n');
}

export function toTreeItem(node: SwarmNode, following = false): vscode.TreeItem {
  if (node.kind === 'stack') {
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `stack:${node.name}`;
    const running = node.services.reduce((n, s) => n + s.running, 0);
    const desired = node.services.reduce((n, s) => n + s.desired, 0);
    item.description = `stack · ${node.services.length} service${node.services.length === 1 ? '' : 's'} · ${running}/${desired}`;
    item.tooltip = [`Stack ${node.name}`, ...node.services.map((s) => `  ${s.name}: ${s.mode} ${s.running}/${s.desired}`)].join('\n');
    item.contextValue = 'stack';
    item.iconPath = new vscode.ThemeIcon('layers');
    return item;
  }
  if (node.kind === 'service') {
    const s = node.service;
    const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `service:${s.id}`;
    item.description = serviceDescription(s);
    item.tooltip = serviceTooltip(s);
    item.contextValue = serviceContextValue(s, following);
    // A rollout in progress is not an outage, even while a replica is being replaced.
    const rolling = s.updateState === 'updating' || s.updateState === 'rollback_started';
    const [icon, color] = rolling ? (['sync~spin', 'list.warningForeground'] as const) : HEALTH_ICONS[health(s)];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    return item;
  }
  if (node.kind === 'info') {
    const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    item.id = `info:${node.service.id}`;
    item.contextValue = 'info';
    return item;
  }
  const t = node.task;
  const item = new vscode.TreeItem(t.name, vscode.TreeItemCollapsibleState.None);
  item.id = `task:${t.id}`;
  item.description = taskDescription(t);
  item.tooltip = taskTooltip(t);
  item.contextValue = `task:${t.state}`;
  item.iconPath = taskIcon(t.state);
  return item;
}
