// The `deploy:` section of one compose service (plus the legacy `restart:`) as `docker stack deploy`
// converts it: mode and replicas, resources, restart policy, update and rollback configs,
// placement. Defaults and silent drops follow CLI 28.2.2 as observed on the wire: only
// `update_config.parallelism` gets a CLI default (1); everything else left out is filled by the Engine.

import type { GenericResource, Placement, ResourceRequirements, RestartPolicy, ServiceMode, UpdateConfig } from './engineSpecs';
import { parseGoDuration, type Parsed } from './durations';
import { parseNanoCpus, parseRamInBytes } from './units';
import type { ComposeIssue, ComposePath } from './types';

type Obj = Record<string, unknown>;

/** Collects errors against a path, so that converters return a value and keep going. */
export class IssueSink {
  readonly issues: ComposeIssue[] = [];
  constructor(private readonly base: ComposePath) {}
  error(rel: ComposePath, what: string): void {
    const path = [...this.base, ...rel];
    this.issues.push({ severity: 'error', path, message: `${path.join('.')}: ${what}` });
  }
  warning(rel: ComposePath, what: string): void {
    const path = [...this.base, ...rel];
    this.issues.push({ severity: 'warning', path, message: `${path.join('.')}: ${what}` });
  }
  /** The parsed value, or undefined after an error naming the key. */
  take<T>(rel: ComposePath, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.error(rel, parsed.error);
    return undefined;
  }
  /** A Go duration in nanoseconds; undefined when absent or wrong (the latter reported). */
  duration(rel: ComposePath, value: unknown): number | undefined {
    if (value === undefined || value === null) return undefined;
    return this.take(rel, parseGoDuration(String(value)));
  }
}

export const asObj = (value: unknown): Obj | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : undefined;

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

export function convertMode(deploy: Obj, sink: IssueSink): ServiceMode | undefined {
  const mode = deploy.mode === undefined || deploy.mode === null ? '' : String(deploy.mode);
  const replicas = num(deploy.replicas);
  switch (mode) {
    case 'global':
    case 'global-job':
      if (replicas !== undefined) {
        sink.error(['deploy', 'replicas'], `replicas can only be used with replicated or replicated-job mode, not ${mode}`);
        return undefined;
      }
      return mode === 'global' ? { Global: {} } : { GlobalJob: {} };
    case 'replicated-job':
      return { ReplicatedJob: replicas === undefined ? {} : { MaxConcurrent: replicas, TotalCompletions: replicas } };
    case 'replicated':
    case '':
      // No replicas: the Engine's default (1).
      return { Replicated: replicas === undefined ? {} : { Replicas: replicas } };
    default:
      sink.error(['deploy', 'mode'], `unknown mode "${mode}" (use replicated, global, replicated-job or global-job)`);
      return undefined;
  }
}

export function convertResources(resources: Obj | undefined, sink: IssueSink): ResourceRequirements {
  const result: ResourceRequirements = {};
  const path = ['deploy', 'resources'];
  const limits = asObj(resources?.limits);
  const cpus = (side: string, value: unknown): number | undefined =>
    value === undefined || value === null || value === '' ? undefined : sink.take([...path, side, 'cpus'], parseNanoCpus(value as string));
  const memory = (side: string, value: unknown): number | undefined =>
    value === undefined || value === null ? undefined : sink.take([...path, side, 'memory'], parseRamInBytes(value as string | number));
  if (limits) {
    const l: NonNullable<ResourceRequirements['Limits']> = {};
    const nano = cpus('limits', limits.cpus);
    const bytes = memory('limits', limits.memory);
    // Zero values are left out, as the CLI's omitempty does.
    if (nano) l.NanoCPUs = nano;
    if (bytes) l.MemoryBytes = bytes;
    if (num(limits.pids)) l.Pids = num(limits.pids);
    result.Limits = l;
  }
  const reservations = asObj(resources?.reservations);
  if (reservations) {
    const r: NonNullable<ResourceRequirements['Reservations']> = {};
    const nano = cpus('reservations', reservations.cpus);
    const bytes = memory('reservations', reservations.memory);
    if (nano) r.NanoCPUs = nano;
    if (bytes) r.MemoryBytes = bytes;
    if (Array.isArray(reservations.generic_resources) && reservations.generic_resources.length > 0) {
      // Only discrete resources are carried over; anything else becomes an empty entry, as in the CLI.
      r.GenericResources = reservations.generic_resources.map((item): GenericResource => {
        const discrete = asObj(asObj(item)?.discrete_resource_spec);
        return discrete ? { DiscreteResourceSpec: { Kind: String(discrete.kind ?? ''), Value: Number(discrete.value ?? 0) } } : {};
      });
    }
    result.Reservations = r;
  }
  return result;
}

/** `deploy.restart_policy` when present (even empty), else the legacy `restart:` value. */
export function convertRestartPolicy(service: Obj, deploy: Obj, sink: IssueSink): RestartPolicy | undefined {
  const policy = asObj(deploy.restart_policy);
  if (policy) {
    const result: RestartPolicy = {};
    if (policy.condition) result.Condition = String(policy.condition) as RestartPolicy['Condition'];
    const delay = sink.duration(['deploy', 'restart_policy', 'delay'], policy.delay);
    if (delay !== undefined) result.Delay = delay;
    if (num(policy.max_attempts) !== undefined) result.MaxAttempts = num(policy.max_attempts);
    const window = sink.duration(['deploy', 'restart_policy', 'window'], policy.window);
    if (window !== undefined) result.Window = window;
    return result;
  }
  const restart = service.restart === undefined || service.restart === null ? '' : String(service.restart);
  if (restart === '') return undefined;
  const [name, count, ...rest] = restart.split(':');
  let attempts = 0;
  if (count !== undefined && name === '') {
    sink.error(['restart'], `"${restart}" names no policy before the colon`);
    return undefined;
  }
  if (count !== undefined && count !== '') {
    if (!/^-?\d+$/.test(count) || rest.length > 0) {
      sink.error(['restart'], `"${restart}" is not a restart policy (use no, always, unless-stopped or on-failure[:N])`);
      return undefined;
    }
    attempts = Number(count);
    if (attempts < 0) {
      sink.error(['restart'], 'the maximum retry count cannot be negative');
      return undefined;
    }
  }
  const withAttempts = (condition: RestartPolicy['Condition']): RestartPolicy => (attempts > 0 ? { Condition: condition, MaxAttempts: attempts } : { Condition: condition });
  switch (name) {
    case 'no':
    case '':
      return undefined;
    case 'always':
    case 'unless-stopped':
      // CLI 28.2.2 drops a retry count given with these (seen on the wire).
      return { Condition: 'any' };
    case 'on-failure':
      return withAttempts('on-failure');
    default:
      sink.error(['restart'], `unknown restart policy "${name}" (use no, always, unless-stopped or on-failure)`);
      return undefined;
  }
}

/** update_config / rollback_config: the CLI sends parallelism 1 by default, ratio and order always. */
export function convertUpdateConfig(value: unknown, key: string, sink: IssueSink): UpdateConfig | undefined {
  const source = asObj(value);
  if (!source) return undefined;
  const result: UpdateConfig = { Parallelism: num(source.parallelism) ?? 1 };
  const delay = sink.duration(['deploy', key, 'delay'], source.delay);
  if (delay) result.Delay = delay;
  if (source.failure_action) result.FailureAction = String(source.failure_action);
  const monitor = sink.duration(['deploy', key, 'monitor'], source.monitor);
  if (monitor) result.Monitor = monitor;
  result.MaxFailureRatio = num(source.max_failure_ratio) ?? 0;
  result.Order = source.order ? String(source.order) : '';
  return result;
}

export function convertPlacement(value: unknown): Placement {
  const placement = asObj(value) ?? {};
  const result: Placement = {};
  if (Array.isArray(placement.constraints) && placement.constraints.length > 0) result.Constraints = placement.constraints.map(String);
  if (Array.isArray(placement.preferences) && placement.preferences.length > 0) {
    result.Preferences = placement.preferences.map((p) => ({ Spread: { SpreadDescriptor: String(asObj(p)?.spread ?? '') } }));
  }
  if (num(placement.max_replicas_per_node)) result.MaxReplicas = num(placement.max_replicas_per_node);
  return result;
}
