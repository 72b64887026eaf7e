import * as assert from 'node:assert/strict';
import { classifyFailure, mayHaveBeenApplied } from '../../../src/model/errors';

describe('classifyFailure', () => {
  it('tells the engine states apart', () => {
    assert.equal(classifyFailure({ code: 'ECONNREFUSED' }).kind, 'unreachable');
    assert.equal(classifyFailure({ code: 'ENOENT' }).kind, 'unreachable');
    assert.equal(classifyFailure({ code: 'EACCES' }).kind, 'permission');
    assert.equal(classifyFailure({ statusCode: 503, engineMessage: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.' }).kind, 'notSwarm');
    assert.equal(classifyFailure({ statusCode: 503, engineMessage: "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager." }).kind, 'notManager');
    assert.equal(classifyFailure({ statusCode: 404, engineMessage: 'service abc not found' }).kind, 'notFound');
    const conflict = classifyFailure({ statusCode: 500, engineMessage: 'rpc error: code = Unknown desc = update out of sequence' });
    assert.equal(conflict.kind, 'conflict');
    // The Engine's message names no object, and nodes, secrets and configs conflict too.
    assert.doesNotMatch(conflict.message, /service/i);
    assert.match(conflict.message, /changed by someone else at the same time/);
    assert.equal(classifyFailure({ statusCode: 500, engineMessage: 'configured logging driver does not support reading' }).kind, 'logsUnsupported');
    const other = classifyFailure({ statusCode: 500, engineMessage: 'something odd' });
    assert.equal(other.kind, 'api');
    assert.match(other.message, /something odd/);
  });
});

describe('classifyFailure: a swarm without a leader (the Engine 20.10 texts, measured on three managers)', () => {
  const engine = (message: string) => classifyFailure({ statusCode: 500, engineMessage: message, endpoint: 'unix:///run/m2.sock' });

  it('"does not have a leader" (fast, once the manager knows): noLeader, not applied', () => {
    const e = engine("rpc error: code = Unknown desc = The swarm does not have a leader. It's possible that too few managers are online. Make sure more than half of the managers are online.");
    assert.equal(e.kind, 'noLeader');
    assert.equal(mayHaveBeenApplied(e), false);
    assert.match(e.message, /no leader/);
  });

  it('the manager\'s own 20 s deadline, and a leader that lost its place with the request: noLeader, may have been applied', () => {
    for (const text of [
      'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      'rpc error: code = Unknown desc = context deadline exceeded',
      'rpc error: code = Unknown desc = raft: failed to process the request: node lost leader status',
    ]) {
      const e = engine(text);
      assert.equal(e.kind, 'noLeader', text);
      assert.equal(mayHaveBeenApplied(e), true, text);
    }
  });

  it('"update out of sequence" comes as a 500 and is still a conflict', () => {
    assert.equal(engine('rpc error: code = Unknown desc = update out of sequence').kind, 'conflict');
  });
});
