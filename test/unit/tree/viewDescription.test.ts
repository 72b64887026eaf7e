// What the Services view shows beside its title, per state.
import * as assert from 'node:assert/strict';
import { servicesViewDescription } from '../../../src/tree/viewDescription';

describe('Services view description', () => {
  const error = { message: 'The engine says no.' };

  it('ok: the endpoint, then the task filter when there is one', () => {
    assert.equal(servicesViewDescription({ endpoint: 'prod', state: 'ok', error: undefined, filter: undefined }), 'prod');
    assert.equal(servicesViewDescription({ endpoint: 'prod', state: 'ok', error: undefined, filter: 'tasks: all states' }), 'prod · tasks: all states');
    assert.equal(servicesViewDescription({ endpoint: undefined, state: 'ok', error: undefined, filter: 'tasks: all states' }), 'tasks: all states');
  });

  it("the engine's words for the failures whose message matters, in place of the filter", () => {
    for (const state of ['api', 'invalid', 'untrusted', 'timeout', 'permission'] as const) {
      assert.equal(servicesViewDescription({ endpoint: 'prod', state, error, filter: 'tasks: all states' }), 'prod · The engine says no.', state);
    }
  });

  it('other failures and loading: the endpoint and the filter only (the welcome content explains them)', () => {
    for (const state of ['unreachable', 'notSwarm', 'notManager', 'loading'] as const) {
      assert.equal(servicesViewDescription({ endpoint: 'prod', state, error, filter: 'tasks: all states' }), 'prod · tasks: all states', state);
    }
    assert.equal(servicesViewDescription({ endpoint: undefined, state: 'unreachable', error, filter: undefined }), '');
  });

  it('a failure without an error object falls back to the filter', () => {
    assert.equal(servicesViewDescription({ endpoint: 'prod', state: 'api', error: undefined, filter: 'tasks: all states' }), 'prod · tasks: all states');
  });
});
