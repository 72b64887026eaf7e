// The Engine's event stream, as the live tree uses it.
import * as assert from 'node:assert/strict';
import { SwarmClient } from '../../src/docker/swarmClient';
import { affectsSwarmView, type EngineEvent } from '../../src/model/events';
import { createService, uniqueName, waitFor } from '../support/swarm';

describe('engine events', () => {
  const client = new SwarmClient();

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

  it('stop() ends the stream promptly', async () => {
    const sub = client.events(() => undefined);
    await sub.started;
    const t = Date.now();
    sub.stop();
    await sub.done;
    assert.ok(Date.now() - t < 1000);
  });
});
