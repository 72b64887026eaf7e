// Which file a stack command acts on, and its text: the clicked file (Explorer, editor title),
// else the active editor's YAML file, else one of the workspace's compose or stack files picked
// from a list. The editor's text is used, unsaved changes included (the confirmation says so),
// so that what is deployed is what the user sees.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Host } from '../host';
import { SwarmError } from '../model/errors';

/** The file names that are compose or stack files without looking inside. */
const COMPOSE_NAME = /(^|[-_.])(compose|stack)([-_.][^/\\]*)?\.ya?ml$/i;
const YAML_NAME = /\.ya?ml$/i;
/** A top-level `services:` key: any other YAML file with one is treated as a stack file too. */
const SERVICES_KEY = /^services[ \t]*:/m;

export const COMPOSE_GLOB = '**/{*compose*,*stack*}.{yml,yaml}';

export function isComposeDocument(doc: Pick<vscode.TextDocument, 'languageId' | 'fileName' | 'getText'>): boolean {
  const yaml = doc.languageId === 'yaml' || doc.languageId === 'dockercompose' || YAML_NAME.test(doc.fileName);
  if (!yaml) return false;
  return COMPOSE_NAME.test(path.basename(doc.fileName)) || SERVICES_KEY.test(doc.getText());
}

export interface ComposeFile {
  uri: vscode.Uri;
  text: string;
  /** The editor holds changes not yet saved: they are in `text`. */
  unsaved: boolean;
  /** The folder holding the file (relative paths in it resolve from there), and its name. */
  workingDir: string;
  folderName: string;
  /** The path as shown to the user (relative to the workspace when inside it). */
  label: string;
}

/** The file a command acts on: `arg` (a Uri), the active YAML editor, or one picked from the workspace's. */
export async function resolveComposeFile(host: Pick<Host, 'showQuickPick'>, arg: unknown, placeholder: string): Promise<ComposeFile | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const active = vscode.window.activeTextEditor?.document;
    if (active && (active.languageId === 'yaml' || active.languageId === 'dockercompose' || YAML_NAME.test(active.fileName))) uri = active.uri;
  }
  if (!uri) {
    const found = await vscode.workspace.findFiles(COMPOSE_GLOB, '**/node_modules/**', 200);
    if (found.length === 0) throw new SwarmError('invalid', 'No compose or stack file is open or in the workspace. Open one (a YAML file with services:) and try again');
    const items = found
      .map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u }))
      .sort((a, b) => a.label.localeCompare(b.label));
    const picked = await host.showQuickPick(items, { placeHolder: placeholder, title: 'Stack file' });
    if (!picked) return undefined;
    uri = picked.uri;
  }
  return readComposeFile(uri);
}

async function readComposeFile(uri: vscode.Uri): Promise<ComposeFile> {
  if (uri.scheme !== 'file') {
    throw new SwarmError('invalid', `${uri.toString(true)} is not a local file: a stack deploy reads the files next to it, so it needs a file on disk`);
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const workingDir = path.dirname(uri.fsPath);
  return { uri, text, unsaved: open?.isDirty ?? false, workingDir, folderName: path.basename(workingDir), label: vscode.workspace.asRelativePath(uri) };
}
