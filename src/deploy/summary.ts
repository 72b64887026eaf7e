// The words a deploy is confirmed with and reported in: what a plan would change, on which
// engine, and which local files it reads. Pure, so the wording is tested without a UI.
import type { DeployPlan, DeployResult, ResourcePlan } from './types';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 services created, 1 updated, 3 unchanged" (parts that are zero are left out). */
export function serviceCounts(plan: Pick<DeployPlan, 'services'>): string {
  const by = (action: string) => plan.services.filter((s) => s.action === action).length;
  const parts = [
    by('create') && `${by('create')} created`,
    by('update') && `${by('update')} updated`,
    by('unchanged') && `${by('unchanged')} unchanged`,
  ].filter(Boolean);
  return `${count(plan.services.length, 'service')}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

function resourceLines(resources: readonly ResourcePlan[]): string[] {
  const lines: string[] = [];
  for (const kind of ['network', 'secret', 'config'] as const) {
    for (const [action, words] of [['create', 'created'], ['update', 'labels updated'], ['external', 'used (external)']] as const) {
      const names = resources.filter((r) => r.kind === kind && r.action === action).map((r) => r.name);
      if (names.length) lines.push(`${kind === 'network' ? 'Networks' : kind === 'secret' ? 'Secrets' : 'Configs'} ${words}: ${names.join(', ')}`);
    }
  }
  return lines;
}

export interface SummaryOptions {
  /** The engine's description, as the status bar shows it. */
  endpoint: string;
  /** The editor has changes not saved to disk: they are what is deployed. */
  unsaved: boolean;
  /** Why images could not be pinned (their digest lookups failed), one sentence each. */
  unpinned?: readonly string[];
}

/** The modal's message and detail for a plan without errors. */
export function confirmationText(plan: DeployPlan, o: SummaryOptions): { message: string; detail: string } {
  const s = plan.stack;
  const lines = [serviceCounts(plan), ...resourceLines(plan.resources)];
  if (plan.prunable.length) {
    lines.push(`In the stack but no longer in the file: ${plan.prunable.map((p) => p.name).join(', ')} (kept unless you choose to remove them)`);
  }
  if (s.filesRead.length) lines.push(`Local files read: ${s.filesRead.map((f) => (f.startsWith('.') || f.startsWith('/') ? f : `./${f}`)).join(', ')}`);
  if (o.unsaved) lines.push('The editor\'s unsaved changes are included.');
  if (o.unpinned?.length) {
    lines.push('', 'Not pinned to a digest (if you go on, new and changed services get the image as written and each node resolves the tag itself; unchanged services keep the image they run):', ...o.unpinned.map((w) => `• ${w}`));
  }
  const warnings = plan.warnings;
  if (warnings.length) lines.push('', `Warnings:`, ...warnings.map((w) => `• ${w}`));
  return { message: `Deploy stack ${s.stackName} on ${o.endpoint}?`, detail: lines.join('\n') };
}

/** The buttons: Deploy, and a second one that also removes what the file no longer has (the CLI's --prune). */
export function confirmationButtons(plan: Pick<DeployPlan, 'prunable'>): { deploy: string; prune?: string } {
  return plan.prunable.length
    ? { deploy: 'Deploy', prune: `Deploy and Remove ${count(plan.prunable.length, 'Service')}` }
    : { deploy: 'Deploy' };
}

/** One line after the deploy: what it did, and what failed. */
export function resultText(stackName: string, r: DeployResult): string {
  const parts = [
    r.created.length && `${r.created.length} created`,
    r.updated.length && `${r.updated.length} updated`,
    r.unchanged.length && `${r.unchanged.length} unchanged`,
    r.removed.length && `${r.removed.length} removed`,
  ].filter(Boolean);
  const done = `Stack ${stackName} deployed: ${parts.join(', ') || 'nothing to do'}.`;
  if (!r.failures.length) return done;
  // What a deploy that stopped part-way did make (its networks, secrets, configs) is said too.
  const made = r.resources.map((x) => `${x.kind} ${x.name} ${x.action === 'create' ? 'created' : 'updated'}`);
  const before = parts.length === 0 && made.length ? `Stack ${stackName} deployed with failures: ${made.join(', ')}.` : `${done.replace(/ deployed:/, ' deployed with failures:')}${made.length ? ` Also: ${made.join(', ')}.` : ''}`;
  return `${before} Failed: ${r.failures.map((f) => `${f.name} (${f.message})`).join('; ')}`;
}
