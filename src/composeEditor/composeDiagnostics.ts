// Problems in the compose or stack file while it is open: what a deploy would refuse
// (errors) and what it would ignore or fill in with nothing (warnings), at the key or value
// they are about. Validation runs a moment after typing stops, off the typing path.
import * as vscode from 'vscode';
import { convertStack } from '../compose/convertStack';
import { loadCompose } from '../compose/load';
import { scrubIssues, withoutEnvValues } from '../compose/scrub';
import type { ComposeIssue, LoadedCompose } from '../compose/types';
import { isComposeDocument } from './composeFiles';
import { readLocalFile } from './localFiles';
import * as path from 'path';

const DELAY_MS = 300;
export const DIAGNOSTIC_SOURCE = 'Docker Swarm';

/** Everything a deploy of the text would report, with the loaded document (for positions). */
export function validateComposeText(text: string, fileName: string, env: NodeJS.ProcessEnv, readFiles = true): { loaded: LoadedCompose; issues: ComposeIssue[] } {
  const loaded = loadCompose(text, { env });
  const scrub = withoutEnvValues(text, env);
  // Without trust the files a compose file names are not read (it could name any file on disk).
  if (!readFiles || !loaded.config || loaded.issues.some((i) => i.severity === 'error')) return { loaded, issues: scrubIssues(loaded.issues, scrub) };
  // The stack name does not change what is valid; a placeholder keeps names well-formed.
  const stack = convertStack(loaded.config, { stackName: 'stack', workingDir: path.dirname(fileName), env, readFile: readLocalFile });
  return { loaded, issues: scrubIssues([...loaded.issues, ...stack.issues], scrub) };
}

export class ComposeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('docker-swarm-compose');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly env: () => NodeJS.ProcessEnv = () => process.env) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return;
    if (!isComposeDocument(doc)) {
      this.forget(doc.uri);
      return;
    }
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      if (!doc.isClosed) this.validate(doc);
    }, delay));
  }

  /** Validates now (tests call it to skip the delay). */
  validate(doc: vscode.TextDocument): vscode.Diagnostic[] {
    let diagnostics: vscode.Diagnostic[];
    try {
      const { loaded, issues } = validateComposeText(doc.getText(), doc.uri.fsPath, this.env(), vscode.workspace.isTrusted);
      diagnostics = issues.map((issue) => toDiagnostic(doc, loaded, issue));
    } catch (e) {
      // A bug in validation must not take the extension down: one diagnostic says so.
      diagnostics = [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `The file could not be checked: ${(e as Error).message}`, vscode.DiagnosticSeverity.Warning)];
    }
    this.collection.set(doc.uri, diagnostics);
    return diagnostics;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

function toDiagnostic(doc: vscode.TextDocument, loaded: LoadedCompose, issue: ComposeIssue): vscode.Diagnostic {
  const r = issue.range ?? loaded.rangeOf(issue.path, issue.onKey);
  const range = r ? new vscode.Range(doc.positionAt(r.start), doc.positionAt(Math.max(r.start, r.end))) : new vscode.Range(0, 0, 0, 0);
  const d = new vscode.Diagnostic(range, issue.message, issue.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = DIAGNOSTIC_SOURCE;
  return d;
}
