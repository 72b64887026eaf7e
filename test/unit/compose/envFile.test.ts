import * as assert from 'node:assert/strict';
import { parseEnvFile } from '../../../src/compose/envFile';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const env: Record<string, string> = { SET: 'fromenv', EMPTYENV: '' };
const lookup = (n: string): string | undefined => env[n];

// Checked against CLI 28.2.2: values kept exactly (quotes, trailing spaces), bare names from the environment or left out.
describe('parseEnvFile (the CLI’s opts.ParseEnvFile)', () => {
  it('keeps values exactly and skips comments and blank lines', () => {
    const r = parseEnvFile(enc('\uFEFFA=from_file\n# comment\n   Cx=  spaced  \n\n  \nF="quoted"\nG=x=y\nE=\r\nLAST=1'), lookup);
    assert.deepEqual(r, { ok: true, value: ['A=from_file', 'Cx=  spaced  ', 'F="quoted"', 'G=x=y', 'E=', 'LAST=1'] });
  });
  it('takes a bare name from the environment, or leaves it out', () => {
    assert.deepEqual(parseEnvFile(enc('SET\nUNSET\nEMPTYENV\n'), lookup), { ok: true, value: ['SET=fromenv', 'EMPTYENV='] });
  });
  it('refuses whitespace in a name, a missing name and invalid UTF-8', () => {
    const a = parseEnvFile(enc('export B=1\n'), lookup);
    assert.ok(!a.ok && /line 1: the variable name contains whitespace/.test(a.error));
    const b = parseEnvFile(enc('OK=1\n=2\n'), lookup);
    assert.ok(!b.ok && /line 2 has no variable name/.test(b.error));
    const c = parseEnvFile(new Uint8Array([0x41, 0x3d, 0xff]), lookup);
    assert.ok(!c.ok && /UTF-8/.test(c.error));
  });
});
