import * as assert from 'assert';
import { LOGINS_KEY, LoginStore, type SecretBag } from '../../../src/registry/loginStore';
import { displayRegistry, parseRegistry } from '../../../src/registry/registryNames';
import { DOCKER_HUB_KEY } from '../../../src/registry/credentials';

class Bag implements SecretBag {
  readonly map = new Map<string, string>();
  async get(k: string) { await new Promise((r) => setTimeout(r, 1)); return this.map.get(k); }
  async store(k: string, v: string) { await new Promise((r) => setTimeout(r, 1)); this.map.set(k, v); }
  async delete(k: string) { this.map.delete(k); }
}

describe('LoginStore', () => {
  it('keeps logins under one secret, lists them without secrets, removes them, and deletes the key when empty', async () => {
    const bag = new Bag();
    const store = new LoginStore(bag);
    await store.set({ serverAddress: 'r.example:5000', username: 'u', password: 'p1' });
    await store.set({ serverAddress: DOCKER_HUB_KEY, username: 'hub', identityToken: 't' });
    assert.deepEqual(await store.list(), [
      { serverAddress: DOCKER_HUB_KEY, username: 'hub' },
      { serverAddress: 'r.example:5000', username: 'u' },
    ]);
    assert.ok(!JSON.stringify(await store.list()).includes('p1'));
    assert.deepEqual(await store.get('r.example:5000'), { serverAddress: 'r.example:5000', username: 'u', password: 'p1' });
    assert.equal(await store.get('other'), undefined);
    assert.equal(await store.remove('r.example:5000'), true);
    assert.equal(await store.remove('r.example:5000'), false);
    assert.equal(await store.remove(DOCKER_HUB_KEY), true);
    assert.equal(bag.map.has(LOGINS_KEY), false);
  });

  it('two logins at once both survive (writes are serialised)', async () => {
    const bag = new Bag();
    const store = new LoginStore(bag);
    await Promise.all([
      store.set({ serverAddress: 'a', username: 'x', password: '1' }),
      store.set({ serverAddress: 'b', username: 'y', password: '2' }),
      store.set({ serverAddress: 'c', username: 'z', password: '3' }),
    ]);
    assert.deepEqual((await store.list()).map((l) => l.serverAddress), ['a', 'b', 'c']);
  });

  it('a damaged secret reads as no logins', async () => {
    const bag = new Bag();
    bag.map.set(LOGINS_KEY, '{not json');
    assert.deepEqual(await new LoginStore(bag).list(), []);
  });
});

describe('registry names', () => {
  it('normalises what a user types; Docker Hub\'s names share one key', () => {
    assert.deepEqual(parseRegistry('https://Registry.Example.org:5000/v2/'), { ok: true, value: 'registry.example.org:5000' });
    for (const hub of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io']) {
      assert.deepEqual(parseRegistry(hub), { ok: true, value: DOCKER_HUB_KEY }, hub);
    }
    assert.equal(parseRegistry('').ok, false);
    assert.equal(parseRegistry('not a host').ok, false);
    assert.equal(parseRegistry('host:port').ok, false);
    assert.equal(displayRegistry(DOCKER_HUB_KEY), 'Docker Hub');
    assert.equal(displayRegistry('r:5000'), 'r:5000');
  });
});
