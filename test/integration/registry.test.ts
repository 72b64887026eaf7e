// The Engine-level registry primitives against the real private registry of scripts/registry.sh
// and the real engine: the digest lookup (/distribution) with no, right and wrong credentials and
// with a registry nobody answers for, a tag that moves when new content is pushed, and services
// created and updated with X-Registry-Auth whose tasks really pull (the local copies are removed
// first, and a service created without credentials shows that the pull needs them). The docker
// CLI is the oracle for digests.
import * as assert from 'node:assert/strict';
import type { ServiceSpec } from '../../src/compose/engineSpecs';
import { SwarmError } from '../../src/model/errors';
import type { EngineTask } from '../../src/model/engineTypes';
import {
  REGISTRY_IMAGE,
  REGISTRY_PASSWORD,
  REGISTRY_PLACEMENT,
  REGISTRY_REPO,
  REGISTRY_USER,
  UNREACHABLE_REGISTRY,
  assertRegistryUp,
  cliRegistryDigest,
  deleteFromRegistry,
  hasLocalImage,
  pushNewContent,
  registryAuthHeader,
  registryRef,
  removeLocalImage,
} from '../support/registry';
import { RUN_ID, RUN_LABEL, settlesWithin, uniqueName, waitFor } from '../support/swarm';
import { TestClient } from '../support/testClient';

const client = new TestClient();
const auth = registryAuthHeader();

/** The failure of `p`, which must fail with a SwarmError that quotes no credential. */
async function failure(p: Promise<unknown>): Promise<SwarmError> {
  const e = await settlesWithin('the registry call', p.then(() => undefined, (x: unknown) => x));
  assert.ok(e instanceof SwarmError, `a SwarmError, got ${e === undefined ? 'success' : String(e)}`);
  for (const text of [e.message, e.detail ?? '']) {
    assert.ok(!text.includes(REGISTRY_PASSWORD) && !text.includes(auth), 'no credential in the error');
  }
  return e;
}

function spec(name: string, image: string): ServiceSpec {
  return {
    Name: name,
    Labels: { [RUN_LABEL]: RUN_ID },
    TaskTemplate: {
      ContainerSpec: { Image: image, Args: ['sleep', '3600'], StopGracePeriod: 1_000_000_000 },
      RestartPolicy: { Condition: 'any', Delay: 1_000_000_000 },
      Placement: { Constraints: REGISTRY_PLACEMENT },
    },
    Mode: { Replicated: { Replicas: 1 } },
  };
}

const tasksOf = (id: string): Promise<EngineTask[]> => client.serviceTasks(id);
const describeTasks = async (id: string) => (await tasksOf(id)).slice(0, 3).map((t) => `${t.Status?.State} ${t.Status?.Err ?? ''} ${t.Spec?.ContainerSpec?.Image ?? ''}`).join('; ');

/** The running task of the service whose image is `image`. */
function runningTask(id: string, image: string): Promise<EngineTask> {
  return waitFor(
    `a running task of ${image}`,
    async () => (await tasksOf(id)).find((t) => t.Status?.State === 'running' && t.Spec?.ContainerSpec?.Image === image),
    60_000,
    300,
    () => describeTasks(id),
  );
}

describe('the private registry through the Engine', function () {
  // One tag of this run's own, so runs and the image of scripts/registry.sh are not disturbed.
  const tag = `run-${RUN_ID}`;
  const ref = registryRef(tag);
  const pushed: string[] = [];
  const services: string[] = [];

  before(async () => {
    await assertRegistryUp();
  });

  after(async () => {
    await Promise.all(services.map((s) => client.removeService(s).catch(() => undefined)));
    await removeLocalImage(ref);
    for (const d of pushed) {
      await removeLocalImage(`${REGISTRY_REPO}@${d}`);
      await deleteFromRegistry(d);
    }
  });

  describe('digest lookup (/distribution)', () => {
    it('without credentials, the private image cannot be resolved and the error says credentials are missing', async () => {
      const e = await failure(client.distributionInspect(REGISTRY_IMAGE));
      assert.match(e.message, /no basic auth credentials/);
      assert.notEqual(e.kind, 'unreachable', 'the engine answered; only the registry refused');
    });

    it('with the login, it gives the digest the docker CLI reads from the registry', async () => {
      const info = await client.distributionInspect(REGISTRY_IMAGE, auth);
      assert.match(info.digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(info.digest, await cliRegistryDigest(REGISTRY_IMAGE));
      assert.ok(info.platforms.some((p) => p.os === 'linux'), `platforms: ${JSON.stringify(info.platforms)}`);
    });

    it('with a wrong password, the registry refuses and the error says so (not "missing")', async () => {
      const e = await failure(client.distributionInspect(REGISTRY_IMAGE, registryAuthHeader(REGISTRY_USER, 'not-the-password')));
      assert.match(e.message, /unauthorized|authentication required/i);
      assert.doesNotMatch(e.message, /no basic auth credentials/);
    });

    it('a registry nobody answers for fails clearly, naming it, and not as an unreachable engine', async () => {
      const image = `${UNREACHABLE_REGISTRY}/swarm-services/app:1`;
      const e = await failure(client.distributionInspect(image, registryAuthHeader(REGISTRY_USER, REGISTRY_PASSWORD, UNREACHABLE_REGISTRY)));
      assert.ok(e.message.includes(UNREACHABLE_REGISTRY), e.message);
      assert.match(e.message, /connection refused/);
      assert.notEqual(e.kind, 'unreachable');
    });

    it('a tag pushed again with new content resolves to the new digest', async () => {
      const first = await pushNewContent(tag);
      pushed.push(first);
      assert.equal((await client.distributionInspect(ref, auth)).digest, first);
      assert.equal(await cliRegistryDigest(ref), first);
      const second = await pushNewContent(tag);
      pushed.push(second);
      assert.notEqual(second, first);
      assert.equal((await client.distributionInspect(ref, auth)).digest, second);
      assert.equal(await cliRegistryDigest(ref), second);
    });
  });

  describe('services whose tasks pull from it', () => {
    let digest: string;
    let serviceId: string;

    before(async () => {
      digest = await pushNewContent(tag);
      pushed.push(digest);
      await removeLocalImage(ref);
      assert.equal(await hasLocalImage(`${REGISTRY_REPO}@${digest}`), false, 'the content is not on this engine before the test');
    });

    it('created without credentials, the task cannot pull the image (so the next test really pulls)', async () => {
      const name = uniqueName('reg-noauth');
      services.push(name);
      const { id } = await client.createStackService(spec(name, `${ref}@${digest}`));
      const rejected = await waitFor(
        'a task that failed to get its image',
        async () => (await tasksOf(id)).find((t) => /No such image|pull access denied|no basic auth|unauthorized/i.test(t.Status?.Err ?? '')),
        60_000,
        300,
        () => describeTasks(id),
      );
      assert.ok(rejected.Status?.State === 'rejected' || rejected.Status?.State === 'failed', rejected.Status?.State);
      assert.ok(!(await tasksOf(id)).some((t) => t.Status?.State === 'running'));
      await client.removeService(id);
      assert.equal(await hasLocalImage(`${REGISTRY_REPO}@${digest}`), false);
    });

    it('created with X-Registry-Auth, its task pulls the image and runs', async () => {
      const name = uniqueName('reg-auth');
      services.push(name);
      const image = `${ref}@${digest}`;
      const created = await client.createStackService(spec(name, image), auth);
      serviceId = created.id;
      await runningTask(serviceId, image);
      assert.ok(await hasLocalImage(`${REGISTRY_REPO}@${digest}`), 'the engine pulled the content');
    });

    it('updated with X-Registry-Auth to newly pushed content, the service rolls to the new digest', async () => {
      const next = await pushNewContent(tag);
      pushed.push(next);
      await removeLocalImage(ref);
      const current = await client.inspectService(serviceId);
      const body = current.Spec as unknown as ServiceSpec;
      const image = `${ref}@${next}`;
      await client.updateStackService(serviceId, current.Version?.Index ?? 0, {
        ...body,
        TaskTemplate: { ...body.TaskTemplate, ContainerSpec: { ...body.TaskTemplate.ContainerSpec, Image: image } },
      }, auth);
      await runningTask(serviceId, image);
      assert.ok(await hasLocalImage(`${REGISTRY_REPO}@${next}`), 'the engine pulled the new content');
    });
  });
});
