// What the Services view shows beside its title, per state.
import * as assert from 'node:assert/strict';
import { servicesViewDescription } from '../../../src/tree/viewDescription';
import { ELECTION_GRACE_MS, quorumWords, staleMessage } from '../../../src/tree/noLeader';

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

describe('the Services view while it shows what was last read', () => {
  const since = new Date(2026, 10, 28, 13, 5, 12).getTime();
  const at = new Date(since).toLocaleTimeString();

  it('an election first, then a quorum lost: 1 of 3 managers reachable', () => {
    assert.equal(
      staleMessage({ since, managers: 3, noLeaderForMs: 5_000, state: 'timeout' }),
      `No leader: the swarm is electing one. Showing the services as last read at ${at}.`,
    );
    assert.match(staleMessage({ since, managers: 3, noLeaderForMs: ELECTION_GRACE_MS, state: 'noLeader' }), /^No quorum: 1 of 3 managers reachable\. Showing/);
  });

  it('as exactly as the count of managers allows', () => {
    assert.equal(quorumWords(3), 'No quorum: 1 of 3 managers reachable');
    assert.equal(quorumWords(5), 'No quorum: at most 2 of 5 managers reachable');
    assert.equal(quorumWords(1), 'No quorum: the swarm has no leader');
  });

  it('one manager: an engine that stopped answering, no talk of leaders', () => {
    assert.equal(staleMessage({ since, managers: 1, noLeaderForMs: 60_000, state: 'timeout' }), `The engine did not answer in time. Showing the services as last read at ${at}.`);
  });
});
