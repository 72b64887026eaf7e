// Whether a service has converged after a scale or a rollout, and how far it is, per slot
// (replicated) or per node (global), as `docker service update` shows while it waits.
import type { EngineService, EngineTask } from './engineTypes';
import { serviceMode } from './summaries';
import { taskLabel, taskSlot } from './taskLabel';

export interface Convergence {
  /** Every wanted task runs and no rollout is in progress. */
  done: boolean;
  /** The rollout stopped on its own (paused after failures), with the engine's reason. */
  failed?: string;
  running: number;
  desired: number;
  /** e.g. `1 running, 2 starting, 3 failed: task: non-zero exit (3)` */
  detail: string;
}

const ROLLING = new Set(['updating', 'rollback_started']);
const STOPPED = new Set(['paused', 'rollback_paused']);

/**
 * `tasks` are the service's tasks meant to run (desired state running), plus any others;
 * `nodeName` names nodes for global services.
 */
export function convergence(
  service: EngineService,
  tasks: readonly EngineTask[],
  nodeName: (id: string) => string = (id) => id.slice(0, 12),
  pausedNodes: ReadonlySet<string> = new Set(),
): Convergence {
  const mode = serviceMode(service);
  const update = service.UpdateStatus;
  const wanted = tasks.filter((t) => t.DesiredState === 'running');
  const running = wanted.filter((t) => t.Status?.State === 'running').length;
  const desired = mode === 'replicated' ? (service.Spec?.Mode?.Replicated?.Replicas ?? 0) : wanted.length;
  // The newest task of each slot (or node) tells where that slot is.
  const latest = new Map<string, EngineTask>();
  for (const t of tasks) {
    const key = taskLabel(t.Slot, t.NodeID ?? t.ID);
    const seen = latest.get(key);
    if (!seen || (t.Status?.Timestamp ?? '') > (seen.Status?.Timestamp ?? '')) latest.set(key, t);
  }
  const parts = [...latest.entries()]
    .filter(([, t]) => t.DesiredState === 'running' || t.Status?.State === 'failed' || t.Status?.State === 'rejected')
    .sort(([a], [b]) => (Number(a) && Number(b) ? Number(a) - Number(b) : a.localeCompare(b)))
    .map(([key, t]) => {
      const label = taskSlot(t.Slot) !== undefined ? key : nodeName(key);
      const state = t.Status?.State ?? 'unknown';
      const why = state === 'failed' || state === 'rejected' ? t.Status?.Err ?? t.Status?.Message : undefined;
      return `${label} ${state}${why ? `: ${why}` : ''}`;
    });
  // Read right after an update, before the orchestrator has started it, the old tasks still
  // run and no rollout shows yet: a task made from an older spec is not converged. Except on a
  // paused node, where the orchestrator leaves a global service's task as it is.
  const template = service.Spec?.TaskTemplate;
  const outdated = (t: EngineTask) =>
    !pausedNodes.has(t.NodeID ?? '') &&
    ((template?.ContainerSpec?.Image !== undefined && t.Spec?.ContainerSpec?.Image !== undefined && t.Spec.ContainerSpec.Image !== template.ContainerSpec.Image) ||
      (t.Spec !== undefined && (t.Spec.ForceUpdate ?? 0) !== (template?.ForceUpdate ?? 0)));
  const result: Convergence = {
    done:
      !ROLLING.has(update?.State ?? '') && !STOPPED.has(update?.State ?? '') && running === desired &&
      wanted.every((t) => t.Status?.State === 'running' && !outdated(t)),
    running,
    desired,
    detail: parts.join(', '),
  };
  if (STOPPED.has(update?.State ?? '')) result.failed = update?.Message || `the update is ${update?.State}`;
  return result;
}
