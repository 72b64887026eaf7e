// Registry credentials found as the docker CLI finds them in its config file, and the header sent.
import * as assert from 'node:assert/strict';
import { configRegistries, DOCKER_HUB_KEY, encodeRegistryAuth, lookupCredential, parseDockerConfig, registryOf } from '../../../src/registry/credentials';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('registry credentials from the docker config', () => {
  it("an image's registry as the config keys it (Docker Hub by its v1 index URL)", () => {
    assert.equal(registryOf('busybox'), DOCKER_HUB_KEY);
    assert.equal(registryOf('docker.io/library/busybox:1'), DOCKER_HUB_KEY);
    assert.equal(registryOf('index.docker.io/me/app'), DOCKER_HUB_KEY);
    assert.equal(registryOf('me/app:2'), DOCKER_HUB_KEY);
    assert.equal(registryOf('127.0.0.1:5000/team/app:1'), '127.0.0.1:5000');
    assert.equal(registryOf('localhost/app'), 'localhost');
    assert.equal(registryOf('Bad/Name'), undefined);
  });

  it('the auth form, username and password, and identitytoken', () => {
    const config = { auths: {
      [DOCKER_HUB_KEY]: { auth: b64('hubuser:hub:pass') },
      'https://127.0.0.1:5000/v2/': { username: 'u', password: 'p' },
      'reg.example': { identitytoken: 'tok' },
    } };
    assert.deepEqual(lookupCredential(config, DOCKER_HUB_KEY), { kind: 'found', credential: { serverAddress: DOCKER_HUB_KEY, username: 'hubuser', password: 'hub:pass' } });
    assert.deepEqual(lookupCredential(config, '127.0.0.1:5000'), { kind: 'found', credential: { serverAddress: '127.0.0.1:5000', username: 'u', password: 'p' } });
    assert.deepEqual(lookupCredential(config, 'reg.example'), { kind: 'found', credential: { serverAddress: 'reg.example', identityToken: 'tok' } });
    assert.deepEqual(lookupCredential(config, 'other.example'), { kind: 'none', serverAddress: 'other.example' });
  });

  it("Docker Hub's credentials are found only under its v1 URL, as the CLI finds them", () => {
    // `docker login index.docker.io` files under that key, yet the CLI sends nothing from it for busybox.
    for (const key of ['docker.io', 'index.docker.io', 'https://index.docker.io', 'registry-1.docker.io']) {
      assert.equal(lookupCredential({ auths: { [key]: { auth: b64('a:b') } } }, DOCKER_HUB_KEY).kind, 'none', key);
      assert.equal(lookupCredential({ credHelpers: { [key]: 'pass' } }, DOCKER_HUB_KEY).kind, 'none', key);
    }
    assert.equal(lookupCredential({ credHelpers: { [DOCKER_HUB_KEY]: 'pass' } }, DOCKER_HUB_KEY).kind, 'helper');
    // A URL key for any other registry counts for its host.
    assert.equal(lookupCredential({ auths: { 'http://reg.example/v2/': { auth: b64('a:b') } } }, 'reg.example').kind, 'found');
  });

  it('credHelpers are keyed by the registry exactly; an empty entry there sends it to auths, passing over credsStore', () => {
    assert.equal(lookupCredential({ credHelpers: { 'https://127.0.0.1:5000': 'pass' } }, '127.0.0.1:5000').kind, 'none');
    const config = { credsStore: 'desktop', credHelpers: { '127.0.0.1:5000': '' }, auths: { '127.0.0.1:5000': { auth: b64('a:b') } } };
    assert.deepEqual(lookupCredential(config, '127.0.0.1:5000'), { kind: 'found', credential: { serverAddress: '127.0.0.1:5000', username: 'a', password: 'b' } });
  });

  it('auth padding with NULs is dropped from the password; odd shapes are no credential, not a crash', () => {
    const r = lookupCredential({ auths: { r: { auth: b64('u:p\0\0') } } }, 'r');
    assert.deepEqual(r, { kind: 'found', credential: { serverAddress: 'r', username: 'u', password: 'p' } });
    for (const auths of [null, [], 'x', { r: null }, { r: 'x' }] as unknown[]) {
      assert.equal(lookupCredential({ auths } as never, 'r').kind, 'none', JSON.stringify(auths));
    }
  });

  it('the registries a config names: auths keys as registries, credHelpers keys, nothing stored under them', () => {
    const config = { auths: { [DOCKER_HUB_KEY]: { auth: b64('a:secret1') }, 'https://127.0.0.1:5000/v2/': { auth: b64('b:secret2') } }, credHelpers: { 'gcr.io': 'gcloud' }, credsStore: 'desktop' };
    assert.deepEqual(configRegistries(config), ['127.0.0.1:5000', 'gcr.io', DOCKER_HUB_KEY]);
    assert.deepEqual(configRegistries({}), []);
  });

  it('an entry without a usable user or token is no credential', () => {
    assert.equal(lookupCredential({ auths: { 'r.example': {} } }, 'r.example').kind, 'none');
    assert.equal(lookupCredential({ auths: { 'r.example': { auth: b64('nocolon') } } }, 'r.example').kind, 'none');
  });

  it('the header is URL-safe base64 of the AuthConfig JSON; a token replaces the password', () => {
    const header = encodeRegistryAuth({ serverAddress: 'r.example', username: 'u?>', password: 'p~~~' });
    assert.doesNotMatch(header, /[+/]/);
    const json = JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'));
    assert.deepEqual(json, { serveraddress: 'r.example', username: 'u?>', password: 'p~~~' });
    const token = JSON.parse(Buffer.from(encodeRegistryAuth({ serverAddress: 'r', username: 'u', identityToken: 't' }), 'base64').toString('utf8'));
    assert.deepEqual(token, { serveraddress: 'r', identitytoken: 't' });
  });

  it('a config that is not JSON is refused without quoting it (it holds credentials)', () => {
    const r = parseDockerConfig('{"auths": {"r": {"auth": "c2VjcmV0"}}');
    assert.equal(r.ok, false);
    assert.doesNotMatch(r.ok ? '' : r.why, /c2VjcmV0/);
    assert.equal(parseDockerConfig('[]').ok, false);
    assert.equal(parseDockerConfig('{"auths":{}}').ok, true);
  });
});
