// Stop Following Logs: for the clicked service, the only followed one, or one picked.
import type { CommandContext } from './context';
import { choose, isInfoElement, serviceOf } from './targets';

export async function stopFollowingLogs(ctx: CommandContext, arg?: unknown): Promise<boolean> {
  const following = ctx.logs.following();
  const none = 'No service logs are being followed.';
  // The title-bar button receives the focused row, which need not be the followed one.
  const clicked = serviceOf(arg) ?? (isInfoElement(arg) ? arg.service : undefined);
  let serviceId: string | undefined;
  if (clicked && ctx.logs.isFollowing(clicked.id)) serviceId = clicked.id;
  else if (typeof arg === 'string') {
    serviceId = following.find((f) => f.serviceId === arg || f.name === arg)?.serviceId;
    if (following.length === 0) void ctx.host.showInformationMessage(none);
  } else {
    const picked = await choose(ctx.host, {
      candidates: following,
      none,
      item: (f) => ({ label: f.name }),
      options: { placeHolder: 'Stop following the logs of…' },
      takeSingle: true,
    });
    serviceId = picked?.serviceId;
  }
  return serviceId ? ctx.logs.stop(serviceId) : false;
}
