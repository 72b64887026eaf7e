// Spec transforms for POST /services/{id}/update: scale and force update change one field each.
import * as assert from 'node:assert/strict';
import { NotScalableError, forceUpdatedSpec, scaledSpec } from '../../../src/model/specs';
import { agent, web } from './fixtures';

describe('spec transforms', () => {
  it('scale changes only the replica count and leaves the input untouched', () => {
    const spec = structuredClone(web.Spec!);
    const next = scaledSpec(spec, 5);
    assert.equal(next.Mode!.Replicated!.Replicas, 5);
    assert.deepEqual({ ...next, Mode: spec.Mode }, spec);
    assert.equal(spec.Mode!.Replicated!.Replicas, 3);
  });
  it('scale refuses a global service with a reason', () => {
    assert.throws(() => scaledSpec(agent.Spec!, 2), (e: unknown) => e instanceof NotScalableError && /global/.test(e.message));
  });
  it('force update adds one to ForceUpdate and changes nothing else', () => {
    const once = forceUpdatedSpec(web.Spec!);
    const twice = forceUpdatedSpec(once);
    assert.equal(once.TaskTemplate!.ForceUpdate, 1);
    assert.equal(twice.TaskTemplate!.ForceUpdate, 2);
    assert.deepEqual({ ...twice, TaskTemplate: { ...twice.TaskTemplate, ForceUpdate: undefined } }, { ...web.Spec, TaskTemplate: { ...web.Spec!.TaskTemplate, ForceUpdate: undefined } });
  });
});
