import * as assert from 'node:assert/strict';
import { toSwarmError } from '../../../src/docker/errors';

describe('toSwarmError', () => {
  it("reads the engine's message from docker-modem's errors", () => {
    const modemError = Object.assign(new Error('(HTTP code 404) no such service - service nope not found '), {
      statusCode: 404,
      json: { message: 'service nope not found' },
    });
    const e = toSwarmError(modemError, 'unix:///x.sock');
    assert.equal(e.kind, 'notFound');
    assert.equal(e.message, 'Service nope not found');
    const noJson = toSwarmError(Object.assign(new Error('(HTTP code 500) server error - rpc error: code = Unknown desc = update out of sequence '), { statusCode: 500 }));
    assert.equal(noJson.kind, 'conflict');
    const invalid = toSwarmError(Object.assign(new Error('(HTTP code 400) bad parameter - invalid name '), { statusCode: 400, json: { message: 'invalid name' } }));
    assert.equal(invalid.kind, 'invalid');
    assert.equal(toSwarmError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'tcp://h:1').message, 'Cannot reach the Docker engine at tcp://h:1. Is it running?');
  });
});
