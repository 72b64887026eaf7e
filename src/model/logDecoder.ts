// Turns the Engine's log bytes into lines. Service logs come multiplexed: each frame has an
// 8-byte header (byte 0: 1 stdout / 2 stderr, bytes 4-7: big-endian payload length) and
// frames are cut anywhere by the transport. A service created with a TTY sends raw bytes
// instead. The decoder holds at most one partial header, one partial line per stream and
// nothing else, so a followed stream of any length runs in bounded memory.

export type LogStreamName = 'stdout' | 'stderr';

export interface LogLine {
  stream: LogStreamName;
  text: string;
}

/** A line longer than this is emitted in pieces so one runaway line cannot exhaust memory. */
export const MAX_LINE_BYTES = 1024 * 1024;

const HEADER = 8;

export interface DecoderOptions {
  /**
   * How many space-ended tokens the Engine puts before each message: 1 for a timestamp, 1 for
   * the details attributes. Log drivers cut long lines into partial messages (16 KB for
   * json-file), and the Engine sends each as its own frame with these tokens again: on a
   * frame that continues a line they are dropped, so the line reads as it was written.
   */
  prefixTokens?: number;
}

export class LogDecoder {
  private mode: 'unknown' | 'multiplexed' | 'raw' = 'unknown';
  private header = Buffer.alloc(HEADER);
  private headerFill = 0;
  private remaining = 0;
  private current: LogStreamName = 'stdout';
  private readonly partial: Record<LogStreamName, Buffer[]> = { stdout: [], stderr: [] };
  private readonly partialBytes: Record<LogStreamName, number> = { stdout: 0, stderr: 0 };
  /** Whether the stream's last byte was inside a line (no newline yet). */
  private readonly midLine: Record<LogStreamName, boolean> = { stdout: false, stderr: false };
  /** Tokens still to drop at the start of the current frame (a continuation frame). */
  private skipTokens = 0;
  private readonly prefixTokens: number;

  constructor(private readonly emit: (line: LogLine) => void, options: DecoderOptions = {}) {
    this.prefixTokens = options.prefixTokens ?? 0;
  }

  push(chunk: Buffer): void {
    if (this.mode === 'unknown' && chunk.length > 0) this.mode = looksMultiplexed(chunk) ? 'multiplexed' : 'raw';
    if (this.mode === 'raw') {
      this.append('stdout', chunk, 0, chunk.length);
      return;
    }
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(HEADER - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < HEADER) return;
        this.headerFill = 0;
        this.current = this.header[0] === 2 ? 'stderr' : 'stdout';
        this.remaining = this.header.readUInt32BE(4);
        this.skipTokens = this.midLine[this.current] ? this.prefixTokens : 0;
        continue;
      }
      while (this.skipTokens > 0 && this.remaining > 0 && offset < chunk.length) {
        const limit = Math.min(chunk.length, offset + this.remaining);
        const space = chunk.indexOf(32, offset);
        const end = space !== -1 && space < limit ? space + 1 : limit;
        if (end === space + 1) this.skipTokens--;
        this.remaining -= end - offset;
        offset = end;
      }
      if (this.remaining === 0 || offset >= chunk.length) continue;
      const take = Math.min(this.remaining, chunk.length - offset);
      this.append(this.current, chunk, offset, offset + take);
      this.remaining -= take;
      offset += take;
    }
  }

  /** Emits what is left of unterminated lines; call when the stream ends. */
  end(): void {
    this.flush('stdout');
    this.flush('stderr');
  }

  /** Takes bytes[from, to) of one stream: lines out, the unterminated rest kept. */
  private append(stream: LogStreamName, bytes: Buffer, from: number, to: number): void {
    let start = from;
    for (let nl = bytes.indexOf(10, start); nl !== -1 && nl < to; nl = bytes.indexOf(10, start)) {
      if (this.partialBytes[stream] === 0 && nl - start <= MAX_LINE_BYTES) {
        // The common case, a whole line within this chunk: decoded in place, without the
        // copy that a kept partial line needs (the same text flush() would produce).
        const end = nl > start && bytes[nl - 1] === 13 ? nl - 1 : nl;
        this.emit({ stream, text: bytes.toString('utf8', start, end) });
      } else {
        this.keep(stream, bytes.subarray(start, nl));
        this.flush(stream, true);
      }
      start = nl + 1;
    }
    if (start < to) this.keep(stream, bytes.subarray(start, to));
    if (to > from) this.midLine[stream] = start < to;
  }

  private keep(stream: LogStreamName, bytes: Buffer): void {
    while (bytes.length > 0) {
      const room = MAX_LINE_BYTES - this.partialBytes[stream];
      let take = Math.min(room, bytes.length);
      // Never cut inside a UTF-8 character: back off to the start of the character.
      if (take < bytes.length) while (take > 0 && ((bytes[take] as number) & 0xc0) === 0x80) take--;
      if (take === 0 && this.partialBytes[stream] === 0) take = Math.min(room, bytes.length);
      if (take > 0) {
        // The transport may reuse its buffer: copy what we hold on to.
        this.partial[stream].push(Buffer.from(bytes.subarray(0, take)));
        this.partialBytes[stream] += take;
        bytes = bytes.subarray(take);
      }
      if (bytes.length > 0) this.flush(stream);
    }
  }

  private flush(stream: LogStreamName, terminated = false): void {
    const parts = this.partial[stream];
    if (parts.length === 0 && !terminated) return;
    let text = parts.length === 1 ? (parts[0] as Buffer).toString('utf8') : Buffer.concat(parts).toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    this.partial[stream] = [];
    this.partialBytes[stream] = 0;
    this.emit({ stream, text });
  }
}

/** A multiplexed stream starts with a header: stream 0-2, then three zero bytes. */
export function looksMultiplexed(chunk: Buffer): boolean {
  const first = chunk[0] as number;
  if (first > 2) return false;
  for (let i = 1; i < Math.min(4, chunk.length); i++) if (chunk[i] !== 0) return false;
  return true;
}

/** Decodes a whole buffer (a non-followed logs response) into lines. */
export function decodeLogBuffer(buffer: Buffer): LogLine[] {
  const lines: LogLine[] = [];
  const decoder = new LogDecoder((l) => lines.push(l));
  decoder.push(buffer);
  decoder.end();
  return lines;
}

/** Builds one multiplexed frame; used by tests and the benchmark's Engine stand-in. */
export function encodeFrame(stream: LogStreamName, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(HEADER);
  header[0] = stream === 'stderr' ? 2 : 1;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}
