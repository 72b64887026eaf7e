import * as assert from 'node:assert/strict';
import { splitShellWords } from '../../../src/compose/shellWords';

const words = (text: string): string[] => {
  const r = splitShellWords(text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
};

// Expected words are what CLI 28.2.2 sent as Args for the same `command:` strings.
describe('splitShellWords (google/shlex, as the CLI splits command and entrypoint)', () => {
  it('splits on spaces and honours both quotes and backslashes', () => {
    assert.deepEqual(words(`sh -c "echo 'hello world' && sleep 1" x\\ y`), ['sh', '-c', "echo 'hello world' && sleep 1", 'x y']);
    assert.deepEqual(words('/bin/sh -c'), ['/bin/sh', '-c']);
  });
  it('drops a backslash before any character inside double quotes, keeps it inside single quotes', () => {
    assert.deepEqual(words(`echo "a\\hb" 'c\\d' e\\\\f "" g#h`), ['echo', 'ahb', 'c\\d', 'e\\f', '', 'g#h']);
  });
  it('treats # at the start of a word as a comment to the end of the line', () => {
    assert.deepEqual(words(`echo a #b 'c d'`), ['echo', 'a']);
    assert.deepEqual(words('a\n# comment line\nb'), ['a', 'b']);
  });
  it('gives no words for an empty string', () => {
    assert.deepEqual(words(''), []);
    assert.deepEqual(words('   '), []);
  });
  it('refuses an unterminated quote or a trailing backslash', () => {
    const a = splitShellWords('echo "unterminated');
    assert.ok(!a.ok && /closing quote/.test(a.error));
    assert.equal(splitShellWords("echo 'x").ok, false);
    assert.equal(splitShellWords('echo x\\').ok, false);
  });
});
