// Show Task Logs: one task's logs in a channel of its own, with the logs settings. From the
// palette: a service, then one of its tasks meant to run.
import { DEFAULT_TASK_FILTER } from '../model/taskFilter';
import { nodeNames, summarizeTasks, type TaskSummary } from '../model/summaries';
import type { ServicesTreeElement } from '../tree/servicesItems';
import type { CommandContext } from './context';
import { pickService } from './pickService';

export async function showTaskLogs(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const node = arg as Partial<ServicesTreeElement> | undefined;
  let task: TaskSummary | undefined = node?.kind === 'task' ? node.task : undefined;
  if (!task) {
    const service = await pickService(ctx, node?.kind === 'service' ? node : undefined, 'Select the service of the task');
    if (!service) return undefined;
    const client = ctx.client();
    const [raw, nodes] = await Promise.all([client.serviceTasks(service.id, DEFAULT_TASK_FILTER), client.listNodes()]);
    const names = nodeNames(nodes);
    const tasks = summarizeTasks(raw, service.name, names);
    if (tasks.length === 0) {
      void ctx.host.showInformationMessage(`${service.name} has no task meant to run.`);
      return undefined;
    }
    const picks = tasks.map((t) => ({ label: t.name, description: `${t.state}${t.nodeName ? ` @${t.nodeName}` : ''}`, detail: t.id, task: t }));
    task = tasks.length === 1 ? tasks[0] : (await ctx.host.showQuickPick(picks, { placeHolder: `Select a task of ${service.name}`, matchOnDetail: true }))?.task;
  }
  if (!task) return undefined;
  const channel = await ctx.logs.open({ kind: 'task', id: task.id, name: `${task.name}.${task.id.slice(0, 12)}`, serviceId: task.serviceId }, ctx.logOptions());
  return channel.name;
}
