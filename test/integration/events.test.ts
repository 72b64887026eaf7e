// The Engine's event stream, as the live tree uses it.
import * as assert from 'node:assert/strict';
import { TestClient } from '../support/testClient';
import { affectsSwarmView, type EngineEvent } from '../../src/model/events';
import { createService, settlesWithin, uniqueName, waitFor } from '../support/swarm';

describe('engine events', () => {
  const client = new TestClient();

  it('delivers service create, update (with the replica counts) and remove events', async () => {
    const seen: EngineEvent[] = [];
    const sub = client.events((e) => seen.push(e));
    await sub.started;
    try {
      const name = uniqueName('events');
      const id = await createService(client, name, 'sleep 3600', { replicas: 0 });
      await client.scaleService(id, 2);
      await client.removeService(id);
      const mine = await waitFor('three service events', async () => {
        const m = seen.filter((e) => e.Type === 'service' && e.Actor?.ID === id);
        return m.length >= 3 ? m : undefined;
      }, 10_000, 20);
      assert.deepEqual(mine.map((e) => e.Action).slice(0, 3), ['create', 'update', 'remove']);
      const update = mine.find((e) => e.Action === 'update')!;
      assert.equal(update.Actor?.Attributes?.['name'], name);
      assert.equal(update.Actor?.Attributes?.['replicas.new'], '2');
      assert.ok(mine.every(affectsSwarmView));
    } finally {
      sub.stop();
    }
    await sub.done;
  });

  it('stop() ends the stream, and no event reaches the callback after it', async () => {
    const afterStop: EngineEvent[] = [];
    const live: EngineEvent[] = [];
    let stopped = false;
    const sub = client.events((e) => {
      if (stopped) afterStop.push(e);
    });
    // A second stream stays open: it shows that events did happen after the first stopped.
    const witness = client.events((e) => live.push(e));
    await Promise.all([sub.started, witness.started]);
    try {
      sub.stop();
      stopped = true;
      await settlesWithin('the stopped stream ending', sub.done, 10_000);
      const id = await createService(client, uniqueName('after-stop'), 'sleep 3600', { replicas: 0 });
      await client.removeService(id);
      await waitFor('the open stream to see the service come and go', async () => live.some((e) => e.Actor?.ID === id && e.Action === 'remove'), 10_000, 20);
      assert.deepEqual(afterStop, [], 'nothing after stop()');
    } finally {
      witness.stop();
    }
    await settlesWithin('the witness stream ending', witness.done, 10_000);
  });
});
