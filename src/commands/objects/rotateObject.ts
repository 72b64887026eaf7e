// Rotate Secret… / Rotate Config…: the secret or config (a clicked row, an ID or name, or one
// picked), its new content (a file, the editor's selection or a value typed once), then the
// rotation itself (src/rotation/rotate.ts): the next version, every service that uses the old one
// moved to it and followed to convergence, and the old one removed only if the user says so.
import { SwarmError } from '../../model/errors';
import type { SwarmConfig, SwarmSecret } from '../../model/swarmObjects';
import { rotateObject, type RotationResult } from '../../rotation/rotate';
import type { ObjectKind } from '../../swarmObjects/validation';
import type { CommandContext } from '../context';
import { askContent } from './contentSource';
import { resolveObjects } from './objectTargets';

export function rotateSecret(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<RotationResult | undefined> {
  return rotate(ctx, 'secret', arg, selection);
}

export function rotateConfig(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<RotationResult | undefined> {
  return rotate(ctx, 'config', arg, selection);
}

async function rotate(ctx: CommandContext, kind: ObjectKind, arg: unknown, selection: unknown): Promise<RotationResult | undefined> {
  // Refused before anything is asked or read while the quorum is known lost, in the view's words.
  ctx.client().refuseChanges?.();
  const picked = await resolveObjects(ctx, kind, arg, selection, {
    placeHolder: `Select a ${kind} to rotate`,
    // A secret kept by an external driver has no data here to replace.
    eligible: (o) => !(o as SwarmSecret).driver,
    none: `There is no ${kind} to rotate.`,
  });
  if (picked.length > 1) throw new SwarmError('invalid', `Rotate one ${kind} at a time (${picked.length} are selected).`);
  const object = picked[0] as SwarmSecret | SwarmConfig | undefined;
  if (!object) return undefined;
  const content = await askContent(ctx, kind, `new content of ${object.name}`);
  if (!content) return undefined;
  try {
    return await rotateObject(ctx, { kind, object, data: content.data, origin: content.origin });
  } finally {
    // Services and objects changed (or may have, on a failure): the views show them as they are now.
    await Promise.all([ctx.store.refresh(), ctx.objects.refresh()]).catch(() => undefined);
  }
}
