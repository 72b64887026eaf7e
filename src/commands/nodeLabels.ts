// PLACEHOLDER (issue 16): replaced by the real commands.
import type { CommandContext } from './context';
import { SwarmError } from '../model/errors';

export function addNodeLabel(_ctx: CommandContext, ..._args: unknown[]): Promise<void> {
  return Promise.reject(new SwarmError('invalid', 'Not available yet.'));
}

export function removeNodeLabel(_ctx: CommandContext, ..._args: unknown[]): Promise<void> {
  return Promise.reject(new SwarmError('invalid', 'Not available yet.'));
}
