// What each Engine event says changed (in the shapes the Engine sends), how a ChangeSet gathers
// changes until the next read, and when a task's recorded state agrees with its container's event.
import * as assert from 'node:assert/strict';
import { ChangeSet, changeOf, expectationMet, type SwarmChange } from '../../../src/model/changes';
import type { EngineEvent } from '../../../src/model/events';

const SERVICE = 'svc0123456789abcdefghijklm';
const TASK = 'tsk0123456789abcdefghijklm';
const NODE = 'nod0123456789abcdefghijklm';

/** A service's event: Actor.ID the service, Attributes its name (and, on a scale, the counts). */
function serviceEvent(action: string, id: string | null = SERVICE, attributes: Record<string, string> = { name: 'web' }): EngineEvent {
  return { Type: 'service', Action: action, Actor: { ...(id ? { ID: id } : {}), Attributes: attributes }, scope: 'swarm', time: 1, timeNano: 1 };
}

/** A task container's event, with the labels the swarm agent puts on it. */
function containerEvent(action: string, labels: Record<string, string | undefined> = {}): EngineEvent {
  const attributes: Record<string, string> = {
    image: 'busybox:latest@sha256:abc',
    name: `web.1.${TASK}`,
    'com.docker.swarm.node.id': NODE,
    'com.docker.swarm.service.id': SERVICE,
    'com.docker.swarm.service.name': 'web',
    'com.docker.swarm.task': '',
    'com.docker.swarm.task.id': TASK,
    'com.docker.swarm.task.name': `web.1.${TASK}`,
  };
  for (const [k, v] of Object.entries(labels)) {
    if (v === undefined) delete attributes[k];
    else attributes[k] = v;
  }
  return { Type: 'container', Action: action, Actor: { ID: 'c0ntainer0123456789', Attributes: attributes }, scope: 'local', time: 1, timeNano: 1 };
}

const service = (id: string, task?: { id: string; expect?: 'running' | 'stopped' }): SwarmChange => ({ kind: 'service', id, removed: false, ...(task ? { task } : {}) });

describe('changeOf', () => {
  it('a service event names its service (Actor.ID); a remove says it is gone', () => {
    assert.deepEqual(changeOf(serviceEvent('create')), { kind: 'service', id: SERVICE, removed: false });
    assert.deepEqual(changeOf(serviceEvent('update', SERVICE, { name: 'web', 'replicas.new': '2', 'replicas.old': '1' })), { kind: 'service', id: SERVICE, removed: false });
    assert.deepEqual(changeOf(serviceEvent('remove')), { kind: 'service', id: SERVICE, removed: true });
  });

  it('a service or node event without an ID asks for everything', () => {
    assert.deepEqual(changeOf(serviceEvent('update', null)), { kind: 'everything' });
    assert.deepEqual(changeOf({ Type: 'node', Action: 'update', Actor: { Attributes: { name: 'alpha' } }, scope: 'swarm' }), { kind: 'everything' });
  });

  it('a node event names its node (a label change is an update)', () => {
    assert.deepEqual(changeOf({ Type: 'node', Action: 'update', Actor: { ID: NODE, Attributes: { name: 'alpha' } }, scope: 'swarm' }), { kind: 'node', id: NODE, removed: false });
    assert.deepEqual(changeOf({ Type: 'node', Action: 'remove', Actor: { ID: NODE, Attributes: { name: 'alpha' } }, scope: 'swarm' }), { kind: 'node', id: NODE, removed: true });
  });

  it("a task container's event names its service; start expects running, die and oom stopped, the others nothing", () => {
    const expected: Record<string, 'running' | 'stopped' | undefined> = {
      create: undefined,
      start: 'running',
      die: 'stopped',
      oom: 'stopped',
      kill: undefined,
      stop: undefined,
      destroy: undefined,
      'health_status: healthy': undefined,
      'health_status: unhealthy': undefined,
    };
    for (const [action, expect] of Object.entries(expected)) {
      const task = expect ? { id: TASK, expect } : { id: TASK };
      assert.deepEqual(changeOf(containerEvent(action)), service(SERVICE, task), action);
    }
  });

  it('a swarm task container without the service label asks for everything', () => {
    assert.deepEqual(changeOf(containerEvent('start', { 'com.docker.swarm.service.id': undefined })), { kind: 'everything' });
  });

  it('a standalone container, an exec, and container actions that change nothing shown are not changes', () => {
    const standalone: EngineEvent = { Type: 'container', Action: 'start', Actor: { ID: 'c1', Attributes: { image: 'busybox', name: 'hello' } }, scope: 'local' };
    assert.equal(changeOf(standalone), undefined);
    for (const action of ['exec_create: sh', 'exec_start: sh', 'exec_die', 'attach', 'resize', 'top', 'pause', 'rename', 'commit']) {
      assert.equal(changeOf(containerEvent(action)), undefined, action);
    }
  });

  it('a swarm-scope secret, config or network event names its kind; the local ones of a node do not count', () => {
    for (const type of ['secret', 'config', 'network'] as const) {
      const e: EngineEvent = { Type: type, Action: 'create', Actor: { ID: 'obj1', Attributes: { name: 'x' } }, scope: 'swarm' };
      assert.deepEqual(changeOf(e), { kind: 'object', type });
    }
    for (const action of ['create', 'connect', 'disconnect', 'destroy']) {
      const local: EngineEvent = { Type: 'network', Action: action, Actor: { ID: 'net1', Attributes: { name: 'ingress', type: 'overlay', container: 'c1' } }, scope: 'local' };
      assert.equal(changeOf(local), undefined, action);
    }
  });

  it('image, volume and plugin events, and an event with no type, are not changes', () => {
    assert.equal(changeOf({ Type: 'image', Action: 'pull', Actor: { ID: 'busybox:latest', Attributes: { name: 'busybox' } }, scope: 'local' }), undefined);
    assert.equal(changeOf({ Type: 'image', Action: 'delete', Actor: { ID: 'sha256:abc' }, scope: 'local' }), undefined);
    assert.equal(changeOf({ Type: 'volume', Action: 'mount', Actor: { ID: 'v' }, scope: 'local' }), undefined);
    assert.equal(changeOf({}), undefined);
  });
});

describe('ChangeSet', () => {
  it('gathers services, nodes and object kinds; a removal drops the re-read of the same service, before or after', () => {
    const c = ChangeSet.of(service('a'), { kind: 'service', id: 'b', removed: true }, service('b'), { kind: 'node', id: 'n1', removed: false }, { kind: 'node', id: 'n2', removed: true }, { kind: 'object', type: 'secret' });
    c.add({ kind: 'service', id: 'a', removed: true });
    assert.deepEqual([...c.services], []);
    assert.deepEqual([...c.removedServices].sort(), ['a', 'b']);
    assert.deepEqual([[...c.nodes], [...c.removedNodes], [...c.objects]], [['n1'], ['n2'], ['secret']]);
    assert.equal(c.everything, false);
  });

  it('merge: a removal in either set wins over a re-read in the other', () => {
    const first = ChangeSet.of(service('a'), { kind: 'service', id: 'b', removed: true });
    first.merge(ChangeSet.of({ kind: 'service', id: 'a', removed: true }, service('b'), service('c')));
    assert.deepEqual([...first.services], ['c']);
    assert.deepEqual([...first.removedServices].sort(), ['a', 'b']);
  });

  it('a later event of a task with an expectation overwrites the earlier one; one without keeps it (added or merged)', () => {
    const added = ChangeSet.of(service('s', { id: 't', expect: 'running' }), service('s', { id: 't', expect: 'stopped' }));
    assert.deepEqual([...added.expectations], [['t', { serviceId: 's', expect: 'stopped' }]]);
    // `docker stop` is kill, die, stop: the stop says nothing new, the die's "stopped" holds.
    added.add(service('s', { id: 't' }));
    assert.deepEqual([...added.expectations], [['t', { serviceId: 's', expect: 'stopped' }]]);

    // As the RefreshController gathers them: each event's own set merged into the one gathered.
    const gathered = new ChangeSet();
    for (const [task, expect] of [['t', 'running'], ['u', 'running'], ['t', undefined], ['t', 'stopped'], ['t', undefined]] as const) {
      gathered.merge(ChangeSet.of(service('s', expect ? { id: task, expect } : { id: task })));
    }
    assert.deepEqual([...gathered.expectations].sort(), [['t', { serviceId: 's', expect: 'stopped' }], ['u', { serviceId: 's', expect: 'running' }]]);
    assert.deepEqual([...gathered.services], ['s']);
  });

  it('touchesSwarm and isEmpty', () => {
    assert.equal(new ChangeSet().isEmpty, true);
    assert.equal(new ChangeSet().touchesSwarm, false);
    const objects = ChangeSet.of({ kind: 'object', type: 'config' });
    assert.deepEqual([objects.touchesSwarm, objects.isEmpty], [false, false]);
    for (const c of [service('a'), { kind: 'service', id: 'a', removed: true }, { kind: 'node', id: 'n', removed: false }, { kind: 'node', id: 'n', removed: true }] as SwarmChange[]) {
      const set = ChangeSet.of(c);
      assert.deepEqual([set.touchesSwarm, set.isEmpty], [true, false], JSON.stringify(c));
    }
    assert.deepEqual([ChangeSet.everything().touchesSwarm, ChangeSet.everything().isEmpty], [true, false]);
    const merged = new ChangeSet();
    merged.merge(ChangeSet.everything());
    assert.equal(merged.everything, true);
  });
});

describe('expectationMet', () => {
  it('running: once the manager records the task past its start (running or beyond)', () => {
    for (const state of ['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting', undefined]) {
      assert.equal(expectationMet('running', state), false, String(state));
    }
    for (const state of ['running', 'complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']) assert.equal(expectationMet('running', state), true, state);
  });

  it('stopped: once it is no longer recorded running', () => {
    assert.equal(expectationMet('stopped', 'running'), false);
    for (const state of ['complete', 'failed', 'shutdown', 'starting', undefined]) assert.equal(expectationMet('stopped', state), true, String(state));
  });
});
