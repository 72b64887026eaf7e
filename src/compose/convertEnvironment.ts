// A service's `env_file` and `environment` merged into the Engine's Env list as the docker CLI
// does: env files in order (later lines win), then `environment` over them; wherever a value is
// missing or empty and the caller's environment has the variable, the environment's value is
// used; a bare name with no value anywhere stays a bare name (the container inherits nothing,
// the Engine stores it as written). The result is sorted as Go sorts strings.

import * as path from 'node:path';
import { parseEnvFile } from './envFile';
import { compareGoStrings, mappingWithEquals, stringOrList } from './mappings';
import type { ConvertContext } from './types';
import type { IssueSink } from './convertDeploy';

type Obj = Record<string, unknown>;

export interface ConvertedEnvironment {
  env: string[];
  /** The env files read, as written in the file (relative to the working dir). */
  filesRead: string[];
}

export function convertEnvironment(service: Obj, ctx: ConvertContext, sink: IssueSink): ConvertedEnvironment {
  const lookup = (name: string): string | undefined => ctx.env[name];
  const merged = new Map<string, string | null>();
  const apply = (vars: Map<string, string | null>): void => {
    for (const [name, value] of vars) {
      const fromEnv = lookup(name);
      merged.set(name, (value === null || value === '') && fromEnv !== undefined ? fromEnv : value);
    }
  };
  const filesRead: string[] = [];
  const envFiles = stringOrList(service.env_file);
  if (envFiles.length > 0) {
    const fileVars = new Map<string, string | null>();
    envFiles.forEach((file, index) => {
      const at = Array.isArray(service.env_file) ? ['env_file', index] : ['env_file'];
      const absolute = path.isAbsolute(file) ? file : path.join(ctx.workingDir, file);
      let bytes: Uint8Array;
      try {
        bytes = ctx.readFile(absolute);
      } catch (err) {
        sink.error(at, `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
        return;
      }
      filesRead.push(path.isAbsolute(file) ? path.relative(ctx.workingDir, file) || file : file);
      const parsed = parseEnvFile(bytes, lookup);
      if (!parsed.ok) {
        sink.error(at, `${file} is not a valid env file: ${parsed.error}`);
        return;
      }
      for (const line of parsed.value) {
        const eq = line.indexOf('=');
        fileVars.set(line.slice(0, eq), line.slice(eq + 1));
      }
    });
    apply(fileVars);
  }
  apply(mappingWithEquals(service.environment));
  const env = [...merged].map(([name, value]) => (value === null ? name : `${name}=${value}`));
  return { env: env.sort(compareGoStrings), filesRead };
}
