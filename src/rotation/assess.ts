// How far one service has got in moving from the old version of a secret or config to the new
// one, judged from the service and its tasks as read: converged, still going, or stopped (the
// Engine paused or rolled back the update, or the new tasks fail). Pure: rotate.ts polls it.
//
// The Engine's update state alone cannot say "done": right after the update is sent it resets
// UpdateStatus and the old tasks still run for a moment, and convergence() compares tasks with
// the spec only by image and ForceUpdate. So a task counts as updated only when its own spec
// references the new object's ID.
import type { EngineService, EngineServiceSpec, EngineTask } from '../model/engineTypes';
import { convergence } from '../model/convergence';
import { serviceMode } from '../model/summaries';
import { referencesObject } from '../swarmObjects/rotation';
import type { ObjectKind } from '../swarmObjects/validation';

export type RolloutPhase =
  /** Every wanted task runs, each with the new version, and no update is in progress. */
  | 'converged'
  /** The update is under way (or not yet started by the orchestrator). */
  | 'waiting'
  /** The Engine is rolling the update back (its FailureAction): wait for the end of it. */
  | 'rollingBack'
  /** The update (or its rollback) was paused by the Engine: the rotation stops here. */
  | 'paused'
  /** The service's spec names the old version again: the Engine rolled the update back. */
  | 'rolledBack'
  /** No update in progress, yet tasks with the new version fail and the service is short of them. */
  | 'failing';

export interface RolloutAssessment {
  phase: RolloutPhase;
  /** The Engine's reason (UpdateStatus.Message) or the failed task's error, when there is one. */
  why?: string;
  /** Running tasks (meant to run) with the new version, and with the old one. */
  onNew: number;
  onOld: number;
  running: number;
  desired: number;
  /** Whether the service's spec names the new version (false once the Engine rolled back). */
  specNamesNew: boolean;
  /** Per slot or node, as convergence() words it: `1 running, 2 failed: task: non-zero exit (1)`. */
  detail: string;
}

/** Which object a rotation moves services from, and to. */
export interface Versions {
  kind: ObjectKind;
  oldId: string;
  newId: string;
}

const ROLLING = new Set(['updating', 'rollback_started']);

/** Whether the task's own spec (its copy of the task template) references the object. */
export function taskUses(task: EngineTask, kind: ObjectKind, id: string): boolean {
  return referencesObject({ TaskTemplate: task.Spec as EngineServiceSpec['TaskTemplate'] }, kind, id);
}

/** Job modes run to completion: there is no rollout to follow. */
export function isJob(service: EngineService): boolean {
  const mode = serviceMode(service);
  return mode === 'replicated-job' || mode === 'global-job';
}

/**
 * Where the service stands. `pausedNodes` are the nodes whose availability is pause. `tasks` are the service's tasks (all of them, or those meant to run
 * plus the failed ones: a failed task is how a failing rollout shows when the Engine continues).
 */
export function assessRollout(service: EngineService, tasks: readonly EngineTask[], v: Versions, pausedNodes: ReadonlySet<string> = new Set()): RolloutAssessment {
  // A global service's task on a paused node is left as it is by the orchestrator (as in
  // convergence()): it keeps the old version until the node is activated, so it is not waited for.
  const c = convergence(service, tasks, undefined, pausedNodes);
  const wanted = tasks.filter((t) => t.DesiredState === 'running');
  const running = wanted.filter((t) => t.Status?.State === 'running');
  const base = {
    onNew: running.filter((t) => taskUses(t, v.kind, v.newId)).length,
    onOld: running.filter((t) => taskUses(t, v.kind, v.oldId)).length,
    running: c.running,
    desired: c.desired,
    specNamesNew: referencesObject(service.Spec, v.kind, v.newId),
    detail: c.detail,
  };
  const state = service.UpdateStatus?.State ?? '';
  const message = service.UpdateStatus?.Message || undefined;
  const why = message ? { why: message } : {};
  const failed = newestFailure(tasks, v);
  if (!base.specNamesNew) {
    // The Engine swaps the spec back when a rollback starts; someone else's change looks the same.
    if (state === 'rollback_started') return { ...base, ...why, phase: 'rollingBack' };
    if (state === 'rollback_paused') return { ...base, ...why, phase: 'paused' };
    // Once completed, the Engine's message says only that; the failed task says why.
    const reason = state === 'rollback_completed' ? failed : message;
    return { ...base, ...(reason ? { why: reason } : {}), phase: 'rolledBack' };
  }
  if (state === 'paused' || state === 'rollback_paused') return { ...base, why: message ?? `the update is ${state.replace('_', ' ')}`, phase: 'paused' };
  if (ROLLING.has(state)) return { ...base, ...why, phase: 'waiting' };
  if (c.done && wanted.every((t) => pausedNodes.has(t.NodeID ?? '') || taskUses(t, v.kind, v.newId))) return { ...base, phase: 'converged' };
  // The update is over (FailureAction continue, or restarts after it) but the service is short.
  if (failed && state !== '') return { ...base, why: failed, phase: 'failing' };
  return { ...base, phase: 'waiting' };
}

/** Why the newest task with the new version failed (or was rejected), if one did. */
function newestFailure(tasks: readonly EngineTask[], v: Versions): string | undefined {
  const failed = tasks
    .filter((t) => (t.Status?.State === 'failed' || t.Status?.State === 'rejected') && taskUses(t, v.kind, v.newId))
    .sort((a, b) => (b.Status?.Timestamp ?? '').localeCompare(a.Status?.Timestamp ?? ''))[0];
  return failed ? failed.Status?.Err || failed.Status?.Message || `a task was ${failed.Status?.State}` : undefined;
}
