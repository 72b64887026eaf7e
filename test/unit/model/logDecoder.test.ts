import * as assert from 'node:assert/strict';
import { LogDecoder, MAX_LINE_BYTES, decodeLogBuffer, encodeFrame, type LogLine } from '../../../src/model/logDecoder';

function decodeChunks(chunks: Buffer[]): LogLine[] {
  const lines: LogLine[] = [];
  const d = new LogDecoder((l) => lines.push(l));
  for (const c of chunks) d.push(c);
  d.end();
  return lines;
}

/** Cuts a buffer into pieces of the given sizes (the rest as one last piece). */
function cut(buf: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const n of sizes) {
    out.push(buf.subarray(at, at + n));
    at += n;
  }
  if (at < buf.length) out.push(buf.subarray(at));
  return out;
}

describe('LogDecoder', () => {
  const stream = Buffer.concat([
    encodeFrame('stdout', 'one\ntwo\n'),
    encodeFrame('stderr', 'oops\n'),
    encodeFrame('stdout', 'thr'),
    encodeFrame('stdout', 'ee\n'),
  ]);
  const expected: LogLine[] = [
    { stream: 'stdout', text: 'one' },
    { stream: 'stdout', text: 'two' },
    { stream: 'stderr', text: 'oops' },
    { stream: 'stdout', text: 'three' },
  ];

  it('decodes a whole buffer (a non-followed response) with several frames', () => {
    assert.deepEqual(decodeLogBuffer(stream), expected);
  });

  it('decodes the same bytes cut at every possible point, including inside headers', () => {
    for (let i = 1; i < stream.length; i++) {
      assert.deepEqual(decodeChunks(cut(stream, [i])), expected, `cut at ${i}`);
    }
  });

  it('decodes the stream delivered one byte at a time', () => {
    assert.deepEqual(decodeChunks(cut(stream, new Array(stream.length).fill(1))), expected);
  });

  it('keeps stdout and stderr partial lines apart when their frames interleave', () => {
    const s = Buffer.concat([encodeFrame('stdout', 'out-a'), encodeFrame('stderr', 'err-a'), encodeFrame('stdout', 'out-b\n'), encodeFrame('stderr', 'err-b\n')]);
    assert.deepEqual(decodeLogBuffer(s), [
      { stream: 'stdout', text: 'out-aout-b' },
      { stream: 'stderr', text: 'err-aerr-b' },
    ]);
  });

  it('emits an unterminated last line when the stream ends, and strips CR of CRLF', () => {
    assert.deepEqual(decodeLogBuffer(Buffer.concat([encodeFrame('stdout', 'a\r\nlast')])), [
      { stream: 'stdout', text: 'a' },
      { stream: 'stdout', text: 'last' },
    ]);
  });

  it('keeps empty lines', () => {
    assert.deepEqual(decodeLogBuffer(encodeFrame('stdout', 'a\n\nb\n')).map((l) => l.text), ['a', '', 'b']);
  });

  it('reads a raw (TTY) stream that has no frame headers as stdout', () => {
    assert.deepEqual(decodeLogBuffer(Buffer.from('hello tty\nsecond\n')), [
      { stream: 'stdout', text: 'hello tty' },
      { stream: 'stdout', text: 'second' },
    ]);
  });

  it('decodes UTF-8 characters split across frames', () => {
    const bytes = Buffer.from('grüße 🐳\n', 'utf8');
    const s = Buffer.concat([encodeFrame('stdout', bytes.subarray(0, 4)), encodeFrame('stdout', bytes.subarray(4, 9)), encodeFrame('stdout', bytes.subarray(9))]);
    assert.deepEqual(decodeLogBuffer(s), [{ stream: 'stdout', text: 'grüße 🐳' }]);
  });

  it('splits a runaway line into pieces of at most MAX_LINE_BYTES', () => {
    const big = 'x'.repeat(MAX_LINE_BYTES * 2 + 10);
    const lines = decodeLogBuffer(encodeFrame('stdout', big + '\n'));
    assert.equal(lines.map((l) => l.text).join(''), big);
    assert.ok(lines.every((l) => Buffer.byteLength(l.text) <= MAX_LINE_BYTES));
    assert.ok(lines.length >= 2);
  });

  it('never takes a newline byte past its frame (here in the next header) for a line end', () => {
    // A 10-byte payload puts byte 10 ('\n') in the last byte of its header.
    const s = Buffer.concat([encodeFrame('stdout', 'abc'), encodeFrame('stderr', '123456789\n'), encodeFrame('stdout', 'def\r\n')]);
    for (let i = 1; i < s.length; i++) {
      assert.deepEqual(decodeChunks(cut(s, [i])), [{ stream: 'stderr', text: '123456789' }, { stream: 'stdout', text: 'abcdef' }], `cut at ${i}`);
    }
  });

  it('decodes a line of exactly MAX_LINE_BYTES as one line', () => {
    const exact = 'y'.repeat(MAX_LINE_BYTES);
    assert.deepEqual(decodeLogBuffer(encodeFrame('stdout', `${exact}\nz\n`)).map((l) => l.text.length), [MAX_LINE_BYTES, 1]);
  });

  it('holds no more than a partial line between chunks', () => {
    const d = new LogDecoder(() => undefined);
    for (let i = 0; i < 10_000; i++) d.push(encodeFrame('stdout', `line ${i}\n`));
    const held = (d as unknown as { partial: Record<string, Buffer[]> }).partial;
    assert.equal(held['stdout']!.length + held['stderr']!.length, 0);
  });
});

describe('LogDecoder with partial messages', () => {
  it('drops the repeated timestamp and details of frames that continue a line', () => {
    const attrs = 'com.docker.swarm.node.id=n,com.docker.swarm.task.id=t';
    const frames = Buffer.concat([
      encodeFrame('stdout', `2026-01-01T00:00:00.1Z ${attrs} first part,`),
      encodeFrame('stdout', `2026-01-01T00:00:00.2Z ${attrs} second part,`),
      encodeFrame('stdout', `2026-01-01T00:00:00.3Z ${attrs} end\n`),
      encodeFrame('stdout', `2026-01-01T00:00:01.0Z ${attrs} next line\n`),
    ]);
    for (let cutAt = 1; cutAt < frames.length; cutAt += 7) {
      const lines: LogLine[] = [];
      const d = new LogDecoder((l) => lines.push(l), { prefixTokens: 2 });
      d.push(frames.subarray(0, cutAt));
      d.push(frames.subarray(cutAt));
      d.end();
      assert.deepEqual(lines.map((l) => l.text), [`2026-01-01T00:00:00.1Z ${attrs} first part,second part,end`, `2026-01-01T00:00:01.0Z ${attrs} next line`], `cut at ${cutAt}`);
    }
  });

  it('keeps everything when no prefix was asked for', () => {
    const lines = decodeLogBuffer(Buffer.concat([encodeFrame('stdout', 'a b '), encodeFrame('stdout', 'c d\n')]));
    assert.deepEqual(lines.map((l) => l.text), ['a b c d']);
  });
});
