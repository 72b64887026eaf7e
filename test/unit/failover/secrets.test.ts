// A docker context's host may hold a password (ssh://user:password@host): failover names routes
// in the quick pick, its notification and the log, and the connection in the log; the password
// never shows in any of them.
import * as assert from 'node:assert/strict';
import { switchManager } from '../../../src/commands/switchManager';
import { describeEndpoint } from '../../../src/endpointInfo';
import { describeRoute } from '../../../src/failover/managers';
import type { ContextEndpoint } from '../../../src/nodeEngines/swarmNodeEngines';
import { commandContext, world } from './world';

const SECRET = 'hunter2';
const withPassword = (n: number) => `ssh://me:${SECRET}@m${n}:22`;
const context = (n: number): ContextEndpoint => ({ name: `m${n}`, endpoint: { host: withPassword(n), source: 'context', contextName: `m${n}`, label: `m${n}` } });

function passwordWorld(mode: 'ask' | 'auto') {
  const t = world({ mode, contexts: [context(1), context(2), context(3)] });
  for (const n of [1, 2, 3]) t.w.engines.set(withPassword(n), { nodeId: `node${n}`, clusterId: 'swarm-a' });
  t.w.connected = withPassword(1);
  return t;
}

describe('failover: a password in an endpoint is never shown', () => {
  it('describeRoute and describeEndpoint replace it by ***', () => {
    assert.equal(describeRoute({ kind: 'context', context: 'm2', host: withPassword(2) }), 'context m2 (ssh://me:***@m2:22)');
    assert.equal(describeRoute({ kind: 'setting', host: withPassword(2) }), 'ssh://me:***@m2:22 (dockerSwarm.nodeEndpoints)');
    assert.equal(describeRoute({ kind: 'ssh', host: withPassword(2) }), 'ssh://me:***@m2:22 (SSH, as the connection)');
    assert.equal(describeEndpoint({ host: withPassword(1), source: 'context', contextName: 'm1', label: 'm1' }), 'm1 (ssh://me:***@m1:22)');
  });

  it('auto: the notification and every log line name the contexts without the password', async () => {
    const { w, read } = passwordWorld('auto');
    await read('ok');
    w.engines.set(withPassword(1), 'down');
    await read('unreachable');
    assert.equal(w.switched.length, 1);
    assert.deepEqual(w.notes, ['Swarm Services now uses the manager manager-2 (context m2 (ssh://me:***@m2:22)): manager-1 stopped answering.']);
    assert.ok(w.logs.some((l) => /the manager in use, manager-1 \(ssh:\/\/me:\*\*\*@m1:22\), does not answer/.test(l)), w.logs.join('\n'));
    assert.deepEqual(w.logs.filter((l) => l.includes(SECRET)), []);
  });

  it('ask: Switch to Another Manager\'s quick pick names each route without the password', async () => {
    const { w, failover, read } = passwordWorld('ask');
    await read('ok');
    w.engines.set(withPassword(1), 'down');
    await read('unreachable');
    const { ctx, shown } = commandContext(failover, w);
    await switchManager(ctx);
    assert.deepEqual(shown.picks, [[
      { label: 'manager-2', description: 'context m2 (ssh://me:***@m2:22)' },
      { label: 'manager-3', description: 'context m3 (ssh://me:***@m3:22)' },
    ]]);
    assert.deepEqual([...w.logs, ...shown.infos].filter((l) => l.includes(SECRET)), []);
  });
});
