// Rollback and image updates on the real swarm, and what convergence reports meanwhile.
import * as assert from 'node:assert/strict';
import { TestClient } from '../support/testClient';
import { convergence } from '../../src/model/convergence';
import { SwarmError } from '../../src/model/errors';
import { IMAGE, createService, uniqueName, waitFor, waitForRunning } from '../support/swarm';

const client = new TestClient();

describe('rollouts on the real swarm', () => {
  it('updates the image and changes nothing else; convergence follows it to the end', async () => {
    const id = await createService(client, uniqueName('image'), 'sleep 3600', { replicas: 2, env: ['KEEP=1'] });
    await waitForRunning(client, id, 2);
    const before = await client.inspectService(id);
    const otherRef = IMAGE.replace(/:latest$/, ''); // the same local image under another reference
    const after = await client.updateServiceImage(id, otherRef);
    assert.equal(after.Spec?.TaskTemplate?.ContainerSpec?.Image, otherRef);
    assert.deepEqual(after.Spec?.TaskTemplate?.ContainerSpec?.Env, ['KEEP=1']);
    assert.deepEqual({ ...after.Spec, TaskTemplate: undefined }, { ...before.Spec, TaskTemplate: undefined });
    const seen = new Set<string>();
    const done = await waitFor('the rollout to converge', async () => {
      const c = convergence(await client.inspectService(id), await client.serviceTasks(id));
      seen.add(`${c.running}/${c.desired}`);
      return c.done ? c : undefined;
    }, 90_000, 250);
    assert.equal(done.failed, undefined);
    assert.deepEqual([done.running, done.desired], [2, 2]);
    const running = await client.serviceTasks(id, { 'desired-state': 'running' });
    assert.ok(running.every((t) => t.Spec?.ContainerSpec?.Image?.startsWith(otherRef)), 'every running task has the new image');
  });

  it('rolls back to the previous spec', async () => {
    const id = await createService(client, uniqueName('rollback'), 'sleep 3600', { replicas: 1, env: ['VERSION=1'] });
    await client.updateSpec(id, (s) => ({ ...s, TaskTemplate: { ...s.TaskTemplate, ContainerSpec: { ...s.TaskTemplate?.ContainerSpec, Env: ['VERSION=2'] } } }));
    assert.deepEqual((await client.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec?.Env, ['VERSION=2']);
    const rolled = await client.rollbackService(id);
    assert.deepEqual(rolled.Spec?.TaskTemplate?.ContainerSpec?.Env, ['VERSION=1']);
    await waitFor('rollback completed', async () => (await client.inspectService(id)).UpdateStatus?.State === 'rollback_completed', 60_000, 250);
  });

  it('refuses a rollback when there is no previous spec, changing nothing', async () => {
    const id = await createService(client, uniqueName('fresh'), 'sleep 3600', { replicas: 0 });
    const before = await client.inspectService(id);
    await assert.rejects(client.rollbackService(id), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid' && /no previous spec/.test(e.message));
    assert.equal((await client.inspectService(id)).Version?.Index, before.Version?.Index);
  });
});
