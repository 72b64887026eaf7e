// askValue: a value given as an argument is parsed without asking; otherwise an input box
// asks, validating as the user types with the same parser; a bad argument is refused.
import * as assert from 'node:assert/strict';
import type { InputBoxOptions } from 'vscode';
import { askValue } from '../../../src/commands/askValue';
import type { CommandContext } from '../../../src/commands/context';
import { SwarmError } from '../../../src/model/errors';
import { parseReplicas } from '../../../src/model/input';

/** A context whose only part is a host answering input boxes with `answer`, recording them. */
function contextAnswering(answer: string | undefined): { ctx: CommandContext; boxes: InputBoxOptions[] } {
  const boxes: InputBoxOptions[] = [];
  const host = {
    showInputBox: async (options: InputBoxOptions) => {
      boxes.push(options);
      return answer;
    },
  };
  return { ctx: { host } as unknown as CommandContext, boxes };
}

describe('askValue', () => {
  const box = { title: 'Scale web', prompt: 'Replicas' };

  it('parses a number or text given as the argument without asking', async () => {
    const { ctx, boxes } = contextAnswering('9');
    assert.equal(await askValue(ctx, 4, parseReplicas, box), 4);
    assert.equal(await askValue(ctx, ' 5 ', parseReplicas, box), 5);
    assert.equal(boxes.length, 0);
  });

  it('asks when the argument is not a value (a multi-selection), with a box that validates as the user types', async () => {
    const { ctx, boxes } = contextAnswering('3');
    assert.equal(await askValue(ctx, [{ id: 'x' }], parseReplicas, box), 3);
    assert.equal(boxes.length, 1);
    assert.deepEqual([boxes[0]!.title, boxes[0]!.prompt], [box.title, box.prompt]);
    const validate = boxes[0]!.validateInput!;
    assert.equal(validate('2'), undefined);
    const refused = parseReplicas('-1');
    assert.equal(validate('-1'), refused.ok ? 'unexpected' : refused.message);
  });

  it('returns undefined when the box is cancelled', async () => {
    const { ctx } = contextAnswering(undefined);
    assert.equal(await askValue(ctx, undefined, parseReplicas, box), undefined);
  });

  it('refuses a bad value with the parser\'s message before anything is sent', async () => {
    const { ctx } = contextAnswering('x');
    const refused = parseReplicas('-1');
    await assert.rejects(askValue(ctx, '-1', parseReplicas, box), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid' && !refused.ok && e.message === refused.message);
    await assert.rejects(askValue(ctx, undefined, parseReplicas, box), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid');
  });
});
