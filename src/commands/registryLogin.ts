// Log In to Registry… / Log Out of Registry…: the editor's own registry credentials, checked by
// the engine against the registry (POST /auth, as `docker login` checks them) and kept in VS
// Code's SecretStorage, never in settings or files. Neither the password nor the token is ever
// put into a message or the log.
import type { QuickPickItem } from 'vscode';
import { DOCKER_HUB_KEY, registryOf } from '../registry/credentials';
import { lookupFailure } from '../registry/imageLookup';
import { displayRegistry, parseRegistry } from '../registry/registryNames';
import { askValue } from './askValue';
import { SwarmError } from '../model/errors';
import type { CommandContext } from './context';

const OTHER = 'Other registry…';
const STORE_ANYWAY = 'Store Anyway';

interface RegistryItem extends QuickPickItem {
  server?: string;
}

/** The registries to offer: those the services' images come from, Docker Hub, what is stored. */
async function pickRegistry(ctx: CommandContext): Promise<string | undefined> {
  const stored = new Map((await ctx.registry.logins.list()).map((l) => [l.serverAddress, l.username]));
  const servers = new Set<string>();
  for (const s of ctx.store.services) {
    const server = registryOf(s.image);
    if (server && server !== DOCKER_HUB_KEY) servers.add(server);
  }
  for (const server of stored.keys()) servers.add(server);
  servers.add(DOCKER_HUB_KEY);
  const items: RegistryItem[] = [...servers].sort().map((server) => ({
    label: displayRegistry(server),
    server,
    ...(stored.has(server) ? { description: `logged in as ${stored.get(server)}` } : {}),
  }));
  items.push({ label: OTHER });
  const picked = await ctx.host.showQuickPick(items, { title: 'Log In to Registry', placeHolder: 'The registry to log in to' });
  if (!picked) return undefined;
  if (picked.server) return picked.server;
  return askServer(ctx, undefined, 'Log In to Registry');
}

/** The registry given (a command argument), else typed into a box; refused as askValue refuses. */
function askServer(ctx: CommandContext, given: unknown, title: string): Promise<string | undefined> {
  return askValue(ctx, given, parseRegistry, { title, prompt: 'Registry host, with its port if not 443 (e.g. registry.example.org:5000)' });
}

/**
 * Asks for the registry (unless given), the user name and the password, has the engine check
 * them, and stores them. Returns whether a login was stored.
 */
export async function logInToRegistry(ctx: CommandContext, registry?: unknown, username?: unknown): Promise<boolean> {
  const server = typeof registry === 'string' ? await askServer(ctx, registry, 'Log In to Registry') : await pickRegistry(ctx);
  if (!server) return false;
  const shown = displayRegistry(server);
  const current = (await ctx.registry.logins.list()).find((l) => l.serverAddress === server);
  const user =
    typeof username === 'string'
      ? username
      : await ctx.host.showInputBox({
          title: `Log In to ${shown}`,
          prompt: 'User name',
          value: current?.username ?? '',
          validateInput: (v) => (v.trim() === '' ? 'Enter a user name.' : /[\s:]/.test(v.trim()) ? 'A user name has no spaces or colons.' : undefined),
        });
  if (user === undefined) return false;
  const name = user.trim();
  if (name === '' || /[\s:]/.test(name)) throw new SwarmError('invalid', 'A user name is required, without spaces or colons. Nothing was stored.');
  const password = await ctx.host.showInputBox({
    title: `Log In to ${shown} as ${name}`,
    prompt: 'Password or access token (kept in VS Code\'s secret storage)',
    password: true,
    validateInput: (v) => (v === '' ? 'Enter the password or an access token.' : undefined),
  });
  if (password === undefined || password === '') return false;

  let identityToken: string | undefined;
  try {
    const r = await ctx.host.withProgress(`Checking the login to ${shown} through ${ctx.client().endpoint}`, () =>
      ctx.client().checkRegistryLogin({ serverAddress: server, username: name, password }),
    );
    identityToken = r.identityToken;
  } catch (e) {
    const failure = lookupFailure(e, `the login of ${name}`, shown, true);
    // The Engine's words name the registry and the status; they hold no credentials.
    ctx.log.warn(`Login to ${shown} as ${name} not confirmed: ${e instanceof SwarmError ? e.detail ?? e.message : String(e)}`);
    if (failure.kind === 'refused') {
      throw new SwarmError('permission', `${shown} refused the login of ${name}: wrong user name or password. Nothing was stored.`);
    }
    const answer = await ctx.host.choose(
      `The login to ${shown} could not be checked: ${failure.kind === 'unreachable' ? 'the registry could not be reached from the engine' : failure.kind === 'engine' ? failure.reason : 'the engine did not confirm it'}.`,
      'Store the credentials anyway? They are used the next time an image from this registry is looked up or deployed.',
      [STORE_ANYWAY],
    );
    if (answer !== STORE_ANYWAY) return false;
  }
  // A registry that hands out an identity token wants it instead of the password, as the CLI keeps it.
  await ctx.registry.logins.set(identityToken ? { serverAddress: server, username: name, identityToken } : { serverAddress: server, username: name, password });
  ctx.log.info(`Stored the editor's login to ${shown} as ${name}.`);
  void ctx.host.showInformationMessage(`Logged in to ${shown} as ${name}. The credentials are kept in VS Code's secret storage.`);
  return true;
}

/** Removes one of the editor's logins, picked from the list (or given). Returns the registry removed. */
export async function logOutOfRegistry(ctx: CommandContext, registry?: unknown): Promise<string | undefined> {
  const logins = await ctx.registry.logins.list();
  let server: string | undefined;
  if (typeof registry === 'string') server = await askServer(ctx, registry, 'Log Out of Registry');
  else {
    if (logins.length === 0) {
      void ctx.host.showInformationMessage('The editor holds no registry logins. Logins made with docker login are in the docker config and are removed with docker logout.');
      return undefined;
    }
    const picked = await ctx.host.showQuickPick(
      logins.map((l) => ({ label: displayRegistry(l.serverAddress), description: l.username, server: l.serverAddress })),
      { title: 'Log Out of Registry', placeHolder: 'The login to remove from VS Code\'s secret storage' },
    );
    server = picked?.server;
  }
  if (!server) return undefined;
  const shown = displayRegistry(server);
  if (!(await ctx.registry.logins.remove(server))) {
    void ctx.host.showInformationMessage(`The editor holds no login to ${shown}.`);
    return undefined;
  }
  ctx.log.info(`Removed the editor's login to ${shown}.`);
  void ctx.host.showInformationMessage(`Logged out of ${shown}: the editor's credentials for it are removed.`);
  return server;
}
