// Loads a stack file as `docker stack deploy` does, in the CLI's order: YAML, refused service
// keys, interpolation (with the CLI's casts), the schema of the file's version, then the loader's
// own checks; ignored keys and unset variables are warnings. Every issue has a path, and
// `rangeOf` turns a path into the place in the text.

import { checkIgnoredKeys, isForbiddenServiceKey } from './ignoredKeys';
import { interpolateConfig } from './interpolate';
import { pickVersion, validateSchema } from './schema';
import { checkSemantics } from './semantics';
import type { ComposeIssue, LoadedCompose, LoadOptions } from './types';
import { readYaml } from './yamlSource';

export function loadCompose(text: string, options: LoadOptions): LoadedCompose {
  const source = readYaml(text);
  const issues: ComposeIssue[] = [...source.issues];
  const rangeOf: LoadedCompose['rangeOf'] = (path, onKey) => source.index.rangeOf(path, onKey);
  const raw = source.value;
  if (!raw) return { config: undefined, issues, rangeOf };

  // The CLI picks the version and looks for refused keys in the file as written.
  const version = pickVersion(raw);
  checkIgnoredKeys(raw, issues);
  const config = interpolateConfig(raw, options.env, issues);
  const errorsBefore = issues.filter((i) => i.severity === 'error').length;
  if (validateSchema(config, version, issues, isForbiddenServiceKey) && version.minor !== undefined) {
    // The loader's checks assume the types the schema guarantees.
    if (issues.filter((i) => i.severity === 'error').length === errorsBefore) checkSemantics(config, version.minor, issues);
  }
  return { config, issues, rangeOf };
}
