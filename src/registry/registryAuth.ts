// Which credentials go with an image: the editor's own login for its registry first (the user
// gave it here, for this purpose), else what the docker CLI would use (its config file's
// credential helper or `auths` entry). The result is the X-Registry-Auth value and where it
// came from, for the log; never the secret itself in any text.
import { encodeRegistryAuth, registryOf } from './credentials';
import type { ConfigCredential } from './dockerConfig';
import { displayRegistry } from './registryNames';
import type { LoginStore } from './loginStore';

export interface ImageAuth {
  /** The registry's key (`https://index.docker.io/v1/` for Docker Hub, else host[:port]); undefined for a reference that does not parse. */
  server?: string;
  /** The X-Registry-Auth value, when credentials were found. */
  header?: string;
  /** Where the credentials came from ("the editor's login", "docker config auths", "credential helper pass"). */
  source?: string;
  /** Why the docker config could not be used (a helper that failed, a file that is not JSON). */
  problem?: string;
}

/**
 * The X-Registry-Auth value for a write that changes a service's image from `current` to `next`.
 * Without one the Engine keeps the credentials stored with the service and the nodes would send
 * them to the new image's registry: when the registry changes and no credentials are known for
 * the new one, an empty login for it is sent instead. For the same registry nothing is sent, so
 * credentials stored by someone else (the CLI's --with-registry-auth) keep working.
 */
export function headerForWrite(known: string | undefined, next: string, current: string | undefined): string | undefined {
  if (known) return known;
  const to = registryOf(next);
  // Host names are not case-sensitive: Registry.example.org is the same registry.
  if (!to || !current || registryOf(current)?.toLowerCase() === to.toLowerCase()) return undefined;
  return encodeRegistryAuth({ serverAddress: to });
}

export class RegistryAuth {
  constructor(
    private readonly logins: LoginStore,
    private readonly fromDockerConfig: (image: string) => Promise<ConfigCredential>,
  ) {}

  async forImage(image: string): Promise<ImageAuth> {
    const server = registryOf(image);
    if (!server) return {};
    // The editor files logins under lower-case hosts (host names are not case-sensitive).
    const own = await this.logins.get(server.toLowerCase());
    if (own) return { server, header: encodeRegistryAuth(own), source: `the editor's login to ${displayRegistry(server)}` };
    let config: ConfigCredential;
    try {
      config = await this.fromDockerConfig(image);
    } catch {
      // Never the error's text: it may come from a helper's output.
      config = { kind: 'error', serverAddress: server, message: `the docker config's credentials for ${displayRegistry(server)} could not be read` };
    }
    if (config.kind === 'found') return { server, header: encodeRegistryAuth(config.credential), source: config.source };
    if (config.kind === 'error') return { server, problem: config.message };
    return { server };
  }

  /** The X-Registry-Auth value for `image`, if any (the deploy's hook). */
  async headerFor(image: string): Promise<string | undefined> {
    return (await this.forImage(image)).header;
  }
}
