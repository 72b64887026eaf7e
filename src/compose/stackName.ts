// Stack names: the CLI's own check (not empty once spaces and quotes are trimmed) plus what the
// Engine refuses for the `<stack>_<name>` networks and services the CLI then creates (the CLI lets
// `a.b` through and fails halfway, after creating nothing useful), and a valid suggestion from
// the file's `name:` or its folder.

const TRIM = /^[\s"']+|[\s"']+$/g;
const ENGINE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Undefined when valid; else why not. */
export function validateStackName(name: string): string | undefined {
  if (name.replace(TRIM, '') === '') return `invalid stack name: ${JSON.stringify(name)}`;
  if (!ENGINE_NAME.test(name)) {
    return 'A stack name has only letters, digits, "-" and "_", and begins with a letter or digit (the Engine refuses other names for the stack\'s networks and services)';
  }
  return undefined;
}

export function suggestStackName(config: Record<string, unknown> | undefined, folderName: string): string {
  const fromFile = typeof config?.name === 'string' ? config.name : '';
  for (const candidate of [fromFile, folderName]) {
    const name = candidate
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .replace(/-+$/, '');
    if (name) return name;
  }
  return 'stack';
}
