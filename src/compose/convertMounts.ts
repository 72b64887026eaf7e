// A service's `volumes:` as `docker stack deploy` turns them into `ContainerSpec.Mounts`: short
// and long syntax, named volumes namespaced and given their top-level driver, options and labels,
// bind sources resolved from the compose file's folder (and `~` from HOME), the CLI's refusals.
// Keys the CLI's types do not have (bind.create_host_path, volume.subpath, tmpfs.mode) are
// dropped, as the CLI drops them; so is the short-form `tmpfs:` key of a service (not read here).

import * as path from 'node:path';
import type { Mount } from './engineSpecs';
import type { ComposeIssue, ComposePath, ConvertContext } from './types';
import { isRecord, resolveObject, scopedName, toStringMap, withStackLabel, type ResolvedObject } from './names';
import { parseVolumeSpec, type VolumeEntry } from './volumeSpec';

export interface StackVolumes {
  declared: Map<string, { object: Record<string, unknown>; resolved: ResolvedObject }>;
}

/** The top-level volumes, with the CLI loader's refusal of `external` combined with driver, driver_opts or labels. */
export function declareVolumes(
  section: Map<string, Record<string, unknown>>,
  version: string | undefined,
  issues: ComposeIssue[],
): StackVolumes {
  const declared: StackVolumes['declared'] = new Map();
  for (const [key, object] of section) {
    const resolved = resolveObject('volume', 'volumes', key, object, version, issues);
    if (resolved.external) {
      const conflict = ['driver', 'driver_opts', 'labels'].find((field) => hasValue(object[field]));
      if (conflict !== undefined) {
        issues.push({
          severity: 'error',
          path: ['volumes', key, conflict],
          message: `volumes.${key}: "external" and "${conflict}" cannot be combined (an external volume is not created by the deploy).`,
        });
      }
    }
    declared.set(key, { object, resolved });
  }
  return { declared };
}

function hasValue(value: unknown): boolean {
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  return isRecord(value) && Object.keys(value).length > 0;
}

/** `ContainerSpec.Mounts` of one service (undefined when it has none, as the CLI sends none). */
export function convertMounts(
  key: string,
  service: Record<string, unknown>,
  volumes: StackVolumes,
  ctx: ConvertContext,
  issues: ComposeIssue[],
): Mount[] | undefined {
  if (!Array.isArray(service.volumes)) return undefined;
  const mounts: Mount[] = [];
  service.volumes.forEach((entry, index) => {
    const at: ComposePath = ['services', key, 'volumes', index];
    const parsed = typeof entry === 'string' ? parseVolumeSpec(entry) : toEntry(entry);
    if ('error' in parsed) {
      issues.push({ severity: 'error', path: at, message: `services.${key}.volumes.${index}: ${parsed.error}.` });
      return;
    }
    const result = convertEntry(parsed, volumes, ctx);
    if (typeof result === 'string') {
      issues.push({ severity: 'error', path: at, message: `services.${key}.volumes.${index}: ${result}.` });
      return;
    }
    mounts.push(result);
  });
  return mounts.length > 0 ? mounts : undefined;
}

function toEntry(value: unknown): VolumeEntry {
  const object = isRecord(value) ? value : {};
  const entry: VolumeEntry = { type: typeof object.type === 'string' ? object.type : '' };
  if (typeof object.source === 'string') entry.source = object.source;
  if (typeof object.target === 'string') entry.target = object.target;
  if (object.read_only === true) entry.read_only = true;
  if (typeof object.consistency === 'string') entry.consistency = object.consistency;
  if (isRecord(object.bind)) {
    entry.bind = typeof object.bind.propagation === 'string' ? { propagation: object.bind.propagation } : {};
  }
  if (isRecord(object.volume)) entry.volume = { nocopy: object.volume.nocopy === true };
  if (isRecord(object.tmpfs)) entry.tmpfs = typeof object.tmpfs.size === 'number' ? { size: object.tmpfs.size } : {};
  return entry;
}

/** One mount, or what is wrong with the entry (in the CLI's words). */
function convertEntry(entry: VolumeEntry, volumes: StackVolumes, ctx: ConvertContext): Mount | string {
  const type = entry.type === '' ? 'volume' : entry.type;
  const others = (allowed: string[]): string | undefined => {
    for (const option of ['tmpfs', 'bind', 'volume'] as const) {
      if (entry[option] !== undefined && !allowed.includes(option)) return `${option} options are incompatible with type ${type}`;
    }
    return undefined;
  };
  switch (type) {
    case 'volume': {
      const refused = others(['volume']);
      if (refused !== undefined) return refused;
      return volumeMount(entry, volumes, ctx.stackName);
    }
    case 'bind': {
      if (!entry.source) return 'a bind mount needs a source (the host path)';
      const refused = others(['bind']);
      if (refused !== undefined) return refused;
      const mount = baseMount('bind', entry, resolveBindSource(entry.source, ctx));
      if (entry.bind !== undefined) mount.BindOptions = propagation(entry.bind.propagation);
      return mount;
    }
    case 'tmpfs': {
      if (entry.source) return 'a tmpfs mount takes no source';
      const refused = others(['tmpfs']);
      if (refused !== undefined) return refused;
      const mount = baseMount('tmpfs', entry, undefined);
      if (entry.tmpfs !== undefined) mount.TmpfsOptions = entry.tmpfs.size ? { SizeBytes: entry.tmpfs.size } : {};
      return mount;
    }
    case 'npipe': {
      if (!entry.source) return 'an npipe mount needs a source';
      const refused = others(['bind']);
      if (refused !== undefined) return refused;
      const mount = baseMount('npipe', entry, entry.source);
      if (entry.bind !== undefined) mount.BindOptions = propagation(entry.bind.propagation);
      return mount;
    }
    case 'cluster':
      // The CLI would send it, and an API 1.41 engine refuses it ("invalid MountType").
      return 'cluster volumes are not supported here (they need Engine API 1.42); use volume, bind, tmpfs or npipe';
    default:
      return `volume type "${type}" is not known; use volume, bind, tmpfs or npipe`;
  }
}

function propagation(value: string | undefined): NonNullable<Mount['BindOptions']> {
  return value ? { Propagation: value } : {};
}

function baseMount(type: Mount['Type'], entry: VolumeEntry, source: string | undefined): Mount {
  const mount: Mount = { Type: type, Target: entry.target ?? '' };
  if (source) mount.Source = source;
  if (entry.read_only) mount.ReadOnly = true;
  if (entry.consistency) mount.Consistency = entry.consistency;
  return mount;
}

function volumeMount(entry: VolumeEntry, volumes: StackVolumes, stackName: string): Mount | string {
  // An anonymous volume: no source, no options from the top level.
  if (!entry.source) return baseMount('volume', entry, undefined);
  const declared = volumes.declared.get(entry.source);
  if (declared === undefined) return `undefined volume "${entry.source}" (declare it under the top-level volumes key)`;
  const mount = baseMount('volume', entry, declared.resolved.name ?? scopedName(stackName, entry.source));
  mount.VolumeOptions = entry.volume?.nocopy ? { NoCopy: true } : {};
  if (declared.resolved.external) return mount;
  mount.VolumeOptions.Labels = withStackLabel(toStringMap(declared.object.labels), stackName);
  const driver = typeof declared.object.driver === 'string' ? declared.object.driver : '';
  const options = toStringMap(declared.object.driver_opts);
  // The CLI sends a driver config as soon as `driver_opts` is written, even empty.
  if (driver !== '' || options !== undefined) {
    mount.VolumeOptions.DriverConfig = {};
    if (driver !== '') mount.VolumeOptions.DriverConfig.Name = driver;
    if (options !== undefined && Object.keys(options).length > 0) mount.VolumeOptions.DriverConfig.Options = options;
  }
  return mount;
}

/**
 * A bind source as the CLI's loader resolves it: a leading `~` replaced by HOME (from the
 * environment the file is interpolated with), then, unless absolute for Unix or Windows,
 * joined to the compose file's folder and cleaned.
 */
export function resolveBindSource(source: string, ctx: ConvertContext): string {
  let resolved = source;
  const home = ctx.env.HOME;
  if (resolved.startsWith('~') && home !== undefined) resolved = home + resolved.slice(1);
  if (resolved.startsWith('/') || isWindowsAbsolute(resolved)) return resolved;
  return path.resolve(ctx.workingDir, resolved);
}

function isWindowsAbsolute(value: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
}
