// Select Docker Context…: a quick pick of the docker CLI's contexts that switches this
// extension's endpoint only (the CLI's current context is left alone).
import { cliCurrentContext, listContexts } from '../docker/endpoint';
import { SwarmError } from '../model/errors';
import type { CommandContext } from './context';

export const USE_DEFAULT = '$(settings-gear) Settings and environment';

export async function selectDockerContext(ctx: CommandContext, name?: unknown): Promise<string | undefined> {
  const contexts = listContexts(process.env);
  let chosen: string | undefined;
  if (typeof name === 'string') {
    if (name !== '' && !contexts.some((c) => c.name === name)) throw new SwarmError('invalid', `The Docker context "${name.slice(0, 100)}" does not exist.`);
    chosen = name;
  } else {
    const selected = ctx.endpoint.selectedContext();
    const cli = cliCurrentContext(process.env)?.name ?? 'default';
    const picked = await ctx.host.showQuickPick(
      [
        { label: USE_DEFAULT, description: selected ? '' : 'active', detail: 'dockerSwarm.dockerHost, DOCKER_HOST, then the CLI\'s current context', name: '' },
        ...contexts.map((c) => ({
          label: c.name,
          description: [c.host, c.name === selected ? 'active' : '', c.name === cli ? 'CLI current' : ''].filter(Boolean).join(' · '),
          detail: c.description,
          name: c.name,
        })),
      ],
      { placeHolder: 'Docker context for Swarm Services (the docker CLI keeps its own)', matchOnDescription: true },
    );
    if (!picked) return undefined;
    chosen = picked.name;
  }
  await ctx.endpoint.select(chosen || undefined);
  // The views reload on a change by themselves; waiting here returns once they show it.
  await ctx.store.refresh();
  return ctx.endpoint.describe();
}
