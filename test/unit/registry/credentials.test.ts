// Registry credentials found as the docker CLI finds them in its config file, and the header sent.
import * as assert from 'node:assert/strict';
import { DOCKER_HUB_KEY, encodeRegistryAuth, lookupCredential, parseDockerConfig, registryOf } from '../../../src/registry/credentials';

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

  it("Docker Hub's other spellings in auths count for Docker Hub", () => {
    for (const key of ['docker.io', 'index.docker.io', 'https://index.docker.io/v1/', 'registry-1.docker.io']) {
      const r = lookupCredential({ auths: { [key]: { auth: b64('a:b') } } }, DOCKER_HUB_KEY);
      assert.equal(r.kind, 'found', key);
    }
  });

  it('credential helpers come first: credHelpers for the registry, then credsStore', () => {
    const config = { credsStore: 'desktop', credHelpers: { '127.0.0.1:5000': 'pass' }, auths: { '127.0.0.1:5000': { auth: b64('a:b') } } };
    assert.deepEqual(lookupCredential(config, '127.0.0.1:5000'), { kind: 'helper', helper: 'pass', serverAddress: '127.0.0.1:5000' });
    assert.deepEqual(lookupCredential(config, 'reg.example'), { kind: 'helper', helper: 'desktop', serverAddress: 'reg.example' });
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
