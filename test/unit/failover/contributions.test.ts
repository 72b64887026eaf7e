// package.json and the code agree on failover: the Services view's welcome content offers
// Switch to Another Manager exactly while the context key says another manager answers, the
// command is contributed and registered, and the setting takes the modes the code reads.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands, ContextKeys, SERVICES_VIEW } from '../../../src/constants';
import { FAILOVER_MODES } from '../../../src/failover/policy';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string }[];
    viewsWelcome: { view: string; when: string; contents: string }[];
    configuration: { properties: Record<string, { enum?: string[]; default?: unknown; scope?: string }> };
  };
};

describe('failover in package.json', () => {
  it('the unreachable welcome content: the switch offered while the key is set, the usual words otherwise', () => {
    const unreachable = pkg.contributes.viewsWelcome.filter((w) => w.view === SERVICES_VIEW && /dockerSwarm\.connection == unreachable/.test(w.when));
    assert.deepEqual(unreachable.map((w) => w.when), [
      `dockerSwarm.connection == unreachable && !${ContextKeys.failoverAvailable}`,
      `dockerSwarm.connection == unreachable && ${ContextKeys.failoverAvailable}`,
    ]);
    assert.ok(!unreachable[0]!.contents.includes(Commands.switchManager));
    assert.match(unreachable[1]!.contents, new RegExp(`^.*another manager of the same swarm answers.*\\n\\[Switch to Another Manager\\]\\(command:${Commands.switchManager.replace(/\./g, '\\.')}\\)`));
  });

  it('the command and the setting', () => {
    assert.equal(pkg.contributes.commands.find((c) => c.command === Commands.switchManager)?.title, 'Switch to Another Manager');
    const setting = pkg.contributes.configuration.properties['dockerSwarm.failover'];
    assert.deepEqual([setting?.enum, setting?.default, setting?.scope], [[...FAILOVER_MODES], 'ask', 'machine']);
  });
});
