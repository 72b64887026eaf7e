// Environment values that reach a message through interpolation are replaced by the variable's name.
import * as assert from 'node:assert/strict';
import { convertStack } from '../../../src/compose/convertStack';
import { loadCompose } from '../../../src/compose/load';
import { scrubIssues, withoutEnvValues } from '../../../src/compose/scrub';

describe('compose messages without environment values', () => {
  it('a conversion error about an interpolated value names the variable, not its value', () => {
    const text = 'services:\n  web:\n    image: busybox\n    stop_grace_period: ${GRACE_TOKEN}\n';
    const env = { GRACE_TOKEN: 's3cr3t-token' };
    const loaded = loadCompose(text, { env });
    const stack = convertStack(loaded.config!, { stackName: 'st', workingDir: '/tmp', env, readFile: () => new Uint8Array() });
    const raw = [...loaded.issues, ...stack.issues].map((i) => i.message).join('\n');
    assert.match(raw, /s3cr3t-token/, 'without scrubbing the value shows (the case this guards against)');
    const scrubbed = scrubIssues([...loaded.issues, ...stack.issues], withoutEnvValues(text, env)).map((i) => i.message).join('\n');
    assert.doesNotMatch(scrubbed, /s3cr3t-token/);
    assert.match(scrubbed, /<value of \$GRACE_TOKEN>/);
    assert.match(scrubbed, /stop_grace_period/);
  });

  it('only variables the file uses, only values of 3 characters or more, longest first', () => {
    const scrub = withoutEnvValues('a: $SHORT ${LONG} ${LONGER:-x}', { SHORT: 'ab', LONG: 'abcd', LONGER: 'abcdef', UNUSED: 'zzzz' });
    assert.equal(scrub('ab abcd abcdef zzzz'), 'ab <value of $LONG> <value of $LONGER> zzzz');
  });
});
