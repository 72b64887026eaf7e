// Secrets and configs as `docker stack deploy` converts them: every top-level one that is not
// external is created (used by a service or not), its `file:` read from the compose file's
// folder; a service's references (short and long syntax) get the CLI's defaults (target = the
// key, uid and gid "0", mode 0444) and are sorted by name. IDs are left to the deploy.

import * as path from 'node:path';
import type { ConfigReference, FileTarget, SecretReference } from './engineSpecs';
import type { ComposeIssue, ConvertContext, ConvertedConfig, ConvertedSecret } from './types';
import { compareGoStrings } from './mappings';
import { isRecord, resolveObject, scopedName, toStringMap, withStackLabel, type ResolvedObject } from './names';

export type FileObjectKind = 'secret' | 'config';

export interface StackFileObjects {
  kind: FileObjectKind;
  declared: Map<string, { object: Record<string, unknown>; resolved: ResolvedObject }>;
}

/** The engine's size limits (exclusive), as its refusals say: 512000 bytes for a secret, 1024000 for a config. */
const SECRET_LIMIT = 512000;
const CONFIG_LIMIT = 1024000;

const sectionOfKind = (kind: FileObjectKind): string => (kind === 'secret' ? 'secrets' : 'configs');

export function declareFileObjects(
  kind: FileObjectKind,
  section: Map<string, Record<string, unknown>>,
  version: string | undefined,
  issues: ComposeIssue[],
): StackFileObjects {
  const declared: StackFileObjects['declared'] = new Map();
  for (const [key, object] of section) {
    declared.set(key, { object, resolved: resolveObject(kind, sectionOfKind(kind), key, object, version, issues) });
  }
  return { kind, declared };
}

/** The object's name on the engine. */
export function fileObjectName(objects: StackFileObjects, key: string, stackName: string): string {
  return objects.declared.get(key)?.resolved.name ?? scopedName(stackName, key);
}

interface Created<S> { key: string; spec: S; file?: string }

/**
 * The specs of the secrets or configs the deploy creates: all top-level ones that are not
 * external. A secret with a `driver` has no data (its driver provides it) and reads no file.
 */
export function convertFileObjects(
  objects: StackFileObjects,
  ctx: ConvertContext,
  issues: ComposeIssue[],
): Created<ConvertedSecret['spec'] & ConvertedConfig['spec']>[] {
  const section = sectionOfKind(objects.kind);
  const created: Created<ConvertedSecret['spec'] & ConvertedConfig['spec']>[] = [];
  for (const [key, { object, resolved }] of objects.declared) {
    if (resolved.external) continue;
    const spec: Created<ConvertedSecret['spec']>['spec'] = {
      Name: resolved.name ?? scopedName(ctx.stackName, key),
      Labels: withStackLabel(toStringMap(object.labels), ctx.stackName),
    };
    const driver = objects.kind === 'secret' && typeof object.driver === 'string' ? object.driver : '';
    const item: Created<ConvertedSecret['spec']> = { key, spec };
    if (driver !== '') {
      if (typeof object.file === 'string' && object.file !== '') {
        issues.push({
          severity: 'error',
          path: [section, key, 'file'],
          message: `${section}.${key}: "driver" and "file" cannot be combined; the driver provides the secret's data.`,
        });
        continue;
      }
      spec.Driver = { Name: driver };
      const options = toStringMap(object.driver_opts);
      if (options !== undefined && Object.keys(options).length > 0) spec.Driver.Options = options;
    } else {
      const file = typeof object.file === 'string' ? object.file : '';
      const absolute = path.isAbsolute(file) ? file : path.join(ctx.workingDir, file);
      let data: Uint8Array;
      try {
        data = ctx.readFile(absolute);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        issues.push({
          severity: 'error',
          path: [section, key, 'file'],
          message: `${section}.${key}.file: cannot read "${file}": ${reason}`,
        });
        continue;
      }
      // The engine refuses empty or oversized data; the CLI finds out only after creating the
      // stack's networks, so refuse here, before anything is sent.
      const limit = objects.kind === 'secret' ? SECRET_LIMIT : CONFIG_LIMIT;
      if (data.length === 0 || data.length >= limit) {
        issues.push({
          severity: 'error',
          path: [section, key, 'file'],
          message: `${section}.${key}.file: "${file}" is ${data.length === 0 ? 'empty' : `${data.length} bytes`}; the engine takes a ${objects.kind} of 1 to ${limit - 1} bytes.`,
        });
        continue;
      }
      spec.Data = Buffer.from(data).toString('base64');
      item.file = relativeToWorkingDir(absolute, ctx.workingDir);
    }
    if (typeof object.template_driver === 'string' && object.template_driver !== '') {
      spec.Templating = { Name: object.template_driver };
    }
    created.push(item);
  }
  return created;
}

/** A path as the confirmation shows it: relative inside the compose file's folder, absolute outside it. */
export function relativeToWorkingDir(absolute: string, workingDir: string): string {
  const relative = path.relative(workingDir, absolute);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
}

type Reference<K extends FileObjectKind> = K extends 'secret' ? SecretReference : ConfigReference;

/**
 * A service's `secrets:` or `configs:` references, sorted by name as the CLI sorts them, with the
 * names of the external objects they use (which the deploy must find).
 */
export function convertReferences<K extends FileObjectKind>(
  key: string,
  service: Record<string, unknown>,
  objects: StackFileObjects & { kind: K },
  stackName: string,
  issues: ComposeIssue[],
): { references: Reference<K>[]; external: string[] } {
  const section = sectionOfKind(objects.kind);
  const entries = Array.isArray(service[section]) ? (service[section] as unknown[]) : [];
  const references: Reference<K>[] = [];
  const external: string[] = [];
  entries.forEach((entry, index) => {
    const long = isRecord(entry) ? entry : { source: entry };
    const source = typeof long.source === 'string' ? long.source : String(long.source ?? '');
    const declared = objects.declared.get(source);
    if (declared === undefined) {
      issues.push({
        severity: 'error',
        path: ['services', key, section, index],
        message: `services.${key}.${section}.${index}: undefined ${objects.kind} "${source}" (declare it under the top-level ${section} key).`,
      });
      return;
    }
    const name = fileObjectName(objects, source, stackName);
    if (declared.resolved.external && !external.includes(name)) external.push(name);
    const file: FileTarget = {
      Name: typeof long.target === 'string' && long.target !== '' ? long.target : source,
      UID: typeof long.uid === 'string' && long.uid !== '' ? long.uid : '0',
      GID: typeof long.gid === 'string' && long.gid !== '' ? long.gid : '0',
      Mode: typeof long.mode === 'number' ? long.mode : 0o444,
    };
    const reference =
      objects.kind === 'secret'
        ? ({ File: file, SecretID: '', SecretName: name } satisfies SecretReference)
        : ({ File: file, ConfigID: '', ConfigName: name } satisfies ConfigReference);
    references.push(reference as Reference<K>);
  });
  references.sort((a, b) => compareGoStrings(referenceName(a), referenceName(b)));
  return { references, external };
}

export function referenceName(reference: SecretReference | ConfigReference): string {
  return 'SecretName' in reference ? reference.SecretName : reference.ConfigName;
}
