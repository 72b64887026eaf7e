// Which tasks live stats read and when, over a fake store and view: on for all services or one
// at a time (a service turned off while all are on stays off), only running tasks of services
// whose tasks the view shows, polling only while the view is visible and something is on, the
// context key that swaps Show Task Stats for Hide, the rows' words, and the menu entries that
// match a service row by its `stats` facet.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SwarmClient } from '../../../src/docker/swarmClient';
import type { StatsSample } from '../../../src/model/containers';
import type { NodeSummary } from '../../../src/model/nodeSummaries';
import type { ServiceSummary, TaskSummary } from '../../../src/model/summaries';
import { noEndpointError, type NodeEngine, type NodeRef } from '../../../src/nodeEngines/nodeEngines';
import { TaskStats } from '../../../src/stats/taskStats';
import { Emitter } from '../../../src/tree/emitter';
import { serviceContextValue, serviceItem, taskItem, type RowStats } from '../../../src/tree/servicesItems';
import type { StoreChange } from '../../../src/tree/swarmStore';
import { ManualClock } from '../../support/manualClock';

const MiB = 1024 * 1024;

function service(id: string): ServiceSummary {
  return { id, shortId: id, name: `svc-${id}`, version: 1, mode: 'replicated', running: 1, desired: 1, image: 'busybox', labels: {}, hasPreviousSpec: false };
}

function task(id: string, serviceId: string, state = 'running', nodeId = 'n1'): TaskSummary {
  return { id, serviceId, name: `svc-${serviceId}.${id}`, state, desiredState: 'running', nodeId, nodeName: 'alpha', containerId: `c-${id}` };
}

function setup() {
  const changed = new Emitter<StoreChange>();
  const store = {
    services: [service('s1'), service('s2'), service('s3')] as readonly ServiceSummary[],
    expanded: new Set(['s1', 's2']),
    tasks: new Map<string, TaskSummary[]>([
      ['s1', [task('t1', 's1'), task('t1old', 's1', 'shutdown')]],
      ['s2', [task('t2', 's2'), task('t2w', 's2', 'running', 'n2')]],
      ['s3', [task('t3', 's3')]],
    ]),
    nodes: [{ id: 'n1', hostname: 'alpha', address: '10.0.0.1' }, { id: 'n2', hostname: 'worker' }] as NodeSummary[],
    isServiceExpanded(id: string) {
      return this.expanded.has(id);
    },
    knownTasksOf(id: string) {
      return this.tasks.get(id);
    },
    findNode(id: string) {
      return this.nodes.find((n) => n.id === id);
    },
    onDidChange: changed.event,
  };
  const visibility = new Emitter<unknown>();
  const view = { visible: true, onDidChangeVisibility: visibility.event };
  const redrawn = { services: [] as string[], tasks: [] as string[], all: 0 };
  let rowStats: RowStats | undefined;
  const servicesRows = {
    setRowStats: (r: RowStats | undefined) => (rowStats = r),
    redrawServices: (ids: Iterable<string>) => void redrawn.services.push(...ids),
    redraw: () => void redrawn.all++,
  };
  const nodesRows = { setRowStats: () => undefined, redrawTasks: (ids: Iterable<string>) => void redrawn.tasks.push(...ids) };
  const requests: string[] = [];
  const engines = {
    engineFor: async (node: NodeRef): Promise<NodeEngine> => {
      if (node.id !== 'n1') throw noEndpointError(node);
      const client = {
        containerStats: async (id: string): Promise<StatsSample> => {
          requests.push(id);
          return { readAt: 1, cpuTotalNs: 0, systemNs: 1, onlineCpus: 2, memoryBytes: 2 * MiB, memoryLimitBytes: 0 };
        },
      } as unknown as SwarmClient;
      return { client, route: { kind: 'connected' } };
    },
  };
  const keys: boolean[] = [];
  const expanded: string[] = [];
  const clock = new ManualClock();
  const stats = new TaskStats({
    store, view, servicesRows, nodesRows, engines, clock,
    shownKey: (shown) => keys.push(shown),
    expand: async (id) => void expanded.push(id),
  });
  return { stats, store, view, visibility, changed, redrawn, requests, keys, expanded, clock, rows: () => rowStats };
}

describe('live stats: what is read, when, and what the rows say', () => {
  it('off: nothing read; Show Task Stats reads the running tasks of expanded services, each on its node', async () => {
    const { stats, requests, keys, clock, redrawn, rows } = setup();
    assert.equal(rows(), stats, 'the rows get their words from it');
    await clock.advance(10_000);
    assert.deepEqual(requests, []);
    stats.showAll();
    assert.deepEqual(keys, [true]);
    assert.equal(redrawn.all, 1, 'every row redrawn (the services get the stats facet)');
    assert.deepEqual(stats.targets().map((t) => [t.taskId, t.node]), [
      ['t1', { id: 'n1', hostname: 'alpha', address: '10.0.0.1' }],
      ['t2', { id: 'n1', hostname: 'alpha', address: '10.0.0.1' }],
      ['t2w', { id: 'n2', hostname: 'worker' }],
    ], 'not the finished task, not the collapsed service s3');
    await clock.advance(0);
    assert.deepEqual(requests.sort(), ['c-t1', 'c-t2']);
    assert.equal(stats.taskText(task('t1', 's1')), 'CPU … 2 MiB');
    assert.equal(stats.taskText(task('t2w', 's2', 'running', 'n2')), 'no endpoint');
    assert.equal(stats.taskText(task('t1old', 's1', 'shutdown')), undefined);
    assert.equal(stats.serviceText('s2'), 'CPU … 2 MiB (1 of 2 tasks)');
    assert.equal(stats.serviceText('s3'), undefined, 'collapsed: its tasks are not read, no sum');
    assert.deepEqual([...new Set(redrawn.services)].sort(), ['s1', 's2'], 'the rows whose readings changed');
    assert.deepEqual(redrawn.tasks.sort(), ['t1', 't2', 't2w']);
    stats.hideAll();
    assert.deepEqual(keys, [true, false]);
    assert.equal(stats.taskText(task('t1', 's1')), undefined);
    const before = requests.length;
    await clock.advance(10_000);
    assert.equal(requests.length, before, 'off: no more requests');
    stats.dispose();
  });

  it('polls only while the view is visible', async () => {
    const { stats, view, visibility, requests, clock } = setup();
    stats.showAll();
    await clock.advance(0);
    const n = requests.length;
    view.visible = false;
    visibility.fire(undefined);
    await clock.advance(10_000);
    assert.equal(requests.length, n, 'hidden: no request');
    assert.equal(stats.poller.isRunning, false);
    view.visible = true;
    visibility.fire(undefined);
    await clock.advance(0);
    assert.equal(requests.length, n + 2, 'shown again: read at once');
    stats.dispose();
  });

  it('one service at a time: Show Stats expands it and reads it alone; Hide Stats while all are on keeps it off', async () => {
    const { stats, store, requests, keys, expanded, clock, redrawn } = setup();
    store.expanded.delete('s1');
    await stats.showFor('s1');
    assert.deepEqual(expanded, ['s1'], 'its row expanded, so that its tasks show');
    assert.deepEqual(keys, [false], 'the title bar still offers Show Task Stats');
    assert.deepEqual(redrawn.services, ['s1']);
    store.expanded.add('s1');
    await clock.advance(0);
    assert.deepEqual(requests, ['c-t1']);
    assert.equal(stats.shownFor('s2'), false);
    stats.showAll();
    stats.hideFor('s2');
    assert.equal(stats.shownFor('s2'), false);
    assert.equal(stats.shownFor('s1'), true);
    assert.deepEqual(stats.targets().map((t) => t.taskId), ['t1']);
    stats.hideFor('s1');
    assert.equal(stats.poller.isRunning, true, 'still on for the others (s3, when expanded)');
    stats.hideAll();
    assert.equal(stats.poller.isRunning, false);
    stats.dispose();
  });

  it('a service gone from the swarm is forgotten', () => {
    const { stats, store, changed } = setup();
    void stats.showFor('s3');
    store.services = [service('s1')];
    changed.fire({ kind: 'refreshed' });
    assert.equal(stats.poller.isRunning, false, 'nothing left to show stats of');
    store.services = [service('s1'), service('s3')];
    assert.equal(stats.shownFor('s3'), false);
    stats.dispose();
  });

  it("a row: its own description first, then the stats; a service's row carries the stats facet", () => {
    const s = service('s1');
    assert.equal(taskItem(task('t1', 's1'), '12% 3.1 MiB / 7.6 GiB').description, 'running @alpha  12% 3.1 MiB / 7.6 GiB');
    assert.equal(taskItem(task('t1', 's1')).description, 'running @alpha');
    const item = serviceItem(s, false, { shown: true, text: '112% 6.2 MiB' });
    assert.equal(item.description, 'replicated 1/1  busybox  s1  112% 6.2 MiB');
    assert.equal(item.contextValue, 'service:replicated:scalable:stats');
    assert.equal(serviceItem(s, false, { shown: true }).description, 'replicated 1/1  busybox  s1');
    assert.equal(serviceItem(s).contextValue, 'service:replicated:scalable');
  });

  it("package.json: Show Stats on a service row without the facet, Hide Stats on one with it; the title bar's pair by the context key", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const whenOf = (menu: string, command: string) => pkg.contributes.menus[menu]?.find((m) => m.command === command)?.when ?? '';
    const regexOf = (command: string) => new RegExp(/viewItem =~ \/(.*)\//.exec(whenOf('view/item/context', command))![1]!);
    const show = regexOf('dockerSwarm.service.showStats');
    const hide = regexOf('dockerSwarm.service.hideStats');
    const values = [
      serviceContextValue(service('a')),
      serviceContextValue({ ...service('a'), updateState: 'updating', hasPreviousSpec: true }, true),
      serviceContextValue(service('a'), false, true),
      serviceContextValue({ ...service('a'), mode: 'global', hasPreviousSpec: true }, true, true),
    ];
    assert.deepEqual(values.map((v) => [show.test(v), hide.test(v)]), [[true, false], [true, false], [false, true], [false, true]]);
    assert.equal(show.test('task:running') || hide.test('task:running'), false);
    assert.match(whenOf('view/title', 'dockerSwarm.stats.show'), /!dockerSwarm\.taskStatsShown/);
    assert.match(whenOf('view/title', 'dockerSwarm.stats.hide'), /(^|[^!])dockerSwarm\.taskStatsShown/);
  });
});
