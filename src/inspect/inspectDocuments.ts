// The documents Inspect Service opens: a read-only document per service (INSPECT_SCHEME),
// whose text is the Engine's service object (`GET /services/{id}`) as formatted JSON, read
// from the engine each time VS Code asks for it, so a document opened again is current.
import * as vscode from 'vscode';
import { INSPECT_SCHEME } from '../constants';
import type { SwarmClient } from '../docker/swarmClient';

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
