// Changes to services and nodes. The Engine takes an update only with the version it was read
// at (POST /services/{id}/update?version=N, POST /nodes/{id}/update?version=N), so every
// change is a read, then a write of the whole spec, retried once on a version conflict.
import type { EngineService, EngineServiceSpec } from '../model/engineTypes';
import { SwarmError, conflictMessage } from '../model/errors';
import { NotScalableError } from '../model/specs';
import type { Engine } from './dockerCalls';

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
      if (e instanceof SwarmError && e.kind === 'conflict') {
        if (attempt === 1) continue;
        if (subject) throw new SwarmError('conflict', conflictMessage(subject(current)), e.detail);
      }
      throw e;
    }
  }
}

/** How a conflict message names a node. */
export function nodeSubject(node: { ID: string; Description?: { Hostname?: string } }): string {
  return `the node ${node.Description?.Hostname ?? node.ID}`;
}

export function inspectService(engine: Engine, idOrName: string): Promise<EngineService> {
  return engine.call((signal) => engine.docker.getService(idOrName).inspect({ abortSignal: signal }));
}

/** POST /services/{id}/update?version=N with the whole spec as the body. */
export async function sendUpdate(engine: Engine, id: string, version: number, spec: EngineServiceSpec, registryAuth?: string): Promise<void> {
  await engine.call((signal) =>
    engine.docker
      .getService(id)
      .update({ _query: { version }, _body: spec, abortSignal: signal, ...(registryAuth ? { authconfig: { key: registryAuth } } : {}) }),
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
      const current = await inspectService(engine, idOrName);
      try {
        return { id: current.ID, version: current.Version?.Index ?? 0, spec: await transform(current.Spec ?? {}) };
      } catch (e) {
        if (e instanceof NotScalableError) throw new SwarmError('notScalable', e.message);
        throw e;
      }
    },
    (u) => sendUpdate(engine, u.id, u.version, u.spec, registryAuth),
    (u) => `the service ${u.spec.Name ?? idOrName}`,
  );
  return inspectService(engine, sent.id);
}

/**
 * The Engine's rollback: back to PreviousSpec (POST …/update?rollback=previous with the
 * version read), as `docker service rollback` does. Fails clearly when there is none.
 */
export async function rollbackService(engine: Engine, idOrName: string): Promise<EngineService> {
  const current = await inspectService(engine, idOrName);
  if (!current.PreviousSpec) {
    throw new SwarmError('invalid', `${current.Spec?.Name ?? idOrName} has no previous spec to roll back to.`);
  }
  await engine.call((signal) =>
    engine.docker.getService(current.ID).update({ _query: { version: current.Version?.Index ?? 0, rollback: 'previous' }, _body: current.Spec ?? {}, abortSignal: signal }),
  );
  return inspectService(engine, current.ID);
}

/** Drain, pause or activate a node (`docker node update --availability`); only Spec.Availability changes. */
export async function setNodeAvailability(engine: Engine, idOrName: string, availability: 'active' | 'pause' | 'drain'): Promise<void> {
  await retryOnceOnConflict(
    () => engine.call((signal) => engine.docker.getNode(idOrName).inspect({ abortSignal: signal })),
    async (node) => {
      const spec = { ...(node.Spec ?? {}), Availability: availability };
      await engine.call((signal) => engine.docker.getNode(node.ID).update({ _query: { version: node.Version?.Index ?? 0 }, _body: spec, abortSignal: signal }));
    },
    nodeSubject,
  );
}

export async function removeService(engine: Engine, idOrName: string): Promise<void> {
  await engine.call((signal) => engine.docker.getService(idOrName).remove({ abortSignal: signal }));
}
