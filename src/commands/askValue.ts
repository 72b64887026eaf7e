// A value a command needs: given as an argument (a keybinding, another extension, a test) or
// asked for in an input box that validates as the user types. Either way the same parser
// decides, and a bad value is refused with its message before anything is sent.
import type * as vscode from 'vscode';
import { SwarmError } from '../model/errors';
import type { Parsed } from '../model/input';
import type { CommandContext } from './context';

export async function askValue<T>(
  ctx: CommandContext,
  given: unknown,
  parse: (text: string) => Parsed<T>,
  box: Omit<vscode.InputBoxOptions, 'validateInput'>,
): Promise<T | undefined> {
  // A multi-selection arrives in the argument's place: only a number or text is a value.
  let text = typeof given === 'number' || typeof given === 'string' ? String(given) : undefined;
  text ??= await ctx.host.showInputBox({
    ...box,
    validateInput: (value) => {
      const parsed = parse(value);
      return parsed.ok ? undefined : parsed.message;
    },
  });
  if (text === undefined) return undefined;
  const parsed = parse(text);
  if (!parsed.ok) throw new SwarmError('invalid', parsed.message);
  return parsed.value;
}
