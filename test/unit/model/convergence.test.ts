import * as assert from 'node:assert/strict';
import { convergence } from '../../../src/model/convergence';
import type { EngineService } from '../../../src/model/engineTypes';
import { task } from './fixtures';

describe('convergence', () => {
  it('is done when every slot runs and no rollout is in progress', () => {
    const svc: EngineService = { ID: 's', Spec: { Mode: { Replicated: { Replicas: 2 } } } };
    const t1 = task('a', 's', 1, 'running');
    const t2 = task('b', 's', 2, 'starting');
    const c = convergence(svc, [t1, t2]);
    assert.deepEqual([c.done, c.running, c.desired, c.detail], [false, 1, 2, '1 running, 2 starting']);
    assert.equal(convergence(svc, [t1, task('c', 's', 2, 'running')]).done, true);
    assert.equal(convergence({ ...svc, UpdateStatus: { State: 'updating' } }, [t1, task('d', 's', 2, 'running')]).done, false);
  });
  it('reports a failed slot with its reason, and a paused rollout as failed', () => {
    const svc: EngineService = { ID: 's', Spec: { Mode: { Replicated: { Replicas: 1 } } }, UpdateStatus: { State: 'paused', Message: 'update paused due to failure or early termination of task x' } };
    const c = convergence(svc, [task('e', 's', 1, 'failed', 'shutdown', 'task: non-zero exit (1)')]);
    assert.equal(c.detail, '1 failed: task: non-zero exit (1)');
    assert.match(c.failed ?? '', /update paused/);
  });
});
