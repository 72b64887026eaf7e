// Variable interpolation as `docker stack deploy` does it: `$VAR`, `${VAR}`, `${VAR:-d}`,
// `${VAR-d}`, `${VAR:?msg}`, `${VAR?msg}`, `$$`, in every string value of the file (keys are left
// alone), from the given environment only; then the CLI's casts of a few substituted values back to
// numbers and booleans (so `replicas: ${N}` is an integer). The CLI's quirks are kept on purpose, as
// the same file must mean the same thing here and there: an unbraced `$VAR-text` takes everything up
// to a `}` or the end as its default, nothing nests, and an error in one `${...}` is forgotten when a
// later `$...` in the same value substitutes fine.

import type { ComposeIssue, ComposePath } from './types';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Substitution {
  value: string;
  /** Set when the CLI refuses the value. */
  error?: string;
  /** Variables read without a default that are not set (each substituted by ''). */
  unset: string[];
  /** Errors the CLI forgets because a later substitution in the same value succeeded. */
  forgotten: string[];
}

const PATTERN = /\$(?:(\$)|([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)|\{([_a-z][_a-z0-9]*(?::?[-?][^}]*)?)\}|())/gi;

const lookup = (env: Env, name: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;

function cut(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

type Step = { applied: false } | { applied: true; value: string } | { error: string };

/** The CLI's four forms, tried in its order: the first whose separator occurs anywhere applies. */
function trySteps(expr: string, env: Env): Step[] {
  const steps: Step[] = [];
  const add = (step: Step) => { steps.push(step); return 'error' in step || step.applied; };
  const withDefault = (sep: string, whenEmpty: boolean): Step => {
    if (!expr.includes(sep)) return { applied: false };
    const [name, fallback] = cut(expr, sep);
    const v = lookup(env, name);
    return { applied: true, value: v === undefined || (whenEmpty && v === '') ? fallback : v };
  };
  const required = (sep: string, nonEmpty: boolean): Step => {
    if (!expr.includes(sep)) return { applied: false };
    const [name, message] = cut(expr, sep);
    const v = lookup(env, name);
    if (v === undefined || (nonEmpty && v === '')) return { error: `required variable ${name} is missing a value: ${message}` };
    return { applied: true, value: v };
  };
  if (add(withDefault(':-', true))) return steps;
  if (add(withDefault('-', false))) return steps;
  if (add(required(':?', true))) return steps;
  add(required('?', false));
  return steps;
}

export function substitute(template: string, env: Env): Substitution {
  const unset: string[] = [];
  const errors: string[] = [];
  // Mirrors the CLI's single error slot: every tried form overwrites it.
  let current: string | undefined;
  const value = template.replace(PATTERN, (_m, escaped: string | undefined, named: string | undefined, braced: string | undefined) => {
    if (escaped) return escaped;
    const expr = named || braced;
    if (!expr) {
      current = `invalid interpolation format: ${JSON.stringify(template)} (write $$ for a literal $)`;
      errors.push(current);
      return '';
    }
    for (const step of trySteps(expr, env)) {
      if ('error' in step) {
        current = step.error;
        errors.push(step.error);
        return '';
      }
      current = undefined;
      if (step.applied) return step.value;
    }
    const v = lookup(env, expr);
    if (v === undefined) unset.push(expr);
    return v ?? '';
  });
  return { value, error: current, unset, forgotten: current ? errors.filter((e) => e !== current) : errors };
}

type Cast = (s: string) => unknown;

const toInt: Cast = (s) => (/^[-+]?[0-9]+$/.test(s) ? Number(s) : undefined);
const toFloat: Cast = (s) => {
  // Go also reads inf and nan, which no JSON value can hold: the CLI fails on them later anyway.
  if (!/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};
const toBool: Cast = (s) => {
  const l = s.toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(l)) return true;
  if (['n', 'no', 'false', 'off'].includes(l)) return false;
  return undefined;
};

/** The CLI's cast table: '*' is any key, '[]' any list item. */
const S = ['services', '*'];
const CASTS: [string[], Cast, string][] = [
  [[...S, 'configs', '[]', 'mode'], toInt, 'an integer'],
  [[...S, 'secrets', '[]', 'mode'], toInt, 'an integer'],
  [[...S, 'healthcheck', 'retries'], toInt, 'an integer'],
  [[...S, 'healthcheck', 'disable'], toBool, 'a boolean'],
  [[...S, 'deploy', 'replicas'], toInt, 'an integer'],
  [[...S, 'deploy', 'update_config', 'parallelism'], toInt, 'an integer'],
  [[...S, 'deploy', 'update_config', 'max_failure_ratio'], toFloat, 'a number'],
  [[...S, 'deploy', 'rollback_config', 'parallelism'], toInt, 'an integer'],
  [[...S, 'deploy', 'rollback_config', 'max_failure_ratio'], toFloat, 'a number'],
  [[...S, 'deploy', 'restart_policy', 'max_attempts'], toInt, 'an integer'],
  [[...S, 'deploy', 'placement', 'max_replicas_per_node'], toInt, 'an integer'],
  [[...S, 'ports', '[]', 'target'], toInt, 'an integer'],
  [[...S, 'ports', '[]', 'published'], toInt, 'an integer'],
  [[...S, 'ulimits', '*'], toInt, 'an integer'],
  [[...S, 'ulimits', '*', 'hard'], toInt, 'an integer'],
  [[...S, 'ulimits', '*', 'soft'], toInt, 'an integer'],
  [[...S, 'privileged'], toBool, 'a boolean'],
  [[...S, 'read_only'], toBool, 'a boolean'],
  [[...S, 'stdin_open'], toBool, 'a boolean'],
  [[...S, 'tty'], toBool, 'a boolean'],
  [[...S, 'volumes', '[]', 'read_only'], toBool, 'a boolean'],
  [[...S, 'volumes', '[]', 'volume', 'nocopy'], toBool, 'a boolean'],
  ...['networks', 'volumes', 'secrets', 'configs'].map((k): [string[], Cast, string] => [[k, '*', 'external'], toBool, 'a boolean']),
  [['networks', '*', 'internal'], toBool, 'a boolean'],
  [['networks', '*', 'attachable'], toBool, 'a boolean'],
];

/**
 * The CLI matches casts on the dotted path split at every dot, so a service or network whose
 * name has a dot gets no cast there: kept, as the CLI then refuses the string.
 */
function castFor(path: ComposePath): [Cast, string] | undefined {
  const parts = path.map((p) => (typeof p === 'number' ? '[]' : p)).join('.').split('.');
  for (const [pattern, cast, what] of CASTS) {
    if (pattern.length === parts.length && pattern.every((p, i) => p === '*' || p === parts[i])) return [cast, what];
  }
  return undefined;
}

const dotted = (path: ComposePath) => path.join('.');

/** Interpolates every string value in place of a copy, reporting what the CLI refuses and what it substitutes by ''. */
export function interpolateConfig(config: Record<string, unknown>, env: Env, issues: ComposeIssue[]): Record<string, unknown> {
  const walk = (value: unknown, path: ComposePath): unknown => {
    if (typeof value === 'string') return interpolateString(value, path);
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const r = walk(v, [...path, k]);
        if (r !== undefined) out[k] = r;
      }
      return out;
    }
    return value;
  };
  const interpolateString = (value: string, path: ComposePath): unknown => {
    if (!value.includes('$')) return value;
    const s = substitute(value, env);
    for (const name of s.unset) {
      issues.push({ severity: 'warning', path, message: `${dotted(path)}: the variable ${name} is not set, so it is replaced by an empty string` });
    }
    for (const forgotten of s.forgotten) {
      issues.push({ severity: 'warning', path, message: `${dotted(path)}: ${forgotten} (replaced by an empty string, as the CLI ignores this error when a later variable in the value is fine)` });
    }
    if (s.error) {
      issues.push({ severity: 'error', path, message: `${dotted(path)}: ${s.error}` });
      return value;
    }
    if (s.value === value) return value;
    const cast = castFor(path);
    if (!cast) return s.value;
    const casted = cast[0](s.value);
    if (casted === undefined) {
      // The value came from the environment, which may hold secrets: it is not repeated.
      issues.push({ severity: 'error', path, message: `${dotted(path)}: the value after interpolation is not ${cast[1]}` });
      return undefined;
    }
    return casted;
  };
  return walk(config, []) as Record<string, unknown>;
}
