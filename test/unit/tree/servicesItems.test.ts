// The Services tree's rows as data: ids, contextValues (package.json's `when` clauses match
// them), descriptions, tooltips and icons, for stacks, services, tasks and info lines.
import * as assert from 'node:assert/strict';
import type { ServiceSummary, TaskSummary } from '../../../src/model/summaries';
import { infoItem, serviceContextValue, serviceItem, stackItem, taskIcon, taskItem } from '../../../src/tree/servicesItems';

function summary(over: Partial<ServiceSummary> = {}): ServiceSummary {
  return {
    id: 'abcdef0123456789abcdef',
    shortId: 'abcdef012345',
    name: 'web',
    version: 7,
    mode: 'replicated',
    running: 2,
    desired: 3,
    image: 'busybox:1',
    labels: {},
    hasPreviousSpec: false,
    ...over,
  };
}

function taskSummary(over: Partial<TaskSummary> = {}): TaskSummary {
  return { id: 'task0123456789', serviceId: 'abcdef0123456789abcdef', name: 'web.1', state: 'running', desiredState: 'running', ...over };
}

describe('Services tree rows', () => {
  it('a stack: expanded, counted from the summaries given, with one tooltip line per service', () => {
    const item = stackItem('shop', [summary({ name: 'shop_api', running: 1, desired: 2 }), summary({ name: 'shop_db', running: 1, desired: 1 })]);
    assert.deepEqual(item, {
      label: 'shop',
      id: 'stack:shop',
      collapsible: 'expanded',
      description: 'stack · 2 services · 2/3',
      tooltip: 'Stack shop\n  shop_api: replicated 1/2\n  shop_db: replicated 1/1',
      contextValue: 'stack',
      icon: { id: 'layers' },
    });
    assert.equal(stackItem('one', [summary()]).description, 'stack · 1 service · 2/3');
  });

  it('a service: id, description with mode, counts, image and short id, and a health icon', () => {
    const item = serviceItem(summary());
    assert.equal(item.label, 'web');
    assert.equal(item.id, 'service:abcdef0123456789abcdef');
    assert.equal(item.collapsible, 'collapsed');
    assert.equal(item.description, 'replicated 2/3  busybox:1  abcdef012345');
    assert.equal(item.contextValue, 'service:replicated:scalable');
    assert.deepEqual(item.icon, { id: 'warning', color: 'list.warningForeground' });
    assert.deepEqual(serviceItem(summary({ running: 3 })).icon, { id: 'pass', color: 'testing.iconPassed' });
    assert.deepEqual(serviceItem(summary({ running: 0 })).icon, { id: 'error', color: 'list.errorForeground' });
    assert.deepEqual(serviceItem(summary({ running: 0, desired: 0 })).icon, { id: 'circle-outline', color: 'disabledForeground' });
  });

  it('a service being updated: the update in the description, a spinning icon rather than an outage', () => {
    const item = serviceItem(summary({ updateState: 'updating', running: 0 }));
    assert.equal(item.description, 'replicated 0/3 (updating)  busybox:1  abcdef012345');
    assert.deepEqual(item.icon, { id: 'sync~spin', color: 'list.warningForeground' });
    assert.equal(serviceItem(summary({ updateState: 'completed' })).description, 'replicated 2/3  busybox:1  abcdef012345');
    assert.equal(serviceItem(summary({ updateState: 'rollback_completed' })).description, 'replicated 2/3 (rolled back)  busybox:1  abcdef012345');
  });

  it('contextValue facets: mode, scalable, updating, rollback, following', () => {
    assert.equal(serviceContextValue(summary({ mode: 'global' })), 'service:global');
    assert.equal(serviceContextValue(summary({ mode: 'global-job' })), 'service:global-job');
    assert.equal(serviceContextValue(summary({ updateState: 'rollback_started', hasPreviousSpec: true }), true), 'service:replicated:scalable:updating:rollback:following');
    assert.equal(serviceItem(summary(), true).contextValue, 'service:replicated:scalable:following');
  });

  it('a service tooltip lists its facts and labels', () => {
    const tooltip = serviceItem(summary({ labels: { team: 'a' }, createdAt: '2026-01-01T00:00:00Z', updateState: 'paused', updateMessage: 'update paused due to failure' })).tooltip;
    assert.equal(tooltip, [
      'web',
      'ID: abcdef0123456789abcdef',
      'Short ID: abcdef012345',
      'Mode: replicated',
      'Replicas: 2 running / 3 desired',
      'Version: 7',
      'Image: busybox:1',
      'Created: 2026-01-01T00:00:00Z',
      'Update: paused — update paused due to failure',
      'Labels:',
      '  team=a',
    ].join('\n'));
  });

  it('a task: id, state with desired state, node and error in the description', () => {
    const item = taskItem(taskSummary({ state: 'failed', desiredState: 'shutdown', nodeName: 'alpha', nodeId: 'node1', error: 'non-zero exit (1)', timestamp: 'now' }));
    assert.deepEqual(item, {
      label: 'web.1',
      id: 'task:task0123456789',
      collapsible: 'none',
      description: 'failed → shutdown @alpha — non-zero exit (1)',
      tooltip: 'web.1\nTask ID: task0123456789\nState: failed (desired: shutdown)\nNode: alpha (node1)\nSince: now\nError: non-zero exit (1)',
      contextValue: 'task:failed',
      icon: { id: 'error', color: 'list.errorForeground' },
    });
    assert.equal(taskItem(taskSummary()).description, 'running');
  });

  it('task icons by state', () => {
    assert.deepEqual(taskIcon('running'), { id: 'play-circle', color: 'testing.iconPassed' });
    assert.deepEqual(taskIcon('complete'), { id: 'pass', color: 'disabledForeground' });
    assert.deepEqual(taskIcon('shutdown'), { id: 'circle-slash', color: 'disabledForeground' });
    assert.deepEqual(taskIcon('preparing'), { id: 'loading~spin' });
  });

  it('an info line: plain text, one per service, contextValue info', () => {
    assert.deepEqual(infoItem('No tasks running or meant to run', 'svc1'), { label: 'No tasks running or meant to run', id: 'info:svc1', collapsible: 'none', contextValue: 'info' });
  });
});
