import type { CommandContext } from './context';

export async function refresh(ctx: CommandContext): Promise<void> {
  await ctx.store.refresh();
}
