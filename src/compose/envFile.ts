// `env_file` contents as the docker CLI parses them (opts.ParseEnvFile): one KEY=VALUE a line, the
// value kept exactly (no quote removal, trailing spaces kept), leading whitespace and a UTF-8 BOM
// dropped, blank lines and lines starting with '#' skipped, and a bare KEY taken from the
// environment (or left out when the environment lacks it).

import type { Parsed } from './durations';

/** The file's `KEY=VALUE` lines in order, or what is wrong with it. */
export function parseEnvFile(bytes: Uint8Array, lookup: (name: string) => string | undefined): Parsed<string[]> {
  let text: string;
  try {
    // The decoder drops a leading BOM, as the CLI does on the first line.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'it is not valid UTF-8 text' };
  }
  const lines: string[] = [];
  const rawLines = text.split('\n');
  if (rawLines[rawLines.length - 1] === '') rawLines.pop();
  for (const [index, raw] of rawLines.entries()) {
    // Go's line scanner drops one \r before the \n.
    const line = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).replace(/^\s+/u, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq === -1 ? line : line.slice(0, eq);
    if (key === '') return { ok: false, error: `line ${index + 1} has no variable name (lines are NAME=value)` };
    if (/[ \t]/.test(key)) return { ok: false, error: `line ${index + 1}: the variable name contains whitespace (lines are NAME=value)` };
    if (eq !== -1) {
      lines.push(line);
    } else {
      const value = lookup(key);
      if (value !== undefined) lines.push(`${key}=${value}`);
    }
  }
  return { ok: true, value: lines };
}
