// The Secrets, Configs and Networks trees' elements as plain data (the objects, grouped by
// stack, and under each the services that use it) and the mapping from each to the row VS Code
// shows. Free of the VS Code API so plain mocha can test every row; Engine text only ever
// reaches plain-text fields.
import type { FileUse, NetworkUse, SwarmConfig, SwarmNetwork, SwarmSecret } from '../model/swarmObjects';
import type { ItemSpec } from './treeItem';

export type ObjectKind = 'secret' | 'config' | 'network';

/** Objects labelled as one stack (com.docker.stack.namespace), in one of the three views. */
export interface ObjectStackElement {
  kind: 'objectStack';
  objectKind: ObjectKind;
  name: string;
}

export interface SecretElement {
  kind: 'secret';
  secret: SwarmSecret;
}

export interface ConfigElement {
  kind: 'config';
  config: SwarmConfig;
}

export interface NetworkElement {
  kind: 'network';
  network: SwarmNetwork;
}

/** A service that uses a secret or config (with the file it sees), or is attached to a network. */
export interface ObjectUseElement {
  kind: 'objectUse';
  objectKind: ObjectKind;
  /** The secret's, config's or network's ID. */
  objectId: string;
  use: FileUse | NetworkUse;
}

/** A line of text under an object (nothing uses it). */
export interface ObjectInfoElement {
  kind: 'objectInfo';
  objectKind: ObjectKind;
  objectId: string;
  text: string;
}

export type ObjectElement = SecretElement | ConfigElement | NetworkElement;
export type ObjectsTreeElement = ObjectStackElement | ObjectElement | ObjectUseElement | ObjectInfoElement;

export const STACK_LABEL = 'com.docker.stack.namespace';

/** The object an element stands for: its ID, name, labels and kind. */
export function objectOf(e: ObjectElement): { kind: ObjectKind; id: string; name: string; labels: Record<string, string> } {
  switch (e.kind) {
    case 'secret':
      return { kind: 'secret', id: e.secret.id, name: e.secret.name, labels: e.secret.labels };
    case 'config':
      return { kind: 'config', id: e.config.id, name: e.config.name, labels: e.config.labels };
    case 'network':
      return { kind: 'network', id: e.network.id, name: e.network.name, labels: e.network.labels };
  }
}

/** "3 minutes ago" from an Engine timestamp; undefined when it cannot be read. */
export function age(iso: string | undefined, now: number): string | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  const units: [number, string][] = [[86_400, 'day'], [3_600, 'hour'], [60, 'minute']];
  for (const [size, name] of units) {
    if (s >= size) {
      const n = Math.floor(s / size);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

function labelLines(labels: Record<string, string>): string[] {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? ['Labels:', ...entries.map(([k, v]) => `  ${k}=${v}`)] : [];
}

function usedBy(count: number): string {
  return count === 0 ? 'unused' : `${count} service${count === 1 ? '' : 's'}`;
}

export function secretItem(s: SwarmSecret, uses: number, now: number): ItemSpec {
  const when = age(s.createdAt, now);
  return {
    label: s.name,
    id: `secret:${s.id}`,
    collapsible: 'collapsed',
    contextValue: uses > 0 ? 'secret:used' : 'secret:unused',
    description: [when, usedBy(uses)].filter(Boolean).join(' · '),
    tooltip: [
      `Secret ${s.name}`,
      `ID: ${s.id}`,
      ...(s.createdAt ? [`Created: ${s.createdAt}`] : []),
      ...(s.updatedAt && s.updatedAt !== s.createdAt ? [`Updated: ${s.updatedAt}`] : []),
      ...(s.driver ? [`Driver: ${s.driver}`] : []),
      ...(s.templating ? [`Templating: ${s.templating}`] : []),
      `Used by: ${usedBy(uses)}`,
      ...labelLines(s.labels),
      'Its data is never shown: the Engine does not return it.',
    ].join('\n'),
    icon: { id: 'key' },
  };
}

export function configItem(c: SwarmConfig, uses: number, now: number): ItemSpec {
  const when = age(c.createdAt, now);
  return {
    label: c.name,
    id: `config:${c.id}`,
    collapsible: 'collapsed',
    contextValue: uses > 0 ? 'config:used' : 'config:unused',
    description: [when, c.templating ? `template (${c.templating})` : undefined, usedBy(uses)].filter(Boolean).join(' · '),
    tooltip: [
      `Config ${c.name}`,
      `ID: ${c.id}`,
      ...(c.createdAt ? [`Created: ${c.createdAt}`] : []),
      ...(c.updatedAt && c.updatedAt !== c.createdAt ? [`Updated: ${c.updatedAt}`] : []),
      ...(c.templating ? [`Templating driver: ${c.templating}`] : []),
      `Used by: ${usedBy(uses)}`,
      ...labelLines(c.labels),
    ].join('\n'),
    icon: { id: 'file-code' },
  };
}

function networkTraits(n: SwarmNetwork): string[] {
  return [n.ingress ? 'ingress' : undefined, n.attachable ? 'attachable' : undefined, n.internal ? 'internal' : undefined, n.ipv6 ? 'IPv6' : undefined].filter(
    (t): t is string => !!t,
  );
}

export function networkItem(n: SwarmNetwork, uses: number): ItemSpec {
  const subnets = n.ipam.map((i) => i.subnet).filter((s): s is string => !!s);
  return {
    label: n.name,
    id: `network:${n.id}`,
    collapsible: 'collapsed',
    // The routing mesh's network is protected: no Remove in its menu.
    contextValue: n.ingress ? 'network:ingress' : uses > 0 ? 'network:used' : 'network:unused',
    // A network just created is listed before the swarm's allocator gives it its driver and
    // subnet (its update event follows): say so rather than show nothing.
    description: [n.driver || 'allocating…', ...networkTraits(n), ...subnets, usedBy(uses)].filter(Boolean).join(' · '),
    tooltip: [
      `Network ${n.name}${n.ingress ? ' (the routing mesh: protected)' : ''}`,
      `ID: ${n.id}`,
      `Driver: ${n.driver || '(not allocated yet)'}`,
      `Attachable: ${n.attachable ? 'yes' : 'no'}`,
      `Internal: ${n.internal ? 'yes' : 'no'}`,
      ...n.ipam.map((i) => `Subnet: ${i.subnet ?? '(assigned)'}${i.gateway ? `, gateway ${i.gateway}` : ''}${i.ipRange ? `, range ${i.ipRange}` : ''}`),
      ...(n.createdAt ? [`Created: ${n.createdAt}`] : []),
      `Services attached: ${usedBy(uses)}`,
      ...labelLines(n.labels),
    ].join('\n'),
    icon: { id: n.ingress ? 'globe' : 'type-hierarchy' },
  };
}

/**
 * Where the file is inside the container: an absolute target as it is; a relative one under
 * /run/secrets for a secret and under / for a config (what the Engine mounts, seen in a task).
 */
export function filePath(kind: ObjectKind, target: string): string {
  if (target.startsWith('/')) return target;
  return kind === 'secret' ? `/run/secrets/${target}` : `/${target}`;
}

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8)}`;
}

export function useItem(e: ObjectUseElement): ItemSpec {
  const u = e.use;
  const base = { label: u.name, id: `${e.objectKind}:${e.objectId}:use:${u.id}`, collapsible: 'none' as const, contextValue: `${e.objectKind}Use`, icon: { id: 'server-process' } };
  if ('aliases' in u) {
    return { ...base, description: u.aliases.length ? `aliases: ${u.aliases.join(', ')}` : '', tooltip: [`Service ${u.name}`, `ID: ${u.id}`, ...(u.aliases.length ? [`Aliases: ${u.aliases.join(', ')}`] : [])].join('\n') };
  }
  const t = u.target;
  // A service may mount the same secret twice: the row's id carries the path too.
  const id = t ? `${base.id}:${t.name}` : `${base.id}:runtime`;
  if (!t) return { ...base, id, description: 'runtime (credential spec)', tooltip: `Service ${u.name}\nID: ${u.id}\nUsed by the runtime, not as a file` };
  const path = filePath(e.objectKind, t.name);
  return {
    ...base,
    id,
    description: `${path} · ${t.uid}:${t.gid} ${octal(t.mode)}`,
    tooltip: [`Service ${u.name}`, `ID: ${u.id}`, `File: ${path}`, `Owner: uid ${t.uid}, gid ${t.gid}`, `Mode: ${octal(t.mode)}`].join('\n'),
  };
}

export function objectStackItem(e: ObjectStackElement, count: number): ItemSpec {
  const noun = e.objectKind === 'secret' ? 'secret' : e.objectKind === 'config' ? 'config' : 'network';
  return {
    label: e.name,
    id: `${e.objectKind}Stack:${e.name}`,
    collapsible: 'expanded',
    contextValue: 'objectStack',
    description: `stack · ${count} ${noun}${count === 1 ? '' : 's'}`,
    tooltip: `Stack ${e.name}`,
    icon: { id: 'layers' },
  };
}

export function objectInfoItem(e: ObjectInfoElement): ItemSpec {
  return { label: e.text, id: `${e.objectKind}:${e.objectId}:info`, collapsible: 'none', contextValue: 'objectInfo' };
}

const PLURAL: Record<ObjectKind, string> = { secret: 'secrets', config: 'configs', network: 'networks' };

/**
 * What a view says above its rows when its kind could not be listed. Only while the swarm is
 * otherwise reachable: when it is not, the view's welcome content explains that (and a message
 * would hide it).
 */
export function listingMessage(kind: ObjectKind, error: { message: string } | undefined, swarmOk: boolean): string | undefined {
  return error && swarmOk ? `The ${PLURAL[kind]} could not be listed: ${error.message}` : undefined;
}
