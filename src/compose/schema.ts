// Checks a loaded (interpolated) stack file against the rules of the compose format version the
// CLI would pick for it, and says what is wrong key by key. The CLI stops at its first (most
// specific) error; here every error is reported, each at its own key.

import { isGoDuration, portSpecProblem } from './schemaFormats';
import { LATEST_MINOR, ROOT, type ObjectRule, type Rule } from './schemaRules';
import type { ComposeIssue, ComposePath } from './types';

const dotted = (path: ComposePath) => (path.length ? path.join('.') : 'The file');

/** What Go's fmt %v prints for a YAML value, which is how the CLI reads `version:`. */
function goText(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  return String(value);
}

export interface PickedVersion { minor: number | undefined; text: string }

/** The schema version the CLI picks: `version:` as written ('3' and '' mean the latest 3.x), else the latest. */
export function pickVersion(raw: Record<string, unknown>): PickedVersion {
  if (!Object.prototype.hasOwnProperty.call(raw, 'version')) return { minor: LATEST_MINOR, text: `3.${LATEST_MINOR}` };
  const text = goText(raw.version);
  if (text === '' || text === '3') return { minor: LATEST_MINOR, text: `3.${LATEST_MINOR}` };
  const m = /^3\.(0|[1-9][0-9]?)$/.exec(text);
  const minor = m ? Number(m[1]) : undefined;
  return { minor: minor !== undefined && minor <= LATEST_MINOR ? minor : undefined, text };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function describe(rule: Rule): string {
  switch (rule.type) {
    case 'string': return 'a string';
    case 'integer': return 'an integer';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean (true or false)';
    case 'null': return 'empty';
    case 'object': return 'a mapping';
    case 'array': return rule.items.type === 'string' ? 'a list of strings' : 'a list';
    case 'oneOf': {
      const parts = rule.of.map(describe);
      return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}` : parts[0];
    }
    default: return 'anything';
  }
}

/** Whether the value has the rule's base type (the branch of a oneOf it belongs to). */
function fits(value: unknown, rule: Rule): boolean {
  const kind = kindOf(value);
  switch (rule.type) {
    case 'string': return kind === 'string';
    case 'integer': return kind === 'integer';
    case 'number': return kind === 'integer' || kind === 'number';
    case 'boolean': return kind === 'boolean';
    case 'null': return kind === 'null';
    case 'object': return kind === 'object' || (kind === 'null' && rule.nullable === true);
    case 'array': return kind === 'array';
    case 'oneOf': return rule.of.some((r) => fits(value, r));
    default: return true;
  }
}

export class SchemaChecker {
  constructor(private readonly minor: number, private readonly issues: ComposeIssue[], private readonly skipKeys: (path: ComposePath, key: string) => boolean) {}

  private error(path: ComposePath, message: string, onKey = false): void {
    this.issues.push({ severity: 'error', path, message, ...(onKey ? { onKey } : {}) });
  }

  check(value: unknown, rule: Rule, path: ComposePath): void {
    if (rule.type === 'oneOf') {
      const branch = rule.of.find((r) => fits(value, r));
      if (!branch) return this.error(path, `${dotted(path)} must be ${describe(rule)}`);
      return this.check(value, branch, path);
    }
    if (!fits(value, rule)) return this.error(path, `${dotted(path)} must be ${describe(rule)}`);
    switch (rule.type) {
      case 'string': return this.checkString(value as string, rule, path);
      case 'number': return this.checkFormat(value as number, rule.format, path);
      case 'integer':
        if (rule.min !== undefined && (value as number) < rule.min) this.error(path, `${dotted(path)} must be ${rule.min} or more`);
        return;
      case 'array': return this.checkArray(value as unknown[], rule.items, rule.unique === true, path);
      case 'object': if (value !== null) this.checkObject(value as Record<string, unknown>, rule, path);
    }
  }

  private checkString(value: string, rule: { format?: 'duration' | 'ports'; enum?: readonly string[] }, path: ComposePath): void {
    if (rule.enum && !rule.enum.includes(value)) {
      this.error(path, `${dotted(path)} must be one of ${rule.enum.join(', ')}, not ${JSON.stringify(value)}`);
    }
    this.checkFormat(value, rule.format, path);
  }

  private checkFormat(value: string | number, format: 'duration' | 'ports' | undefined, path: ComposePath): void {
    if (format === 'duration' && !isGoDuration(String(value))) {
      this.error(path, `${dotted(path)} must be a duration such as 10s, 1m30s or 500ms, not ${JSON.stringify(value)}`);
    } else if (format === 'ports') {
      const problem = portSpecProblem(String(value));
      if (problem) this.error(path, `${dotted(path)} is not a valid port (${JSON.stringify(String(value))}): ${problem}`);
    }
  }

  private checkArray(items: unknown[], rule: Rule, unique: boolean, path: ComposePath): void {
    items.forEach((item, i) => this.check(item, rule, [...path, i]));
    if (!unique || items.length < 2) return;
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const key = JSON.stringify(item);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else this.error([...path, i], `${dotted(path)} has the same item twice (items ${first} and ${i}: ${key})`);
    });
  }

  private checkObject(value: Record<string, unknown>, rule: ObjectRule, path: ComposePath): void {
    for (const key of rule.required ?? []) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) this.error(path, `${dotted(path)} needs the key ${key}`);
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = [...path, key];
      const prop = rule.props?.[key];
      if (this.skipKeys(path, key)) continue;
      if (prop && (prop.since === undefined || prop.since <= this.minor)) {
        this.check(child, prop, childPath);
      } else if (rule.ext !== undefined && key.startsWith('x-') && rule.ext <= this.minor) {
        continue;
      } else if (rule.keys && rule.values && rule.keys.test(key)) {
        this.check(child, rule.values, childPath);
      } else if (prop) {
        this.error(childPath, `${dotted(childPath)} needs a newer file format: version 3.${prop.since} or later (this file is 3.${this.minor})`, true);
      } else if (rule.ext !== undefined && key.startsWith('x-')) {
        this.error(childPath, `${dotted(childPath)}: extension keys (x-) here need version 3.${rule.ext} or later (this file is 3.${this.minor})`, true);
      } else if (path.length === 0 && key === 'name') {
        this.error(childPath, 'name is not allowed: docker stack deploy refuses a top-level name: (the stack name is given when deploying)', true);
      } else if (!rule.open) {
        const what = rule.keys ? 'is not a valid name (letters, digits, ".", "_" and "-" only)' : 'is not a key the stack file format allows here';
        this.error(childPath, `${dotted(childPath)} ${what}`, true);
      }
    }
  }
}

/** Validates the whole file; returns false when the version itself is refused (nothing else is checked then). */
export function validateSchema(
  config: Record<string, unknown>, version: PickedVersion, issues: ComposeIssue[],
  skipKeys: (path: ComposePath, key: string) => boolean = () => false,
): boolean {
  if (version.minor === undefined) {
    issues.push({ severity: 'error', path: ['version'], message: `version ${version.text} is not a stack file version the CLI supports (3.0 to 3.${LATEST_MINOR})` });
    return false;
  }
  new SchemaChecker(version.minor, issues, skipKeys).check(config, ROOT, []);
  if (version.minor < 10 && !Object.prototype.hasOwnProperty.call(config, 'version')) {
    issues.push({ severity: 'error', path: [], message: 'The file needs a version: key' });
  }
  return true;
}
