// Filter Tasks… / Clear Task Filter: the Engine's task filters (desired-state, node,
// label, name, id) applied to every service's tasks in the tree.
import { DEFAULT_TASK_FILTER, DESIRED_STATES, type TaskFilter, type TaskFilterKey } from '../model/taskFilter';
import type { CommandContext } from './context';

const ANY = '(any)';

export async function filterTasks(ctx: CommandContext, given?: TaskFilter): Promise<TaskFilter | undefined> {
  if (given && typeof given === 'object' && !('kind' in given)) {
    await ctx.store.setTaskFilter(given);
    return ctx.store.taskFilter;
  }
  const current = ctx.store.taskFilter;
  const kinds: { label: string; description: string; key: TaskFilterKey }[] = [
    { label: 'Desired state', description: current['desired-state'] ?? ANY, key: 'desired-state' },
    { label: 'Node', description: current.node ?? ANY, key: 'node' },
    { label: 'Label', description: current.label ?? ANY, key: 'label' },
    { label: 'Task name', description: current.name ?? ANY, key: 'name' },
    { label: 'Task ID', description: current.id ?? ANY, key: 'id' },
  ];
  const kind = await ctx.host.showQuickPick(kinds, { placeHolder: 'Filter tasks by…' });
  if (!kind) return undefined;
  let value: string | undefined;
  if (kind.key === 'desired-state') {
    const picked = await ctx.host.showQuickPick(
      [...DESIRED_STATES, ANY].map((s) => ({ label: s })),
      { placeHolder: 'Show tasks whose desired state is…' },
    );
    value = picked?.label;
  } else if (kind.key === 'node') {
    const nodes = await ctx.client().listNodes();
    const picked = await ctx.host.showQuickPick(
      [...nodes.map((n) => ({ label: n.Description?.Hostname ?? n.ID, description: n.ID })), { label: ANY, description: '' }],
      { placeHolder: 'Show tasks on node…' },
    );
    value = picked?.label;
  } else {
    const prompts: Record<string, string> = {
      label: 'Task label: key or key=value (empty for any)',
      name: 'Task name, or its beginning (empty for any)',
      id: 'Task ID, or its beginning (empty for any)',
    };
    value = await ctx.host.showInputBox({ prompt: prompts[kind.key] ?? '', value: current[kind.key] ?? '' });
  }
  if (value === undefined) return undefined;
  const next: TaskFilter = { ...current };
  if (value === ANY || value.trim() === '') delete next[kind.key];
  else next[kind.key] = value.trim();
  await ctx.store.setTaskFilter(next);
  return ctx.store.taskFilter;
}

export async function clearTaskFilter(ctx: CommandContext): Promise<void> {
  await ctx.store.setTaskFilter({ ...DEFAULT_TASK_FILTER });
}

/** Show Task History: finished and replaced tasks too (drops the desired-state filter). */
export async function showTaskHistory(ctx: CommandContext): Promise<void> {
  const next = ctx.store.taskFilter;
  delete next['desired-state'];
  await ctx.store.setTaskFilter(next);
}

/** Hide Task History: only tasks meant to run. */
export async function hideTaskHistory(ctx: CommandContext): Promise<void> {
  await ctx.store.setTaskFilter({ ...ctx.store.taskFilter, 'desired-state': 'running' });
}
