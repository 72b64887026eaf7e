import type { CommandContext } from './context';

export async function refresh(ctx: CommandContext): Promise<void> {
  await Promise.all([ctx.store.refresh(), ctx.objects.refresh()]);
}
