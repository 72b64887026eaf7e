// Which credentials go with an image, end to end against the real private registry: the docker
// config's `auths`, a credential helper named by `credsStore` (a real program on PATH), the
// editor's own login winning over the config, and a deploy under resolve-image always, changed
// and never, as the CLI's `docker stack deploy --resolve-image` behaves.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertStack } from '../../src/compose/convertStack';
import { loadCompose } from '../../src/compose/load';
import { planDeploy } from '../../src/deploy/plan';
import { readStackState } from '../../src/deploy/readState';
import { runDeploy } from '../../src/deploy/run';
import type { ResolveImage } from '../../src/deploy/types';
import { dockerConfigCredential } from '../../src/registry/dockerConfig';
import { lookupImage } from '../../src/registry/imageLookup';
import { LoginStore } from '../../src/registry/loginStore';
import { RegistryAuth } from '../../src/registry/registryAuth';
import {
  REGISTRY, REGISTRY_PASSWORD, REGISTRY_USER, assertRegistryUp, cliRegistryDigest, deleteFromRegistry, pushNewContent, registryDockerConfig, registryRef,
  removeLocalImage, writeDockerConfig,
} from '../support/registry';
import { RUN_ID, RUN_LABEL } from '../support/swarm';
import { MemorySecrets } from '../support/memorySecrets';
import { TestClient } from '../support/testClient';

const client = new TestClient();

describe('registry credentials from the docker config and the editor, and deploys that pin', function () {
  this.timeout(120_000);
  const tag = `cred-${RUN_ID}`;
  const image = registryRef(tag);
  const pushed: string[] = [];
  const stacks: string[] = [];
  let dir: string;
  const env = (extra: Record<string, string> = {}) => ({ ...process.env, DOCKER_CONFIG: join(dir, 'config'), ...extra });
  const authWith = (e: NodeJS.ProcessEnv, logins = new LoginStore(new MemorySecrets())) => new RegistryAuth(logins, (img) => dockerConfigCredential(e, img));

  before(async () => {
    await assertRegistryUp();
    pushed.push(await pushNewContent(tag));
    dir = mkdtempSync(join(tmpdir(), 'swarm-creds-'));
  });
  after(async () => {
    for (const s of stacks) await client.removeStack(s).catch(() => undefined);
    await removeLocalImage(image).catch(() => undefined);
    for (const d of pushed) await deleteFromRegistry(d).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('no credentials anywhere: the lookup fails because the registry needs them', async () => {
    writeDockerConfig(join(dir, 'config'), {});
    const auth = await authWith(env()).forImage(image);
    assert.equal(auth.header, undefined);
    const r = await lookupImage(client, image, auth.header);
    assert.deepEqual(r.ok ? 'pinned' : r.kind, 'needsLogin');
  });

  it('`auths` in the docker config: found, and the lookup pins the digest the registry has', async () => {
    writeDockerConfig(join(dir, 'config'), registryDockerConfig());
    const auth = await authWith(env()).forImage(image);
    assert.equal(auth.source, 'docker config auths');
    const r = await lookupImage(client, image, auth.header);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    assert.equal(r.digest, await cliRegistryDigest(image));
  });

  it('`credsStore` names a helper: the program docker-credential-<name> is asked, and its answer pins; a helper with the wrong password is refused', async () => {
    const bin = join(dir, 'bin');
    const helper = (name: string, secret: string) => {
      writeFileSync(join(bin, `docker-credential-${name}`), `#!/bin/sh\n[ "$1" = get ] || exit 1\nread server\nprintf '{"ServerURL":"%s","Username":"${REGISTRY_USER}","Secret":"${secret}"}' "$server"\n`);
      chmodSync(join(bin, `docker-credential-${name}`), 0o755);
    };
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    helper('swarmtest', REGISTRY_PASSWORD);
    helper('swarmwrong', 'not-the-password');
    const path = { PATH: `${bin}:${process.env['PATH'] ?? ''}` };
    writeDockerConfig(join(dir, 'config'), { credsStore: 'swarmtest' });
    const good = await authWith(env(path)).forImage(image);
    assert.equal(good.source, 'credential helper swarmtest');
    const r = await lookupImage(client, image, good.header);
    assert.ok(r.ok, r.ok ? '' : r.reason);
    writeDockerConfig(join(dir, 'config'), { credsStore: 'swarmtest', credHelpers: { [REGISTRY]: 'swarmwrong' } });
    const wrong = await authWith(env(path)).forImage(image);
    assert.equal(wrong.source, 'credential helper swarmwrong', 'credHelpers for the registry come before credsStore');
    const refused = await lookupImage(client, image, wrong.header);
    assert.deepEqual(refused.ok ? 'pinned' : [refused.kind, refused.reason.includes('not-the-password')], ['refused', false]);
  });

  it('the editor\'s login comes before the docker config, right or wrong', async () => {
    writeDockerConfig(join(dir, 'config'), registryDockerConfig(REGISTRY_USER, 'not-the-password'));
    const logins = new LoginStore(new MemorySecrets());
    await logins.set({ serverAddress: REGISTRY, username: REGISTRY_USER, password: REGISTRY_PASSWORD });
    const mine = await authWith(env(), logins).forImage(image);
    assert.match(mine.source ?? '', /the editor's login/);
    assert.ok((await lookupImage(client, image, mine.header)).ok);
    writeDockerConfig(join(dir, 'config'), registryDockerConfig());
    await logins.set({ serverAddress: REGISTRY, username: REGISTRY_USER, password: 'not-the-password' });
    const wrong = await lookupImage(client, image, (await authWith(env(), logins).forImage(image)).header);
    assert.deepEqual(wrong.ok ? 'pinned' : wrong.kind, 'refused');
  });

  it('Deploy: always pins; after a push, changed keeps the pin of an unchanged image (no update) and always follows the tag; never sends the image as written', async () => {
    writeDockerConfig(join(dir, 'config'), registryDockerConfig());
    const registryAuth = (img: string) => authWith(env()).headerFor(img);
    const stackName = `cred${RUN_ID}`.slice(0, 30).toLowerCase();
    stacks.push(stackName);
    const file = `services:\n  app:\n    image: ${image}\n    command: ["sleep", "3600"]\n    deploy:\n      replicas: 0\n      labels:\n        ${RUN_LABEL}: ${RUN_ID}\n      placement:\n        constraints: [node.role==manager]\n`;
    const deploy = async (resolveImage: ResolveImage) => {
      const loaded = loadCompose(file, { env: {} });
      const stack = convertStack(loaded.config!, { stackName, workingDir: dir, env: {}, readFile: () => { throw new Error('no files'); } });
      const plan = planDeploy(stack, await readStackState(client, stack));
      const result = await runDeploy(client, plan, { prune: false, resolveImage, registryAuth });
      assert.deepEqual(result.failures, []);
      const svc = (await client.listServices({ label: [`com.docker.stack.namespace=${stackName}`] }))[0]!;
      return { image: svc.Spec?.TaskTemplate?.ContainerSpec?.Image, version: svc.Version?.Index, result };
    };
    const first = await deploy('always');
    assert.equal(first.image, `${image}@${pushed[0]}`);
    const next = await pushNewContent(tag);
    pushed.push(next);
    // The swarm's allocator updates a new service once (its endpoint) a moment after the create:
    // the version to compare with is the one read just before the deploy.
    const before = (await client.listServices({ label: [`com.docker.stack.namespace=${stackName}`] }))[0]?.Version?.Index;
    const changed = await deploy('changed');
    assert.equal(changed.image, `${image}@${pushed[0]}`, 'changed: the image as written did not change, so it is not looked up again');
    assert.deepEqual([changed.result.updated, changed.result.unchanged], [[], [`${stackName}_app`]], 'and the service is not updated');
    assert.equal(changed.version, before, 'and its version stays');
    const always = await deploy('always');
    assert.equal(always.image, `${image}@${next}`, 'always: the moved tag is followed');
    assert.deepEqual(always.result.updated, [`${stackName}_app`]);
    await client.removeStack(stackName);
    await new Promise((r) => setTimeout(r, 500));
    const never = await deploy('never');
    assert.equal(never.image, image, 'never: as written');
  });
});
