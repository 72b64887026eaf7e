// An in-memory stand-in for VS Code's SecretStorage, for the login store outside the workbench
// (integration tests, plain mocha, the bench). The real SecretStorage is tested in the
// extension host and the E2E tier.
import type { SecretBag } from '../../src/registry/loginStore';

export class MemorySecrets implements SecretBag {
  private readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
