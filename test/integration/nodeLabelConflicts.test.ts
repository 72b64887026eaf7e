// A node label update that keeps losing to another writer, on the real swarm: retried once, then
// refused with a message that names the node (not "the service"), and the other writer's labels
// kept. The other writer is the docker CLI, run to completion inside our change, so the conflict
// is certain. Only label keys with the prefix h16l- are written, and they are removed after.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { SwarmError } from '../../src/model/errors';
import { TestClient } from '../support/testClient';
import { RUN_ID } from '../support/swarm';

const client = new TestClient();
const ours = `h16l-ours-${RUN_ID}`;
const race = `h16l-race-${RUN_ID}`;

const without = (...keys: string[]) => (l: Record<string, string>) => Object.fromEntries(Object.entries(l).filter(([k]) => !keys.includes(k)));

describe('node label updates against a concurrent writer', () => {
  let nodeId: string;
  let hostname: string;
  before(async () => {
    const node = (await client.listNodes()).find((n) => n.ManagerStatus?.Leader)!;
    nodeId = node.ID;
    hostname = node.Description!.Hostname!;
  });
  after(async () => {
    await client.updateNodeLabels(nodeId, without(ours, race));
  });

  it('one conflict is retried with the labels read again; a second is refused, naming the node', async () => {
    let calls = 0;
    const kept = await client.updateNodeLabels(nodeId, (l) => {
      calls++;
      return { ...l, [ours]: String(calls) };
    });
    assert.equal(kept.Spec?.Labels?.[ours], '1');

    calls = 0;
    await assert.rejects(
      client.updateNodeLabels(nodeId, (l) => {
        calls++;
        // Another writer (the docker CLI, run to completion) lands between our read and our write, each time.
        execFileSync('docker', ['node', 'update', '--label-add', `${race}=${calls}`, nodeId], { timeout: 30_000 });
        return { ...l, [ours]: 'loser' };
      }),
      (e: unknown) =>
        e instanceof SwarmError &&
        e.kind === 'conflict' &&
        e.message === `The node ${hostname} was changed by someone else at the same time, so the Engine refused this update. Reload it and try again.`,
    );
    assert.equal(calls, 2, 'read again once after the first conflict');
    const labels = (await client.listNodes()).find((n) => n.ID === nodeId)!.Spec?.Labels ?? {};
    assert.equal(labels[ours], '1', 'our losing write did not land');
    assert.equal(labels[race], '2', "the other writer's labels are kept");
  });
});
