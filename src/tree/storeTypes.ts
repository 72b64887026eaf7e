// What the SwarmStore tells its readers: its connection state, what changed, and the context keys it sets.
import type { SwarmError } from '../model/errors';

export type ConnectionState = 'loading' | 'ok' | SwarmError['kind'];

/**
 * What changed: everything (a refresh completed, successful or not), or what a change's
 * re-read replaced (services by ID; `nodes`: the nodes or the tasks on them;
 * `everyRow`: nodes were read, which every row may show).
 */
export type StoreChange =
  | { kind: 'refreshed' }
  | { kind: 'patched'; changed: readonly string[]; added: readonly string[]; removed: readonly string[]; nodes: boolean; everyRow: boolean };

/** The context keys the store's state decides (src/contextKeys.ts in the extension; a recorder in tests). */
export interface StoreContextKeys {
  connection(state: ConnectionState): void;
  taskFilterActive(active: boolean): void;
  taskHistoryShown(shown: boolean): void;
}

export const NO_KEYS: StoreContextKeys = { connection: () => undefined, taskFilterActive: () => undefined, taskHistoryShown: () => undefined };
