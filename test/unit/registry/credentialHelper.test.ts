// Credential helpers run as the docker CLI runs them, against real helper programs on PATH.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialHelperError, runCredentialHelper } from '../../../src/registry/credentialHelper';
import { DOCKER_HUB_KEY } from '../../../src/registry/credentials';
import { FakeHelpers, makeFakeHelpers, SECRETS } from './fakeHelpers';

/** The error a run ends with; fails the test if it succeeds. Checks no secret is in the message. */
async function failure(run: Promise<unknown>): Promise<CredentialHelperError> {
  try {
    await run;
  } catch (err) {
    assert.ok(err instanceof CredentialHelperError, String(err));
    for (const secret of SECRETS) assert.ok(!err.message.includes(secret), `a secret in: ${err.message}`);
    return err;
  }
  assert.fail('the helper run did not fail');
}

describe('credential helpers, run as the docker CLI runs them', function () {
  let h: FakeHelpers;
  before(function () {
    if (process.platform === 'win32') this.skip(); // the fake helpers are sh scripts
    h = makeFakeHelpers();
  });
  after(() => h?.cleanup());

  it('runs docker-credential-<name> with the one argument get and the server address on stdin', async () => {
    const c = await runCredentialHelper('good', '127.0.0.1:5000', { env: h.env });
    assert.deepEqual(c, { serverAddress: '127.0.0.1:5000', username: 'helper-user', password: SECRETS[0] });
    assert.deepEqual(h.lastRun('good'), { args: ['get'], stdin: '127.0.0.1:5000' });
    await runCredentialHelper('good', DOCKER_HUB_KEY, { env: h.env });
    assert.equal(h.lastRun('good')?.stdin, DOCKER_HUB_KEY);
  });

  it('takes the username <token> as an identity token; keys in any case; empty answers are no credential', async () => {
    assert.deepEqual(await runCredentialHelper('token', 'r.example', { env: h.env }), { serverAddress: 'r.example', identityToken: SECRETS[1] });
    assert.deepEqual(await runCredentialHelper('lowercase', 'r.example', { env: h.env }), { serverAddress: 'r.example', username: 'lower-user', password: 'lower-pass' });
    assert.equal(await runCredentialHelper('empty', 'r.example', { env: h.env }), undefined);
  });

  it("the helper's 'credentials not found' answer means no credentials, not an error", async () => {
    assert.equal(await runCredentialHelper('none', 'r.example', { env: h.env }), undefined);
    assert.deepEqual(h.lastRun('none'), { args: ['get'], stdin: 'r.example' });
  });

  it('a helper not on PATH, not executable, failing, or answering bad JSON: which helper and how, nothing it printed', async () => {
    const missing = await failure(runCredentialHelper('nosuch', 'r', { env: h.env }));
    assert.equal(missing.message, 'The credential helper docker-credential-nosuch was not found on PATH.');
    assert.equal(missing.failure, 'not-on-path');
    const noexec = await failure(runCredentialHelper('noexec', 'r', { env: h.env }));
    assert.equal(noexec.failure, 'not-started');
    assert.match(noexec.message, /^The credential helper docker-credential-noexec could not be started \(EACCES\)\.$/);
    const fails = await failure(runCredentialHelper('fails', 'r', { env: h.env }));
    assert.equal(fails.message, 'The credential helper docker-credential-fails failed (exit code 3).');
    const bad = await failure(runCredentialHelper('badjson', 'r', { env: h.env }));
    assert.equal(bad.message, 'The credential helper docker-credential-badjson did not answer with credentials JSON.');
    const loud = await failure(runCredentialHelper('loud', 'r', { env: h.env }));
    assert.equal(loud.failure, 'too-much-output');
  });

  it('a helper that does not answer is stopped after the timeout, without waiting for its children', async () => {
    const started = Date.now();
    const err = await failure(runCredentialHelper('hang', 'r', { env: h.env, timeoutMs: 300 }));
    assert.equal(err.message, 'The credential helper docker-credential-hang did not answer within 0.3 s.');
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  it('an invalid helper name runs nothing: not a program on PATH, not a path relative to the working folder', async () => {
    // Programs these names would reach if they were run: `a b` on PATH, `../x` from the working folder.
    mkdirSync(join(h.dir, 'docker-credential-..'), { recursive: true });
    const dotted = join(h.dir, 'docker-credential-..', 'x');
    writeFileSync(dotted, `#!/bin/sh\ntouch "${dotted}.ran"\necho '{"Username":"u","Secret":"s"}'\n`);
    chmodSync(dotted, 0o755);
    const cwd = process.cwd();
    process.chdir(h.dir);
    try {
      for (const name of ['../x', 'a b', '', 'x;touch y', 'x/../../a b', '$(id)', 'C:x']) {
        const err = await failure(runCredentialHelper(name, 'r', { env: h.env }));
        assert.equal(err.failure, 'invalid-name', name);
        assert.ok(!err.message.includes(name) || name === '', `the name is quoted: ${err.message}`);
      }
    } finally {
      process.chdir(cwd);
    }
    assert.equal(h.lastRun('a b'), undefined, 'docker-credential-a b ran');
    assert.equal(existsSync(`${dotted}.ran`), false, 'docker-credential-../x ran');
  });
});
