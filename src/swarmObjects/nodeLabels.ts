// Add Node Label… and Remove Node Label…: the input read as `docker node update --label-add`
// and `--label-rm` read it (docker/cli cli/command/node/update.go), and the node spec changed
// for the versioned node update (POST /nodes/{id}/update?version=N with the whole spec).
import type { Parsed } from '../model/input';
import { parseLabel } from './validation';

/** The part of a node's spec a label change touches; everything else is passed through. */
export interface NodeSpecLike {
  Labels?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * `key=value` for Add Node Label…: the CLI's `--label-add` uses the same validator as
 * `--label` (opts.ValidateLabel), so the rules and our one difference (a label without "=" is
 * refused, not read as an empty value) are parseLabel's.
 */
export function parseNodeLabel(text: string): Parsed<{ key: string; value: string }> {
  return parseLabel(text);
}

/**
 * A key for Remove Node Label…. The CLI's `--label-rm` checks nothing but that the key exists
 * on the node ("key %s doesn't exist in node's labels"); here surrounding spaces are dropped
 * unless the node really has a key written with them.
 */
export function parseNodeLabelKey(text: string, labels: Record<string, string> | undefined): Parsed<string> {
  const existing = labels ?? {};
  if (Object.prototype.hasOwnProperty.call(existing, text)) return { ok: true, value: text };
  const key = text.trim();
  if (key === '') return { ok: false, message: 'Enter the key of the label to remove.' };
  if (Object.prototype.hasOwnProperty.call(existing, key)) return { ok: true, value: key };
  const keys = Object.keys(existing);
  const known = keys.length === 0 ? 'the node has no labels' : `its labels are ${keys.slice(0, 10).map((k) => JSON.stringify(k)).join(', ')}${keys.length > 10 ? ', …' : ''}`;
  return { ok: false, message: `The node has no label ${JSON.stringify(key.slice(0, 70))}: ${known}.` };
}

/** The spec with the label added or its value replaced; the given spec is not modified. */
export function withNodeLabel<S extends NodeSpecLike>(spec: S, key: string, value: string): S {
  return { ...spec, Labels: { ...(spec.Labels ?? {}), [key]: value } };
}

/** The spec without the label; the given spec is not modified. */
export function withoutNodeLabel<S extends NodeSpecLike>(spec: S, key: string): S {
  const labels = { ...(spec.Labels ?? {}) };
  delete labels[key];
  return { ...spec, Labels: labels };
}
