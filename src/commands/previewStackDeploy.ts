// Preview Stack Deploy: what Deploy Stack… would change, without changing anything. A summary
// document lists what would be created, updated, left alone and (with prune) removed; each
// service that would be updated opens in a diff editor, its current spec against the one that
// would be sent.
import * as vscode from 'vscode';
import { prepareDeploy } from '../composeEditor/prepareDeploy';
import { stableJson } from '../composeEditor/previewDocuments';
import { confirmationText } from '../deploy/summary';
import type { DeployPlan } from '../deploy/types';
import type { CommandContext } from './context';
import { requireTrust } from './trust';

/** More diff editors than this at once would bury the editor: the rest are listed in the summary. */
const MAX_DIFFS = 10;

function summary(plan: DeployPlan, endpoint: string, unsaved: boolean, label: string): string {
  const { message, detail } = confirmationText(plan, { endpoint, unsaved });
  const lines = [`Preview: ${message.replace(/^Deploy/, 'deploy').replace(/\?$/, '')}`, `File: ${label}`, 'Nothing has been changed.', '', detail, ''];
  for (const [action, title] of [['create', 'Created'], ['update', 'Updated'], ['unchanged', 'Unchanged']] as const) {
    const services = plan.services.filter((s) => s.action === action);
    if (services.length) lines.push(`${title}:`, ...services.map((s) => `  ${s.name}`), '');
  }
  if (plan.prunable.length) lines.push('Removed only with "Deploy and Remove":', ...plan.prunable.map((p) => `  ${p.name}`), '');
  const created = plan.services.filter((s) => s.action === 'create');
  for (const s of created) lines.push(`--- ${s.name} (new) ---`, stableJson(s.spec));
  return lines.join('\n');
}

export async function previewStackDeploy(ctx: CommandContext, arg?: unknown): Promise<DeployPlan | undefined> {
  requireTrust('Preview Stack Deploy');
  const prepared = await prepareDeploy(ctx, arg, 'preview');
  if (!prepared) return undefined;
  const { file, plan } = prepared;
  const docs = ctx.previewDocuments;
  const generation = docs.nextGeneration();
  const stack = plan.stack.stackName;
  const summaryUri = docs.put(generation, `${stack} deploy preview.txt`, summary(plan, ctx.endpoint.describe(), file.unsaved, file.label));
  await vscode.window.showTextDocument(summaryUri, { preview: false });
  const updated = plan.services.filter((s) => s.action === 'update' && s.comparable);
  for (const s of updated.slice(0, MAX_DIFFS)) {
    const left = docs.put(generation, `${s.name}.current.json`, stableJson(s.comparable!.current));
    const right = docs.put(generation, `${s.name}.next.json`, stableJson(s.comparable!.next));
    await vscode.commands.executeCommand('vscode.diff', left, right, `${s.name}: running ↔ after deploy`, { preview: false });
  }
  if (updated.length > MAX_DIFFS) {
    void ctx.host.showInformationMessage(`${updated.length} services would be updated; diffs opened for the first ${MAX_DIFFS}. The summary lists them all.`);
  }
  return plan;
}
