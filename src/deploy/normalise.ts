// One form for a service spec, whether it is what the Engine returns or what a deploy would send,
// so that "unchanged" can be decided by equality and a preview can show a readable diff.
//
// What the Engine (20.10, API 1.41) does to a spec it stores, seen on the real engine:
// - fills defaults: TaskTemplate.Runtime "container", ContainerSpec.Isolation "default",
//   StopGracePeriod 10 s, RestartPolicy {Condition any, Delay 5 s, MaxAttempts 0},
//   UpdateConfig and RollbackConfig {Parallelism 1 when the whole object is missing,
//   FailureAction pause, Monitor 5 s, MaxFailureRatio 0, Order stop-first}, EndpointSpec.Mode vip,
//   each port's Protocol tcp and PublishMode ingress, Placement {}, Resources {}, DNSConfig {},
//   Privileges {CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false};
// - drops empty lists and objects it was sent (Env [], Mounts [], Constraints []);
// - stores network references by ID (Target), and returns the health check as `Healthcheck`;
// - keeps SecretID/ConfigID (the deploy fills them; names are what matter here).
// - stores a replicated job sent without counts with MaxConcurrent and TotalCompletions 1;
// - keeps Init false (a pointer), and empty values in labels, sysctls and options.
// So: fill those defaults on both sides, then drop what Go's omitempty drops, then compare.

const SECOND = 1_000_000_000;

export type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(parent: Json, key: string, create: boolean): Json | undefined {
  const v = parent[key];
  if (isObject(v)) return v;
  if (!create) return undefined;
  const made: Json = {};
  parent[key] = made;
  return made;
}

/** Sets `key` when missing; with `zeroToo`, also when the Engine cannot tell zero from missing (a plain Go value). */
function fill(o: Json | undefined, key: string, value: unknown, zeroToo = true): void {
  if (!o) return;
  const v = o[key];
  if (v === undefined || v === null || (zeroToo && (v === '' || v === 0))) o[key] = value;
}

function fillUpdateConfig(spec: Json, key: 'UpdateConfig' | 'RollbackConfig'): void {
  const missing = !isObject(spec[key]);
  const u = obj(spec, key, true)!;
  if (missing) u['Parallelism'] = 1;
  fill(u, 'FailureAction', 'pause');
  fill(u, 'Monitor', 5 * SECOND);
  fill(u, 'Order', 'stop-first');
}

function withEngineDefaults(spec: Json): void {
  const task = obj(spec, 'TaskTemplate', true)!;
  fill(task, 'Runtime', 'container');
  const container = obj(task, 'ContainerSpec', true)!;
  if (container['HealthCheck'] !== undefined) {
    container['Healthcheck'] = container['HealthCheck'];
    delete container['HealthCheck'];
  }
  fill(container, 'Isolation', 'default');
  fill(container, 'StopGracePeriod', 10 * SECOND, false);
  const restart = obj(task, 'RestartPolicy', true)!;
  fill(restart, 'Condition', 'any');
  fill(restart, 'Delay', 5 * SECOND, false);
  fill(restart, 'MaxAttempts', 0, false);
  fillUpdateConfig(spec, 'UpdateConfig');
  fillUpdateConfig(spec, 'RollbackConfig');
  const endpoint = obj(spec, 'EndpointSpec', true)!;
  fill(endpoint, 'Mode', 'vip');
  if (Array.isArray(endpoint['Ports'])) {
    for (const p of endpoint['Ports']) {
      if (!isObject(p)) continue;
      fill(p, 'Protocol', 'tcp');
      fill(p, 'PublishMode', 'ingress');
    }
  }
  if (!isObject(spec['Mode'])) spec['Mode'] = { Replicated: {} };
  const mode = obj(spec, 'Mode', true)!;
  fill(obj(mode, 'Replicated', false), 'Replicas', 1, false);
  // A replicated job sent without counts is stored with one of each.
  const job = obj(mode, 'ReplicatedJob', false);
  fill(job, 'MaxConcurrent', 1, false);
  fill(job, 'TotalCompletions', 1, false);
}

/** Maps of strings where an empty value is a value (a label `flag=`, a sysctl, a driver option). */
const STRING_MAPS = new Set(['Labels', 'Options', 'DriverOpts', 'Sysctls', 'AuxiliaryAddresses']);
/** Fields the Engine keeps when false, where "not set" means something else (Init: the daemon's default). */
const KEEP_FALSE = new Set(['Init']);

/**
 * Drops what the Engine leaves out of a stored spec (Go's omitempty: null, false, 0, '', [] and
 * {} as field values), except under Mode (where `Global: {}` and `Replicas: 0` mean something),
 * in string maps (an empty value is kept), in lists (an item is never dropped: an empty argument
 * is still an argument) and for fields that keep false.
 */
function stripEmpty(v: unknown, key?: string): unknown {
  if (key === 'Mode') return v;
  if (Array.isArray(v)) {
    const items = v.map((x) => (isObject(x) || Array.isArray(x) ? (stripEmpty(x) ?? {}) : x));
    return items.length > 0 ? items : undefined;
  }
  if (isObject(v)) {
    const map = key !== undefined && STRING_MAPS.has(key);
    const out: Json = {};
    for (const k of Object.keys(v).sort()) {
      const x = map ? (v[k] ?? '') : stripEmpty(v[k], k);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  if (v === false && key !== undefined && KEEP_FALSE.has(key)) return v;
  if (v === null || v === false || v === 0 || v === '') return undefined;
  return v;
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isObject(v)) return v;
  const out: Json = {};
  for (const k of Object.keys(v).sort()) out[k] = sortedKeys(v[k]);
  return out;
}

/**
 * The spec in the form compared for "unchanged": engine defaults filled, empties dropped, keys
 * sorted, networks by name (`networkNames`: ID -> name), secret and config IDs and ForceUpdate
 * left out (a deploy keeps the current ForceUpdate, and references are by name in a file).
 */
export function canonicalSpec(spec: unknown, networkNames: ReadonlyMap<string, string>): Json {
  const s = structuredClone(isObject(spec) ? spec : {}) as Json;
  withEngineDefaults(s);
  const task = s['TaskTemplate'] as Json;
  delete task['ForceUpdate'];
  const container = task['ContainerSpec'] as Json;
  for (const [list, idKey] of [['Secrets', 'SecretID'], ['Configs', 'ConfigID']] as const) {
    if (Array.isArray(container[list])) for (const r of container[list]) if (isObject(r)) delete r[idKey];
  }
  if (Array.isArray(task['Networks'])) {
    for (const n of task['Networks']) {
      if (isObject(n) && typeof n['Target'] === 'string') n['Target'] = networkNames.get(n['Target']) ?? n['Target'];
    }
  }
  return (sortedKeys(stripEmpty(s)) ?? {}) as Json;
}

/** Engine defaults as they show in canonicalSpec, removed for a preview that shows what the file says. */
const DISPLAY_DEFAULTS: [string[], unknown][] = [
  [['TaskTemplate', 'Runtime'], 'container'],
  [['TaskTemplate', 'ContainerSpec', 'Isolation'], 'default'],
  [['TaskTemplate', 'ContainerSpec', 'StopGracePeriod'], 10 * SECOND],
  [['TaskTemplate', 'RestartPolicy', 'Condition'], 'any'],
  [['TaskTemplate', 'RestartPolicy', 'Delay'], 5 * SECOND],
  [['EndpointSpec', 'Mode'], 'vip'],
  ...(['UpdateConfig', 'RollbackConfig'] as const).flatMap((k): [string[], unknown][] => [
    [[k, 'Parallelism'], 1],
    [[k, 'FailureAction'], 'pause'],
    [[k, 'Monitor'], 5 * SECOND],
    [[k, 'Order'], 'stop-first'],
  ]),
];

/** canonicalSpec without the Engine's defaults: for the preview's diff, same key order on both sides. */
export function comparableSpec(canonical: Json): Json {
  const s = structuredClone(canonical);
  for (const [path, value] of DISPLAY_DEFAULTS) {
    let at: Json | undefined = s;
    for (const k of path.slice(0, -1)) at = at && isObject(at[k]) ? (at[k] as Json) : undefined;
    const last = path[path.length - 1]!;
    if (at && at[last] === value) delete at[last];
  }
  const ports = (s['EndpointSpec'] as Json | undefined)?.['Ports'];
  if (Array.isArray(ports)) {
    for (const p of ports as Json[]) {
      if (p['Protocol'] === 'tcp') delete p['Protocol'];
      if (p['PublishMode'] === 'ingress') delete p['PublishMode'];
    }
  }
  return (stripEmpty(s) ?? {}) as Json;
}

/**
 * A spec as written, empties dropped and keys sorted, nothing else changed (ForceUpdate and
 * IDs kept): whether the spec the Engine holds is the one a write sent (writes.ts).
 */
export function writtenForm(spec: unknown): string {
  return JSON.stringify(sortedKeys(stripEmpty(spec)) ?? {});
}

/** Deep equality of two canonical forms (keys are sorted, so JSON text is enough). */
export function sameSpec(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
