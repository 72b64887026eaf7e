// The shapes that connect the pieces of a stack deploy: loading a compose file (YAML with
// positions, interpolation, validation), converting it to Engine specs as `docker stack deploy`
// does, and what both report. Pure: no `vscode`, no dockerode, no file system access (files are
// read through the `readFile` the caller gives).

import type { ConfigSpec, NetworkCreate, SecretSpec, ServiceSpec } from './engineSpecs';

/** Where in the file a problem is: keys and list indexes from the document's root. */
export type ComposePath = readonly (string | number)[];

export interface ComposeIssue {
  severity: 'error' | 'warning';
  /** Names the key (e.g. `services.web.deploy.replicas`) and what is wrong, in plain words. */
  message: string;
  path: ComposePath;
  /** The issue is about the key itself (unknown or ignored key), not its value. */
  onKey?: boolean;
  /** Where the problem is when no path can say it (a YAML syntax error); else use `rangeOf(path)`. */
  range?: SourceRange;
}

/** Character offsets into the text: [start, end). */
export interface SourceRange { start: number; end: number }

/** The compose file after YAML parsing, merge keys, interpolation and validation. */
export interface LoadedCompose {
  /**
   * The document as plain JSON values (interpolated, merge keys applied, `x-` keys kept).
   * Undefined when the YAML itself cannot be read. When `issues` has no error, every key has a
   * type that the stack file format allows (the converters rely on it).
   */
  config: Record<string, unknown> | undefined;
  issues: ComposeIssue[];
  /** The range of the value (or of the key, when `onKey`) at `path`; the nearest existing parent's when it is missing. */
  rangeOf(path: ComposePath, onKey?: boolean): SourceRange | undefined;
}

export interface LoadOptions {
  /** The variables that interpolation sees: the extension host's environment, as the CLI sees its own. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface ConvertContext {
  /** The stack's name (the CLI's namespace): `<stack>_<name>` for everything it creates. */
  stackName: string;
  /** The folder of the compose file, absolute: relative `file:`, `env_file` and bind sources resolve from it. */
  workingDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a file's bytes; throws an Error whose message says why it cannot. */
  readFile(absolutePath: string): Uint8Array;
}

export interface ConvertedService {
  /** The key under `services:` in the file. */
  key: string;
  /** `Name` is `<stack>_<key>`; secret and config references carry names, their IDs are filled by the deploy. */
  spec: ServiceSpec;
}

export interface ConvertedNetwork { key: string; create: NetworkCreate }
export interface ConvertedSecret { key: string; spec: SecretSpec; /** The local file read, relative to the working dir. */ file?: string }
export interface ConvertedConfig { key: string; spec: ConfigSpec; file?: string }

/** A whole stack as the deploy sends it. */
export interface ConvertedStack {
  stackName: string;
  services: ConvertedService[];
  /** Networks the deploy creates when they do not exist yet (by name). */
  networks: ConvertedNetwork[];
  /** Names of `external` networks, secrets and configs, which must exist before anything is created. */
  externalNetworks: string[];
  externalSecrets: string[];
  externalConfigs: string[];
  secrets: ConvertedSecret[];
  configs: ConvertedConfig[];
  /** Every local file read into a secret, a config or an environment (relative to the working dir), for the confirmation. */
  filesRead: string[];
  issues: ComposeIssue[];
}
