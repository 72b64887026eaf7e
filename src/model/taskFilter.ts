// The task filters of the Engine's GET /tasks, as `docker service ps --filter` takes them:
// id, name, node, label, desired-state. Values are data, sent as JSON by the client, never
// interpolated into syntax.

export const DESIRED_STATES = ['running', 'shutdown', 'accepted', 'ready', 'complete'] as const;

export interface TaskFilter {
  'desired-state'?: string;
  id?: string;
  name?: string;
  node?: string;
  /** `key` or `key=value`. */
  label?: string;
}

export type TaskFilterKey = keyof TaskFilter;
export const TASK_FILTER_KEYS: readonly TaskFilterKey[] = ['desired-state', 'node', 'label', 'name', 'id'];

/** The tree's filter when the user has set none: tasks that are meant to run. */
export const DEFAULT_TASK_FILTER: TaskFilter = { 'desired-state': 'running' };

/** Engine filters for GET /tasks (`{ key: [value] }`), optionally for one service. */
export function engineTaskFilters(filter: TaskFilter, serviceId?: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of TASK_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined && value !== '') out[key] = [value];
  }
  if (serviceId) out['service'] = [serviceId];
  return out;
}

export function describeTaskFilter(filter: TaskFilter): string {
  const parts = TASK_FILTER_KEYS.filter((k) => filter[k]).map((k) => `${k}=${filter[k]}`);
  return parts.length ? parts.join(', ') : 'all tasks';
}

export function isDefaultTaskFilter(filter: TaskFilter): boolean {
  return describeTaskFilter(filter) === describeTaskFilter(DEFAULT_TASK_FILTER);
}
