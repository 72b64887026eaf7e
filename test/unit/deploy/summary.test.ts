// The words of the deploy confirmation and result: counts, resources, files read, unsaved
// changes, warnings, the prune button.
import * as assert from 'node:assert/strict';
import { confirmationButtons, confirmationText, resultText, serviceCounts } from '../../../src/deploy/summary';
import type { DeployPlan, ServicePlan } from '../../../src/deploy/types';

function plan(actions: ServicePlan['action'][], extra: Partial<DeployPlan> = {}, stack: Partial<DeployPlan['stack']> = {}): DeployPlan {
  return {
    stack: {
      stackName: 'shop', services: [], networks: [], externalNetworks: [], externalSecrets: [], externalConfigs: [],
      secrets: [], configs: [], filesRead: [], issues: [], ...stack,
    },
    services: actions.map((action, i) => ({ key: `s${i}`, name: `shop_s${i}`, action, spec: { Name: `shop_s${i}`, TaskTemplate: { ContainerSpec: { Image: 'x' } } } })),
    state: { stackName: 'shop', services: [], networks: [], secrets: [], configs: [] },
    resources: [],
    prunable: [],
    errors: [],
    warnings: [],
    ...extra,
  };
}

describe('deploy summary', () => {
  it('counts services by what happens to them, leaving out zeros', () => {
    assert.equal(serviceCounts(plan(['create', 'create', 'update', 'unchanged', 'unchanged', 'unchanged'])), '6 services: 2 created, 1 updated, 3 unchanged');
    assert.equal(serviceCounts(plan(['unchanged'])), '1 service: 1 unchanged');
  });

  it('names the stack and the engine, the resources, the files read and unsaved changes', () => {
    const p = plan(['create'], {
      resources: [
        { kind: 'network', name: 'shop_default', action: 'create' },
        { kind: 'secret', name: 'shop_api_key', action: 'create' },
        { kind: 'config', name: 'shared', action: 'external' },
      ],
    }, { filesRead: ['api.key', 'conf/app.conf'] });
    const { message, detail } = confirmationText(p, { endpoint: 'default (unix:///var/run/docker.sock)', unsaved: true });
    assert.equal(message, 'Deploy stack shop on default (unix:///var/run/docker.sock)?');
    assert.deepEqual(detail.split('\n'), [
      '1 service: 1 created',
      'Networks created: shop_default',
      'Secrets created: shop_api_key',
      'Configs used (external): shared',
      'Local files read: ./api.key, ./conf/app.conf',
      "The editor's unsaved changes are included.",
    ]);
  });

  it("lists the plan's warnings (the file's are among them), each once", () => {
    const p = plan(['create'], { warnings: ['image x could not be pinned', 'Ignoring unsupported options: build'] }, { issues: [{ severity: 'warning', message: 'Ignoring unsupported options: build', path: ['services', 'a', 'build'] }] });
    const { detail } = confirmationText(p, { endpoint: 'e', unsaved: false });
    assert.match(detail, /Warnings:\n• image x could not be pinned\n• Ignoring unsupported options: build$/);
    assert.doesNotMatch(detail, /unsaved/);
  });

  it('offers a second button only when the stack has services the file no longer has', () => {
    assert.deepEqual(confirmationButtons(plan(['create'])), { deploy: 'Deploy' });
    const p = plan(['update'], { prunable: [{ id: '1', name: 'shop_old' }, { id: '2', name: 'shop_older' }] });
    assert.deepEqual(confirmationButtons(p), { deploy: 'Deploy', prune: 'Deploy and Remove 2 Services' });
    assert.match(confirmationText(p, { endpoint: 'e', unsaved: false }).detail, /no longer in the file: shop_old, shop_older \(kept unless you choose to remove them\)/);
  });

  it('reports what the deploy did and what failed', () => {
    const r = { created: ['a'], updated: ['b', 'c'], unchanged: ['d'], removed: [], resources: [], serviceIds: {}, warnings: [], failures: [] };
    assert.equal(resultText('shop', r), 'Stack shop deployed: 1 created, 2 updated, 1 unchanged.');
    assert.equal(resultText('shop', { ...r, failures: [{ name: 'shop_e', message: 'invalid mount' }] }), 'Stack shop deployed with failures: 1 created, 2 updated, 1 unchanged. Failed: shop_e (invalid mount)');
    assert.equal(resultText('shop', { ...r, created: [], updated: [], unchanged: [] }), 'Stack shop deployed: nothing to do.');
    // Stopped part-way (a refusal, an election outlasted): what it did make is said, never "nothing to do".
    const partWay = { ...r, created: [], updated: [], unchanged: [], resources: [{ kind: 'network' as const, name: 'shop_default', action: 'create' as const }], failures: [{ name: 'shop_token', message: 'No quorum' }] };
    assert.equal(resultText('shop', partWay), 'Stack shop deployed with failures: network shop_default created. Failed: shop_token (No quorum)');
    assert.equal(resultText('shop', { ...partWay, created: ['a'] }), 'Stack shop deployed with failures: 1 created. Also: network shop_default created. Failed: shop_token (No quorum)');
  });
});
