// What a rotation says when it stops before the end: which services run the new version, which
// the old one, and which are caught in between (an update the Engine paused, or one still going
// when the user stopped waiting). Pure wording, one message; names only, never any data.
import type { ObjectKind } from '../swarmObjects/validation';

/** Where one service the rotation planned to update ended up. */
export type ServiceOutcome = { name: string } & (
  /** Converged: every task runs with the new version. */
  | { state: 'updated' }
  /** A job: its spec names the new version; a job runs to completion, so there is no rollout to follow. */
  | { state: 'jobUpdated' }
  /** The rollout stopped half-way: paused by the Engine, failing tasks, or too slow. */
  | { state: 'stopped'; how: 'paused' | 'failing' | 'slow'; why?: string; onNew: number; onOld: number; specNamesNew: boolean }
  /** The Engine rolled the update back: the old version again. */
  | { state: 'rolledBack'; why?: string }
  /** The update request failed: nothing changed. */
  | { state: 'refused'; why: string }
  /** The update request got no clear answer: it may or may not have been applied. */
  | { state: 'unsure'; why: string }
  /** Its state could not be read while following it (the Engine's error). */
  | { state: 'unknown'; why: string }
  /** The user stopped waiting: the Engine goes on with the update. */
  | { state: 'inProgress'; onNew: number; onOld: number; specNamesNew: boolean }
  /** Not reached: the rotation stopped before it. */
  | { state: 'notUpdated' }
  /** Read again before its update, it no longer used the old version: left alone. */
  | { state: 'noLongerUses' }
);

export interface RotationNames {
  kind: ObjectKind;
  oldName: string;
  newName: string;
}

const list = (names: readonly string[]) => names.join(', ');

function tasks(n: number, on: string): string {
  return `${n} running task${n === 1 ? '' : 's'} on ${on}`;
}

/** Why a service stopped the rotation, as a clause: `api's update was paused by the Engine (…)`. */
export function stopReason(o: ServiceOutcome, names: RotationNames): string {
  const why = (w: string | undefined) => (w ? ` (${w})` : '');
  switch (o.state) {
    case 'stopped':
      if (o.how === 'paused') return `the Engine paused the update of ${o.name}${why(o.why)}`;
      if (o.how === 'failing') return `the tasks of ${o.name} with ${names.newName} fail${why(o.why)}`;
      return `${o.name} had not converged in time`;
    case 'rolledBack':
      return `the Engine rolled back the update of ${o.name}${why(o.why)}`;
    case 'refused':
      return `the update of ${o.name} was refused${why(o.why)}`;
    case 'unsure':
      return `the update of ${o.name} may or may not have been applied${why(o.why)}`;
    case 'unknown':
      return `the rollout of ${o.name} could not be followed${why(o.why)}`;
    default:
      return `${o.name} did not converge`;
  }
}

/**
 * Which services run which version, e.g.
 * `On db-v2 (new): web. On db (old): api (the Engine rolled its update back), worker (not updated).
 *  Between the two: cache (update paused; 1 running task on db-v2, 2 running tasks on db).`
 */
export function whoRunsWhat(outcomes: readonly ServiceOutcome[], names: RotationNames): string {
  const onNew: string[] = [];
  const onOld: string[] = [];
  const between: string[] = [];
  const untouched: string[] = [];
  for (const o of outcomes) {
    switch (o.state) {
      case 'updated':
        onNew.push(o.name);
        break;
      case 'jobUpdated':
        onNew.push(`${o.name} (a job: its next run)`);
        break;
      case 'rolledBack':
        onOld.push(`${o.name} (the Engine rolled its update back, so it runs the old version again)`);
        break;
      case 'refused':
        onOld.push(`${o.name} (its update was refused)`);
        break;
      case 'notUpdated':
        onOld.push(`${o.name} (not updated)`);
        break;
      case 'noLongerUses':
        untouched.push(o.name);
        break;
      case 'unsure':
        between.push(`${o.name} (its update may or may not have been applied: check which version its spec names)`);
        break;
      case 'unknown':
        between.push(`${o.name} (updated to ${names.newName}, but its rollout could not be followed: ${o.why})`);
        break;
      case 'stopped':
      case 'inProgress': {
        const what = o.state === 'inProgress' ? 'update still in progress' : o.how === 'paused' ? 'update paused' : o.how === 'failing' ? 'new tasks failing' : 'not converged';
        between.push(`${o.name} (${what}; its spec names ${o.specNamesNew ? names.newName : names.oldName}; ${tasks(o.onNew, names.newName)}, ${tasks(o.onOld, names.oldName)})`);
        break;
      }
    }
  }
  const parts = [
    onNew.length ? `On ${names.newName} (new): ${list(onNew)}.` : `No service runs ${names.newName} (new) yet.`,
    ...(onOld.length ? [`On ${names.oldName} (old): ${list(onOld)}.`] : []),
    ...(between.length ? [`Between the two: ${list(between)}.`] : []),
    ...(untouched.length ? [`No longer using ${names.oldName}, left as they were: ${list(untouched)}.`] : []),
  ];
  return parts.join(' ');
}

/** The one message of a rotation that stopped (a failure, or the user stopped waiting). */
export function stoppedMessage(names: RotationNames, outcomes: readonly ServiceOutcome[], cause: { failed: ServiceOutcome } | { cancelledAt?: string }): string {
  const head = `Rotation of ${names.kind} ${names.oldName} to ${names.newName} stopped`;
  const because = 'failed' in cause
    ? `: ${stopReason(cause.failed, names)}.`
    : cause.cancelledAt ? ` while waiting for ${cause.cancelledAt}, as you asked.` : ', as you asked.';
  return `${head}${because} ${whoRunsWhat(outcomes, names)} ${names.oldName} is kept.`;
}
