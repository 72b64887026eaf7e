// Stop Following Logs: for the clicked service, the only followed one, or one picked.
import type { CommandContext } from './context';

export async function stopFollowingLogs(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const following = ctx.logs.following();
  let serviceId: string | undefined;
  const node = arg as { service?: { id: string } } | undefined;
  // The title-bar button receives the focused item, which need not be the followed one.
  if (node?.service && ctx.logs.isFollowing(node.service.id)) serviceId = node.service.id;
  else if (typeof arg === 'string') serviceId = following.find((f) => f.serviceId === arg || f.name === arg)?.serviceId;
  else if (following.length === 1) serviceId = following[0]?.serviceId;
  else if (following.length > 1) {
    const picked = await ctx.host.showQuickPick(
      following.map((f) => ({ label: f.name, serviceId: f.serviceId })),
      { placeHolder: 'Stop following the logs of…' },
    );
    serviceId = picked?.serviceId;
  }
  if (!serviceId) {
    if (following.length === 0) void ctx.host.showInformationMessage('No service logs are being followed.');
    return false;
  }
  return ctx.logs.stop(serviceId);
}
