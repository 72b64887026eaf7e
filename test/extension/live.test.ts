// The tree follows changes made outside the editor through the Engine's event stream, while
// the view is visible, with the safety-net poll turned off so only events can explain it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TestClient } from '../support/testClient';
import type { SwarmServicesApi } from '../../src/extension';
import type { ServicesTreeElement } from '../../src/tree/servicesItems';
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
  it('a change made outside redraws only its own row (its stack\'s when grouped), with the same elements, never the whole view', async () => {
    const outside = new TestClient();
    const stack = uniqueName('rows');
    const alone = await createService(outside, uniqueName('row-alone'), 'sleep 3600', { replicas: 0 });
    const stacked = await createService(outside, `${stack}_api`, 'sleep 3600', { replicas: 0, labels: { 'com.docker.stack.namespace': stack } });
    try {
      await config().update('groupByStack', true, vscode.ConfigurationTarget.Global);
      const roots = await waitFor('both in the tree, one under its stack', async () => {
        const r = await a.ctx.servicesTree.getChildren();
        return r.some((e) => e.kind === 'service' && e.service.id === alone) && r.some((e) => e.kind === 'stack' && e.name === stack) ? r : undefined;
      }, 10_000, 20);
      const aloneRow = roots.find((e) => e.kind === 'service' && e.service.id === alone)!;
      const stackRow = roots.find((e) => e.kind === 'stack' && e.name === stack)!;
      const stackedRow = (await a.ctx.servicesTree.getChildren(stackRow)).find((e) => e.kind === 'service' && e.service.id === stacked)!;
      const full = a.ctx.store.stats.full;

      // What the view is told to redraw while each change is applied: VS Code asks again only
      // for the elements fired (and what is below them); undefined would be the whole view.
      const redrawn = async (id: string, grouped: string): Promise<(ServicesTreeElement | undefined)[]> => {
        const fired: (ServicesTreeElement | undefined)[] = [];
        const listening = a.ctx.servicesTree.onDidChangeTreeData((e) => fired.push(...(Array.isArray(e) ? e : [e])));
        try {
          await outside.scaleService(id, 1);
          await waitFor(`${grouped}: 1/1 in the store`, async () => {
            const s = a.ctx.store.findService(id);
            return s?.desired === 1 && s.running === 1;
          }, 20_000, 20);
          // The follow-ups of the task's start settle within a few hundred milliseconds.
          await new Promise((r) => setTimeout(r, 1500));
        } finally {
          listening.dispose();
        }
        return fired;
      };

      const aloneFired = await redrawn(alone, 'the service outside a stack');
      assert.ok(aloneFired.length > 0, 'its row was redrawn');
      assert.ok(!aloneFired.includes(undefined), 'never the whole view');
      assert.ok(aloneFired.includes(aloneRow), 'its own element, the one the view already had');
      assert.ok(!aloneFired.includes(stackRow) && !aloneFired.includes(stackedRow), 'not the stack it is not in');

      const stackFired = await redrawn(stacked, 'the service in a stack');
      assert.ok(!stackFired.includes(undefined), 'never the whole view');
      assert.ok(stackFired.includes(stackRow), 'the stack row, which counts it and redraws it beneath');
      assert.ok(!stackFired.includes(aloneRow), 'not a row it does not touch');

      const after = await a.ctx.servicesTree.getChildren();
      assert.equal(after.find((e) => e.kind === 'service' && e.service.id === alone), aloneRow, 'the same element: expansion and selection stay');
      assert.equal(after.find((e) => e.kind === 'stack' && e.name === stack), stackRow);
      assert.equal((await a.ctx.servicesTree.getChildren(stackRow)).find((e) => e.kind === 'service' && e.service.id === stacked), stackedRow);
      assert.match(String(a.ctx.servicesTree.getTreeItem(aloneRow).description), /1\/1/, 'the row shows the new counts');
      assert.equal(a.ctx.store.stats.full, full, 'read by change reads alone');
    } finally {
      await config().update('groupByStack', undefined, vscode.ConfigurationTarget.Global);
      for (const id of [alone, stacked]) await outside.removeService(id).catch(() => undefined);
    }
  });
});
