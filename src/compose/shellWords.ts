// Splits a string-form `command`, `entrypoint` (and similar) into words as the docker CLI does
// (github.com/google/shlex, not a POSIX shell): spaces separate words, '...' keeps everything,
// "..." lets a backslash escape ANY next character (the backslash is dropped), a backslash outside
// quotes escapes the next character, and a '#' that starts a word comments out the rest of the line.

import type { Parsed } from './durations';

const SPACES = ' \t\r\n';

export function splitShellWords(text: string): Parsed<string[]> {
  const words: string[] = [];
  const chars = Array.from(text);
  let i = 0;
  const unterminated: Parsed<string[]> = { ok: false, error: `the closing quote is missing in: ${text}` };
  const danglingEscape: Parsed<string[]> = { ok: false, error: `a backslash ends the text with nothing to escape: ${text}` };
  while (i < chars.length) {
    const c = chars[i];
    if (SPACES.includes(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      // A comment runs to the end of the line; words may follow on the next line.
      while (i < chars.length && chars[i] !== '\n') i++;
      continue;
    }
    let word = '';
    let inWord = true;
    while (inWord) {
      const d = chars[i];
      if (d === undefined || SPACES.includes(d)) {
        inWord = false;
      } else if (d === '\\') {
        if (i + 1 >= chars.length) return danglingEscape;
        word += chars[i + 1];
        i += 2;
      } else if (d === "'") {
        const end = chars.indexOf("'", i + 1);
        if (end === -1) return unterminated;
        word += chars.slice(i + 1, end).join('');
        i = end + 1;
      } else if (d === '"') {
        i++;
        for (;;) {
          const e = chars[i];
          if (e === undefined) return unterminated;
          if (e === '"') break;
          if (e === '\\') {
            if (i + 1 >= chars.length) return danglingEscape;
            word += chars[i + 1];
            i += 2;
          } else {
            word += e;
            i++;
          }
        }
        i++;
      } else {
        word += d;
        i++;
      }
    }
    words.push(word);
  }
  return { ok: true, value: words };
}
