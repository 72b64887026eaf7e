// The small decisions behind the Create and Remove commands for secrets, configs and networks,
// kept pure so that plain mocha checks them: a name to suggest for a file, the labels box, the
// Engine's refusal put in our words, and which of the objects chosen for removal may go.
import type { Parsed } from '../model/input';
import type { NetworkUse, SwarmConfig, SwarmNetwork, SwarmSecret, FileUse, UsageIndex } from '../model/swarmObjects';
import { MAX_OBJECT_NAME_LENGTH, parseLabels } from './validation';

/**
 * A valid secret or config name made from a file's base name (`my app (1).conf` →
 * `my-app-1.conf`): any other character becomes "-", a run of separators shrinks to one (a
 * dot if it holds one, to keep the extension), and the name starts and ends with a letter or
 * digit. Undefined when nothing usable is left.
 */
export function suggestObjectName(fileName: string): string | undefined {
  const cleaned = fileName
    .replace(/[^a-zA-Z0-9_.-]+/g, '-')
    .replace(/[_.-]{2,}/g, (run) => (run.includes('.') ? '.' : run[0]!))
    .slice(0, MAX_OBJECT_NAME_LENGTH)
    .replace(/^[^a-zA-Z0-9]+|[^a-zA-Z0-9]+$/g, '');
  return cleaned === '' ? undefined : cleaned;
}

/**
 * The labels box: `key=value` entries separated by commas (so a value cannot hold a comma
 * here), read as the CLI reads `--label`. Empty means none; an entry without "=" is refused.
 */
export function parseLabelList(text: string): Parsed<Record<string, string>> {
  return parseLabels(text.split(','));
}

/** The Engine's reason without gRPC's wrapping (`rpc error: code = X desc = …`). */
export function engineReason(text: string): string {
  return text.replace(/^.*?rpc error: code = \w+ desc = /s, '').trim();
}

/** `service web`, `services web and api`, `services a, b, c and 2 more`. */
export function serviceList(names: readonly string[], shown = 3): string {
  const unique = [...new Set(names)];
  if (unique.length === 1) return `service ${unique[0]}`;
  const head = unique.slice(0, shown);
  const more = unique.length - head.length;
  const listed = more > 0 ? `${head.join(', ')} and ${more} more` : `${head.slice(0, -1).join(', ')} and ${head[head.length - 1]}`;
  return `services ${listed}`;
}

export type RemovableKind = 'secret' | 'config' | 'network';
type Removable = SwarmSecret | SwarmConfig | SwarmNetwork;

export interface Refusal<T> {
  target: T;
  /** Why it is kept, to follow its name: `in use by service web`. */
  reason: string;
}

export interface RemovalPlan<T> {
  removable: T[];
  refused: Refusal<T>[];
}

function usesOf(kind: RemovableKind, usage: UsageIndex, id: string): readonly (FileUse | NetworkUse)[] {
  const index = kind === 'secret' ? usage.secrets : kind === 'config' ? usage.configs : usage.networks;
  return index.get(id) ?? [];
}

/**
 * Which of the chosen objects may be removed: not one a service uses (the Engine would refuse
 * it anyway, in words that name IDs for networks), and never the ingress network, which the
 * Engine removes without a word although the routing mesh needs it.
 */
export function planRemoval<T extends Removable>(kind: RemovableKind, targets: readonly T[], usage: UsageIndex): RemovalPlan<T> {
  const plan: RemovalPlan<T> = { removable: [], refused: [] };
  for (const target of targets) {
    if (kind === 'network' && (target as SwarmNetwork).ingress) {
      plan.refused.push({ target, reason: "protected: it is the swarm's routing mesh for published ports" });
      continue;
    }
    const users = usesOf(kind, usage, target.id);
    if (users.length > 0) plan.refused.push({ target, reason: `in use by ${serviceList(users.map((u) => u.name))}` });
    else plan.removable.push(target);
  }
  return plan;
}

/**
 * The services the Engine names when it refuses to remove an object in use: a secret's or
 * config's names (`… is in use by the following service(s): a, b`), a network's service ID
 * (`network <id> is in use by service <id>`), which `nameOf` turns into a name when it can.
 */
export function servicesInRefusal(message: string, nameOf: (id: string) => string | undefined = () => undefined): string[] {
  const listed = /in use by the following services?: (.+)$/s.exec(message);
  if (listed) return listed[1]!.split(',').map((s) => s.trim()).filter(Boolean);
  const one = /is in use by service (\S+)/.exec(message);
  if (one) return [nameOf(one[1]!) ?? one[1]!];
  return [];
}

/**
 * The task the Engine names when it refuses to remove a network that no service's spec names
 * but a task is still attached to (`network <id> is in use by task <id>`): a standalone
 * container on an attachable network, or a task of a service removed a moment ago.
 */
export function taskInRefusal(message: string): string | undefined {
  return /is in use by task (\S+)/.exec(message)?.[1];
}
