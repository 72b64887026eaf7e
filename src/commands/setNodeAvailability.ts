// Drain Node (confirmed: its tasks move elsewhere), Pause Node, Activate Node.
import { SwarmError } from '../model/errors';
import type { NodeSummary } from '../model/nodeSummaries';
import type { CommandContext } from './context';

async function pickNode(ctx: CommandContext, arg: unknown, placeHolder: string, eligible: (n: NodeSummary) => boolean): Promise<NodeSummary | undefined> {
  const item = arg as { kind?: string; node?: NodeSummary } | undefined;
  if (item?.kind === 'node' && item.node) return item.node;
  await ctx.store.refresh();
  if (ctx.store.lastError) throw ctx.store.lastError;
  if (typeof arg === 'string') {
    const found = ctx.store.findNode(arg);
    if (!found) throw new SwarmError('invalid', `No node named or with id "${arg.slice(0, 80)}" is listed.`);
    return found;
  }
  const candidates = ctx.store.nodes.filter(eligible);
  if (candidates.length === 0) {
    void ctx.host.showInformationMessage('There is no node to choose from.');
    return undefined;
  }
  const picked = await ctx.host.showQuickPick(
    candidates.map((n) => ({ label: n.hostname, description: `${n.role} · ${n.availability} · ${n.state}`, node: n })),
    { placeHolder },
  );
  return picked?.node;
}

async function apply(ctx: CommandContext, node: NodeSummary, availability: 'active' | 'pause' | 'drain', verb: string): Promise<string> {
  await ctx.host.withProgress(`${verb} ${node.hostname}`, () => ctx.client().setNodeAvailability(node.id, availability));
  await ctx.store.refresh();
  return availability;
}

export async function drainNode(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const node = await pickNode(ctx, arg, 'Select a node to drain', (n) => n.availability !== 'drain');
  if (!node) return undefined;
  // Counted now, not from the view: the view reads a node's tasks only once it is expanded.
  const tasks = (await ctx.client().runningTasksOn([node.id])).length;
  const answer = await ctx.host.confirm(
    `Drain ${node.hostname}?`,
    `Its ${tasks} running task${tasks === 1 ? '' : 's'} will be stopped and rescheduled on other nodes, and it gets no new tasks until it is activated again.`,
    'Drain',
  );
  if (answer !== 'Drain') return undefined;
  return apply(ctx, node, 'drain', 'Draining');
}

export async function pauseNode(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const node = await pickNode(ctx, arg, 'Select a node to pause', (n) => n.availability !== 'pause');
  return node ? apply(ctx, node, 'pause', 'Pausing') : undefined;
}

export async function activateNode(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const node = await pickNode(ctx, arg, 'Select a node to activate', (n) => n.availability !== 'active');
  return node ? apply(ctx, node, 'active', 'Activating') : undefined;
}
