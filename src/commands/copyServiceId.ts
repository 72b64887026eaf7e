import * as vscode from 'vscode';
import type { CommandContext } from './context';
import { resolveService, targetsOf } from './targets';

export async function copyServiceId(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const service = await resolveService(targetsOf(ctx), arg, 'Select a service to copy the ID of');
  if (!service) return undefined;
  await vscode.env.clipboard.writeText(service.id);
  return service.id;
}
