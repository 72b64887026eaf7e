// The tree follows changes made outside the editor through the Engine's event stream, while
// the view is visible, with the safety-net poll turned off so only events can explain it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TestClient } from '../support/testClient';
import type { SwarmServicesApi } from '../../src/extension';
import { createService, uniqueName, waitFor } from '../support/swarm';
import { api } from './support';

describe('live updates from engine events', () => {
  let a: SwarmServicesApi;
  const config = () => vscode.workspace.getConfiguration('dockerSwarm');

  before(async () => {
    a = await api();
    await config().update('refreshInterval', 0, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.extension.dockerSwarm');
    await waitFor('the view to be visible and subscribed', async () => a.refresher.isActive && a.refresher.isSubscribed, 20_000);
  });
  after(async () => {
    await config().update('refreshInterval', undefined, vscode.ConfigurationTarget.Global);
  });

  it('a scale made outside the editor shows in the tree without a manual refresh', async () => {
    const outside = new TestClient();
    const id = await createService(outside, uniqueName('live'), 'sleep 3600', { replicas: 1 });
    await waitFor('the new service in the tree', async () => a.ctx.store.findService(id), 10_000, 20);
    const eventsBefore = a.refresher.stats.events;
    await outside.scaleService(id, 4);
    const s = await waitFor('desired 4 in the tree', async () => {
      const found = a.ctx.store.findService(id);
      return found?.desired === 4 ? found : undefined;
    }, 10_000, 20);
    assert.equal(s.desired, 4);
    assert.ok(a.refresher.stats.events > eventsBefore, 'an engine event drove it');
    await outside.removeService(id);
    await waitFor('the removed service leaves the tree', async () => !a.ctx.store.findService(id), 10_000, 20);
  });

  it('services created outside the editor take their place by name among the rows, as a full read would put them', async () => {
    const outside = new TestClient();
    const later = await createService(outside, uniqueName('order-b'), 'sleep 3600', { replicas: 0 });
    await waitFor('the first service in the tree', async () => a.ctx.store.findService(later), 10_000, 20);
    const full = a.ctx.store.stats.full;
    const earlier = await createService(outside, uniqueName('order-a'), 'sleep 3600', { replicas: 0 });
    await waitFor('the second service in the tree', async () => a.ctx.store.findService(earlier), 10_000, 20);
    assert.equal(a.ctx.store.stats.full, full, 'added by a change read, not a full read');
    const rows = (await a.ctx.servicesTree.getChildren()).flatMap((e) => (e.kind === 'service' ? [e.service.id] : []));
    assert.ok(rows.indexOf(earlier) !== -1 && rows.indexOf(earlier) < rows.indexOf(later), 'order-a before order-b');
    for (const id of [earlier, later]) await outside.removeService(id);
  });
});
