import * as assert from 'node:assert/strict';
import { cleanLogText, neutraliseIcons, neutraliseLinks } from '../../../src/model/text';

describe('neutraliseLinks', () => {
  it('takes markdown link syntax apart and keeps the text', () => {
    const evil = 'boom [click](command:workbench.action.terminal.sendSequence?%7B%7D) and [x] (y)';
    const safe = neutraliseLinks(evil);
    assert.ok(!/\]\s*\(/.test(safe));
    assert.equal(safe.replace(/\u200b/g, ''), evil);
  });
});

describe('neutraliseIcons', () => {
  it('breaks $(icon) syntax with an invisible space and leaves other text alone', () => {
    assert.equal(neutraliseIcons('zone=$(alert) eu'), 'zone=$\u200b(alert) eu');
    assert.equal(neutraliseIcons('cost=$5 (approx)'), 'cost=$5 (approx)');
  });
});

describe('cleanLogText', () => {
  it('removes terminal escapes and control characters, keeps text and tabs', () => {
    assert.equal(cleanLogText('\u001b[31mred\u001b[0m and \u001b[1;32mbold green\u001b[m'), 'red and bold green');
    assert.equal(cleanLogText('link \u001b]8;;https://example.org\u0007here\u001b]8;;\u0007 done'), 'link here done');
    assert.equal(cleanLogText('nul\u0000byte\tand tab\u0007bell'), 'nulbyte\tand tabbell');
    assert.equal(cleanLogText('plain line'), 'plain line');
    assert.equal(cleanLogText('\u001b[2J\u001b[Hcleared'), 'cleared');
  });
});
