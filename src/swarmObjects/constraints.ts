// Why a task cannot be scheduled: which of a service's placement constraints no node can meet.
// Constraints are parsed and matched as swarmkit's scheduler does (manager/constraint/
// constraint.go): `key==value` or `key!=value`, "==" looked for first; values compared without
// case; label names with case; a node without the label reads as an empty value; a key the
// scheduler does not know matches no node.
import type { EngineNode } from '../model/engineTypes';
import { contains, parseAddress, parseCidr } from './cidr';

export interface ConstraintNode {
  id: string;
  hostname?: string;
  /** `worker` or `manager`. */
  role?: string;
  labels?: Record<string, string>;
  /** Status.Addr, for node.ip. */
  ip?: string;
  os?: string;
  arch?: string;
  /** Spec.Availability; a node not `active` takes no new task. */
  availability?: string;
  /** Status.State; a node not `ready` takes no new task. */
  state?: string;
}

export interface ConstraintReport {
  /** Constraints no node that takes tasks meets, each with the reason in words. */
  unsatisfied: Array<{ constraint: string; reason: string }>;
  /** Constraints not checked here, with why. */
  ignored: Array<{ constraint: string; note: string }>;
  /** Every checked constraint is met by some node, but no single node meets them all. */
  noNodeMeetsAll: boolean;
}

interface Parsed { key: string; equal: boolean; value: string }

const KEY = /^[a-z_][a-z0-9\-_.]+$/i;
const VALUE = /^[a-z0-9:\-_\s.*()?+[\]\\^$|/]+$/i;
const NODE_LABEL = 'node.labels.';
const ENGINE_LABEL = 'engine.labels.';

function parseConstraint(text: string): Parsed | undefined {
  for (const op of ['==', '!=']) {
    const at = text.indexOf(op);
    if (at < 0) continue;
    const key = text.slice(0, at).trim();
    const value = text.slice(at + op.length).trim();
    if (!KEY.test(key) || !VALUE.test(value)) return undefined;
    return { key, equal: op === '==', value };
  }
  return undefined;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The node's value for the key, or `undefined` for a key the scheduler does not know. */
function valueOf(key: string, node: ConstraintNode): string | undefined {
  const lower = key.toLowerCase();
  if (lower === 'node.id') return node.id;
  if (lower === 'node.hostname') return node.hostname ?? '';
  if (lower === 'node.role') return node.role ?? '';
  if (lower === 'node.platform.os') return node.os ?? '';
  if (lower === 'node.platform.arch') return node.arch ?? '';
  if (lower.startsWith(NODE_LABEL) && key.length > NODE_LABEL.length) return node.labels?.[key.slice(NODE_LABEL.length)] ?? '';
  return undefined;
}

function meets(c: Parsed, node: ConstraintNode): boolean {
  if (same(c.key, 'node.ip')) {
    const ip = parseAddress(node.ip ?? '');
    const single = parseAddress(c.value);
    const subnet = single ? undefined : parseCidr(c.value);
    if (!single && !subnet) return false; // a malformed address matches no node
    const within = ip !== undefined &&
      (single ? single.family === ip.family && single.value === ip.value : subnet !== undefined && contains(subnet, ip));
    return within === c.equal;
  }
  const value = valueOf(c.key, node);
  if (value === undefined) return false;
  return same(value, c.value) === c.equal;
}

function takesTasks(node: ConstraintNode): boolean {
  return (node.availability ?? 'active') === 'active' && (node.state ?? 'ready') === 'ready';
}

function reasonFor(c: Parsed, nodes: readonly ConstraintNode[]): string {
  const idle = nodes.filter((n) => !takesTasks(n) && meets(c, n)).map((n) => n.hostname || n.id);
  if (idle.length > 0) return `only ${idle.join(', ')} meet${idle.length === 1 ? 's' : ''} it, and no new task goes there (drained, paused or down)`;
  if (valueOf(c.key, nodes[0] ?? { id: '' }) === undefined && !same(c.key, 'node.ip')) {
    return `the scheduler does not know the key "${c.key}", so no node meets it`;
  }
  if (nodes.length === 0) return 'the swarm has no node';
  const isLabel = c.key.toLowerCase().startsWith(NODE_LABEL);
  if (c.equal) {
    const seen = [...new Set(nodes.map((n) => (same(c.key, 'node.ip') ? n.ip ?? '' : valueOf(c.key, n) ?? '')))].filter((v) => v !== '');
    const what = isLabel ? `the label "${c.key.slice(NODE_LABEL.length)}"` : `"${c.key}"`;
    const values = seen.length === 0 ? (isLabel ? 'no node has that label' : 'no node has a value for it') : `the nodes have ${seen.slice(0, 5).map((v) => JSON.stringify(v)).join(', ')}${seen.length > 5 ? ', …' : ''}`;
    return `no node has ${what} equal to "${c.value}" (${values})`;
  }
  return `every node has "${c.key}" equal to "${c.value}"`;
}

/**
 * The constraints that keep tasks off every node: each constraint checked alone against the
 * nodes that take tasks (active and ready), then all together. engine.labels.* constraints are
 * not checked (engine labels live in each daemon's own configuration; they are listed as ignored).
 */
export function explainConstraints(constraints: readonly string[], nodes: readonly ConstraintNode[]): ConstraintReport {
  const report: ConstraintReport = { unsatisfied: [], ignored: [], noNodeMeetsAll: false };
  const usable = nodes.filter(takesTasks);
  const checked: Parsed[] = [];
  for (const text of constraints) {
    const c = parseConstraint(text);
    if (!c) {
      report.unsatisfied.push({ constraint: text, reason: 'it is not a constraint the scheduler can read (key==value or key!=value)' });
      continue;
    }
    if (c.key.toLowerCase().startsWith(ENGINE_LABEL)) {
      report.ignored.push({ constraint: text, note: 'engine labels come from each daemon\'s own configuration and are not checked here' });
      continue;
    }
    checked.push(c);
    if (!usable.some((n) => meets(c, n))) report.unsatisfied.push({ constraint: text, reason: reasonFor(c, nodes) });
  }
  if (report.unsatisfied.length === 0 && checked.length > 1) {
    report.noNodeMeetsAll = !usable.some((n) => checked.every((c) => meets(c, n)));
  }
  return report;
}

/** The fields of GET /nodes that the constraints read. */
export function constraintNode(node: EngineNode): ConstraintNode {
  const raw = node as EngineNode & {
    Spec?: { Labels?: Record<string, string> };
    Description?: { Platform?: { OS?: string; Architecture?: string } };
  };
  return {
    id: node.ID,
    ...(node.Description?.Hostname !== undefined ? { hostname: node.Description.Hostname } : {}),
    ...(node.Spec?.Role !== undefined ? { role: node.Spec.Role } : {}),
    ...(raw.Spec?.Labels ? { labels: raw.Spec.Labels } : {}),
    ...(node.Status?.Addr !== undefined ? { ip: node.Status.Addr } : {}),
    ...(raw.Description?.Platform?.OS !== undefined ? { os: raw.Description.Platform.OS } : {}),
    ...(raw.Description?.Platform?.Architecture !== undefined ? { arch: raw.Description.Platform.Architecture } : {}),
    ...(node.Spec?.Availability !== undefined ? { availability: node.Spec.Availability } : {}),
    ...(node.Status?.State !== undefined ? { state: node.Status.State } : {}),
  };
}
