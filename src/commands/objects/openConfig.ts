// PLACEHOLDER (issue 16): replaced by the real commands.
import type { CommandContext } from '../context';
import { SwarmError } from '../../model/errors';

export function openConfig(_ctx: CommandContext, ..._args: unknown[]): Promise<void> {
  return Promise.reject(new SwarmError('invalid', 'Not available yet.'));
}
