// Engine text (names, labels, errors) shown in places that render markdown-style links, such
// as notifications, where `[text](command:…)` would become a clickable command. This keeps
// the text readable and takes the link syntax apart.

/** Breaks `[label](target)` link syntax with an invisible zero-width space. */
export function neutraliseLinks(text: string): string {
  return text.replace(/\]\s*\(/g, (m) => `]\u200b${m.slice(1)}`);
}

/**
 * Breaks `$(name)` icon syntax, which quick pick labels render as an icon, with the same
 * invisible space: for Engine text such as node labels, which may contain anything.
 */
export function neutraliseIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
// CSI (colours, cursor moves), OSC (titles, hyperlinks), and other two-character escapes.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;
const OTHER_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * A log line as plain text for an output channel: terminal escape sequences (colours, OSC
 * hyperlinks) removed, other control characters (NUL, bell, carriage return…) dropped.
 * Tabs stay. Lines without control characters are returned as they are, at no cost.
 */
export function cleanLogText(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(ESCAPES, '').replace(OTHER_CONTROLS, '');
}
