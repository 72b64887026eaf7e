// Drain Node (confirmed: its tasks move elsewhere), Pause Node, Activate Node.
import type { NodeSummary } from '../model/nodeSummaries';
import type { CommandContext } from './context';
import { resolveNode, targetsOf } from './targets';

async function apply(ctx: CommandContext, node: NodeSummary, availability: 'active' | 'pause' | 'drain', verb: string): Promise<string> {
  ctx.client().refuseChanges?.();
  await ctx.host.withProgress(`${verb} ${node.hostname}`, () => ctx.client().setNodeAvailability(node.id, availability));
  await ctx.store.refresh();
  return availability;
}

export async function drainNode(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const node = await resolveNode(targetsOf(ctx), arg, 'Select a node to drain', (n) => n.availability !== 'drain');
  if (!node) return undefined;
  // Refused now, in the view's words, rather than after counting its tasks and asking.
  ctx.client().refuseChanges?.();
  // Counted now, not from the view: the view reads a node's tasks only once it is expanded.
  const tasks = (await ctx.client().tasksToRunOn([node.id])).length;
  const answer = await ctx.host.confirm(
    `Drain ${node.hostname}?`,
    `Its ${tasks} running task${tasks === 1 ? '' : 's'} will be stopped and rescheduled on other nodes, and it gets no new tasks until it is activated again.`,
    'Drain',
  );
  if (answer !== 'Drain') return undefined;
  return apply(ctx, node, 'drain', 'Draining');
}

export async function pauseNode(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const node = await resolveNode(targetsOf(ctx), arg, 'Select a node to pause', (n) => n.availability !== 'pause');
  return node ? apply(ctx, node, 'pause', 'Pausing') : undefined;
}

export async function activateNode(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const node = await resolveNode(targetsOf(ctx), arg, 'Select a node to activate', (n) => n.availability !== 'active');
  return node ? apply(ctx, node, 'active', 'Activating') : undefined;
}
