// Engine text (names, labels, errors) shown in places that render markdown-style links, such
// as notifications, where `[text](command:…)` would become a clickable command. This keeps
// the text readable and takes the link syntax apart.

/** Breaks `[label](target)` link syntax with an invisible zero-width space. */
export function neutraliseLinks(text: string): string {
  return text.replace(/\]\s*\(/g, (m) => `]\u200b${m.slice(1)}`);
}
