// Open Config: a config's content in a read-only editor (./inspect/configDocuments), with the
// language of the file it becomes in a container: the target of the first service using it,
// else the config's own name. Data that is not UTF-8 text is shown as a note and base64.
import * as vscode from 'vscode';
import { ConfigDocuments } from '../../inspect/configDocuments';
import { usage, type SwarmConfig } from '../../model/swarmObjects';
import { languageForFile, type LanguageContribution } from '../../swarmObjects/configText';
import type { CommandContext } from '../context';
import { servicesNow } from './engineRefusals';
import { resolveObjects } from './objectTargets';

function strings(x: unknown): string[] | undefined {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : undefined;
}

/** The languages every installed extension (built-in ones included) declares, with their file names and extensions. */
function contributedLanguages(): LanguageContribution[] {
  const out: LanguageContribution[] = [];
  for (const ext of vscode.extensions.all) {
    const languages: unknown = (ext.packageJSON as { contributes?: { languages?: unknown } } | undefined)?.contributes?.languages;
    if (!Array.isArray(languages)) continue;
    for (const l of languages as { id?: unknown; extensions?: unknown; filenames?: unknown }[]) {
      if (typeof l?.id !== 'string') continue;
      const extensions = strings(l.extensions);
      const filenames = strings(l.filenames);
      out.push({ id: l.id, ...(extensions ? { extensions } : {}), ...(filenames ? { filenames } : {}) });
    }
  }
  return out;
}

async function open(ctx: CommandContext, config: SwarmConfig, target: string | undefined, preview: boolean): Promise<vscode.TextDocument> {
  const uri = ConfigDocuments.uriFor(config);
  // A config's data never changes: a document already open is shown as it is.
  const already = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (already) {
    await vscode.window.showTextDocument(already, { preview });
    return already;
  }
  const { shown } = ctx.configDocuments.read(await ctx.client().inspectConfig(config.id));
  let doc = await vscode.workspace.openTextDocument(uri);
  const languages = contributedLanguages();
  const wanted = shown.kind === 'text'
    ? (target ? languageForFile(target, languages) : undefined) ?? languageForFile(config.name, languages)
    : 'plaintext';
  if (wanted && wanted !== doc.languageId && (await vscode.languages.getLanguages()).includes(wanted)) {
    doc = await vscode.languages.setTextDocumentLanguage(doc, wanted);
  }
  await vscode.window.showTextDocument(doc, { preview });
  return doc;
}

export async function openConfig(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<vscode.TextDocument[]> {
  const configs = await resolveObjects(ctx, 'config', arg, selection, { placeHolder: 'Select a config to open' });
  if (configs.length === 0) return [];
  const uses = usage(await servicesNow(ctx), { configs }).configs;
  const docs: vscode.TextDocument[] = [];
  for (const config of configs) {
    const target = uses.get(config.id)?.find((u) => u.target?.name)?.target?.name;
    docs.push(await open(ctx, config, target, configs.length === 1));
  }
  return docs;
}
