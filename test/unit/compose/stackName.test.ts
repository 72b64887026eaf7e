import * as assert from 'node:assert/strict';
import { suggestStackName, validateStackName } from '../../../src/compose/stackName';

describe('stack names', () => {
  it('refuses what the CLI refuses: empty once spaces and quotes are trimmed (CLI 28.2.2: invalid stack name)', () => {
    assert.equal(validateStackName('"  "'), 'invalid stack name: "\\"  \\""');
    assert.match(validateStackName('') ?? '', /invalid stack name/);
    assert.equal(validateStackName('web'), undefined);
  });

  it('refuses names the Engine refuses for the stack\'s networks (CLI 28.2.2 fails halfway on a.b and "a b")', () => {
    assert.match(validateStackName('a.b') ?? '', /letters, digits/);
    assert.match(validateStackName('a b') ?? '', /letters, digits/);
    assert.match(validateStackName('-a') ?? '', /letters, digits/);
    for (const good of ['Ab', 'a_x', 'a-', 'app2']) assert.equal(validateStackName(good), undefined, good);
  });

  it('suggests the file\'s name:, else the folder, made valid', () => {
    assert.equal(suggestStackName({ name: 'My App' }, 'folder'), 'my-app');
    assert.equal(suggestStackName({}, 'My.Project'), 'my-project');
    assert.equal(suggestStackName(undefined, '__x__'), 'x__');
    assert.equal(suggestStackName({ name: '...' }, '!!!'), 'stack');
    for (const s of ['my-app', 'my-project', 'x__']) assert.equal(validateStackName(s), undefined);
  });
});
