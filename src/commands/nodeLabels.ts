// Add Node Label… and Remove Node Label… on a node of the Nodes view (or one picked from the
// palette): `docker node update --label-add/--label-rm`, sent as the versioned node update
// that Drain uses (read, change the labels, write with the version read, retried once).
import { SwarmError } from '../model/errors';
import type { NodeSummary } from '../model/nodeSummaries';
import { placementConstraints } from '../model/placement';
import { parseNodeLabel, parseNodeLabelKey } from '../swarmObjects/nodeLabels';
import { askValue } from './askValue';
import type { CommandContext } from './context';
import { resolveNode, targetsOf } from './targets';
import { neutraliseIcons } from '../model/text';

const LABEL_PREFIX = 'node.labels.';

const shown = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/** The node as the store lists it now: a clicked row may be older than the last refresh. */
async function current(ctx: CommandContext, node: NodeSummary): Promise<NodeSummary> {
  await ctx.store.refresh();
  if (ctx.store.lastError) throw ctx.store.lastError;
  const found = ctx.store.findNode(node.id);
  if (!found) throw new SwarmError('notFound', `The node ${node.hostname} is no longer in the swarm.`);
  return found;
}

/**
 * `label` may be given as `key=value` (a keybinding, another extension, a test); it is
 * validated as typed text is. Returns the node's labels after the change.
 */
export async function addNodeLabel(ctx: CommandContext, arg?: unknown, label?: unknown): Promise<Record<string, string> | undefined> {
  // Refused before anything is asked or read while the quorum is known lost, in the view's words.
  ctx.client().refuseChanges?.();
  const node = await resolveNode(targetsOf(ctx), arg, 'Select a node to label');
  if (!node) return undefined;
  const parsed = await askValue(ctx, label, parseNodeLabel, {
    title: `Add Node Label to ${node.hostname}`,
    prompt: 'key=value (key= for an empty value). A key the node already has gets the new value.',
    placeHolder: 'zone=eu-west',
  });
  if (!parsed) return undefined;
  const { key, value } = parsed;
  let before: string | undefined;
  const updated = await ctx.host.withProgress(`Labelling ${node.hostname}`, () =>
    ctx.client().updateNodeLabels(node.id, (labels) => {
      // Read from the labels written over (after a conflict, the second read's).
      before = Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
      return { ...labels, [key]: value };
    }),
  );
  await ctx.store.refresh();
  const name = updated.Description?.Hostname ?? node.hostname;
  if (before === undefined) void ctx.host.showInformationMessage(`Added label ${key}=${value} to node ${name}.`);
  else if (before === value) void ctx.host.showInformationMessage(`Node ${name} already had label ${key}=${value}; nothing changed.`);
  else void ctx.host.showInformationMessage(`Changed label ${key} on node ${name} from ${shown(before)} to ${shown(value)}.`);
  return { ...(updated.Spec?.Labels ?? {}) };
}

/** The listed services whose placement constraints read one of these label keys. */
function constrainedBy(ctx: CommandContext, keys: readonly string[]): string[] {
  const names: string[] = [];
  for (const s of ctx.store.snapshot?.services ?? []) {
    const reads = placementConstraints(s).some((c) => {
      const key = c.split(/==|!=/)[0]?.trim() ?? '';
      // As the scheduler reads it: the prefix in any case, the label name as written.
      return key.toLowerCase().startsWith(LABEL_PREFIX) && keys.includes(key.slice(LABEL_PREFIX.length));
    });
    if (reads) names.push(s.Spec?.Name ?? s.ID);
  }
  return names.sort();
}

/** The keys given as an argument (one key or several), each checked against the node's labels. */
function givenKeys(given: unknown, labels: Record<string, string>): string[] | undefined {
  const list = typeof given === 'string' ? [given] : Array.isArray(given) && given.length > 0 && given.every((k) => typeof k === 'string') ? (given as string[]) : undefined;
  if (!list) return undefined;
  return list.map((k) => {
    const p = parseNodeLabelKey(k, labels);
    if (!p.ok) throw new SwarmError('invalid', p.message);
    return p.value;
  });
}

/**
 * A quick pick of the node's labels (several may be picked), a modal confirmation naming them,
 * then one update that removes them. `keys` may be given (a key or a list of keys). Returns the
 * keys removed.
 */
export async function removeNodeLabel(ctx: CommandContext, arg?: unknown, keys?: unknown): Promise<string[]> {
  ctx.client().refuseChanges?.();
  const chosen = await resolveNode(targetsOf(ctx), arg, 'Select a node to remove labels from');
  if (!chosen) return [];
  const node = await current(ctx, chosen);
  const labels = node.labels;
  if (Object.keys(labels).length === 0) {
    void ctx.host.showInformationMessage(`Node ${node.hostname} has no labels to remove.`);
    return [];
  }
  let picked = givenKeys(keys, labels);
  if (!picked) {
    const items = Object.entries(labels)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => ({ label: neutraliseIcons(`${key}=${value}`), key }));
    const answer = await ctx.host.showQuickPick(items, { title: `Remove Node Label from ${node.hostname}`, placeHolder: 'Select the labels to remove', canPickMany: true } as never);
    // With canPickMany the answer is the list of items picked.
    const list = answer as unknown as { key: string }[] | undefined;
    if (!list || list.length === 0) return [];
    picked = list.map((i) => i.key);
  }
  const named = picked.map((k) => `${k}=${labels[k] ?? ''}`).join(', ');
  const users = constrainedBy(ctx, picked);
  const detail = users.length > 0
    ? `The placement constraints of ${users.join(', ')} read ${picked.length === 1 ? 'this label' : 'these labels'}: their tasks on this node may be stopped and placed on a node that fits, or wait for one.`
    : 'No listed service has a placement constraint on ' + (picked.length === 1 ? 'this label.' : 'these labels.');
  const answer = await ctx.host.confirm(`Remove ${picked.length === 1 ? 'label' : `${picked.length} labels`} ${named} from node ${node.hostname}?`, detail, 'Remove');
  if (answer !== 'Remove') return [];
  const removed: string[] = [];
  await ctx.host.withProgress(`Removing labels from ${node.hostname}`, () =>
    ctx.client().updateNodeLabels(node.id, (now) => {
      removed.length = 0;
      const next = { ...now };
      for (const k of picked) {
        if (!Object.prototype.hasOwnProperty.call(next, k)) continue;
        delete next[k];
        removed.push(k);
      }
      return next;
    }),
  );
  await ctx.store.refresh();
  const gone = picked.filter((k) => !removed.includes(k));
  const done = removed.length > 0
    ? `Removed label${removed.length === 1 ? '' : 's'} ${removed.join(', ')} from node ${node.hostname}.`
    : `Node ${node.hostname} has none of these labels any more; nothing changed.`;
  const meanwhile = gone.length > 0 && removed.length > 0 ? ` (${gone.join(', ')} ${gone.length === 1 ? 'was' : 'were'} already gone.)` : '';
  void ctx.host.showInformationMessage(`${done}${meanwhile}`);
  return removed;
}
