// Open Shell in Task: a terminal running a shell in a running task's container, on the engine
// of the node that runs it. From a task row (Services or Nodes view), or from the palette: a
// service, then one of its running tasks.
import { SwarmError } from '../model/errors';
import { nodeNames, summarizeTasks, type TaskSummary } from '../model/summaries';
import { shellPlan, terminalName } from '../terminal/shellCommand';
import type { OpenShell } from '../terminal/taskShells';
import type { CommandContext } from './context';
import { choose, isNodeTaskElement, isServiceElement, isTaskElement, resolveService, targetsOf } from './targets';

/** The task as the engine has it now (its state and container), with its service's name. */
async function currentTask(ctx: CommandContext, serviceId: string, serviceName: string, taskId: string): Promise<TaskSummary> {
  const client = ctx.client();
  const [raw, nodes] = await Promise.all([client.serviceTasks(serviceId, { 'desired-state': 'running' }), client.listNodes()]);
  const task = summarizeTasks(raw, serviceName, nodeNames(nodes)).find((t) => t.id === taskId);
  if (!task) throw new SwarmError('notFound', `The task ${taskId.slice(0, 12)} of ${serviceName} is not meant to run any more; pick one of its running tasks.`);
  return task;
}

/** The task clicked (read again: a row may be older than the engine), else one picked from a fresh read. */
async function pickTask(ctx: CommandContext, arg: unknown): Promise<{ task: TaskSummary; serviceName: string } | undefined> {
  const clicked = isTaskElement(arg)
    ? { task: arg.task, serviceName: arg.service.name }
    : isNodeTaskElement(arg)
      ? { task: arg.task, serviceName: ctx.store.findService(arg.task.serviceId)?.name ?? arg.task.name.replace(/\.[^.]*$/, '') }
      : undefined;
  if (clicked) return { task: await currentTask(ctx, clicked.task.serviceId, clicked.serviceName, clicked.task.id), serviceName: clicked.serviceName };
  const service = await resolveService(targetsOf(ctx), isServiceElement(arg) ? arg : undefined, 'Select the service to open a shell in', (s) => s.running > 0);
  if (!service) return undefined;
  const client = ctx.client();
  const [raw, nodes] = await Promise.all([client.serviceTasks(service.id, { 'desired-state': 'running' }), client.listNodes()]);
  const task = await choose(ctx.host, {
    candidates: summarizeTasks(raw, service.name, nodeNames(nodes)).filter((t) => t.state === 'running'),
    none: `${service.name} has no running task to open a shell in.`,
    item: (t) => ({ label: t.name, description: t.nodeName ? `@${t.nodeName}` : '', detail: t.id }),
    options: { placeHolder: `Select a running task of ${service.name}`, matchOnDescription: true, matchOnDetail: true },
    takeSingle: true,
  });
  return task ? { task, serviceName: service.name } : undefined;
}

export async function openShellInTask(ctx: CommandContext, arg?: unknown): Promise<OpenShell | undefined> {
  const settings = ctx.shellSettings();
  const plan = shellPlan(settings.command);
  if (!plan.ok) throw new SwarmError('invalid', plan.error);
  const picked = await pickTask(ctx, arg);
  if (!picked) return undefined;
  const { task } = picked;
  if (task.state !== 'running' || !task.containerId || !task.nodeId) {
    throw new SwarmError('invalid', `The task ${task.name} is ${task.state}, not running: a shell needs its running container.`);
  }
  // The node engines fill in the node's hostname and address from the nodes listed.
  const { client, route } = await ctx.nodeEngines.engineFor({ id: task.nodeId, ...(task.nodeName ? { hostname: task.nodeName } : {}) });
  const nodeName = ctx.store.findNode(task.nodeId)?.hostname ?? task.nodeName ?? task.nodeId.slice(0, 12);
  const name = terminalName({ serviceName: picked.serviceName, ...(task.slot !== undefined ? { slot: task.slot } : {}) }, nodeName);
  ctx.log.info(`Open Shell in Task: ${name} (task ${task.id.slice(0, 12)}) on ${client.endpoint} (${route.kind})`);
  return ctx.shells.start(task.id, {
    client,
    containerId: task.containerId,
    name,
    plan: plan.value,
    ...(settings.user ? { user: settings.user } : {}),
    ...(settings.workingDir ? { workingDir: settings.workingDir } : {}),
    closeOnExit: settings.closeOnExit,
    log: (m) => ctx.log.info(m),
  });
}
