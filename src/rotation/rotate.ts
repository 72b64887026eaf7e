// Rotate Secret… / Rotate Config…, the orchestration: the next version of the object is created
// with the new content, every service that uses the old one is pointed at it (same file, uid,
// gid and mode; nothing else in its spec changes) and followed to convergence, and only when
// every one has converged may the old version be removed. Free of the VS Code API, so that the
// integration tests run it on the real swarm.
//
// Services are updated one at a time, each followed to the end before the next is touched: new
// content that breaks a service then stops the rotation before any other service has it, and at
// most one service is ever caught between the two versions. The price is time (the rollouts add
// up), which a rotation can afford. The image is never re-resolved and no registry credentials
// are sent: the Engine keeps those stored with the service, as for a force update.
import { realClock, type Clock } from '../clock';
import type { ServiceSpec } from '../compose/engineSpecs';
import { toSwarmError } from '../docker/errors';
import { retriableConflict } from '../docker/writes';
import type { SwarmClient } from '../docker/swarmClient';
import type { Host } from '../host';
import type { EngineService } from '../model/engineTypes';
import { SwarmError, isUnsure } from '../model/errors';
import { usage, type ServiceRef, type SwarmConfig, type SwarmSecret } from '../model/swarmObjects';
import { STACK_LABEL } from '../model/summaries';
import { DEFAULT_TASK_FILTER } from '../model/taskFilter';
import { nextVersionName, referencesObject, repointReferences, type RotatedObject } from '../swarmObjects/rotation';
import type { ObjectKind } from '../swarmObjects/validation';
import { isJob } from './assess';
import { follow, outcomeOf, progressLine, type FollowEnd } from './follow';
import { stoppedMessage, type RotationNames, type ServiceOutcome } from './report';

export const ROTATE = 'Rotate';
export const REMOVE_OLD = 'Remove Old Version';
export const KEEP_OLD = 'Keep Old Version';
/** How often a service and its tasks are read while its rollout runs. */
export const POLL_MS = 500;
/** A rollout still not converged after this stops the rotation (the Engine goes on with it). */
export const LIMIT_MS = 5 * 60_000;

export type RotationClient = Pick<
  SwarmClient,
  'snapshot' | 'listSecrets' | 'listConfigs' | 'inspectConfig' | 'createSecret' | 'createConfig' |
  'inspectService' | 'updateStackService' | 'serviceTasks' | 'listNodes' | 'removeSecret' | 'removeConfig' | 'refuseChanges'
>;

/** What a rotation uses, read when it needs it (tests replace the host); a CommandContext is one. */
export interface RotationParts {
  client(): RotationClient;
  readonly host: Pick<Host, 'confirm' | 'choose' | 'withCancellableProgress' | 'showInformationMessage' | 'showErrorMessage'>;
  readonly log: { info(message: string): void; warn(message: string): void };
}

export interface RotationTiming {
  clock?: Clock;
  pollMs?: number;
  limitMs?: number;
}

export interface RotationRequest {
  kind: ObjectKind;
  object: SwarmSecret | SwarmConfig;
  data: Uint8Array;
  /** Where the content came from, for the confirmation: `the value typed`, `file app.conf`. */
  origin: string;
}

export interface RotationResult {
  /** declined: nothing was created (cancelled at the confirmation, or the content is the same). */
  outcome: 'declined' | 'rotated' | 'stopped' | 'cancelled';
  newVersion?: { id: string; name: string };
  services: ServiceOutcome[];
  oldRemoved: boolean;
}

interface User extends ServiceRef {
  targets: string[];
}

const names = (users: readonly { name: string }[]) => users.map((u) => u.name).join(', ');

async function readServices(client: RotationClient): Promise<EngineService[]> {
  return (await client.snapshot(DEFAULT_TASK_FILTER, { services: [] })).services;
}

/** The services whose spec uses the object, each once, with the files it is mounted as. */
function usersOf(services: readonly EngineService[], kind: ObjectKind, id: string, known: readonly ServiceRef[]): User[] {
  const index = usage(services, kind === 'secret' ? { secrets: known } : { configs: known });
  const users = new Map<string, User>();
  for (const use of (kind === 'secret' ? index.secrets : index.configs).get(id) ?? []) {
    const user = users.get(use.id) ?? { id: use.id, name: use.name, targets: [] };
    if (use.target) user.targets.push(use.target.name);
    users.set(use.id, user);
  }
  return [...users.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function confirmation(req: RotationRequest, newName: string, users: readonly User[]): { message: string; detail: string } {
  const old = req.object;
  const templating = old.templating ? ` and templating driver ${old.templating}` : '';
  const created = `${newName} is created from ${req.origin}, with the same labels${templating}.`;
  const stack = old.labels[STACK_LABEL];
  const stackNote = stack ? ` ${old.name} belongs to stack ${stack}: its compose file still names ${old.name}; change it before the stack is deployed again.` : '';
  if (users.length === 0) {
    return {
      message: `Rotate ${req.kind} ${old.name}: create ${newName}?`,
      detail: `No service uses ${old.name}, so no service is updated. ${created} You can then remove ${old.name} or keep it.${stackNote}`,
    };
  }
  const list = users.map((u) => (u.targets.length ? `${u.name} (${u.targets.join(', ')})` : u.name)).join(', ');
  return {
    message: `Rotate ${req.kind} ${old.name} to ${newName}? ${users.length === 1 ? 'One service will be' : `${users.length} services will be`} updated: ${names(users)}.`,
    detail:
      `${created} Then each service using ${old.name} is pointed at ${newName}, keeping the same file, uid, gid and mode, ` +
      `one at a time, each followed until its rollout completes: ${list}. If a rollout fails the rotation stops there and ` +
      `${old.name} stays. ${old.name} is removed only when every service has converged, and only if you choose to.${stackNote}`,
  };
}

/**
 * The update of one service, on a fresh read; on a version conflict read and sent once more.
 * Returns the service as read for the update, or undefined when it is gone or no longer uses the old one.
 */
async function repoint(client: RotationClient, serviceId: string, old: RotatedObject, newId: string, newName: string, log: RotationParts['log']): Promise<EngineService | undefined> {
  for (let attempt = 1; ; attempt++) {
    let current: EngineService;
    try {
      current = await client.inspectService(serviceId);
    } catch (e) {
      if (toSwarmError(e).kind === 'notFound') return undefined;
      throw e;
    }
    if (!referencesObject(current.Spec, old.kind, old.id)) return undefined;
    try {
      const spec = repointReferences(current.Spec ?? {}, old, newId, newName) as ServiceSpec;
      const { warnings } = await client.updateStackService(current.ID, current.Version?.Index ?? 0, spec);
      for (const w of warnings) log.warn(`Rotation, update of ${current.Spec?.Name ?? serviceId}: ${w}`);
      return current;
    } catch (e) {
      if (attempt === 1 && retriableConflict(e)) continue;
      throw e;
    }
  }
}

interface Run {
  newId: string;
  outcomes: ServiceOutcome[];
  failed?: ServiceOutcome;
  cancelledAt?: string;
  cancelled: boolean;
}

/**
 * Rotates `req.object` to its next version: asks for confirmation, creates it, updates each
 * service that uses the old one and follows it, and offers to remove the old one when all have
 * converged. A rollout that fails stops the rotation with one message saying which service runs
 * which version; the old version is then kept. Throws (a SwarmError) only when nothing was done
 * yet or the new version could not be created.
 */
export async function rotateObject(parts: RotationParts, req: RotationRequest, timing: RotationTiming = {}): Promise<RotationResult> {
  const t: Required<RotationTiming> = { clock: timing.clock ?? realClock, pollMs: timing.pollMs ?? POLL_MS, limitMs: timing.limitMs ?? LIMIT_MS };
  const { kind, object: old } = req;
  const declined: RotationResult = { outcome: 'declined', services: [], oldRemoved: false };
  const driver = (old as SwarmSecret).driver;
  if (driver) throw new SwarmError('invalid', `The data of ${old.name} comes from the secret driver ${driver}: rotate it in that store.`);
  const client = parts.client();
  // Refused at once while the quorum is known lost, rather than after the reads and the confirmation.
  client.refuseChanges?.();
  const [services, listed] = await Promise.all([readServices(client), kind === 'secret' ? client.listSecrets() : client.listConfigs()]);
  if (!listed.some((o) => o.id === old.id)) throw new SwarmError('notFound', `The ${kind} ${old.name} no longer exists`);
  const data = Buffer.from(req.data).toString('base64');
  if (kind === 'config' && (await client.inspectConfig(old.id)).data === data) {
    void parts.host.showInformationMessage(`The new content is the same as ${old.name}'s: nothing to rotate.`);
    return declined;
  }
  const users = usersOf(services, kind, old.id, listed);
  const newName = nextVersionName(old.name, listed.map((o) => o.name));
  const wording: RotationNames = { kind, oldName: old.name, newName };
  const ask = confirmation(req, newName, users);
  if ((await parts.host.confirm(ask.message, ask.detail, ROTATE)) !== ROTATE) return declined;

  const oldRef: RotatedObject = { kind, id: old.id, name: old.name };
  const run = await parts.host.withCancellableProgress(`Rotating ${kind} ${old.name} to ${newName}`, async (progress, cancelled): Promise<Run> => {
    progress.report({ message: `creating ${newName}` });
    const spec = { Name: newName, Labels: { ...old.labels }, Data: data, ...(old.templating ? { Templating: { Name: old.templating } } : {}) };
    const newId = kind === 'secret' ? await client.createSecret(spec) : await client.createConfig(spec);
    parts.log.info(`Rotation of ${kind} ${old.name}: created ${newName} (${newId})`);
    const outcomes: ServiceOutcome[] = [];
    const result = (extra: Partial<Run> = {}): Run => {
      for (const u of users.slice(outcomes.length)) outcomes.push({ name: u.name, state: 'notUpdated' });
      return { newId, outcomes, cancelled: false, ...extra };
    };
    for (const [i, user] of users.entries()) {
      if (cancelled()) return result({ cancelled: true });
      const step = `${i + 1}/${users.length}`;
      progress.report({ message: `updating ${user.name} (${step})` });
      let sent: EngineService | undefined;
      try {
        sent = await repoint(client, user.id, oldRef, newId, newName, parts.log);
      } catch (e) {
        // A try that got no clear answer may have been applied: not "refused", which says nothing changed.
        const failed: ServiceOutcome = { name: user.name, state: isUnsure(e) ? 'unsure' : 'refused', why: toSwarmError(e).message };
        outcomes.push(failed);
        return result({ failed });
      }
      if (!sent) {
        outcomes.push({ name: user.name, state: 'noLongerUses' });
        continue;
      }
      if (isJob(sent)) {
        outcomes.push({ name: user.name, state: 'jobUpdated' });
        continue;
      }
      let end: FollowEnd;
      try {
        end = await follow(client, user.id, { kind, oldId: old.id, newId }, cancelled, (a) => progress.report({ message: progressLine(user.name, step, a) }), t);
      } catch (e) {
        const err = toSwarmError(e);
        // Removed while it rolled out: it no longer holds the old version back.
        if (err.kind === 'notFound') {
          outcomes.push({ name: user.name, state: 'noLongerUses' });
          continue;
        }
        const failed: ServiceOutcome = { name: user.name, state: 'unknown', why: err.message };
        outcomes.push(failed);
        return result({ failed });
      }
      const outcome = outcomeOf(user.name, end);
      parts.log.info(`Rotation of ${kind} ${old.name}: ${user.name} ${end.end}${end.why ? ` (${end.why})` : ''}`);
      outcomes.push(outcome);
      if (end.end === 'cancelled') return result({ cancelled: true, cancelledAt: user.name });
      if (end.end !== 'converged') return result({ failed: outcome });
    }
    return result();
  });

  const newVersion = { id: run.newId, name: newName };
  if (run.failed) {
    void parts.host.showErrorMessage(stoppedMessage(wording, run.outcomes, { failed: run.failed }));
    return { outcome: 'stopped', newVersion, services: run.outcomes, oldRemoved: false };
  }
  if (run.cancelled) {
    void parts.host.showInformationMessage(stoppedMessage(wording, run.outcomes, run.cancelledAt ? { cancelledAt: run.cancelledAt } : {}));
    return { outcome: 'cancelled', newVersion, services: run.outcomes, oldRemoved: false };
  }
  const oldRemoved = await offerRemoval(parts, client, req, wording, run.outcomes, listed);
  return { outcome: 'rotated', newVersion, services: run.outcomes, oldRemoved };
}

/** Every service converged: the old version may go, if the user says so and no service uses it now. */
async function offerRemoval(
  parts: RotationParts,
  client: RotationClient,
  req: RotationRequest,
  w: RotationNames,
  outcomes: readonly ServiceOutcome[],
  known: readonly ServiceRef[],
): Promise<boolean> {
  const updated = outcomes.filter((o) => o.state === 'updated' || o.state === 'jobUpdated');
  const done = updated.length ? `Rotated ${w.kind} ${w.oldName} to ${w.newName} (${names(updated)} updated)` : `Created ${w.kind} ${w.newName}`;
  const detail = updated.length
    ? `${names(updated)} now ${updated.length === 1 ? 'runs' : 'run'} with ${w.newName}. Remove ${w.oldName}, or keep it to go back to it later?`
    : `No service uses ${w.oldName}. Remove it, or keep it?`;
  const answer = await parts.host.choose(`${done}. Remove the old version, ${w.oldName}?`, detail, [REMOVE_OLD, KEEP_OLD]);
  if (answer !== REMOVE_OLD) {
    void parts.host.showInformationMessage(`${done}; ${w.oldName} is kept.`);
    return false;
  }
  try {
    const still = usersOf(await readServices(client), req.kind, req.object.id, known);
    if (still.length) {
      void parts.host.showErrorMessage(`${done}, but ${w.oldName} is kept: ${names(still)} ${still.length === 1 ? 'uses' : 'use'} it now.`);
      return false;
    }
    await (req.kind === 'secret' ? client.removeSecret(req.object.id) : client.removeConfig(req.object.id));
  } catch (e) {
    void parts.host.showErrorMessage(`${done}, but ${w.oldName} could not be removed: ${toSwarmError(e).message}`);
    return false;
  }
  parts.log.info(`Rotation of ${w.kind} ${w.oldName}: removed it`);
  void parts.host.showInformationMessage(`${done}; ${w.oldName} is removed.`);
  return true;
}
