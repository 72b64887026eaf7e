// Remove Stack…: a modal confirmation listing everything that will go (services, networks,
// secrets, configs labelled with the stack), then removal as `docker stack rm` does it.
import { SwarmError } from '../model/errors';
import type { CommandContext } from './context';
import { resolveStack, targetsOf } from './targets';

export async function removeStack(ctx: CommandContext, arg?: unknown): Promise<string[]> {
  // Refused before anything is asked or read while the quorum is known lost, in the view's words.
  ctx.client().refuseChanges?.();
  const stack = await resolveStack(targetsOf(ctx), arg, 'Select a stack to remove', 'There is no stack to remove.');
  if (!stack) return [];
  const r = await ctx.client().stackResources(stack);
  const parts = [
    ...r.services.map((s) => `service ${s.Spec?.Name ?? s.ID}`),
    ...r.networks.map((n) => `network ${n.name}`),
    ...r.secrets.map((s) => `secret ${s.name}`),
    ...r.configs.map((c) => `config ${c.name}`),
  ];
  if (parts.length === 0) throw new SwarmError('notFound', `Nothing is labelled as stack ${stack}`);
  const answer = await ctx.host.confirm(`Remove stack ${stack}?`, `This removes:\n${parts.join('\n')}`, 'Remove');
  if (answer !== 'Remove') return [];
  const result = await ctx.host.withProgress(`Removing stack ${stack}`, () => ctx.client().removeStack(stack));
  await ctx.store.refresh();
  if (result.failed.length) {
    for (const f of result.failed) ctx.log.error(`Remove stack ${stack}: ${f.name}: ${f.error.message}`);
    void ctx.host.showErrorMessage(
      `Removed ${result.removed.length} of ${parts.length} from stack ${stack}; could not remove ${result.failed.map((f) => `${f.name} (${f.error.message})`).join(', ')}`,
    );
  } else {
    void ctx.host.showInformationMessage(`Removed stack ${stack}.`);
  }
  return result.removed;
}
