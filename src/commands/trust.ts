// Commands that act on the workspace's files (reading them into secrets, configs and
// environments, then deploying them) are not offered in an untrusted workspace; this is the
// guard for when one is reached anyway (a keybinding, another extension).
import * as vscode from 'vscode';
import { SwarmError } from '../model/errors';

export function requireTrust(what: string): void {
  if (!vscode.workspace.isTrusted) {
    throw new SwarmError('invalid', `${what} is not available in an untrusted workspace: trust the workspace to deploy its files`);
  }
}
