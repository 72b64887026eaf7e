// Spec transforms applied to a freshly read service before an update. Each changes exactly
// one field and copies the rest, so nothing else in the user's spec can drift.
import type { EngineServiceSpec } from './engineTypes';
import { placementPlatforms } from './imageRef';
import { serviceMode } from './summaries';

export class NotScalableError extends Error {
  constructor(readonly serviceName: string, readonly mode: string) {
    super(`${serviceName} is a ${mode} service: it runs one task per eligible node, so it has no replica count to scale.`);
    this.name = 'NotScalableError';
  }
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export function scaledSpec(spec: EngineServiceSpec, replicas: number): EngineServiceSpec {
  const mode = serviceMode({ Spec: spec });
  const next = clone(spec);
  if (mode === 'replicated') {
    next.Mode = { ...next.Mode, Replicated: { ...next.Mode?.Replicated, Replicas: replicas } };
  } else if (mode === 'replicated-job') {
    // As `docker service scale` does for jobs: the number of completions to reach.
    next.Mode = { ...next.Mode, ReplicatedJob: { ...next.Mode?.ReplicatedJob, TotalCompletions: replicas } };
  } else {
    throw new NotScalableError(spec.Name ?? 'this service', mode);
  }
  return next;
}

/**
 * The spec with another image. With `platforms` (those the registry lists for a digest just
 * pinned) Placement.Platforms follows them, as the docker client records them.
 */
export function withImage(spec: EngineServiceSpec, image: string, platforms?: readonly { architecture?: string; os?: string }[]): EngineServiceSpec {
  const next = clone(spec);
  next.TaskTemplate = { ...next.TaskTemplate, ContainerSpec: { ...next.TaskTemplate?.ContainerSpec, Image: image } };
  // As the docker client does, a registry that lists no platforms leaves the placement as it is.
  const list = placementPlatforms(platforms ?? []);
  if (list.length > 0) next.TaskTemplate.Placement = { ...(next.TaskTemplate.Placement ?? {}), Platforms: list };
  return next;
}

export function forceUpdatedSpec(spec: EngineServiceSpec): EngineServiceSpec {
  const next = clone(spec);
  next.TaskTemplate = { ...next.TaskTemplate, ForceUpdate: (spec.TaskTemplate?.ForceUpdate ?? 0) + 1 };
  return next;
}
