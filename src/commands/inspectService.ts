// Inspect Service: the raw service object (docker-py's attrs) as formatted JSON in a
// read-only editor, served by a content provider so it is re-read each time it opens.
import * as vscode from 'vscode';
import { INSPECT_SCHEME } from '../constants';
import type { SwarmClient } from '../docker/swarmClient';
import type { CommandContext } from './context';
import { resolveService, targetsOf } from './targets';

export class InspectDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: () => SwarmClient) {}

  /** An open inspect document is re-read from the engine. */
  reread(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }

  static uriFor(id: string, name: string): vscode.Uri {
    // The name is only a title; the id (in the query) is what is read.
    const safe = name.replace(/[^\w.-]/g, '_').slice(0, 100) || 'service';
    return vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${safe}.json`, query: `id=${encodeURIComponent(id)}` });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = new URLSearchParams(uri.query).get('id') ?? '';
    const attrs = await this.client().inspectService(id);
    return JSON.stringify(attrs, null, 2) + '\n';
  }
}

export async function inspectService(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri | undefined> {
  const service = await resolveService(targetsOf(ctx), arg, 'Select a service to inspect');
  if (!service) return undefined;
  // Read once here so that a service that is gone is reported as such (the document
  // machinery would turn the error into a generic one).
  await ctx.client().inspectService(service.id);
  const uri = InspectDocuments.uriFor(service.id, service.name);
  ctx.inspectDocuments.reread(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
  return uri;
}
