// buildModel: service and task summaries from the Engine's listings (GET /services, /tasks,
// /nodes), and the small naming helpers.
import * as assert from 'node:assert/strict';
import type { EngineTask } from '../../../src/model/engineTypes';
import { buildModel, health, imageWithoutDigest, shortId } from '../../../src/model/summaries';
import { agent, nodes, task, web } from './fixtures';

describe('buildModel', () => {
  const tasks = [
    task('t1', web.ID, 1, 'running'),
    task('t2', web.ID, 2, 'running'),
    task('t3', web.ID, 3, 'failed', 'running', 'task: non-zero exit (3)'),
    task('t4', web.ID, 3, 'shutdown', 'shutdown'),
    task('g1', agent.ID, undefined, 'running'),
  ];
  const model = buildModel([web, agent], tasks, nodes);

  it('counts running and desired replicas from the one task listing', () => {
    const s = model.services.find((x) => x.name === 'web')!;
    assert.equal(s.running, 2);
    assert.equal(s.desired, 3);
    assert.equal(s.mode, 'replicated');
    assert.equal(health(s), 'degraded');
  });

  it("without a task listing, counts from the services' ServiceStatus and lists tasks only for the services read", () => {
    const counted = buildModel(
      [{ ...web, ServiceStatus: { RunningTasks: 2, DesiredTasks: 3 } }, { ...agent, ServiceStatus: { RunningTasks: 1, DesiredTasks: 4 } }],
      undefined,
      nodes,
      { tasks: [tasks[0]!, tasks[1]!], for: [web.ID] },
    );
    const w = counted.services.find((x) => x.name === 'web')!;
    const g = counted.services.find((x) => x.name === 'agent')!;
    assert.deepEqual([w.running, w.desired], [2, 3], 'replicated: desired from the spec');
    assert.deepEqual([g.running, g.desired], [1, 4], 'global: desired from the engine');
    assert.deepEqual([...counted.tasksByService.keys()], [web.ID]);
    assert.deepEqual(counted.tasksByService.get(web.ID)!.map((t) => t.name), ['web.1', 'web.2']);
  });

  it('gives a global service a desired count of its tasks meant to run', () => {
    const g = model.services.find((x) => x.name === 'agent')!;
    assert.equal(g.mode, 'global');
    assert.deepEqual([g.running, g.desired], [1, 1]);
  });

  it('maps id, short id, version, image without digest and stack', () => {
    const s = model.services.find((x) => x.name === 'web')!;
    assert.equal(s.shortId, 'webid0123456');
    assert.equal(s.version, 42);
    assert.equal(s.image, 'busybox:latest');
    assert.equal(s.stack, 'shop');
  });

  it('names tasks by slot or by node, with their error', () => {
    const webTasks = model.tasksByService.get(web.ID)!;
    assert.deepEqual(webTasks.map((t) => t.name), ['web.1', 'web.2', 'web.3', 'web.3']);
    // Within a slot, newest first: t4 (shut down last) before t3 (the failure).
    assert.deepEqual(webTasks.slice(2).map((t) => t.id), ['t4', 't3']);
    assert.equal(webTasks[3]!.error, 'task: non-zero exit (3)');
    assert.equal(webTasks[2]!.error, undefined);
    assert.equal(model.tasksByService.get(agent.ID)![0]!.name, 'agent.alpha');
  });

  it('gives a rejected task without Err its status message as the reason', () => {
    const rejected: EngineTask = { ID: 'r1', ServiceID: web.ID, Slot: 1, DesiredState: 'shutdown', Status: { State: 'rejected', Message: 'no suitable node (scheduling constraints not satisfied)' } };
    const m = buildModel([web], [rejected, task('ok1', web.ID, 2, 'running')], nodes);
    const [r, ok] = [m.tasksByService.get(web.ID)!.find((t) => t.id === 'r1')!, m.tasksByService.get(web.ID)!.find((t) => t.id === 'ok1')!];
    assert.equal(r.error, 'no suitable node (scheduling constraints not satisfied)');
    assert.equal(ok.error, undefined);
  });

  it('sorts services by name', () => {
    assert.deepEqual(model.services.map((s) => s.name), ['agent', 'web']);
  });
});

describe('small helpers', () => {
  it('shortId is 12 characters', () => assert.equal(shortId('0123456789abcdefgh'), '0123456789ab'));
  it('imageWithoutDigest', () => {
    assert.equal(imageWithoutDigest('a/b:1@sha256:ff'), 'a/b:1');
    assert.equal(imageWithoutDigest('a/b:1'), 'a/b:1');
  });
});
