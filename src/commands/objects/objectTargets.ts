// What a secret, config or network command acts on: the clicked row (or a row under it, a
// service using it), a multi-selection, an ID or name given by a keybinding, another extension
// or a test, or else a quick pick of what the engine lists now. Free of `vscode` at run time.
import { SwarmError } from '../../model/errors';
import type { SwarmConfig, SwarmNetwork, SwarmSecret } from '../../model/swarmObjects';
import type { ObjectKind } from '../../tree/objectsItems';
import type { CommandContext } from '../context';
import { choose } from '../targets';

export type ObjectOf<K extends ObjectKind> = K extends 'secret' ? SwarmSecret : K extends 'config' ? SwarmConfig : SwarmNetwork;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** The object a row stands for when it is of this kind (an object row, or a use or info row under one). */
function objectIdOf(kind: ObjectKind, x: unknown): string | undefined {
  if (!isRecord(x)) return undefined;
  if (x['kind'] === kind && isRecord(x[kind]) && typeof x[kind]['id'] === 'string') return x[kind]['id'];
  if ((x['kind'] === 'objectUse' || x['kind'] === 'objectInfo') && x['objectKind'] === kind && typeof x['objectId'] === 'string') return x['objectId'];
  return undefined;
}

/** Lists the kind now (one request): a picker offers what is there, and a clicked row is acted on as it is now. */
export async function listNow<K extends ObjectKind>(ctx: CommandContext, kind: K): Promise<ObjectOf<K>[]> {
  const client = ctx.client();
  const list = kind === 'secret' ? await client.listSecrets() : kind === 'config' ? await client.listConfigs() : await client.listNetworks();
  return list as ObjectOf<K>[];
}

function describe(kind: ObjectKind, o: SwarmSecret | SwarmConfig | SwarmNetwork): string | undefined {
  if (kind === 'network') {
    const n = o as SwarmNetwork;
    return [n.driver, ...n.ipam.map((i) => i.subnet).filter(Boolean)].join(' · ');
  }
  return (o as SwarmSecret).createdAt?.replace(/\.\d+/, '');
}

export interface ObjectChoice<K extends ObjectKind> {
  placeHolder: string;
  /** Which of the listed objects may be picked (all by default). */
  eligible?: (o: ObjectOf<K>) => boolean;
  /** Said when there is nothing eligible. */
  none?: string;
}

/**
 * The objects of a kind a command acts on: the rows of a multi-selection (each once), a clicked
 * row, an ID or name, or one picked. Each is the object as listed now; a row whose object is
 * gone, or a name that matches none, is an error that says so.
 */
export async function resolveObjects<K extends ObjectKind>(ctx: CommandContext, kind: K, arg: unknown, selection: unknown, choice: ObjectChoice<K>): Promise<ObjectOf<K>[]> {
  const rows = Array.isArray(selection) && selection.length > 1 ? selection : arg !== undefined ? [arg] : [];
  const ids = rows.map((x: unknown) => objectIdOf(kind, x) ?? (typeof x === 'string' && x ? x : undefined)).filter((s): s is string => !!s);
  const listed = await listNow(ctx, kind);
  if (ids.length > 0) {
    const found = new Map<string, ObjectOf<K>>();
    for (const id of ids) {
      // An ID wins over a name that happens to look like one.
      const o = listed.find((x) => x.id === id) ?? listed.find((x) => x.name === id);
      if (!o) throw new SwarmError('notFound', `No ${kind} named or with ID "${id.slice(0, 80)}" exists`);
      found.set(o.id, o);
    }
    return [...found.values()];
  }
  const picked = await choose(ctx.host, {
    candidates: listed.filter((o) => choice.eligible?.(o) ?? true).sort((a, b) => a.name.localeCompare(b.name)),
    none: choice.none ?? `There is no ${kind} to choose from.`,
    item: (o) => {
      const description = describe(kind, o);
      return { label: o.name, ...(description ? { description } : {}) };
    },
    options: { placeHolder: choice.placeHolder, matchOnDescription: true },
  });
  return picked ? [picked] : [];
}
