// The Engine's refusals of a create or a remove, in our words: the checks before sending catch
// these, so they only happen when someone else acted in between (a name taken, a service that
// started using the object), and the Engine's own text (gRPC-wrapped, IDs for networks) is not
// something to show as it is.
import { toSwarmError } from '../../docker/errors';
import type { EngineService } from '../../model/engineTypes';
import { SwarmError } from '../../model/errors';
import { engineReason, serviceList, servicesInRefusal, taskInRefusal } from '../../swarmObjects/objectInput';
import type { CommandContext } from '../context';

/** The services as the engine lists them now (one request for them, one for nodes): who uses what must be current. */
export async function servicesNow(ctx: CommandContext): Promise<EngineService[]> {
  return (await ctx.client().snapshot(undefined, {})).services;
}

/** A create the Engine refused: a name taken meanwhile, or its reason without the gRPC wrapping. */
export function createRefusal(kind: 'secret' | 'config' | 'network', name: string, e: unknown): SwarmError {
  const err = toSwarmError(e);
  const reason = engineReason(err.detail ?? err.message);
  if (/already exists/i.test(reason)) {
    return new SwarmError('conflict', `A ${kind} named ${name} already exists on the swarm (names are compared without case). Nothing was created; choose another name.`, err.detail);
  }
  if (err.kind === 'invalid') return new SwarmError('invalid', `The Engine refused to create the ${kind} ${name}: ${reason}`, err.detail);
  return err;
}

/**
 * A removal the Engine refused because something uses the object: the services named (a
 * network's are IDs in the Engine's words, so they are looked up), worded to follow the
 * object's name in the multi-selection report. Other failures pass through.
 */
export async function removeRefusal(ctx: CommandContext, e: unknown): Promise<SwarmError> {
  const err = toSwarmError(e);
  const reason = engineReason(err.detail ?? err.message);
  if (!/\bin use\b/i.test(reason)) return err;
  // No service holds it: a container does, which no check before sending could have named.
  const task = taskInRefusal(reason);
  if (task) {
    return new SwarmError(
      'invalid',
      `a container is still attached to it (task ${task.slice(0, 12)}): a standalone container on this attachable network, or a task of a service removed a moment ago that is still stopping; it was not removed`,
      err.detail,
    );
  }
  let services: EngineService[] = [];
  try {
    services = await servicesNow(ctx);
  } catch {
    // The IDs are shown then: still better than nothing.
  }
  const names = servicesInRefusal(reason, (id) => services.find((s) => s.ID === id || s.ID.startsWith(id))?.Spec?.Name);
  const who = names.length > 0 ? serviceList(names) : 'a service';
  return new SwarmError('invalid', `in use by ${who}, which started using it after the check; it was not removed`, err.detail);
}
