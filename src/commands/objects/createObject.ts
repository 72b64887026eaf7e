// Create Secret… and Create Config…: the content (a file from the Explorer, the editor's
// selection, or chosen/typed here), then a name checked as the Engine checks it against the
// names listed now, optional labels and, for a config, the templating driver. Every answer is
// checked before anything is sent; a cancelled prompt sends nothing. Create Network… is in
// ./createNetwork.
import * as vscode from 'vscode';
import { SwarmError } from '../../model/errors';
import { suggestObjectName } from '../../swarmObjects/objectInput';
import { validateObjectName, validateTemplatingDriver, type ObjectKind } from '../../swarmObjects/validation';
import type { CommandContext } from '../context';
import { askContent, contentOfDocument, contentOfFile, type Content } from './contentSource';
import { createRefusal } from './engineRefusals';
import { listNow } from './objectTargets';
import { askLabels, messageOf, valueOf } from './objectPrompts';

export { createNetwork } from './createNetwork';

const TITLE: Record<ObjectKind, string> = { secret: 'Create Secret', config: 'Create Config' };

/**
 * The content, from how the command was run: the Explorer gives the file clicked and the
 * selected files (one only: several are refused), the editor's context menu the document
 * (whose selection is taken), the palette and the view's "+" nothing (then asked for).
 */
function contentFor(ctx: CommandContext, kind: ObjectKind, arg: unknown, selection: unknown): Promise<Content | undefined> {
  const files = Array.isArray(selection) ? selection.filter((x): x is vscode.Uri => x instanceof vscode.Uri) : [];
  if (files.length > 1) {
    throw new SwarmError('invalid', `${TITLE[kind]}… makes one ${kind} from one file, and ${files.length} files are selected: select one file.`);
  }
  if (arg instanceof vscode.Uri) return Array.isArray(selection) ? contentOfFile(kind, arg) : contentOfDocument(kind, arg);
  return askContent(ctx, kind, `new ${kind}'s data`);
}

async function askTemplating(ctx: CommandContext, title: string): Promise<{ Name: string } | null | undefined> {
  const picked = await ctx.host.showQuickPick(
    [
      { label: 'None', description: 'the data is used as it is', driver: '' },
      { label: 'golang', description: 'expanded as a Go template in each task (service, node and task names, secrets, env)', driver: 'golang' },
    ],
    { title, placeHolder: 'Templating driver' },
  );
  if (!picked) return undefined;
  return valueOf(validateTemplatingDriver(picked.driver)) ?? null;
}

async function createFileObject(ctx: CommandContext, kind: ObjectKind, arg: unknown, selection: unknown): Promise<string | undefined> {
  // Refused before anything is asked or read while the quorum is known lost, in the view's words.
  ctx.client().refuseChanges?.();
  const content = await contentFor(ctx, kind, arg, selection);
  if (!content) return undefined;
  const title = `${TITLE[kind]} from ${content.origin}`;
  const existing = (await listNow(ctx, kind)).map((o) => o.name);
  const suggested = content.source === 'file' && content.fileName ? suggestObjectName(content.fileName) : undefined;
  const typed = await ctx.host.showInputBox({
    title,
    prompt: `The ${kind}'s name: letters, digits, "-", "_" and ".", at most 64 characters`,
    ...(suggested ? { value: suggested } : {}),
    ignoreFocusOut: true,
    validateInput: (t) => messageOf(validateObjectName(kind, t, existing)),
  });
  if (typed === undefined) return undefined;
  const name = valueOf(validateObjectName(kind, typed, existing));
  const labels = await askLabels(ctx, title);
  if (!labels) return undefined;
  const templating = kind === 'config' ? await askTemplating(ctx, title) : null;
  if (templating === undefined) return undefined;

  const spec = {
    Name: name,
    Labels: labels,
    Data: Buffer.from(content.data).toString('base64'),
    ...(templating ? { Templating: templating } : {}),
  };
  const id = await ctx.host.withProgress(`Creating ${kind} ${name}`, async () => {
    try {
      return kind === 'secret' ? await ctx.client().createSecret(spec) : await ctx.client().createConfig(spec);
    } catch (e) {
      throw createRefusal(kind, name, e);
    }
  });
  await ctx.objects.refresh();
  void ctx.host.showInformationMessage(`Created ${kind} ${name}.`);
  return id;
}

export function createSecret(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string | undefined> {
  return createFileObject(ctx, 'secret', arg, selection);
}

export function createConfig(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<string | undefined> {
  return createFileObject(ctx, 'config', arg, selection);
}
