import * as assert from 'node:assert/strict';
import { classifyFailure } from '../../../src/model/errors';

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
