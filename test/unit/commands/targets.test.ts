// The target resolver with a store and a host made of plain objects: what each kind of
// argument resolves to, when the store is refreshed, and what the picker offers and says.
import * as assert from 'node:assert/strict';
import type { QuickPickItem, QuickPickOptions } from 'vscode';
import {
  choose,
  isNodeElement,
  isServiceElement,
  isStackElement,
  isTaskElement,
  resolveNode,
  resolveService,
  resolveServices,
  resolveStack,
  serviceOf,
  type Targets,
} from '../../../src/commands/targets';
import { SwarmError } from '../../../src/model/errors';
import type { NodeSummary } from '../../../src/model/nodeSummaries';
import type { ServiceSummary, TaskSummary } from '../../../src/model/summaries';

function service(name: string, o: Partial<ServiceSummary> = {}): ServiceSummary {
  const id = `${name}-id`;
  return { id, shortId: id.slice(0, 12), name, version: 1, mode: 'replicated', running: 1, desired: 2, image: `${name}:1`, labels: {}, hasPreviousSpec: false, ...o };
}

function node(hostname: string, o: Partial<NodeSummary> = {}): NodeSummary {
  return { id: `${hostname}-id`, hostname, role: 'manager', availability: 'active', state: 'ready', leader: false, version: 1, labels: {}, ...o };
}

function task(of: ServiceSummary, slot: number): TaskSummary {
  return { id: `${of.name}-t${slot}`, serviceId: of.id, name: `${of.name}.${slot}`, slot, state: 'running', desiredState: 'running' };
}

/** A store whose refresh moves to `next` (what the engine has now) and may fail. */
class FakeStore {
  refreshes = 0;
  lastError: SwarmError | undefined;
  failNext: SwarmError | undefined;
  constructor(private listed: ServiceSummary[], private nodeList: NodeSummary[] = [], private next?: ServiceSummary[]) {}
  get services(): readonly ServiceSummary[] {
    return this.listed;
  }
  get nodes(): readonly NodeSummary[] {
    return this.nodeList;
  }
  findService(idOrName: string): ServiceSummary | undefined {
    return this.listed.find((s) => s.id === idOrName || s.name === idOrName);
  }
  findNode(idOrHostname: string): NodeSummary | undefined {
    return this.nodeList.find((n) => n.id === idOrHostname || n.hostname === idOrHostname);
  }
  stacks(): readonly string[] {
    return [...new Set(this.listed.map((s) => s.stack).filter((s): s is string => !!s))].sort();
  }
  async refresh(): Promise<void> {
    this.refreshes++;
    this.lastError = this.failNext;
    if (!this.failNext && this.next) this.listed = this.next;
  }
}

/** A host that records each picker and notification, and answers pickers with a label (or cancels). */
class FakeHost {
  readonly picks: { labels: string[]; items: QuickPickItem[]; options: QuickPickOptions }[] = [];
  readonly infos: string[] = [];
  constructor(private readonly answers: (string | undefined)[] = []) {}
  async showQuickPick<T extends QuickPickItem>(items: readonly T[], options: QuickPickOptions): Promise<T | undefined> {
    this.picks.push({ labels: items.map((i) => i.label), items: [...items], options });
    const a = this.answers.shift();
    return items.find((i) => i.label === a);
  }
  async showInformationMessage(message: string): Promise<string | undefined> {
    this.infos.push(message);
    return undefined;
  }
}

function targets(store: FakeStore, host = new FakeHost()): Targets & { store: FakeStore; host: FakeHost } {
  return { store, host };
}

const web = service('web');
const api = service('api', { mode: 'global', stack: 'shop' });
const db = service('db', { stack: 'shop' });
const cache = service('cache', { stack: 'aux' });

describe('target resolver: type guards', () => {
  it('knows each row kind by its kind and payload, and nothing else', () => {
    const t = task(web, 1);
    assert.ok(isServiceElement({ kind: 'service', service: web }));
    assert.ok(isTaskElement({ kind: 'task', task: t, service: web }));
    assert.ok(isStackElement({ kind: 'stack', name: 'shop', services: [] }));
    assert.ok(isNodeElement({ kind: 'node', node: node('n1') }));
    for (const x of [undefined, null, 'web', 3, [], { kind: 'service' }, { kind: 'task', service: web }, { kind: 'stack' }, { kind: 'node', node: 'n1' }]) {
      assert.ok(!isServiceElement(x) && !isTaskElement(x) && !isStackElement(x) && !isNodeElement(x), JSON.stringify(x));
    }
    assert.equal(serviceOf({ kind: 'task', task: t, service: web }), web);
    assert.equal(serviceOf({ kind: 'info', text: 'No tasks', service: web }), undefined, 'an info row is not a service to act on');
  });
});

describe('target resolver: one service', () => {
  it('a clicked service row, or the service of a task row, without a refresh or a picker', async () => {
    const t = targets(new FakeStore([web]));
    assert.equal(await resolveService(t, { kind: 'service', service: api }, 'Pick'), api);
    assert.equal(await resolveService(t, { kind: 'task', task: task(web, 1), service: web }, 'Pick'), web);
    assert.equal(t.store.refreshes, 0);
    assert.deepEqual(t.host.picks, []);
  });

  it('a clicked row is taken even when not eligible (the command says why it cannot act)', async () => {
    const t = targets(new FakeStore([web, api]));
    assert.equal(await resolveService(t, { kind: 'service', service: api }, 'Pick', (s) => s.mode === 'replicated'), api);
  });

  it('a name or an id as listed, without a refresh', async () => {
    const t = targets(new FakeStore([web, db]));
    assert.equal(await resolveService(t, 'db', 'Pick'), db);
    assert.equal(await resolveService(t, web.id, 'Pick'), web);
    assert.equal(t.store.refreshes, 0);
  });

  it('a name not listed yet: refreshes first, then finds it', async () => {
    const store = new FakeStore([web], [], [web, db]);
    assert.equal(await resolveService(targets(store), 'db', 'Pick'), db);
    assert.equal(store.refreshes, 1);
  });

  it('a name that is not there even after a refresh: an invalid-argument error naming it', async () => {
    const store = new FakeStore([web]);
    await assert.rejects(resolveService(targets(store), 'nope', 'Pick'), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid' && e.message === 'No service named or with id "nope" is listed.');
    await assert.rejects(resolveService(targets(store), 'x'.repeat(200), 'Pick'), (e: unknown) => e instanceof SwarmError && e.message.includes(`"${'x'.repeat(80)}"`));
  });

  it('nothing given: refreshes, then offers the eligible services with mode, counts and image', async () => {
    const store = new FakeStore([web], [], [web, api, db]);
    const t = targets(store, new FakeHost(['db']));
    assert.equal(await resolveService(t, undefined, 'Select a service to scale', (s) => s.mode === 'replicated'), db);
    assert.equal(store.refreshes, 1);
    assert.equal(t.host.picks.length, 1);
    assert.deepEqual(t.host.picks[0]!.options, { placeHolder: 'Select a service to scale', matchOnDescription: true });
    assert.deepEqual(t.host.picks[0]!.items.map((i) => [i.label, i.description, i.detail]), [['web', 'replicated 1/2', 'web:1'], ['db', 'replicated 1/2', 'db:1']]);
  });

  it('a row that stands for no service (a stack, an info row, a selection array) goes to the picker', async () => {
    for (const arg of [{ kind: 'stack', name: 'shop', services: [db] }, { kind: 'info', text: 'x', service: web }, [web], '']) {
      const t = targets(new FakeStore([web]), new FakeHost([undefined]));
      assert.equal(await resolveService(t, arg, 'Pick'), undefined);
      assert.equal(t.host.picks.length, 1, JSON.stringify(arg));
    }
  });

  it('none eligible: says so and shows no picker', async () => {
    const t = targets(new FakeStore([api]));
    assert.equal(await resolveService(t, undefined, 'Pick', (s) => s.mode === 'replicated'), undefined);
    assert.deepEqual(t.host.infos, ['There is no service to choose from.']);
    assert.deepEqual(t.host.picks, []);
  });

  it('a store that cannot read: its error, and no picker', async () => {
    const store = new FakeStore([web]);
    store.failNext = new SwarmError('unreachable', 'Cannot reach the engine');
    const t = targets(store);
    await assert.rejects(resolveService(t, undefined, 'Pick'), (e: unknown) => e === store.failNext);
    assert.deepEqual(t.host.picks, []);
  });
});

describe('target resolver: a multi-selection', () => {
  it('each selected row once (a service and its own task are one), in order; rows of no service are left out', async () => {
    const t = targets(new FakeStore([web, db]));
    const selection = [
      { kind: 'service', service: web },
      { kind: 'task', task: task(web, 1), service: web },
      { kind: 'stack', name: 'shop', services: [db] },
      { kind: 'task', task: task(db, 2), service: db },
    ];
    assert.deepEqual(await resolveServices(t, selection[0], selection, 'Pick'), [web, db]);
    assert.deepEqual(t.host.picks, []);
  });

  it('a selection of one is the clicked row; none is the picker', async () => {
    const t = targets(new FakeStore([web, db]), new FakeHost(['db']));
    assert.deepEqual(await resolveServices(t, { kind: 'service', service: web }, [{ kind: 'service', service: web }], 'Pick'), [web]);
    assert.deepEqual(await resolveServices(t, undefined, undefined, 'Select a service to remove'), [db]);
    assert.equal(t.host.picks[0]?.options.placeHolder, 'Select a service to remove');
  });

  it('cancelled picker: no service', async () => {
    const t = targets(new FakeStore([web]), new FakeHost([undefined]));
    assert.deepEqual(await resolveServices(t, undefined, undefined, 'Pick'), []);
  });
});

describe('target resolver: nodes', () => {
  const n1 = node('n1');
  const n2 = node('n2', { role: 'worker', availability: 'drain', state: 'down' });

  it('a clicked node row, without a refresh', async () => {
    const store = new FakeStore([], [n1]);
    assert.equal(await resolveNode(targets(store), { kind: 'node', node: n2 }, 'Pick'), n2);
    assert.equal(store.refreshes, 0);
  });

  it('a hostname or id, after a refresh; one not there is an error naming it', async () => {
    const store = new FakeStore([], [n1, n2]);
    assert.equal(await resolveNode(targets(store), 'n2', 'Pick'), n2);
    assert.equal(await resolveNode(targets(store), n1.id, 'Pick'), n1);
    assert.equal(store.refreshes, 2);
    await assert.rejects(resolveNode(targets(store), 'n9', 'Pick'), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid' && e.message === 'No node named or with id "n9" is listed.');
  });

  it('nothing given: offers the eligible nodes with role, availability and state', async () => {
    const t = targets(new FakeStore([], [n1, n2]), new FakeHost(['n2']));
    assert.equal(await resolveNode(t, undefined, 'Select a node to activate', (n) => n.availability !== 'active'), n2);
    assert.deepEqual(t.host.picks[0]!.items.map((i) => [i.label, i.description]), [['n2', 'worker · drain · down']]);
    assert.deepEqual(t.host.picks[0]!.options, { placeHolder: 'Select a node to activate' });
  });

  it('none eligible: says so', async () => {
    const t = targets(new FakeStore([], [n1]));
    assert.equal(await resolveNode(t, undefined, 'Pick', (n) => n.availability !== 'active'), undefined);
    assert.deepEqual(t.host.infos, ['There is no node to choose from.']);
  });

  it('a store that cannot read: its error, even for a hostname', async () => {
    const store = new FakeStore([], [n1]);
    store.failNext = new SwarmError('notManager', 'This node is not a swarm manager');
    await assert.rejects(resolveNode(targets(store), 'n1', 'Pick'), (e: unknown) => e === store.failNext);
  });
});

describe('target resolver: stacks', () => {
  it('a clicked stack row or a name, as given, without a refresh', async () => {
    const store = new FakeStore([db]);
    assert.equal(await resolveStack(targets(store), { kind: 'stack', name: 'shop', services: [db] }, 'Pick'), 'shop');
    assert.equal(await resolveStack(targets(store), 'elsewhere', 'Pick'), 'elsewhere');
    assert.equal(store.refreshes, 0);
  });

  it('nothing given: refreshes and offers each stack once, sorted', async () => {
    const t = targets(new FakeStore([web, api, db, cache]), new FakeHost(['shop']));
    assert.equal(await resolveStack(t, undefined, 'Select a stack to remove'), 'shop');
    assert.deepEqual(t.host.picks[0]!.labels, ['aux', 'shop']);
    assert.deepEqual(t.host.picks[0]!.options, { placeHolder: 'Select a stack to remove' });
  });

  it('no stack: says so, in the words the command gives', async () => {
    const t = targets(new FakeStore([web]));
    assert.equal(await resolveStack(t, undefined, 'Pick', 'There is no stack to remove.'), undefined);
    assert.deepEqual(t.host.infos, ['There is no stack to remove.']);
  });
});

describe('target resolver: choose', () => {
  it('takes a single candidate without asking only when told to', async () => {
    const host = new FakeHost([undefined]);
    assert.equal(await choose(host, { candidates: ['a'], none: 'none', item: (s) => ({ label: s }), options: {}, takeSingle: true }), 'a');
    assert.equal(host.picks.length, 0);
    assert.equal(await choose(host, { candidates: ['a'], none: 'none', item: (s) => ({ label: s }), options: {} }), undefined);
    assert.equal(host.picks.length, 1);
  });

  it('returns the candidate itself, whatever its label', async () => {
    const host = new FakeHost(['second']);
    const candidates = [{ n: 1 }, { n: 2 }];
    assert.equal(await choose(host, { candidates, none: 'none', item: (c) => ({ label: c.n === 1 ? 'first' : 'second' }), options: {} }), candidates[1]);
  });
});
