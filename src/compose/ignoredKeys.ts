// Service keys that `docker stack deploy` ignores (a warning, the file still deploys) or refuses
// (the whole file is refused), with the reasons it gives. The CLI looks for them in the file as
// written, before interpolation.

import type { ComposeIssue } from './types';

/** Ignored: "Ignoring unsupported options: ...". */
export const UNSUPPORTED_KEYS: readonly string[] = [
  'build', 'cgroupns_mode', 'cgroup_parent', 'devices', 'domainname', 'external_links', 'ipc', 'links',
  'mac_address', 'network_mode', 'pid', 'privileged', 'restart', 'security_opt', 'shm_size', 'userns_mode',
];

/** Ignored too, with the reason the CLI prints under "Ignoring deprecated options". */
export const DEPRECATED_KEYS: Readonly<Record<string, string>> = {
  container_name: 'setting the container name is not supported',
  expose: "exposing ports is unnecessary: services on the same network can reach each other's containers on any port",
};

/** Refused: the CLI stops with "Compose file contains unsupported options". */
export const FORBIDDEN_KEYS: Readonly<Record<string, string>> = {
  extends: 'extends is not supported by docker stack deploy',
  volume_driver: 'define a volume under the top-level volumes: with its driver instead',
  volumes_from: 'define the shared volume under the top-level volumes: and mount it in each service instead',
  cpu_quota: 'set resource limits under deploy.resources instead',
  cpu_shares: 'set resource limits under deploy.resources instead',
  cpuset: 'set resource limits under deploy.resources instead',
  mem_limit: 'set resource limits under deploy.resources instead',
  memswap_limit: 'set resource limits under deploy.resources instead',
};

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function services(config: Record<string, unknown>): [string, Record<string, unknown>][] {
  const s = config.services;
  if (!s || typeof s !== 'object' || Array.isArray(s)) return [];
  return Object.entries(s as Record<string, unknown>)
    .filter((e): e is [string, Record<string, unknown>] => !!e[1] && typeof e[1] === 'object' && !Array.isArray(e[1]));
}

/** Issues for the ignored and refused keys of every service; `true` when any key is refused. */
export function checkIgnoredKeys(config: Record<string, unknown>, issues: ComposeIssue[]): boolean {
  let forbidden = false;
  for (const [name, service] of services(config)) {
    for (const key of Object.keys(service)) {
      const path = ['services', name, key];
      const where = path.join('.');
      if (has(FORBIDDEN_KEYS, key)) {
        forbidden = true;
        issues.push({ severity: 'error', path, onKey: true, message: `${where} is not allowed in a stack file: ${FORBIDDEN_KEYS[key]}` });
      } else if (UNSUPPORTED_KEYS.includes(key)) {
        issues.push({ severity: 'warning', path, onKey: true, message: `${where} is ignored by docker stack deploy (Ignoring unsupported options: ${key})` });
      } else if (has(DEPRECATED_KEYS, key)) {
        issues.push({ severity: 'warning', path, onKey: true, message: `${where} is ignored by docker stack deploy: ${DEPRECATED_KEYS[key]}` });
      }
    }
  }
  return forbidden;
}

/** Whether the schema should leave a key alone because it was already reported as refused. */
export function isForbiddenServiceKey(path: readonly (string | number)[], key: string): boolean {
  return path.length === 2 && path[0] === 'services' && has(FORBIDDEN_KEYS, key);
}
