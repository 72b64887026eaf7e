// Where a new secret's or config's content comes from: a workspace file (the Explorer's row, or
// one picked), the editor's selection, or a value typed once (a secret's in a password box).
// The bytes are taken as they are (a file's are not decoded), checked against the Engine's
// limits before anything is sent, and never shown or logged.
import * as vscode from 'vscode';
import { SwarmError } from '../../model/errors';
import { validateObjectData, type ObjectKind } from '../../swarmObjects/validation';
import type { CommandContext } from '../context';

export interface Content {
  data: Uint8Array;
  /** Where it came from, for messages: `file app.conf`, `the selection`, `the value typed`. */
  origin: string;
  /** The file's base name, when it came from a file or an editor's selection. */
  fileName?: string;
  /** A file's bytes, an editor's selection, or a value typed. */
  source: 'file' | 'selection' | 'input';
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/** The bytes of a file, checked against the kind's limit. */
export async function contentOfFile(kind: ObjectKind, uri: vscode.Uri): Promise<Content> {
  let data: Uint8Array;
  try {
    data = await vscode.workspace.fs.readFile(uri);
  } catch (e) {
    throw new SwarmError('invalid', `Could not read ${baseName(uri)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return checked(kind, { data, origin: `file ${baseName(uri)}`, fileName: baseName(uri), source: 'file' });
}

function checked(kind: ObjectKind, content: Content): Content {
  const valid = validateObjectData(kind, content.data);
  if (!valid.ok) throw new SwarmError('invalid', `${valid.message} (${content.origin})`);
  return content;
}

/**
 * An editor's selection (all of it, several ranges joined by newlines), when something is
 * selected: the active editor's, or that of the visible editor showing `document`.
 */
function selection(document?: vscode.Uri): { text: string; fileName: string } | undefined {
  const shows = (e: vscode.TextEditor) => !document || e.document.uri.toString() === document.toString();
  const active = vscode.window.activeTextEditor;
  const editor = active && shows(active) ? active : document ? vscode.window.visibleTextEditors.find(shows) : undefined;
  if (!editor || editor.selections.every((s) => s.isEmpty)) return undefined;
  const text = editor.selections.filter((s) => !s.isEmpty).map((s) => editor.document.getText(s)).join('\n');
  return { text, fileName: baseName(editor.document.uri) };
}

function fromSelection(kind: ObjectKind, selected: { text: string; fileName: string }): Content {
  return checked(kind, { data: new TextEncoder().encode(selected.text), origin: 'the selection', fileName: selected.fileName, source: 'selection' });
}

/**
 * The editor's context menu gives the document: what is selected in it, else (nothing
 * selected any more) the document's file.
 */
export function contentOfDocument(kind: ObjectKind, document: vscode.Uri): Promise<Content> {
  const selected = selection(document);
  return selected ? Promise.resolve(fromSelection(kind, selected)) : contentOfFile(kind, document);
}

/**
 * The content for a new secret or config (`purpose` words the prompts): the file given (the
 * Explorer's row), else a choice between a file, the editor's selection (when there is one)
 * and a value typed once. Undefined when the user cancels; a SwarmError when it cannot be used.
 */
export async function askContent(ctx: CommandContext, kind: ObjectKind, purpose: string, given?: vscode.Uri): Promise<Content | undefined> {
  if (given) return contentOfFile(kind, given);
  const selected = selection();
  const choices = [
    { label: 'From a file…', source: 'file' as const, detail: `The file's bytes become the ${kind}'s data.` },
    ...(selected ? [{ label: 'From the editor selection', source: 'selection' as const, detail: `The text selected in ${selected.fileName}.` }] : []),
    { label: 'Type the value…', source: 'input' as const, detail: kind === 'secret' ? 'Typed once in a password box, never shown.' : 'Typed once in an input box.' },
  ];
  const picked = await ctx.host.showQuickPick(choices, { placeHolder: `Where does the ${purpose} come from?` });
  if (!picked) return undefined;
  if (picked.source === 'file') {
    const uri = await ctx.host.pickFile(`Choose the file for the ${purpose}`);
    return uri ? contentOfFile(kind, uri) : undefined;
  }
  if (picked.source === 'selection' && selected) {
    return fromSelection(kind, selected);
  }
  const value = await ctx.host.showInputBox({
    prompt: `The ${purpose}`,
    password: kind === 'secret',
    ignoreFocusOut: true,
    validateInput: (text) => {
      const valid = validateObjectData(kind, new TextEncoder().encode(text));
      return valid.ok ? undefined : valid.message;
    },
  });
  if (value === undefined) return undefined;
  return checked(kind, { data: new TextEncoder().encode(value), origin: 'the value typed', source: 'input' });
}
