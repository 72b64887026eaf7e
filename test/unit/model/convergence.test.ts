import * as assert from 'node:assert/strict';
import { convergence } from '../../../src/model/convergence';
import type { EngineService, EngineTask } from '../../../src/model/engineTypes';
import { task as slotTask } from './fixtures';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const service = (image: string, forceUpdate = 0): EngineService => ({
  ID: 's',
  Spec: { Mode: { Replicated: { Replicas: 1 } }, TaskTemplate: { ContainerSpec: { Image: image }, ForceUpdate: forceUpdate } },
});
const task = (image: string, forceUpdate?: number): EngineTask => ({
  ID: 't', Slot: 1, NodeID: 'n', DesiredState: 'running', Status: { State: 'running', Timestamp: '2026-01-01T00:00:00Z' },
  Spec: { ContainerSpec: { Image: image }, ...(forceUpdate !== undefined ? { ForceUpdate: forceUpdate } : {}) },
});

describe('convergence', () => {
  it('is done when every slot runs and no rollout is in progress', () => {
    const svc: EngineService = { ID: 's', Spec: { Mode: { Replicated: { Replicas: 2 } } } };
    const t1 = slotTask('a', 's', 1, 'running');
    const t2 = slotTask('b', 's', 2, 'starting');
    const c = convergence(svc, [t1, t2]);
    assert.deepEqual([c.done, c.running, c.desired, c.detail], [false, 1, 2, '1 running, 2 starting']);
    assert.equal(convergence(svc, [t1, slotTask('c', 's', 2, 'running')]).done, true);
    assert.equal(convergence({ ...svc, UpdateStatus: { State: 'updating' } }, [t1, slotTask('d', 's', 2, 'running')]).done, false);
  });
  it('reports a failed slot with its reason, and a paused rollout as failed', () => {
    const svc: EngineService = { ID: 's', Spec: { Mode: { Replicated: { Replicas: 1 } } }, UpdateStatus: { State: 'paused', Message: 'update paused due to failure or early termination of task x' } };
    const c = convergence(svc, [slotTask('e', 's', 1, 'failed', 'shutdown', 'task: non-zero exit (1)')]);
    assert.equal(c.detail, '1 failed: task: non-zero exit (1)');
    assert.match(c.failed ?? '', /update paused/);
  });

  it('a running task made from the current spec is converged', () => {
    assert.equal(convergence(service(`app:1@${D2}`), [task(`app:1@${D2}`)]).done, true);
    assert.equal(convergence(service(`app:1@${D2}`, 3), [task(`app:1@${D2}`, 3)]).done, true);
  });

  it('read right after an update, before the rollout shows: the old task still runs, and that is not converged', () => {
    assert.equal(convergence(service(`app:1@${D2}`), [task(`app:1@${D1}`)]).done, false, 'another image');
    assert.equal(convergence(service(`app:1@${D1}`, 4), [task(`app:1@${D1}`, 3)]).done, false, 'a force update not yet applied');
    assert.equal(convergence(service(`app:1@${D1}`, 1), [task(`app:1@${D1}`)]).done, false, 'a first force update');
  });

  it('a global service\'s task on a paused node keeps its old spec (the orchestrator leaves it): still converged', () => {
    const global: EngineService = { ID: 's', Spec: { Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: `app:1@${D2}` } } } };
    const onPaused = { ...task(`app:1@${D1}`), Slot: 0, NodeID: 'paused-node' };
    const onActive = { ...task(`app:1@${D2}`), ID: 't2', Slot: 0, NodeID: 'active-node' };
    assert.equal(convergence(global, [onPaused, onActive], undefined, new Set(['paused-node'])).done, true);
    assert.equal(convergence(global, [onPaused, onActive]).done, false);
  });
});
