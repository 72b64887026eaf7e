// Why a service's tasks find no node: its placement constraints checked against the nodes of
// the same refresh (src/swarmObjects/constraints.ts decides as the scheduler does), in words
// for the service's row and for each task the scheduler left pending. Pure, no extra request.
import { constraintNode, explainConstraints } from '../swarmObjects/constraints';
import type { EngineNode, EngineService } from './engineTypes';
import type { ServiceSummary, TaskSummary } from './summaries';

/** What the Engine says of a task it could not place: "no suitable node (scheduling constraints not satisfied on 1 node)". */
const NO_SUITABLE_NODE = /no suitable node/i;

/** Spec.TaskTemplate.Placement.Constraints, as written (`node.labels.zone==eu`). */
export function placementConstraints(service: Pick<EngineService, 'Spec'> | undefined): string[] {
  const placement = service?.Spec?.TaskTemplate?.['Placement'] as { Constraints?: unknown } | undefined;
  const list = placement?.Constraints;
  return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string' && c.trim() !== '') : [];
}

/**
 * The constraints no node that takes tasks can meet, in one sentence (e.g. `node.labels.zone==eu:
 * no node has the label "zone" equal to "eu" (no node has that label)`); undefined when some node
 * meets them all (then something else keeps a task off the nodes: resources, platform, ports).
 */
export function placementProblem(constraints: readonly string[], nodes: readonly EngineNode[]): string | undefined {
  if (constraints.length === 0) return undefined;
  const report = explainConstraints(constraints, nodes.map(constraintNode));
  if (report.unsatisfied.length > 0) return report.unsatisfied.map((u) => `${u.constraint}: ${u.reason}`).join('; ');
  if (report.noNodeMeetsAll) return `each constraint is met by some node, but no node meets all of them (${constraints.join(', ')})`;
  return undefined;
}

/** A task the scheduler keeps pending because no node fits (as opposed to one waiting for an image or a slot). */
export function waitsForNode(t: Pick<TaskSummary, 'state' | 'error' | 'message'>): boolean {
  return t.state === 'pending' && NO_SUITABLE_NODE.test(`${t.error ?? ''} ${t.message ?? ''}`);
}

/**
 * The service's tasks, each pending one that no node fits told which constraint is to blame
 * (`unplaced`). The constraints are checked once for all of them; tasks are copied, not changed.
 */
export function explainUnplacedTasks(tasks: TaskSummary[], service: Pick<EngineService, 'Spec'> | undefined, nodes: readonly EngineNode[]): TaskSummary[] {
  if (!tasks.some(waitsForNode)) return tasks;
  const why = placementProblem(placementConstraints(service), nodes);
  if (!why) return tasks;
  return tasks.map((t) => (waitsForNode(t) ? { ...t, unplaced: why } : t));
}

/** The summary with `unplaced` set when no node can meet the service's constraints; a copy, not changed. */
export function withPlacement(summary: ServiceSummary, service: Pick<EngineService, 'Spec'>, nodes: readonly EngineNode[]): ServiceSummary {
  const why = placementProblem(placementConstraints(service), nodes);
  return why ? { ...summary, unplaced: why } : summary;
}
