// Following one service's rollout to the new version of a secret or config: its service and
// tasks read every POLL_MS until assessRollout() says it converged or stopped, the time limit
// passes, or the user stops waiting; and what that end means for the rotation's report.
import type { Clock } from '../clock';
import type { ObjectKind } from '../swarmObjects/validation';
import { assessRollout, type RolloutAssessment } from './assess';
import type { ServiceOutcome } from './report';
import type { RotationClient } from './rotate';
import { ELECTION_DELAYS_MS, isLeaderWait } from '../docker/leaderWait';

/** How long reads of a rollout may find no leader before the rotation gives up following it. */
const ELECTION_BUDGET_MS = ELECTION_DELAYS_MS.reduce((a, b) => a + b, 0);

export interface FollowTiming {
  clock: Clock;
  pollMs: number;
  limitMs: number;
}

export type FollowEnd = { end: 'converged' | 'paused' | 'failing' | 'rolledBack' | 'slow' | 'cancelled'; last?: RolloutAssessment; why?: string };

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** Reads the service and its tasks until the rollout converges, stops, runs too long, or the user stops waiting. */
export async function follow(
  client: RotationClient,
  serviceId: string,
  versions: { kind: ObjectKind; oldId: string; newId: string },
  cancelled: () => boolean,
  onRead: (a: RolloutAssessment) => void,
  t: FollowTiming,
): Promise<FollowEnd> {
  const started = t.clock.now();
  // Once completed, a rollback says only "rollback completed": the reason came with its start.
  let reason: string | undefined;
  let last: RolloutAssessment | undefined;
  let failingSince: number | undefined;
  for (;;) {
    // Read at least once even when the user already stopped waiting: the report says how many
    // tasks run which version, and without a read it would say none on either.
    let read;
    try {
      read = await Promise.all([client.inspectService(serviceId), client.serviceTasks(serviceId), client.listNodes()]);
      failingSince = undefined;
    } catch (e) {
      // An election (no leader, no answer) is waited out as a change waits it out; not longer.
      failingSince ??= t.clock.now();
      if (!isLeaderWait(e) || t.clock.now() - failingSince > ELECTION_BUDGET_MS) throw e;
      await sleep(t.clock, t.pollMs);
      continue;
    }
    const [service, tasks, nodes] = read;
    const paused = new Set(nodes.filter((n) => n.Spec?.Availability === 'pause').map((n) => n.ID));
    last = assessRollout(service, tasks, versions, paused);
    if (last.phase === 'rollingBack' && last.why) reason = last.why;
    onRead(last);
    if (last.phase === 'converged' || last.phase === 'paused' || last.phase === 'failing') return { end: last.phase, last, ...(last.why ? { why: last.why } : {}) };
    if (last.phase === 'rolledBack') return { end: 'rolledBack', last, ...((reason ?? last.why) ? { why: reason ?? last.why } : {}) };
    if (cancelled()) return { end: 'cancelled', last };
    if (t.clock.now() - started > t.limitMs) return { end: 'slow', last };
    await sleep(t.clock, t.pollMs);
  }
}

export function outcomeOf(name: string, f: FollowEnd): ServiceOutcome {
  const counts = { onNew: f.last?.onNew ?? 0, onOld: f.last?.onOld ?? 0, specNamesNew: f.last?.specNamesNew ?? true };
  const why = f.why ? { why: f.why } : {};
  switch (f.end) {
    case 'converged':
      return { name, state: 'updated' };
    case 'rolledBack':
      return { name, state: 'rolledBack', ...why };
    case 'cancelled':
      return { name, state: 'inProgress', ...counts };
    default:
      return { name, state: 'stopped', how: f.end, ...why, ...counts };
  }
}

/** One line of the progress notification while a service's rollout is followed. */
export function progressLine(service: string, step: string, a: RolloutAssessment): string {
  const state = a.phase === 'rollingBack' ? 'the Engine is rolling the update back' : `${a.onNew}/${a.desired} on the new version, ${a.running}/${a.desired} running`;
  return `waiting for ${service} (${step}): ${state}${a.detail ? ` — ${a.detail}` : ''}`;
}
