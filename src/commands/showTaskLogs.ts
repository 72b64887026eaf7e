// Show Task Logs: one task's logs in a channel of its own, with the logs settings. From the
// palette: a service, then one of its tasks meant to run.
import { DEFAULT_TASK_FILTER } from '../model/taskFilter';
import { nodeNames, summarizeTasks, type TaskSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { choose, isServiceElement, isTaskElement, resolveService, targetsOf } from './targets';

export async function showTaskLogs(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  let task: TaskSummary | undefined = isTaskElement(arg) ? arg.task : undefined;
  if (!task) {
    const service = await resolveService(targetsOf(ctx), isServiceElement(arg) ? arg : undefined, 'Select the service of the task');
    if (!service) return undefined;
    const client = ctx.client();
    const [raw, nodes] = await Promise.all([client.serviceTasks(service.id, DEFAULT_TASK_FILTER), client.listNodes()]);
    task = await choose(ctx.host, {
      candidates: summarizeTasks(raw, service.name, nodeNames(nodes)),
      none: `${service.name} has no task meant to run.`,
      item: (t) => ({ label: t.name, description: `${t.state}${t.nodeName ? ` @${t.nodeName}` : ''}`, detail: t.id }),
      options: { placeHolder: `Select a task of ${service.name}`, matchOnDetail: true },
      takeSingle: true,
    });
  }
  if (!task) return undefined;
  const channel = await ctx.logs.open({ kind: 'task', id: task.id, name: `${task.name}.${task.id.slice(0, 12)}`, serviceId: task.serviceId }, ctx.logOptions());
  return channel.name;
}
