// Inspect Service: the raw service object (`GET /services/{id}`, as `docker service inspect`
// prints it) as formatted JSON in a read-only editor, re-read each time it opens.
import * as vscode from 'vscode';
import { InspectDocuments } from '../inspect/inspectDocuments';
import type { CommandContext } from './context';
import { resolveService, targetsOf } from './targets';

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
