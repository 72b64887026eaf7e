// Naming and small value rules shared by the conversion of a stack's top-level objects
// (networks, volumes, secrets, configs), as `docker stack deploy` applies them: the
// `<stack>_<name>` namespace, the stack label, `external`/`name` resolution, and the way the
// CLI turns label and option values into strings.

import { mapping } from './mappings';
import type { ComposeIssue, ComposePath } from './types';

/** The label the CLI puts on everything a stack creates; `docker stack rm` finds them by it. */
export const NAMESPACE_LABEL = 'com.docker.stack.namespace';

export function scopedName(stackName: string, name: string): string {
  return `${stackName}_${name}`;
}

/** The labels with the stack label added last, so that a user label of the same key loses. */
export function withStackLabel(labels: Record<string, string> | undefined, stackName: string): Record<string, string> {
  return { ...(labels ?? {}), [NAMESPACE_LABEL]: stackName };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/**
 * A `labels`/`driver_opts` value (a mapping, or a list of `key=value` strings) as a string map:
 * a list entry without `=` maps to '', as the CLI's loader does. Undefined when absent. The
 * normalising is mappings.ts's, the one the service keys use.
 */
export function toStringMap(value: unknown): Record<string, string> | undefined {
  return Array.isArray(value) || isRecord(value) ? mapping(value) : undefined;
}

/** A top-level object's `external` and `name`, resolved as the CLI's loader does. */
export interface ResolvedObject {
  external: boolean;
  /** The name given by `name:` or the old `external: {name:}`; for an external object without either, its key. */
  name?: string;
}

export type ObjectKind = 'network' | 'volume' | 'secret' | 'config';

/**
 * Resolves `external` (true/false or the old `{name: x}` form) and `name:` of the object at
 * `section.key`, with the CLI's refusal of both names and its deprecation warning for the old form.
 */
export function resolveObject(
  kind: ObjectKind,
  section: string,
  key: string,
  object: Record<string, unknown>,
  version: string | undefined,
  issues: ComposeIssue[],
): ResolvedObject {
  const path: ComposePath = [section, key];
  const name = typeof object.name === 'string' && object.name !== '' ? object.name : undefined;
  const external = object.external;
  if (isRecord(external)) {
    const oldName = typeof external.name === 'string' && external.name !== '' ? external.name : undefined;
    if (oldName !== undefined) {
      if (name !== undefined) {
        issues.push({
          severity: 'error',
          path: [...path, 'external', 'name'],
          message: `${section}.${key}: external.name and name cannot both be set; use ${section}.${key}.name only.`,
        });
        return { external: true, name };
      }
      // The CLI warns from the file format version where `name:` appeared (3.4 for volumes, 3.5 for the others).
      if (versionAtLeast(version, kind === 'volume' ? [3, 4] : [3, 5])) {
        issues.push({
          severity: 'warning',
          path: [...path, 'external', 'name'],
          message: `${section}.${key}.external.name is deprecated: use ${section}.${key}.name with external: true.`,
        });
      }
      return { external: true, name: oldName };
    }
    return { external: true, name: name ?? key };
  }
  if (external === true) return { external: true, name: name ?? key };
  return name === undefined ? { external: false } : { external: false, name };
}

/** The file format version compared as the CLI compares it (dotted numbers; a missing version counts as the latest). */
export function versionAtLeast(version: string | undefined, minimum: [number, number]): boolean {
  if (version === undefined) return true;
  const parts = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const [major, minor] = [parts[0] ?? 0, parts[1] ?? 0];
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

/** The value at `config[section]` as a record of objects (an entry written as null counts as `{}`). */
export function sectionOf(config: Record<string, unknown>, section: string): Map<string, Record<string, unknown>> {
  const result = new Map<string, Record<string, unknown>>();
  const value = config[section];
  if (!isRecord(value)) return result;
  for (const [key, entry] of Object.entries(value)) {
    if (key.startsWith('x-')) continue;
    result.set(key, isRecord(entry) ? entry : {});
  }
  return result;
}
