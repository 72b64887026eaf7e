// Read-only documents for Preview Stack Deploy: each changed service's current and next spec
// (shown side by side in a diff editor) and a summary of what the deploy would create, update
// and leave alone. Held in memory under their own scheme; nothing here talks to the engine.
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'docker-swarm-deploy-preview';

export class PreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private generation = 0;

  /** A new set of documents for one preview; earlier previews' documents keep their text. */
  nextGeneration(): number {
    return ++this.generation;
  }

  put(generation: number, name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${generation}/${name}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.texts.clear();
    this.changed.dispose();
  }
}

/** Specs as JSON with keys in a stable order, so that a diff shows only what changes. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}
