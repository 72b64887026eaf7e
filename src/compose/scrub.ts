// Values of the environment variables a compose file uses may be secrets (tokens, passwords):
// a message about a value that came through interpolation must not show it. This replaces each
// such value, wherever a message quotes it, by the variable's name.
import type { ComposeIssue } from './types';

const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;
/** Shorter values ("1", "on") say nothing and would be replaced everywhere. */
const MIN_LENGTH = 3;

/** The variables the text refers to, with their values, longest value first. */
function usedValues(text: string, env: Readonly<Record<string, string | undefined>>): [string, string][] {
  const found = new Map<string, string>();
  for (const m of text.matchAll(REFERENCE)) {
    const name = m[1] ?? m[2]!;
    const value = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
    if (value !== undefined && value.length >= MIN_LENGTH) found.set(name, value);
  }
  return [...found.entries()].sort((a, b) => b[1].length - a[1].length);
}

/** `message` with every value of a variable that `text` uses replaced by `<value of $NAME>`. */
export function withoutEnvValues(text: string, env: Readonly<Record<string, string | undefined>>): (message: string) => string {
  const values = usedValues(text, env);
  if (values.length === 0) return (message) => message;
  return (message) => values.reduce((m, [name, value]) => m.split(value).join(`<value of $${name}>`), message);
}

/** The issues with their messages scrubbed (new objects; paths and ranges kept). */
export function scrubIssues(issues: readonly ComposeIssue[], scrub: (message: string) => string): ComposeIssue[] {
  return issues.map((i) => {
    const message = scrub(i.message);
    return message === i.message ? i : { ...i, message };
  });
}
