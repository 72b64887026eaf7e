// Every change EngineClient sends to the swarm goes through one of the three ways here, each of
// which waits out a leader election (untilLeader) and is refused before sending while the quorum
// is known lost: a versioned update (sendGuarded), a create (sendCreate), a removal (sendRemove).
// The Engine takes an update only with the version it was read at (POST
// /services/{id}/update?version=N, POST /nodes/{id}/update?version=N), so a change to a service
// or a node is a read, then a write of the whole spec, retried once on a version conflict.
import type { EngineService, EngineServiceSpec } from '../model/engineTypes';
import { SwarmError, conflictMessage, isUnsure, markUnsure, mayHaveBeenApplied } from '../model/errors';
import { NotScalableError } from '../model/specs';
import { writtenForm } from '../deploy/normalise';
import type { Engine } from './dockerCalls';
import { isAmbiguous, isLeaderWait, isNoLeader, untilLeader } from './leaderWait';

/**
 * Reads (`read`), then writes what was read (`write`). If someone else changed the object in
 * between ("update out of sequence"), reads again and writes once more; a second conflict, or
 * any other failure, reaches the caller. Returns the read that was written. `subject` names
 * the object read ("the node vm1") for the message of a second conflict.
 */
export async function retryOnceOnConflict<R>(read: () => Promise<R>, write: (read: R) => Promise<void>, subject?: (read: R) => string): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const current = await read();
    try {
      await write(current);
      return current;
    } catch (e) {
      if (retriableConflict(e)) {
        if (attempt === 1) continue;
        if (subject) throw new SwarmError('conflict', conflictMessage(subject(current)), e.detail);
      }
      throw e;
    }
  }
}

/**
 * A version conflict that may be answered by reading again and writing once more: not one that
 * followed a try that may have been applied (see sendGuarded), which could apply the change twice.
 */
export function retriableConflict(e: unknown): e is SwarmError {
  return e instanceof SwarmError && e.kind === 'conflict' && !isUnsure(e);
}

/** How a conflict message names a node. */
export function nodeSubject(node: { ID: string; Description?: { Hostname?: string } }): string {
  return `the node ${node.Description?.Hostname ?? node.ID}`;
}

/**
 * GET /services/{id} once: the check after an unsure try (sendGuarded), already inside its
 * retries; if it fails, the outcome stays unsure rather than waiting out another election.
 */
export function serviceOnce(engine: Engine, id: string): Promise<EngineService> {
  return engine.call((signal) => engine.docker.getService(id).inspect({ abortSignal: signal }));
}

/** GET /services/{id}, waiting out a leader election; `forChange`: the read of a change, refused as the change would be. */
export function inspectService(engine: Engine, idOrName: string, forChange = false): Promise<EngineService> {
  return untilLeader(engine.election, () => serviceOnce(engine, idOrName), isLeaderWait, false, forChange);
}

/**
 * Sends a write the Engine takes only at the version it was read at, again with that same
 * version while the swarm has no leader, or after an answer that was lost (a timeout, a broken
 * connection: the leader may have taken it before it went). If an earlier try was taken after
 * all, the Engine refuses the next as out of sequence; then `isOurs` (reading what the Engine
 * holds now) tells a write of ours, done once, from someone else's (the conflict is reported).
 */
export async function sendGuarded<T>(engine: Engine, send: () => Promise<T>, isOurs: () => Promise<boolean>): Promise<T | undefined> {
  let unsure = false;
  try {
    return await untilLeader(
      engine.election,
      async () => {
        try {
          return await send();
        } catch (e) {
          if (unsure && e instanceof SwarmError && e.kind === 'conflict' && (await isOurs().catch(() => false))) return undefined;
          unsure ||= isAmbiguous(e);
          throw e;
        }
      },
      (e) => isNoLeader(e) || isAmbiguous(e),
    );
  } catch (e) {
    // An earlier try may have been applied before someone else's write: reading and sending
    // again could apply the change twice, so that conflict is the caller's answer.
    if (unsure && e instanceof SwarmError && e.kind === 'conflict') {
      // Not the usual "reload it and try again": giving it again could apply it twice.
      const told = new SwarmError(
        'conflict',
        'This change got no answer in time, and someone else has changed the object since: the change may or may not have been applied. Check it before giving it again.',
        e.detail ?? e.message,
      );
      throw markUnsure(told);
    }
    throw e;
  }
}

/** POST /services/{id}/update?version=N with the whole spec as the body (sent again while the swarm elects a leader). */
export async function sendUpdate(engine: Engine, id: string, version: number, spec: EngineServiceSpec, registryAuth?: string): Promise<void> {
  const written = writtenForm(spec);
  await sendGuarded(
    engine,
    () =>
      engine.call((signal) =>
        engine.docker
          .getService(id)
          .update({ _query: { version }, _body: spec, abortSignal: signal, ...(registryAuth ? { authconfig: { key: registryAuth } } : {}) }),
      ),
    async () => writtenForm((await serviceOnce(engine, id)).Spec) === written,
  );
}

/**
 * Reads the service, applies `transform` to its spec and sends the update with the read's
 * Version.Index (retried once on a conflict), with X-Registry-Auth when given (so the nodes can
 * pull a private image). Returns the service as read after the update.
 */
export async function updateSpec(
  engine: Engine,
  idOrName: string,
  transform: (spec: EngineServiceSpec) => EngineServiceSpec | Promise<EngineServiceSpec>,
  registryAuth?: string,
): Promise<EngineService> {
  const sent = await retryOnceOnConflict(
    async () => {
      const current = await inspectService(engine, idOrName, true);
      try {
        return { id: current.ID, version: current.Version?.Index ?? 0, spec: await transform(current.Spec ?? {}), current };
      } catch (e) {
        if (e instanceof NotScalableError) throw new SwarmError('notScalable', e.message);
        throw e;
      }
    },
    (u) => sendUpdate(engine, u.id, u.version, u.spec, registryAuth),
    (u) => `the service ${u.spec.Name ?? idOrName}`,
  );
  return readBack(inspectService(engine, sent.id), { ...sent.current, Spec: sent.spec });
}

/**
 * The object as read after a change the Engine took, or `applied` (what was sent) if that read
 * fails: the change is done, and a failure to read it back (the swarm losing its leader just
 * after) must not be reported as the change failing, inviting it to be given again.
 */
export function readBack<T>(read: Promise<T>, applied: T): Promise<T> {
  return read.catch(() => applied);
}

/**
 * The Engine's rollback: back to PreviousSpec (POST …/update?rollback=previous with the
 * version read), as `docker service rollback` does. Fails clearly when there is none.
 */
export async function rollbackService(engine: Engine, idOrName: string): Promise<EngineService> {
  const current = await inspectService(engine, idOrName, true);
  if (!current.PreviousSpec) {
    throw new SwarmError('invalid', `${current.Spec?.Name ?? idOrName} has no previous spec to roll back to.`);
  }
  const previous = writtenForm(current.PreviousSpec);
  await sendGuarded(
    engine,
    () =>
      engine.call((signal) =>
        engine.docker.getService(current.ID).update({ _query: { version: current.Version?.Index ?? 0, rollback: 'previous' }, _body: current.Spec ?? {}, abortSignal: signal }),
      ),
    async () => writtenForm((await serviceOnce(engine, current.ID)).Spec) === previous,
  );
  return readBack(inspectService(engine, current.ID), { ...current, Spec: current.PreviousSpec, PreviousSpec: current.Spec });
}

/** Drain, pause or activate a node (`docker node update --availability`); only Spec.Availability changes. */
export async function setNodeAvailability(engine: Engine, idOrName: string, availability: 'active' | 'pause' | 'drain'): Promise<void> {
  await retryOnceOnConflict(
    () => inspectNode(engine, idOrName, true),
    (node) => sendNodeUpdate(engine, node.ID, node.Version?.Index ?? 0, { ...(node.Spec ?? {}), Availability: availability }),
    nodeSubject,
  );
}

/** GET /nodes/{id}, waiting out a leader election. */
export function inspectNode(engine: Engine, idOrName: string, forChange = false): ReturnType<ReturnType<Engine['docker']['getNode']>['inspect']> {
  return untilLeader(engine.election, () => nodeOnce(engine, idOrName), isLeaderWait, false, forChange);
}

/** GET /nodes/{id} once (the check after an unsure try, as serviceOnce). */
function nodeOnce(engine: Engine, idOrName: string): ReturnType<ReturnType<Engine['docker']['getNode']>['inspect']> {
  return engine.call((signal) => engine.docker.getNode(idOrName).inspect({ abortSignal: signal }));
}

/** POST /nodes/{id}/update?version=N (sent again while the swarm elects a leader, as sendUpdate). */
export async function sendNodeUpdate(engine: Engine, id: string, version: number, spec: Record<string, unknown>): Promise<void> {
  const written = writtenForm(spec);
  await sendGuarded(
    engine,
    () => engine.call((signal) => engine.docker.getNode(id).update({ _query: { version }, _body: spec, abortSignal: signal })),
    async () => writtenForm((await nodeOnce(engine, id)).Spec) === written,
  );
}

/** DELETE /services/{id}, as sendRemove sends it. */
export function removeService(engine: Engine, idOrName: string): Promise<void> {
  return sendRemove(engine, () => engine.call((signal) => engine.docker.getService(idOrName).remove({ abortSignal: signal })));
}

/**
 * A removal (DELETE /services|secrets|configs|networks/{id}), sent again while the swarm elects
 * a leader or after a lost answer: a removal is the same however often it is done, so an object
 * gone on a later try was removed.
 */
export async function sendRemove(engine: Engine, send: () => Promise<unknown>): Promise<void> {
  await untilLeader(
    engine.election,
    async (attempt) => {
      try {
        await send();
      } catch (e) {
        if (attempt > 0 && e instanceof SwarmError && e.kind === 'notFound') return;
        throw e;
      }
    },
    (e) => isNoLeader(e) || isAmbiguous(e),
  );
}

/**
 * A create (POST …/create), sent again only when the manager said at once that it has no leader
 * (then it took nothing). A create that got no answer, or the Engine's own deadline, may have been
 * applied: sending it again could make the object twice (a service) or fail as a name taken, so it
 * is reported as may or may not have been applied.
 */
export function sendCreate<T>(engine: Engine, send: () => Promise<T>): Promise<T> {
  return untilLeader(engine.election, send, (e) => isNoLeader(e) && !mayHaveBeenApplied(e as SwarmError));
}
