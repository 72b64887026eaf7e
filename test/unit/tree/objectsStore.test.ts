// ObjectsStore and ObjectsTree over a fake of the client: only the kinds whose views are
// visible are listed, concurrent refreshes share one run, a failed listing is kept (and said
// once), who uses what comes from the SwarmStore's services with no request of its own, and
// the tree groups by stack and keeps its elements across refreshes.
import * as assert from 'node:assert/strict';
import type { Snapshot, SwarmClient } from '../../../src/docker/swarmClient';
import type { EngineNode, EngineService } from '../../../src/model/engineTypes';
import { SwarmError } from '../../../src/model/errors';
import type { SwarmConfig, SwarmNetwork, SwarmSecret } from '../../../src/model/swarmObjects';
import type { ObjectKind, ObjectUseElement, SecretElement } from '../../../src/tree/objectsItems';
import { ObjectsStore } from '../../../src/tree/objectsStore';
import { ObjectsTree } from '../../../src/tree/objectsTree';
import { SwarmStore } from '../../../src/tree/swarmStore';

const NODE: EngineNode = { ID: 'node1', Description: { Hostname: 'alpha' }, Spec: { Role: 'manager', Availability: 'active' }, Status: { State: 'ready' } };
const STACK = 'com.docker.stack.namespace';

const secret = (id: string, name: string, labels: Record<string, string> = {}): SwarmSecret => ({ id, name, labels, version: 1, createdAt: '2026-11-28T11:00:00Z' });
const config = (id: string, name: string, labels: Record<string, string> = {}): SwarmConfig => ({ id, name, labels, version: 1 });
const network = (id: string, name: string, over: Partial<SwarmNetwork> = {}): SwarmNetwork => ({
  id, name, labels: {}, driver: 'overlay', attachable: false, internal: false, ingress: false, ipv6: false, ipam: [], ...over,
});

function service(id: string, name: string, container: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): EngineService {
  return { ID: id, Version: { Index: 1 }, Spec: { Name: name, Mode: { Replicated: { Replicas: 1 } }, TaskTemplate: { ContainerSpec: { Image: 'busybox', ...container } }, ...extra } };
}

/** Answers from its lists, records every call, can hold the listings back and fail one kind. */
class FakeClient {
  secrets: SwarmSecret[] = [secret('s1', 'db_password', { [STACK]: 'shop' }), secret('s2', 'api_key'), secret('s3', 'tls_key', { [STACK]: 'shop' })];
  configs: SwarmConfig[] = [config('c1', 'nginx.conf')];
  networks: SwarmNetwork[] = [network('n1', 'backend'), network('ing', 'ingress', { ingress: true })];
  services: EngineService[] = [];
  failing = new Map<ObjectKind, Error>();
  readonly calls: string[] = [];
  holding = false;
  private held: (() => void)[] = [];

  private async answer<T>(kind: ObjectKind, list: T[]): Promise<T[]> {
    this.calls.push(kind);
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    const failure = this.failing.get(kind);
    if (failure) throw failure;
    return list.map((x) => ({ ...x }));
  }

  release(): void {
    this.holding = false;
    for (const r of this.held.splice(0)) r();
  }

  listSecrets = () => this.answer('secret', this.secrets);
  listConfigs = () => this.answer('config', this.configs);
  listNetworks = () => this.answer('network', this.networks);

  async snapshot(): Promise<Snapshot> {
    this.calls.push('snapshot');
    return { services: this.services.map((s) => ({ ...s })), shownTasks: [], shownFor: [], nodeTasks: [], nodeTasksFor: [], nodes: [NODE] };
  }
}

const count = (calls: string[], what: string) => calls.filter((c) => c === what).length;

describe('ObjectsStore', () => {
  let fake: FakeClient;
  let swarm: SwarmStore;
  let store: ObjectsStore;
  let warnings: string[];
  let changes: number;

  beforeEach(() => {
    fake = new FakeClient();
    warnings = [];
    changes = 0;
    const client = () => fake as unknown as SwarmClient;
    swarm = new SwarmStore(client, { warn: (m) => warnings.push(m) });
    store = new ObjectsStore(client, swarm, { warn: (m) => warnings.push(m) });
    store.onDidChange(() => changes++);
  });

  afterEach(() => {
    store.dispose();
    swarm.dispose();
  });

  it('lists only the kinds whose views are visible: none while all are hidden, one request per visible kind', async () => {
    await store.refresh();
    assert.deepEqual(fake.calls, [], 'all hidden: no request');
    store.setVisible('secret', true);
    await store.refresh();
    fake.calls.length = 0;
    await store.refresh();
    assert.deepEqual(fake.calls, ['secret']);
    store.setVisible('network', true);
    await store.refresh();
    fake.calls.length = 0;
    await store.refresh();
    assert.deepEqual([...fake.calls].sort(), ['network', 'secret']);
    store.setVisible('secret', false);
    fake.calls.length = 0;
    await store.refresh();
    assert.deepEqual(fake.calls, ['network'], 'a hidden view costs nothing');
    fake.calls.length = 0;
    await store.refresh(true);
    assert.deepEqual([...fake.calls].sort(), ['config', 'network', 'secret'], 'all three when asked for all');
  });

  it('showing a view lists its kind at once; its first rows wait for that listing rather than ask again', async () => {
    fake.holding = true;
    store.setVisible('config', true);
    assert.ok(store.isVisible('config') && store.anyVisible);
    const rows = store.ensureListed('config');
    // Started on the next turn, as every round of the store's serial runs is.
    await new Promise(setImmediate);
    assert.equal(count(fake.calls, 'config'), 1, 'listed when shown');
    fake.release();
    await rows;
    assert.equal(count(fake.calls, 'config'), 1, 'the first rows shared that listing');
    assert.deepEqual(store.configs.map((c) => c.name), ['nginx.conf']);
    await store.ensureListed('config');
    assert.equal(count(fake.calls, 'config'), 1, 'listed since shown: no request');
    // Hidden, then shown again: what it holds may be stale, so its rows wait for a new listing.
    store.setVisible('config', false);
    await store.ensureListed('config');
    assert.equal(count(fake.calls, 'config'), 2);
  });

  it('refreshes asked for while one runs share it, and list once more after it', async () => {
    store.setVisible('secret', true);
    await store.refresh();
    fake.calls.length = 0;
    fake.holding = true;
    const first = store.refresh();
    // Asked in the same turn, before the round started: one listing covers them.
    assert.equal(store.refresh(), first);
    await new Promise(setImmediate);
    assert.equal(count(fake.calls, 'secret'), 1, 'one listing for the asks of one turn');
    const second = store.refresh();
    const third = store.refresh();
    assert.equal(third, second, 'one promise for the round after the one going on');
    assert.notEqual(second, first);
    fake.release();
    await second;
    assert.equal(count(fake.calls, 'secret'), 2, 'the first, then one for the two asked meanwhile');
    fake.calls.length = 0;
    await store.refresh();
    assert.equal(count(fake.calls, 'secret'), 1, 'a later call runs again');
  });

  it('a kind shown while a refresh runs is listed in the round after it', async () => {
    store.setVisible('secret', true);
    await store.refresh();
    fake.calls.length = 0;
    fake.holding = true;
    const running = store.refresh();
    await new Promise(setImmediate);
    store.setVisible('network', true);
    // The round after the held one is held too: release until the run is over. The view's
    // first rows wait for that round, the one that lists its kind.
    const timer = setInterval(() => fake.release(), 1);
    await running;
    await store.ensureListed('network');
    clearInterval(timer);
    assert.equal(fake.calls[0], 'secret');
    assert.deepEqual(fake.calls.slice(1).sort(), ['network', 'secret'], 'one more round: both visible kinds');
    assert.deepEqual(store.networks.map((n) => n.name), ['backend', 'ingress']);
  });

  it('a failed listing empties that kind only, keeps its error, warns once, and clears when a listing succeeds', async () => {
    store.setVisible('secret', true);
    store.setVisible('config', true);
    await store.refresh();
    assert.equal(store.secrets.length, 3);
    fake.failing.set('secret', new SwarmError('permission', 'permission denied while listing secrets'));
    await store.refresh();
    await store.refresh();
    assert.deepEqual(store.secrets, []);
    assert.equal(store.errorOf('secret')?.message, 'permission denied while listing secrets');
    assert.equal(store.errorOf('secret')?.kind, 'permission');
    assert.equal(store.configs.length, 1, 'the other kinds are listed as usual');
    assert.equal(store.errorOf('config'), undefined);
    assert.deepEqual(warnings, ['Secrets view: permission denied while listing secrets']);
    fake.failing.clear();
    await store.refresh();
    assert.equal(store.errorOf('secret'), undefined);
    assert.equal(store.secrets.length, 3);
  });

  it('who uses what comes from the services the SwarmStore read, with no request of its own, and follows them', async () => {
    fake.services = [
      service('svc1', 'shop_api', {}, {
        TaskTemplate: {
          ContainerSpec: {
            Image: 'busybox',
            Secrets: [{ SecretID: 's1', SecretName: 'db_password', File: { Name: 'db', UID: '0', GID: '0', Mode: 0o400 } }],
            Configs: [{ ConfigID: 'c1', ConfigName: 'nginx.conf', File: { Name: 'etc/nginx.conf', UID: '0', GID: '0', Mode: 0o444 } }],
          },
          Networks: [{ Target: 'n1', Aliases: ['api'] }],
        },
      }),
      // Publishes a port through the routing mesh: attached to ingress without saying so in its spec.
      service('svc2', 'web', {}, { EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 8080 }] } }),
      service('svc3', 'host_port', {}, { EndpointSpec: { Ports: [{ TargetPort: 80, PublishedPort: 8081, PublishMode: 'host' }] } }),
    ];
    assert.equal(store.usage().secrets.size, 0, 'nothing read yet');
    store.setVisible('network', true);
    await Promise.all([swarm.refresh(), store.refresh()]);
    const calls = fake.calls.length;
    const index = store.usage();
    assert.deepEqual(index.secrets.get('s1')?.map((u) => [u.name, u.target?.name]), [['shop_api', 'db']]);
    assert.deepEqual(index.configs.get('c1')?.map((u) => [u.name, u.target?.name]), [['shop_api', 'etc/nginx.conf']]);
    assert.deepEqual(index.networks.get('n1'), [{ id: 'svc1', name: 'shop_api', aliases: ['api'] }]);
    assert.deepEqual(index.networks.get('ing'), [{ id: 'svc2', name: 'web', aliases: [] }], 'ingress: the service publishing in ingress mode only');
    assert.equal(store.usage(), index, 'the same services: computed once');
    assert.equal(fake.calls.length, calls, 'no request');
    // The services change: who uses what follows, and the views hear of it.
    fake.services = [service('svc9', 'other', { Configs: [{ ConfigID: 'c1', ConfigName: 'nginx.conf', File: { Name: 'x.conf', UID: '0', GID: '0', Mode: 0o444 } }] })];
    const before = changes;
    await swarm.refresh();
    assert.ok(changes > before, 'a services refresh is a change for the object views');
    assert.deepEqual(store.usage().configs.get('c1')?.map((u) => u.name), ['other']);
    assert.equal(store.usage().secrets.get('s1'), undefined);
  });

  describe('ObjectsTree', () => {
    let grouping: boolean;
    const NOW = Date.parse('2026-11-28T12:00:00Z');

    beforeEach(async () => {
      grouping = false;
      fake.services = [
        service('svc1', 'shop_api', { Secrets: [{ SecretID: 's1', SecretName: 'db_password', File: { Name: 'db', UID: '1000', GID: '1000', Mode: 0o400 } }] }),
        service('svc2', 'shop_worker', { Secrets: [{ SecretID: 's1', SecretName: 'db_password', File: { Name: '/etc/worker/db', UID: '0', GID: '0', Mode: 0o440 } }] }),
      ];
      store.setVisible('secret', true);
      await Promise.all([swarm.refresh(), store.refresh()]);
    });

    const tree = () => new ObjectsTree('secret', store, () => grouping, () => NOW);

    it('without grouping: the objects sorted by name, each with its users (file paths) or a line saying none', () => {
      const t = tree();
      const roots = t.roots();
      assert.deepEqual(roots.map((e) => t.item(e).label), ['api_key', 'db_password', 'tls_key']);
      assert.deepEqual(roots.map((e) => t.item(e).description), ['1 hour ago · unused', '1 hour ago · 2 services', '1 hour ago · unused']);
      const db = roots[1]!;
      const uses = t.children(db);
      assert.deepEqual(uses.map((e) => [t.item(e).label, t.item(e).description, t.item(e).id]), [
        ['shop_api', '/run/secrets/db · 1000:1000 0400', 'secret:s1:use:svc1:db'],
        ['shop_worker', '/etc/worker/db · 0:0 0440', 'secret:s1:use:svc2:/etc/worker/db'],
      ]);
      assert.equal(t.parent(uses[0]!), db);
      const none = t.children(roots[0]!);
      assert.deepEqual(none.map((e) => t.item(e)), [{ label: 'No service uses it', id: 'secret:s2:info', collapsible: 'none', contextValue: 'objectInfo' }]);
      assert.equal(t.parent(db), undefined);
    });

    it('grouped by stack (com.docker.stack.namespace) under the setting: stacks first, counted, parents set', () => {
      grouping = true;
      const t = tree();
      const roots = t.roots();
      assert.deepEqual(roots.map((e) => t.item(e).id), ['secretStack:shop', 'secret:s2']);
      assert.equal(t.item(roots[0]!).description, 'stack · 2 secrets');
      const inShop = t.children(roots[0]!);
      assert.deepEqual(inShop.map((e) => t.item(e).label), ['db_password', 'tls_key']);
      assert.equal(t.parent(inShop[0]!), roots[0]);
      grouping = false;
      t.rebuild();
      assert.deepEqual(t.roots().map((e) => t.item(e).label), ['api_key', 'db_password', 'tls_key'], 'the setting turned off: flat again');
    });

    it('a refresh keeps the elements the view knows (expansion survives), with the new data; a removed one goes', async () => {
      grouping = true;
      const t = tree();
      const [stack] = t.roots();
      const db = t.items().find((e) => e.kind === 'secret' && e.secret.id === 's1') as SecretElement;
      fake.secrets[0] = { ...fake.secrets[0]!, labels: { ...fake.secrets[0]!.labels, team: 'core' } };
      fake.secrets.splice(1, 1);
      await store.refresh();
      t.rebuild();
      const after = t.roots();
      assert.equal(after[0], stack, 'the same stack element');
      assert.equal(after.length, 1, 'api_key is gone');
      assert.equal(t.children(stack!)[0], db, 'the same secret element');
      assert.equal(db.secret.labels['team'], 'core', 'carrying the new data');
      const use = t.children(db)[0] as ObjectUseElement;
      assert.equal(t.item(use).id, 'secret:s1:use:svc1:db', 'a use row keeps its id');
    });

    it('the Networks tree: users with their aliases, ingress protected', async () => {
      fake.services = [service('svc1', 'shop_api', {}, { TaskTemplate: { ContainerSpec: { Image: 'busybox' }, Networks: [{ Target: 'n1', Aliases: ['api', 'shop-api'] }] } })];
      store.setVisible('network', true);
      await Promise.all([swarm.refresh(), store.refresh()]);
      const t = new ObjectsTree('network', store, () => false, () => NOW);
      const [backend, ingress] = t.roots();
      assert.equal(t.item(backend!).contextValue, 'network:used');
      assert.deepEqual(t.children(backend!).map((e) => t.item(e).description), ['aliases: api, shop-api']);
      assert.equal(t.item(ingress!).contextValue, 'network:ingress');
      assert.deepEqual(t.children(ingress!).map((e) => t.item(e).label), ['No service is attached']);
    });
  });
});
