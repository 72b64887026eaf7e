// The one table of commands and the one funnel every command runs through: errors become
// a single clear message (details go to the extension's log), and a service that vanished
// meanwhile refreshes the tree.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { toSwarmError } from '../docker/errors';
import type { CommandContext } from './context';
import { copyServiceId } from './copyServiceId';
import { clearTaskFilter, filterTasks, hideTaskHistory, showTaskHistory } from './filterTasks';
import { forceUpdateService } from './forceUpdateService';
import { inspectService } from './inspectService';
import { refresh } from './refresh';
import { reloadService } from './reloadService';
import { removeService } from './removeService';
import { scaleService } from './scaleService';
import { showServiceLogs, showServiceLogsWithOptions } from './showServiceLogs';
import { initSwarm } from './initSwarm';
import { removeStack } from './removeStack';
import { selectDockerContext } from './selectDockerContext';
import { rollbackService } from './rollbackService';
import { activateNode, drainNode, pauseNode } from './setNodeAvailability';
import { showTaskLogs } from './showTaskLogs';
import { openShellInTask } from './openShellInTask';
import { updateServiceImage } from './updateServiceImage';
import { stopFollowingLogs } from './stopFollowingLogs';
import { deployStack } from './deployStack';
import { previewStackDeploy } from './previewStackDeploy';
import { redeployLatestImage } from './redeployLatestImage';
import { logInToRegistry, logOutOfRegistry } from './registryLogin';
import { createConfig, createNetwork, createSecret } from './objects/createObject';
import { removeConfig, removeNetwork, removeSecret } from './objects/removeObject';
import { openConfig } from './objects/openConfig';
import { rotateConfig, rotateSecret } from './objects/rotateObject';
import { addNodeLabel, removeNodeLabel } from './nodeLabels';
import { hideServiceStats, hideTaskStats, showServiceStats, showTaskStats } from './taskStats';
import { switchManager } from './switchManager';

type Handler = (ctx: CommandContext, ...args: never[]) => Promise<unknown>;

export const COMMAND_TABLE: Record<string, Handler> = {
  [Commands.refresh]: refresh,
  [Commands.scale]: scaleService,
  [Commands.reload]: reloadService,
  [Commands.forceUpdate]: forceUpdateService,
  [Commands.remove]: removeService,
  [Commands.showLogs]: showServiceLogs,
  [Commands.showLogsWithOptions]: showServiceLogsWithOptions,
  [Commands.stopLogs]: stopFollowingLogs,
  [Commands.showTaskLogs]: showTaskLogs,
  [Commands.openShell]: openShellInTask,
  [Commands.inspect]: inspectService,
  [Commands.filterTasks]: filterTasks,
  [Commands.clearTaskFilter]: clearTaskFilter,
  [Commands.showTaskHistory]: showTaskHistory,
  [Commands.hideTaskHistory]: hideTaskHistory,
  [Commands.copyId]: copyServiceId,
  [Commands.rollback]: rollbackService,
  [Commands.updateImage]: updateServiceImage,
  [Commands.removeStack]: removeStack,
  [Commands.drainNode]: drainNode,
  [Commands.pauseNode]: pauseNode,
  [Commands.activateNode]: activateNode,
  [Commands.selectContext]: selectDockerContext,
  [Commands.initSwarm]: initSwarm,
  [Commands.deployStack]: deployStack,
  [Commands.previewStackDeploy]: previewStackDeploy,
  [Commands.redeployLatestImage]: redeployLatestImage,
  [Commands.logInToRegistry]: logInToRegistry,
  [Commands.logOutOfRegistry]: logOutOfRegistry,
  [Commands.createSecret]: createSecret,
  [Commands.removeSecret]: removeSecret,
  [Commands.rotateSecret]: rotateSecret,
  [Commands.createConfig]: createConfig,
  [Commands.removeConfig]: removeConfig,
  [Commands.rotateConfig]: rotateConfig,
  [Commands.openConfig]: openConfig,
  [Commands.createNetwork]: createNetwork,
  [Commands.removeNetwork]: removeNetwork,
  [Commands.addNodeLabel]: addNodeLabel,
  [Commands.removeNodeLabel]: removeNodeLabel,
  // Live stats (issue 17)
  [Commands.showTaskStats]: showTaskStats,
  [Commands.hideTaskStats]: hideTaskStats,
  [Commands.showServiceStats]: showServiceStats,
  [Commands.hideServiceStats]: hideServiceStats,
  [Commands.switchManager]: switchManager,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMAND_TABLE).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => runCommand(ctx, id, handler, args)),
  );
}

async function runCommand(ctx: CommandContext, id: string, handler: Handler, args: unknown[]): Promise<unknown> {
  try {
    return await (handler as (ctx: CommandContext, ...a: unknown[]) => Promise<unknown>)(ctx, ...args);
  } catch (e) {
    const err = toSwarmError(e);
    ctx.log.error(`${id}: ${err.message}${err.detail && err.detail !== err.message ? ` (${err.detail})` : ''}`);
    if (err.kind === 'notFound') {
      void ctx.store.refresh();
      void ctx.host.showErrorMessage(`${err.message.replace(/\.?$/, '.')} It no longer exists; the view was refreshed.`);
    } else {
      void ctx.host.showErrorMessage(err.message);
    }
    return undefined;
  }
}
