// How Open Config shows a config's content: its bytes exactly when they are UTF-8 text, else a
// note and the base64 the Engine holds (never garbled characters), and which editor language
// fits the file the config becomes inside a container.

export type ConfigText = { kind: 'text'; text: string } | { kind: 'binary'; text: string };

// Control characters other than tab, line feed, vertical tab, form feed, carriage return and
// escape (terminal colour codes in a banner file) mark data that is not meant to be read as text.
const CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/;

/** The config's data (base64, as the Engine returns it) as the document's text. */
export function configText(base64: string): ConfigText {
  const bytes = Buffer.from(base64, 'base64');
  let text: string | undefined;
  try {
    // ignoreBOM keeps a byte-order mark in the text: the document shows the data unaltered.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  if (text !== undefined && !CONTROL.test(text)) return { kind: 'text', text };
  const encoded = bytes.toString('base64').replace(/.{1,76}/g, '$&\n');
  const why = text === undefined ? 'is not UTF-8 text' : 'holds control characters';
  return {
    kind: 'binary',
    text: `This config's data ${why} (${bytes.byteLength.toLocaleString('en-US')} bytes), so it is shown as base64:\n\n${encoded}`,
  };
}

/** A language as an extension contributes it (package.json `contributes.languages`). */
export interface LanguageContribution {
  id: string;
  extensions?: readonly string[];
  filenames?: readonly string[];
}

/**
 * The language for a file path: an exact file name first (`Dockerfile`), else the longest
 * extension the name ends with (`.d.ts` before `.ts`), compared without case as VS Code does.
 */
export function languageForFile(path: string, languages: readonly LanguageContribution[]): string | undefined {
  const base = (path.split('/').pop() ?? path).toLowerCase();
  if (base === '') return undefined;
  for (const l of languages) {
    if (l.filenames?.some((f) => f.toLowerCase() === base)) return l.id;
  }
  let best: { id: string; length: number } | undefined;
  for (const l of languages) {
    for (const ext of l.extensions ?? []) {
      const e = ext.toLowerCase();
      if (e !== '' && base.endsWith(e) && (!best || e.length > best.length)) {
        best = { id: l.id, length: e.length };
      }
    }
  }
  return best?.id;
}
