// Service log lines as the docker CLI shows them: `<service>.<slot>.<task>@<node> | message`.
// The Engine says which task a line came from only in the "details" attributes, so the
// client always asks for them and this module takes them off again (unless the user asked
// to see them).
import { taskLabel } from './taskLabel';

export interface SplitLine {
  timestamp?: string;
  /** The attributes the Engine put before the message (`k=v,k=v`), URL-decoded. */
  attrs: Record<string, string>;
  /** The raw attribute text, as the Engine sent it. */
  attrsText: string;
  message: string;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\S+) /;

/** Splits `[timestamp ]attrs message` (details on) or `[timestamp ]message` (details off). */
export function splitLogLine(text: string, withTimestamp: boolean, withDetails: boolean): SplitLine {
  return split(text, withTimestamp, withDetails, parseAttrs);
}

function split(
  text: string,
  withTimestamp: boolean,
  withDetails: boolean,
  attrsOf: (attrsText: string) => Record<string, string>,
): SplitLine {
  let rest = text;
  let timestamp: string | undefined;
  if (withTimestamp) {
    const m = TIMESTAMP.exec(rest);
    if (m) {
      timestamp = m[1];
      rest = rest.slice(m[0].length);
    }
  }
  let attrs: Record<string, string> | undefined;
  let attrsText = '';
  if (withDetails) {
    const space = rest.indexOf(' ');
    const candidate = space === -1 ? rest : rest.slice(0, space);
    if (candidate.includes('=')) {
      attrsText = candidate;
      attrs = attrsOf(candidate);
      rest = space === -1 ? '' : rest.slice(space + 1);
    }
  }
  const line: SplitLine = { attrs: attrs ?? {}, attrsText, message: rest };
  if (timestamp !== undefined) line.timestamp = timestamp;
  return line;
}

/** `k=v,k=v`, URL-decoded. */
function parseAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    attrs[safeDecode(pair.slice(0, eq))] = safeDecode(pair.slice(eq + 1));
  }
  return attrs;
}

/**
 * Every line of a task carries the same attribute text, so formatServiceLine decodes each
 * text once instead of once a line (decoding was most of its cost). Bounded: cleared when full.
 */
const attrsCache = new Map<string, Record<string, string>>();
const ATTRS_CACHE_MAX = 512;

let lastAttrs: { text: string; attrs: Record<string, string> } | undefined;

function cachedAttrs(text: string): Record<string, string> {
  // Consecutive lines mostly come from one task: compare with the last text before hashing.
  if (lastAttrs?.text === text) return lastAttrs.attrs;
  let attrs = attrsCache.get(text);
  if (!attrs) {
    if (attrsCache.size >= ATTRS_CACHE_MAX) attrsCache.clear();
    attrs = parseAttrs(text);
    attrsCache.set(text, attrs);
  }
  lastAttrs = { text, attrs };
  return attrs;
}

function splitWithCache(text: string, withTimestamp: boolean): SplitLine {
  return split(text, withTimestamp, true, cachedAttrs);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export interface TaskNaming {
  slot?: number;
  nodeName?: string;
}

/** `<service>.<slot or node>.<task id (12)>@<node>`, as `docker service logs` prints it. */
export function taskPrefix(serviceName: string, taskId: string, task: TaskNaming | undefined, nodeId: string | undefined): string {
  const node = task?.nodeName ?? (nodeId ? nodeId.slice(0, 12) : '?');
  return `${serviceName}.${taskLabel(task?.slot, node)}.${taskId.slice(0, 12)}@${node}`;
}

export interface FormatOptions {
  prefix: boolean;
  timestamps: boolean;
  /** Whether the user asked to see the details attributes. */
  details: boolean;
}

/** The text shown for one line of a service's logs (requested with details on). */
export function formatServiceLine(
  text: string,
  serviceName: string,
  o: FormatOptions,
  lookup: (taskId: string) => TaskNaming | undefined,
): string {
  // The cached attributes are shared between lines: read only, never handed out.
  const split = splitWithCache(text, o.timestamps);
  const parts: string[] = [];
  if (split.timestamp !== undefined) parts.push(split.timestamp);
  if (o.details && split.attrsText) parts.push(split.attrsText);
  parts.push(split.message);
  const body = parts.join(' ');
  if (!o.prefix) return body;
  const taskId = split.attrs['com.docker.swarm.task.id'];
  if (!taskId) return body;
  return `${taskPrefix(serviceName, taskId, lookup(taskId), split.attrs['com.docker.swarm.node.id'])} | ${body}`;
}
