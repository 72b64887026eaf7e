// What the Create commands for secrets, configs and networks ask alike: input boxes that check
// as the user types and check the answer once more (a value that reaches the code is valid),
// and the labels box.
import { SwarmError } from '../../model/errors';
import type { Parsed } from '../../model/input';
import { parseLabelList } from '../../swarmObjects/objectInput';
import type { CommandContext } from '../context';

/** For an input box: the parser's message, or none when the text is fine. */
export function messageOf<T>(parsed: Parsed<T>): string | undefined {
  return parsed.ok ? undefined : parsed.message;
}

/** What an answer already checked as typed is, once more: a value, or the refusal as an error. */
export function valueOf<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new SwarmError('invalid', parsed.message);
  return parsed.value;
}

/** The labels box shared by the three Create commands; undefined when cancelled. */
export async function askLabels(ctx: CommandContext, title: string): Promise<Record<string, string> | undefined> {
  const text = await ctx.host.showInputBox({
    title,
    prompt: 'Labels (optional): key=value pairs separated by commas. Leave empty for none.',
    placeHolder: 'env=prod, team=web',
    ignoreFocusOut: true,
    validateInput: (t) => messageOf(parseLabelList(t)),
  });
  return text === undefined ? undefined : valueOf(parseLabelList(text));
}
