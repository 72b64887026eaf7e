// Rotating a secret or config: the next version's name, and each service's spec repointed from
// the old object to the new one. The Engine cannot change a secret's or config's data, so a
// rotation creates a new object and updates every service that references the old one by ID.
import type { EngineService, EngineServiceSpec } from '../model/engineTypes';
import type { ObjectKind } from './validation';
import { MAX_OBJECT_NAME_LENGTH } from './validation';

/** A reference's target inside the container (ContainerSpec.Secrets[].File, Configs[].File). */
export interface FileTarget { Name?: string; UID?: string; GID?: string; Mode?: number }

/** ContainerSpec.Secrets[] and ContainerSpec.Configs[] entries, as the Engine returns them. */
export interface ObjectReference {
  SecretID?: string;
  SecretName?: string;
  ConfigID?: string;
  ConfigName?: string;
  File?: FileTarget;
  /** Configs only: a runtime reference (credential spec), no file. */
  Runtime?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface RotatedObject { kind: ObjectKind; id: string; name: string }

export interface ServiceRepoint {
  serviceId: string;
  serviceName: string;
  /** Version.Index as read: the update must be sent with it. */
  version: number;
  /** The service's whole spec with only the references to the old object changed. */
  spec: EngineServiceSpec;
  /** The references repointed, with their file targets as they are (and stay). */
  targets: FileTarget[];
}

const VERSIONED = /^(.+)-v([1-9]\d*)$/;

/**
 * The name for the next version of `name`, in the scheme `<base>-v<N>`:
 * - `db-password` is version 1 of base `db-password`, so its next is `db-password-v2`;
 *   `db-password-v2` is version 2 of the same base, so its next is `db-password-v3`.
 * - N is one more than the highest version of the base among `name` and `existingNames`, so a
 *   kept older version never makes a rotation go back to a lower number; a name still taken
 *   (compared without case, as the Engine compares names) moves N up again.
 * - The result stays within the Engine's 64 characters: when `<base>-v<N>` would be longer, the
 *   base is cut to fit. An existing name of exactly 64 characters whose base is a prefix of
 *   this base counts as a version of it (it was cut the same way).
 */
export function nextVersionName(name: string, existingNames: readonly string[]): string {
  const own = VERSIONED.exec(name);
  const base = own ? (own[1] as string) : name;
  let highest = own ? Number(own[2]) : 1;
  for (const existing of existingNames) {
    const m = VERSIONED.exec(existing);
    if (!m) continue;
    const existingBase = m[1] as string;
    const sameBase = existingBase.toLowerCase() === base.toLowerCase() ||
      (existing.length === MAX_OBJECT_NAME_LENGTH && base.toLowerCase().startsWith(existingBase.toLowerCase()));
    if (sameBase) highest = Math.max(highest, Number(m[2]));
  }
  const taken = new Set(existingNames.map((n) => n.toLowerCase()));
  for (let n = highest + 1; ; n++) {
    const suffix = `-v${n}`;
    const candidate = `${base.slice(0, MAX_OBJECT_NAME_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function referenceList(spec: EngineServiceSpec, kind: ObjectKind): ObjectReference[] | undefined {
  const container = spec.TaskTemplate?.ContainerSpec as Record<string, unknown> | undefined;
  const list = container?.[kind === 'secret' ? 'Secrets' : 'Configs'];
  return Array.isArray(list) ? (list as ObjectReference[]) : undefined;
}

function referencedId(ref: ObjectReference, kind: ObjectKind): string | undefined {
  return kind === 'secret' ? ref.SecretID : ref.ConfigID;
}

/** True when the spec references the object by ID. */
export function referencesObject(spec: EngineServiceSpec | undefined, kind: ObjectKind, id: string): boolean {
  return spec !== undefined && (referenceList(spec, kind) ?? []).some((ref) => referencedId(ref, kind) === id);
}

/**
 * The spec with every reference to `old` (by ID) pointed at the new object: its ID and name
 * change; File (Name, UID, GID, Mode), Runtime and anything else on the reference stay as they
 * are, and nothing else in the spec changes but a credential spec naming the old config. The given spec is not modified. Usable as the
 * transform of a versioned update, which re-reads the service on a conflict.
 */
export function repointReferences(spec: EngineServiceSpec, old: RotatedObject, newId: string, newName: string): EngineServiceSpec {
  const copy = structuredClone(spec);
  const list = referenceList(copy, old.kind);
  if (!list) return copy;
  for (const ref of list) {
    if (referencedId(ref, old.kind) !== old.id) continue;
    if (old.kind === 'secret') {
      ref.SecretID = newId;
      ref.SecretName = newName;
    } else {
      ref.ConfigID = newId;
      ref.ConfigName = newName;
    }
  }
  // A config used as a credential spec is named again under Privileges; the Engine refuses a
  // spec whose CredentialSpec.Config is not among its runtime config references.
  const credential = (copy.TaskTemplate?.ContainerSpec as { Privileges?: { CredentialSpec?: { Config?: string } } } | undefined)?.Privileges?.CredentialSpec;
  if (old.kind === 'config' && credential?.Config === old.id) credential.Config = newId;
  return copy;
}

/**
 * The services to update for a rotation from `old` to the new object, each with its version
 * and repointed spec, in the order given. Services that do not reference `old` are left out.
 */
export function rotationPlan(old: RotatedObject, newId: string, newName: string, services: readonly EngineService[]): ServiceRepoint[] {
  const plan: ServiceRepoint[] = [];
  for (const service of services) {
    const spec = service.Spec;
    if (!spec || !referencesObject(spec, old.kind, old.id)) continue;
    const targets = (referenceList(spec, old.kind) ?? [])
      .filter((ref) => referencedId(ref, old.kind) === old.id)
      .map((ref) => ({ ...(ref.File ?? {}) }));
    plan.push({
      serviceId: service.ID,
      serviceName: spec.Name ?? service.ID,
      version: service.Version?.Index ?? 0,
      spec: repointReferences(spec, old, newId, newName),
      targets,
    });
  }
  return plan;
}
