// Resolves the service a command acts on: the clicked tree item (or the service of a clicked
// task), an id or name passed by another extension or a keybinding, or else a quick pick.
import { SwarmError } from '../model/errors';
import type { ServiceSummary } from '../model/summaries';
import type { ServicesTreeElement } from '../tree/servicesItems';
import type { CommandContext } from './context';

function fromArgument(ctx: CommandContext, arg: unknown): ServiceSummary | undefined {
  if (typeof arg === 'object' && arg !== null) {
    const node = arg as Partial<ServicesTreeElement>;
    if ((node.kind === 'service' || node.kind === 'task') && node.service) return node.service;
  }
  if (typeof arg === 'string' && arg) {
    const found = ctx.store.findService(arg);
    if (!found) throw new SwarmError('invalid', `No service named or with id "${arg.slice(0, 80)}" is listed.`);
    return found;
  }
  return undefined;
}

export async function pickService(
  ctx: CommandContext,
  arg: unknown,
  placeHolder: string,
  eligible: (s: ServiceSummary) => boolean = () => true,
): Promise<ServiceSummary | undefined> {
  if (typeof arg === 'string' && !ctx.store.findService(arg)) await ctx.store.refresh();
  const given = fromArgument(ctx, arg);
  if (given) return given;
  await ctx.store.refresh();
  if (ctx.store.lastError) throw ctx.store.lastError;
  const candidates = ctx.store.services.filter(eligible);
  if (candidates.length === 0) {
    void ctx.host.showInformationMessage('There is no service to choose from.');
    return undefined;
  }
  const picked = await ctx.host.showQuickPick(
    candidates.map((s) => ({ label: s.name, description: `${s.mode} ${s.running}/${s.desired}`, detail: s.image, service: s })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.service;
}

/** The services of a multi-selection, or the single resolved one. */
export async function pickServices(
  ctx: CommandContext,
  arg: unknown,
  selection: unknown,
  placeHolder: string,
): Promise<ServiceSummary[]> {
  if (Array.isArray(selection) && selection.length > 1) {
    const services = selection.map((n) => fromArgument(ctx, n)).filter((s): s is ServiceSummary => !!s);
    return [...new Map(services.map((s) => [s.id, s])).values()];
  }
  const one = await pickService(ctx, arg, placeHolder);
  return one ? [one] : [];
}
