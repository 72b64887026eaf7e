// The docker CLI's config file as a source of registry credentials: reads config.json from the
// config folder the CLI uses (DOCKER_CONFIG or ~/.docker), finds the image's registry in it as the
// CLI does, and asks the credential helper it names. Messages name the file and what is wrong
// with it, never its content: it holds credentials.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dockerConfigDir } from '../docker/endpoint';
import { configRegistries, DockerConfigFile, lookupCredential, parseDockerConfig, RegistryCredential, registryOf } from './credentials';
import { CredentialHelperError, CredentialHelperOptions, runCredentialHelper } from './credentialHelper';

export type ConfigCredential =
  /** `source` says where it came from, for messages: "docker config auths", "credential helper desktop". */
  | { kind: 'found'; credential: RegistryCredential; source: string }
  | { kind: 'none'; serverAddress: string }
  | { kind: 'error'; serverAddress: string; message: string };

type ConfigRead = { kind: 'config'; config: DockerConfigFile } | { kind: 'missing' } | { kind: 'error'; message: string };

/** The config file of `env`'s config folder: its content, missing, or why it cannot be used. */
async function readDockerConfig(env: NodeJS.ProcessEnv): Promise<ConfigRead> {
  const file = join(dockerConfigDir(env), 'config.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    const why = typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? ` (${code})` : '';
    return { kind: 'error', message: `The docker config file ${file} could not be read${why}.` };
  }
  const parsed = parseDockerConfig(text);
  if (!parsed.ok) return { kind: 'error', message: `The docker config file ${file} cannot be used: ${parsed.why}.` };
  return { kind: 'config', config: parsed.config };
}

/**
 * The credential the docker CLI would send for `image`, from the config file of `env`
 * (DOCKER_CONFIG, HOME and PATH are read from it; the helper runs with it as its environment).
 */
export async function dockerConfigCredential(env: NodeJS.ProcessEnv, image: string, helperOptions: Omit<CredentialHelperOptions, 'env'> = {}): Promise<ConfigCredential> {
  const serverAddress = registryOf(image);
  if (serverAddress === undefined) return { kind: 'error', serverAddress: '', message: 'The image name is not a valid image reference, so its registry is not known.' };
  const read = await readDockerConfig(env);
  if (read.kind === 'missing') return { kind: 'none', serverAddress };
  if (read.kind === 'error') return { kind: 'error', serverAddress, message: read.message };
  const lookup = lookupCredential(read.config, serverAddress);
  if (lookup.kind === 'none') return lookup;
  if (lookup.kind === 'found') return { kind: 'found', credential: lookup.credential, source: 'docker config auths' };
  try {
    const credential = await runCredentialHelper(lookup.helper, serverAddress, { ...helperOptions, env });
    // As the CLI: a helper with nothing for the registry means no credentials (auths is not consulted).
    return credential ? { kind: 'found', credential, source: `credential helper ${lookup.helper}` } : { kind: 'none', serverAddress };
  } catch (err) {
    // Only the helper module's own messages are passed on: they are built to hold no secret.
    return { kind: 'error', serverAddress, message: err instanceof CredentialHelperError ? err.message : 'The credential helper named by the docker config failed.' };
  }
}

/** The registries `env`'s docker config names (no secrets); empty when there is no usable file. */
export async function dockerConfigRegistries(env: NodeJS.ProcessEnv): Promise<string[]> {
  const read = await readDockerConfig(env);
  return read.kind === 'config' ? configRegistries(read.config) : [];
}
