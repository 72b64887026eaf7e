// Show Task Logs: one task's logs in a channel of its own, with the logs settings.
import type { TaskNode } from '../tree/nodes';
import type { CommandContext } from './context';

export async function showTaskLogs(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const node = arg as Partial<TaskNode> | undefined;
  let task = node?.kind === 'task' ? node.task : undefined;
  if (!task) {
    const services = ctx.services.services;
    const picks = services.flatMap((s) =>
      ctx.services.tasksOf(s.id).map((t) => ({ label: t.name, description: `${t.state}${t.nodeName ? ` @${t.nodeName}` : ''}`, detail: t.id, task: t })),
    );
    if (picks.length === 0) {
      void ctx.host.showInformationMessage('There is no task to choose from.');
      return undefined;
    }
    task = (await ctx.host.showQuickPick(picks, { placeHolder: 'Select a task to show logs of', matchOnDetail: true }))?.task;
  }
  if (!task) return undefined;
  const channel = await ctx.logs.open({ kind: 'task', id: task.id, name: `${task.name}.${task.id.slice(0, 12)}` }, ctx.logOptions());
  return channel.name;
}
