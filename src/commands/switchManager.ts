// Switch to Another Manager: the swarm's other managers whose engines answer as managers of the
// same swarm (src/failover finds them through the nodes' known endpoints). One is switched to at
// once; several are offered in a quick pick naming each manager's hostname and endpoint. The
// views then read the one chosen, for this session only. Should a switch be made meanwhile (by
// failover itself), or the manager in use answer again, that is said instead.
import { describeRoute, type Candidate } from '../failover/managers';
import { SwarmError } from '../model/errors';
import { neutraliseIcons } from '../model/text';
import type { CommandContext } from './context';

export async function switchManager(ctx: CommandContext): Promise<string | undefined> {
  const found = await ctx.host.withProgress('Looking for another manager of the swarm…', () => ctx.failover.candidates());
  // A switch made meanwhile, or the manager back: said, nothing offered.
  if (found.settled) return settled(ctx, found.settled);
  const { candidates } = found;
  if (candidates.length === 0) throw new SwarmError('noEndpoint', `No other manager of this swarm can be switched to. ${ctx.failover.whyNone()}`);
  let chosen: Candidate = candidates[0]!;
  if (candidates.length > 1) {
    const picked = await ctx.host.showQuickPick(
      candidates.map((c) => ({
        // Hostnames are the engine's words: no icon syntax from them.
        label: neutraliseIcons(c.manager.hostname),
        description: neutraliseIcons(describeRoute(c.route)),
        detail: c.manager.leader ? 'the leader, as last read' : 'a manager of the same swarm',
        candidate: c,
      })),
      { placeHolder: 'The manager Swarm Services uses from now on (for this session)' },
    );
    if (!picked) return undefined;
    chosen = picked.candidate;
  }
  const notMade = await ctx.failover.choose(chosen, found.under);
  if (notMade) return settled(ctx, notMade);
  // The views reload on a change by themselves; waiting here returns once they show it.
  await ctx.store.refresh();
  return ctx.endpoint.describe();
}

/** Says why no switch is needed now; returns the endpoint in use, as after a switch. */
function settled(ctx: CommandContext, words: string): string {
  void ctx.host.showInformationMessage(words);
  return ctx.endpoint.describe();
}
