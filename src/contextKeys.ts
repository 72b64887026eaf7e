// Every context key the extension sets, in one place: the `when` clauses in package.json
// read them to show or hide menu entries and welcome content.
import * as vscode from 'vscode';
import { ContextKeys } from './constants';
import type { ConnectionState } from './tree/swarmStore';

type ContextKey = (typeof ContextKeys)[keyof typeof ContextKeys];

/** Sets one key; the specific setters below say what each key holds. */
function setContextKey(key: ContextKey, value: string | boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

export const contextKeys = {
  /** The views' state: ok, loading, or the kind of error (welcome content per kind). */
  connection: (state: ConnectionState): void => setContextKey(ContextKeys.connection, state),
  /** The task filter differs from the default one (Clear Task Filter shows). */
  taskFilterActive: (active: boolean): void => setContextKey(ContextKeys.taskFilterActive, active),
  /** Finished tasks are shown (Hide Task History shows instead of Show). */
  taskHistoryShown: (shown: boolean): void => setContextKey(ContextKeys.taskHistoryShown, shown),
  /** At least one log stream is followed (Stop Following Logs shows). */
  followingLogs: (following: boolean): void => setContextKey(ContextKeys.followingLogs, following),
  /** Live stats are on for every service (Hide Task Stats shows instead of Show). */
  taskStatsShown: (shown: boolean): void => setContextKey(ContextKeys.taskStatsShown, shown),
  /** Another manager of the swarm answers while the one in use does not (Switch to Another Manager shows). */
  failoverAvailable: (available: boolean): void => setContextKey(ContextKeys.failoverAvailable, available),
};
