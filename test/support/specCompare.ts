// Field-by-field comparison for the parity tier: the first path where two captured stacks differ,
// with both values, so a failure says exactly which key the extension converts differently.

export interface Difference {
  /** Dotted path, list indexes as [n]: services.<stack>_web.TaskTemplate.ContainerSpec.Env[2] */
  path: string;
  expected: unknown;
  actual: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

/**
 * The first difference between `expected` and `actual`, keys visited in sorted order. A key that
 * is absent and a key whose value is undefined are the same (JSON has no undefined); null is a value.
 */
export function firstDifference(expected: unknown, actual: unknown, path = ''): Difference | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const n = Math.max(expected.length, actual.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (isObject(expected) && isObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    for (const k of keys) {
      const d = firstDifference(expected[k], actual[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : { path: path || '(root)', expected, actual };
}

export function describeDifference(d: Difference, expectedSide = 'CLI', actualSide = 'extension'): string {
  return `${d.path}: ${expectedSide} has ${show(d.expected)}, ${actualSide} has ${show(d.actual)}`;
}

/** Throws naming the first differing field, or returns when the two are equal. */
export function assertSameSpecs(expected: unknown, actual: unknown, what: string, sides: [string, string] = ['CLI', 'extension']): void {
  const d = firstDifference(expected, actual);
  if (d) throw new Error(`${what} differ at ${describeDifference(d, sides[0], sides[1])}`);
}
