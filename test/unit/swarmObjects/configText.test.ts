import * as assert from 'node:assert/strict';
import { configText, languageForFile, type LanguageContribution } from '../../../src/swarmObjects/configText';

const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

describe('configText', () => {
  it('gives UTF-8 text exactly as it is: CRLF, a byte-order mark, tabs, escapes and non-ASCII kept', () => {
    for (const text of ['{"a": 1}\n', 'a\r\nb\r\n', '\ufeffkey=value', 'tab\there\fand\vthere', 'ünïcödé ✓ 日本', '\u001b[1mbanner\u001b[0m']) {
      assert.deepEqual(configText(b64(text)), { kind: 'text', text });
    }
  });
  it('shows data that is not UTF-8 as a note and its base64, never garbled', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0xc3]);
    const shown = configText(b64(bytes));
    assert.equal(shown.kind, 'binary');
    assert.match(shown.text, /^This config's data is not UTF-8 text \(5 bytes\), so it is shown as base64:\n\n/);
    assert.ok(shown.text.includes(b64(bytes)));
  });
  it('shows UTF-8 with control characters (NUL) as base64 too', () => {
    const shown = configText(b64('a\u0000b'));
    assert.equal(shown.kind, 'binary');
    assert.match(shown.text, /holds control characters \(3 bytes\)/);
  });
  it('wraps long base64 at 76 characters', () => {
    const shown = configText(b64(new Uint8Array(200).fill(0x80)));
    const lines = shown.text.split('\n').slice(2).filter(Boolean);
    assert.ok(lines.every((l) => l.length <= 76));
    assert.equal(lines.join(''), b64(new Uint8Array(200).fill(0x80)));
  });
});

describe('languageForFile', () => {
  const languages: LanguageContribution[] = [
    { id: 'json', extensions: ['.json', '.JSONC'] },
    { id: 'typescript', extensions: ['.ts'] },
    { id: 'dts', extensions: ['.d.ts'] },
    { id: 'dockerfile', extensions: ['.dockerfile'], filenames: ['Dockerfile'] },
    { id: 'ini', extensions: ['.conf', '.ini'] },
  ];
  for (const [path, id] of [
    ['/etc/app/config.json', 'json'],
    ['app.JSON', 'json'],
    ['x.jsonc', 'json'],
    ['/types/index.d.ts', 'dts'],
    ['main.ts', 'typescript'],
    ['/build/Dockerfile', 'dockerfile'],
    ['nginx.conf', 'ini'],
  ] as const) {
    it(`${path} → ${id}`, () => assert.equal(languageForFile(path, languages), id));
  }
  it('gives nothing for an unknown extension, no extension or an empty name', () => {
    assert.equal(languageForFile('/etc/hosts', languages), undefined);
    assert.equal(languageForFile('data.bin', languages), undefined);
    assert.equal(languageForFile('/etc/', languages), undefined);
  });
});
