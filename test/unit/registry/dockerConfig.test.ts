// The credential the docker CLI would send for an image, from a real config folder and real helpers.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB_KEY } from '../../../src/registry/credentials';
import { ConfigCredential, dockerConfigCredential, dockerConfigRegistries } from '../../../src/registry/dockerConfig';
import { FakeHelpers, makeFakeHelpers, SECRETS } from './fakeHelpers';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const FILE_SECRET = 'file-secret-2Hq';
const REG = '127.0.0.1:5000';
const IMAGE = `${REG}/swarm-services/app:1`;

describe('credentials from the docker config folder', function () {
  let h: FakeHelpers;
  let configDir: string;
  let env: NodeJS.ProcessEnv;
  before(function () {
    if (process.platform === 'win32') this.skip(); // the fake helpers are sh scripts
    h = makeFakeHelpers();
  });
  after(() => h?.cleanup());
  beforeEach(() => {
    h.reset();
    configDir = mkdtempSync(join(tmpdir(), 'exp15a-config-'));
    env = { ...h.env, DOCKER_CONFIG: configDir };
  });
  afterEach(() => rmSync(configDir, { recursive: true, force: true }));

  const withConfig = (config: unknown) => writeFileSync(join(configDir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  /** The lookup's outcome; an error's message must hold no secret of the file or the helpers. */
  async function credentialFor(image: string, timeoutMs?: number): Promise<ConfigCredential> {
    const r = await dockerConfigCredential(env, image, timeoutMs ? { timeoutMs } : {});
    if (r.kind === 'error') for (const secret of [FILE_SECRET, ...SECRETS]) assert.ok(!r.message.includes(secret), `a secret in: ${r.message}`);
    return r;
  }

  it('no config file (and no folder) is no credential', async () => {
    assert.deepEqual(await credentialFor(IMAGE), { kind: 'none', serverAddress: REG });
    env = { ...h.env, DOCKER_CONFIG: join(configDir, 'absent') };
    assert.deepEqual(await credentialFor('busybox'), { kind: 'none', serverAddress: DOCKER_HUB_KEY });
  });

  it('the auths forms: auth, username and password, identitytoken', async () => {
    withConfig({ auths: { [REG]: { auth: b64(`u:${FILE_SECRET}`) } } });
    assert.deepEqual(await credentialFor(IMAGE), { kind: 'found', credential: { serverAddress: REG, username: 'u', password: FILE_SECRET }, source: 'docker config auths' });
    withConfig({ auths: { [`https://${REG}/v2/`]: { username: 'u2', password: FILE_SECRET } } });
    assert.deepEqual(await credentialFor(IMAGE), { kind: 'found', credential: { serverAddress: REG, username: 'u2', password: FILE_SECRET }, source: 'docker config auths' });
    withConfig({ auths: { [REG]: { username: 'u3', identitytoken: FILE_SECRET } } });
    assert.deepEqual(await credentialFor(IMAGE), { kind: 'found', credential: { serverAddress: REG, username: 'u3', identityToken: FILE_SECRET }, source: 'docker config auths' });
  });

  it("Docker Hub's images find the v1 URL's entry, and only it", async () => {
    withConfig({ auths: { [DOCKER_HUB_KEY]: { auth: b64('hub:pw') }, 'docker.io': { auth: b64('other:pw') } } });
    for (const image of ['busybox', 'library/busybox:1', 'docker.io/me/app', 'index.docker.io/me/app:2']) {
      const r = await credentialFor(image);
      assert.equal(r.kind === 'found' && r.credential.username, 'hub', image);
    }
    withConfig({ auths: { 'docker.io': { auth: b64('other:pw') }, 'index.docker.io': { auth: b64('other:pw') } } });
    assert.deepEqual(await credentialFor('busybox'), { kind: 'none', serverAddress: DOCKER_HUB_KEY });
  });

  it('credHelpers for the registry, asked with the address the CLI uses (Docker Hub: its v1 URL)', async () => {
    withConfig({ credsStore: 'none', credHelpers: { [REG]: 'good', [DOCKER_HUB_KEY]: 'token' }, auths: { [REG]: { auth: b64('file:pw') } } });
    assert.deepEqual(await credentialFor(IMAGE), { kind: 'found', credential: { serverAddress: REG, username: 'helper-user', password: SECRETS[0] }, source: 'credential helper good' });
    assert.deepEqual(h.lastRun('good'), { args: ['get'], stdin: REG });
    assert.deepEqual(await credentialFor('busybox'), { kind: 'found', credential: { serverAddress: DOCKER_HUB_KEY, identityToken: SECRETS[1] }, source: 'credential helper token' });
    assert.equal(h.lastRun('token')?.stdin, DOCKER_HUB_KEY);
  });

  it('credsStore for every other registry; a helper with nothing means no credential, auths is not consulted', async () => {
    withConfig({ credsStore: 'none', auths: { [REG]: { auth: b64(`file:${FILE_SECRET}`) } } });
    assert.deepEqual(await credentialFor(IMAGE), { kind: 'none', serverAddress: REG });
    assert.equal(h.lastRun('none')?.stdin, REG);
    withConfig({ credsStore: 'good', credHelpers: { 'other.example': 'token' } });
    const r = await credentialFor(IMAGE);
    assert.equal(r.kind === 'found' && r.source, 'credential helper good');
  });

  it('a helper that cannot answer is an error naming it, never quoting it or the file', async () => {
    withConfig({ credsStore: 'nosuch', auths: { [REG]: { auth: b64(`file:${FILE_SECRET}`) } } });
    assert.deepEqual(await credentialFor(IMAGE), { kind: 'error', serverAddress: REG, message: 'The credential helper docker-credential-nosuch was not found on PATH.' });
    for (const helper of ['fails', 'badjson']) {
      withConfig({ credHelpers: { [REG]: helper } });
      const r = await credentialFor(IMAGE);
      assert.equal(r.kind, 'error', helper);
      assert.match(r.kind === 'error' ? r.message : '', new RegExp(`^The credential helper docker-credential-${helper} `));
    }
    withConfig({ credsStore: 'hang' });
    const slow = await credentialFor(IMAGE, 300);
    assert.equal(slow.kind === 'error' && slow.message, 'The credential helper docker-credential-hang did not answer within 0.3 s.');
  });

  it('a helper name that is not a name runs nothing', async () => {
    withConfig({ credsStore: 'a b' });
    const r = await credentialFor(IMAGE);
    assert.equal(r.kind, 'error');
    assert.equal(h.lastRun('a b'), undefined);
  });

  it('a config that is not JSON, or cannot be read, is an error that does not quote it', async () => {
    withConfig(`{"auths": {"${REG}": {"auth": "${FILE_SECRET}"}}`);
    const r = await credentialFor(IMAGE);
    assert.deepEqual(r, { kind: 'error', serverAddress: REG, message: `The docker config file ${join(configDir, 'config.json')} cannot be used: it is not valid JSON.` });
    withConfig('[1]');
    assert.equal((await credentialFor(IMAGE)).kind, 'error');
    rmSync(join(configDir, 'config.json'));
    mkdirSync(join(configDir, 'config.json'));
    const unreadable = await credentialFor(IMAGE);
    assert.equal(unreadable.kind === 'error' && unreadable.message, `The docker config file ${join(configDir, 'config.json')} could not be read (EISDIR).`);
  });

  it('without DOCKER_CONFIG the folder is ~/.docker of HOME', async () => {
    const home = mkdtempSync(join(tmpdir(), 'exp15a-home-'));
    try {
      mkdirSync(join(home, '.docker'));
      writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [REG]: { auth: b64('homeuser:pw') } } }));
      env = { ...h.env, HOME: home };
      delete env['DOCKER_CONFIG'];
      const r = await credentialFor(IMAGE);
      assert.equal(r.kind === 'found' && r.credential.username, 'homeuser');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('an image name that does not parse has no registry', async () => {
    assert.equal((await credentialFor('Bad/Name')).kind, 'error');
  });

  it('the registries the config names, without what is stored under them', async () => {
    withConfig({ auths: { [DOCKER_HUB_KEY]: { auth: b64(`u:${FILE_SECRET}`) }, [`https://${REG}/v2/`]: {} }, credHelpers: { 'gcr.io': 'gcloud' }, credsStore: 'good' });
    const names = await dockerConfigRegistries(env);
    assert.deepEqual(names, [REG, 'gcr.io', DOCKER_HUB_KEY]);
    assert.equal(h.lastRun('good'), undefined, 'listing registries ran the credsStore helper');
    withConfig('not json');
    assert.deepEqual(await dockerConfigRegistries(env), []);
  });
});
