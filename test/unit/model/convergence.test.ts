import * as assert from 'node:assert/strict';
import { convergence } from '../../../src/model/convergence';
import type { EngineService, EngineTask } from '../../../src/model/engineTypes';

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
  it('a running task made from the current spec is converged', () => {
    assert.equal(convergence(service(`app:1@${D2}`), [task(`app:1@${D2}`)]).done, true);
    assert.equal(convergence(service(`app:1@${D2}`, 3), [task(`app:1@${D2}`, 3)]).done, true);
  });

  it('read right after an update, before the rollout shows: the old task still runs, and that is not converged', () => {
    assert.equal(convergence(service(`app:1@${D2}`), [task(`app:1@${D1}`)]).done, false, 'another image');
    assert.equal(convergence(service(`app:1@${D1}`, 4), [task(`app:1@${D1}`, 3)]).done, false, 'a force update not yet applied');
    assert.equal(convergence(service(`app:1@${D1}`, 1), [task(`app:1@${D1}`)]).done, false, 'a first force update');
  });
});
