// Remove Secret…, Remove Config… and Remove Network…: the objects chosen (a multi-selection, a
// row, a name or a pick), checked against the services as the engine lists them now: one in use
// is refused before anything is sent, with the services named, and so is the ingress network.
// The rest are removed after a modal confirmation naming them, each failure reported.
import { SwarmError } from '../../model/errors';
import { usage, type SwarmNetwork } from '../../model/swarmObjects';
import { planRemoval, type Refusal } from '../../swarmObjects/objectInput';
import type { ObjectKind } from '../../tree/objectsItems';
import type { CommandContext } from '../context';
import { reportEach, runEach, type EachOutcome } from '../runEach';
import { removeRefusal, servicesNow } from './engineRefusals';
import { resolveObjects, type ObjectChoice, type ObjectOf } from './objectTargets';

const CONSEQUENCE: Record<ObjectKind, string> = {
  secret: "Its data is deleted from the swarm's store. This cannot be undone.",
  config: "Its data is deleted from the swarm's store. This cannot be undone.",
  network: 'It is deleted from every node of the swarm. This cannot be undone.',
};

function capitalised(kind: ObjectKind): string {
  return kind[0]!.toUpperCase() + kind.slice(1);
}

function plural(kind: ObjectKind, n: number): string {
  return n === 1 ? kind : `${kind}s`;
}

/** Why nothing at all is removed: each object chosen and what keeps it. */
function nothingRemovable<T extends { name: string }>(kind: ObjectKind, refused: readonly Refusal<T>[]): SwarmError {
  const why = refused.map((r) => `${r.target.name} is ${r.reason}`);
  const inUse = refused.some((r) => r.reason.startsWith('in use'));
  const from = refused.length === 1 ? 'the service' : 'those services';
  const advice = !inUse ? '' : kind === 'network' ? ` Detach it from ${from} first.` : ` Remove it from ${from} first (or rotate it).`;
  if (refused.length === 1) return new SwarmError('invalid', `${capitalised(kind)} ${why[0]}.${advice} Nothing was removed.`);
  return new SwarmError('invalid', `Nothing was removed: ${why.join('; ')}.${advice}`);
}

async function removeObjects<K extends ObjectKind>(ctx: CommandContext, kind: K, arg: unknown, selection: unknown): Promise<string[]> {
  // Refused before anything is asked or read while the quorum is known lost, in the view's words.
  ctx.client().refuseChanges?.();
  const choice: ObjectChoice<K> =
    kind === 'network'
      ? { placeHolder: 'Select a network to remove', eligible: (o) => !(o as SwarmNetwork).ingress, none: 'There is no network to remove (the ingress network is protected).' }
      : { placeHolder: `Select a ${kind} to remove` };
  const targets = await resolveObjects(ctx, kind, arg, selection, choice);
  if (targets.length === 0) return [];
  // The views' services may be a refresh old: who uses what is read now.
  const services = await servicesNow(ctx);
  const known = kind === 'secret' ? { secrets: targets } : kind === 'config' ? { configs: targets } : { networks: targets };
  const plan = planRemoval(kind, targets, usage(services, known));
  if (plan.removable.length === 0) throw nothingRemovable(kind, plan.refused);

  const names = plan.removable.map((o) => o.name).join(', ');
  const n = plan.removable.length;
  const kept = plan.refused.map((r) => ` ${r.target.name} is kept (${r.reason}).`).join('');
  const answer = await ctx.host.confirm(
    n === 1 ? `Remove ${kind} ${names}?` : `Remove ${n} ${plural(kind, n)}: ${names}?`,
    `${CONSEQUENCE[kind]}${kept}`,
    'Remove',
  );
  if (answer !== 'Remove') return [];

  const client = ctx.client();
  const remove = (id: string) => (kind === 'secret' ? client.removeSecret(id) : kind === 'config' ? client.removeConfig(id) : client.removeNetwork(id));
  let outcome: EachOutcome<ObjectOf<K>, void>;
  try {
    outcome = await ctx.host.withProgress(`Removing ${names}`, (progress) =>
      runEach(plan.removable, async (o) => {
        progress.report({ message: o.name });
        try {
          await remove(o.id);
        } catch (e) {
          throw await removeRefusal(ctx, e);
        }
      }),
    );
  } finally {
    await ctx.objects.refresh();
  }
  // Those refused before sending are reported with the ones the Engine refused.
  outcome.failed.unshift(...plan.refused.map((r) => ({ target: r.target, error: new SwarmError('invalid', r.reason) })));
  reportEach(ctx, outcome, (o) => o.name, {
    done: (list) => `Removed ${plural(kind, outcome.done.length)} ${list}.`,
    couldNot: 'remove',
    logAs: `Remove ${kind}`,
  });
  return outcome.done.map((d) => d.target.id);
}

export function removeSecret(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string[]> {
  return removeObjects(ctx, 'secret', arg, selection);
}

export function removeConfig(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string[]> {
  return removeObjects(ctx, 'config', arg, selection);
}

export function removeNetwork(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string[]> {
  return removeObjects(ctx, 'network', arg, selection);
}
