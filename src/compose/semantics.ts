// The checks the CLI's loader makes after the schema, while it reads the file into its own types:
// counts that cannot be negative, memory sizes, bind mounts without a source, and `external`
// objects that also say how to create them. Each refuses the file, as the CLI does; the
// deprecated `external: {name}` form is only a warning.

import type { ComposeIssue, ComposePath } from './types';

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => !!v && typeof v === 'object' && !Array.isArray(v);
const dictAt = (v: unknown, ...keys: string[]): Dict | undefined => {
  let cur: unknown = v;
  for (const k of keys) cur = isDict(cur) ? cur[k] : undefined;
  return isDict(cur) ? cur : undefined;
};
const dotted = (path: ComposePath) => path.join('.');

/** go-units RAMInBytes: a number, then an optional k/m/g/t/p with an optional i and b. */
const SIZE = /^[0-9]+(\.[0-9]+)* ?([kKmMgGtTpP])?[iI]?[bB]?$/;

const UNSIGNED: string[][] = [
  ['deploy', 'replicas'], ['healthcheck', 'retries'],
  ['deploy', 'update_config', 'parallelism'], ['deploy', 'rollback_config', 'parallelism'],
  ['deploy', 'restart_policy', 'max_attempts'], ['deploy', 'placement', 'max_replicas_per_node'],
];

function checkService(name: string, s: Dict, issues: ComposeIssue[]): void {
  const base = ['services', name];
  const err = (path: ComposePath, message: string) => issues.push({ severity: 'error', path, message });
  for (const keys of UNSIGNED) {
    const value = dictAt(s, ...keys.slice(0, -1))?.[keys[keys.length - 1]];
    if (typeof value === 'number' && value < 0) err([...base, ...keys], `${dotted([...base, ...keys])} cannot be negative`);
  }
  for (const kind of ['limits', 'reservations']) {
    const memory = dictAt(s, 'deploy', 'resources', kind)?.memory;
    const path = [...base, 'deploy', 'resources', kind, 'memory'];
    if (typeof memory === 'string' && !SIZE.test(memory)) {
      err(path, `${dotted(path)} must be a size such as 512M or 1.5G, not ${JSON.stringify(memory)}`);
    }
  }
  for (const list of ['secrets', 'configs']) {
    const items = s[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, i) => {
      if (isDict(item) && typeof item.mode === 'number' && item.mode < 0) err([...base, list, i, 'mode'], `${dotted([...base, list, i, 'mode'])} cannot be negative`);
    });
  }
  if (Array.isArray(s.ports)) {
    s.ports.forEach((port, i) => {
      if (!isDict(port)) return;
      for (const key of ['target', 'published']) {
        const v = port[key];
        if (typeof v === 'number' && (v < 0 || v > 65535)) err([...base, 'ports', i, key], `${dotted([...base, 'ports', i, key])} must be a port number (0-65535)`);
      }
    });
  }
  if (Array.isArray(s.volumes)) {
    s.volumes.forEach((v, i) => {
      if (isDict(v) && v.type === 'bind' && (v.source === undefined || v.source === '')) {
        err([...base, 'volumes', i], `${dotted([...base, 'volumes', i])}: a bind mount needs a source`);
      }
    });
  }
}

function checkExternal(
  section: string, kind: string, name: string, o: Dict, deprecatedSince: number, minor: number,
  conflicting: readonly string[], issues: ComposeIssue[],
): void {
  const path = [section, name];
  const external = o.external;
  if (external === true || isDict(external)) {
    for (const key of conflicting) {
      const v = o[key];
      const set = isDict(v) ? Object.keys(v).length > 0 : Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '' && v !== null;
      if (set) {
        issues.push({ severity: 'error', path: [...path, key], onKey: true, message: `${dotted(path)}: external ${kind}s cannot also set ${key} (the ${kind} exists already)` });
        return;
      }
    }
    const externalName = isDict(external) ? external.name : undefined;
    if (typeof externalName === 'string' && externalName !== '') {
      if (typeof o.name === 'string' && o.name !== '') {
        issues.push({ severity: 'error', path: [...path, 'external', 'name'], message: `${dotted(path)}: external.name and name conflict; use only name` });
      } else if (minor >= deprecatedSince) {
        issues.push({ severity: 'warning', path: [...path, 'external', 'name'], message: `${dotted(path)}: external.name is deprecated, use name (with external: true)` });
      }
    }
  } else if (kind === 'secret' && typeof o.driver === 'string' && o.driver !== '' && typeof o.file === 'string' && o.file !== '') {
    issues.push({ severity: 'error', path: [...path, 'file'], onKey: true, message: `${dotted(path)}: driver and file conflict; use only driver` });
  }
}

/** Runs the loader's checks on a file that passed the schema. */
export function checkSemantics(config: Dict, minor: number, issues: ComposeIssue[]): void {
  for (const [name, s] of Object.entries(dictAt(config, 'services') ?? {})) if (isDict(s)) checkService(name, s, issues);
  const sections: [string, string, number, string[]][] = [
    ['networks', 'network', 5, []],
    ['volumes', 'volume', 4, ['driver', 'driver_opts', 'labels']],
    ['secrets', 'secret', 5, []],
    ['configs', 'config', 5, []],
  ];
  for (const [section, kind, since, conflicting] of sections) {
    for (const [name, o] of Object.entries(dictAt(config, section) ?? {})) {
      if (isDict(o)) checkExternal(section, kind, name, o, since, minor, conflicting, issues);
    }
  }
}
