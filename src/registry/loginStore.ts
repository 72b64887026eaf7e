// The editor's own registry logins (Log In to Registry…), kept in VS Code's SecretStorage under
// one key: never in settings or files. Pure over a small storage interface so it can be tested
// without VS Code; writes are serialised so two logins at once cannot lose one another.
import type { RegistryCredential } from './credentials';

/** The part of vscode.SecretStorage used here. */
export interface SecretBag {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
}

export const LOGINS_KEY = 'dockerSwarm.registryLogins';

/** What a picker may show about a login: no secret. */
export interface LoginEntry {
  serverAddress: string;
  username: string;
}

type Stored = Record<string, { username?: string; password?: string; identityToken?: string }>;

export class LoginStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly bag: SecretBag) {}

  private async read(): Promise<Stored> {
    const raw = await this.bag.get(LOGINS_KEY);
    if (!raw) return {};
    try {
      const v = JSON.parse(raw) as unknown;
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Stored) : {};
    } catch {
      return {};
    }
  }

  private change<T>(fn: (s: Stored) => T): Promise<T> {
    const next = this.queue.then(async () => {
      const s = await this.read();
      const r = fn(s);
      if (Object.keys(s).length === 0) await this.bag.delete(LOGINS_KEY);
      else await this.bag.store(LOGINS_KEY, JSON.stringify(s));
      return r;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async list(): Promise<LoginEntry[]> {
    const s = await this.read();
    return Object.entries(s)
      .map(([serverAddress, c]) => ({ serverAddress, username: c.identityToken && !c.username ? '(token)' : c.username ?? '' }))
      .sort((a, b) => a.serverAddress.localeCompare(b.serverAddress));
  }

  async get(serverAddress: string): Promise<RegistryCredential | undefined> {
    const c = (await this.read())[serverAddress];
    if (!c || (!c.username && !c.identityToken)) return undefined;
    return {
      serverAddress,
      ...(c.username ? { username: c.username } : {}),
      ...(c.password ? { password: c.password } : {}),
      ...(c.identityToken ? { identityToken: c.identityToken } : {}),
    };
  }

  set(c: RegistryCredential): Promise<void> {
    return this.change((s) => {
      s[c.serverAddress] = {
        ...(c.username ? { username: c.username } : {}),
        ...(c.password ? { password: c.password } : {}),
        ...(c.identityToken ? { identityToken: c.identityToken } : {}),
      };
    });
  }

  /** Whether there was a login to remove. */
  remove(serverAddress: string): Promise<boolean> {
    return this.change((s) => {
      const had = Object.prototype.hasOwnProperty.call(s, serverAddress);
      delete s[serverAddress];
      return had;
    });
  }
}
