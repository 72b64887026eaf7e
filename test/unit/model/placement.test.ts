// Why a task waits for a node: a service's placement constraints checked against the nodes of
// the same refresh, on the task rows and the service row.
import * as assert from 'node:assert/strict';
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';
import { explainUnplacedTasks, placementConstraints, placementProblem, waitsForNode, withPlacement } from '../../../src/model/placement';
import { buildModel, summarizeService, summarizeTask } from '../../../src/model/summaries';
import { taskDescription, taskTooltip, serviceTooltip } from '../../../src/tree/servicesItems';

const NO_NODE = 'no suitable node (scheduling constraints not satisfied on 2 nodes)';

function node(id: string, hostname: string, labels: Record<string, string> = {}, availability = 'active'): EngineNode {
  return { ID: id, Description: { Hostname: hostname }, Spec: { Role: 'worker', Availability: availability, Labels: labels }, Status: { State: 'ready' } };
}

function service(constraints?: string[]): EngineService {
  return {
    ID: 'svc0123456789abcdef',
    Spec: {
      Name: 'api',
      Mode: { Replicated: { Replicas: 1 } },
      TaskTemplate: { ContainerSpec: { Image: 'busybox' }, ...(constraints ? { Placement: { Constraints: constraints } } : {}) },
    },
  };
}

function pending(id: string, err = NO_NODE): EngineTask {
  return { ID: id, ServiceID: 'svc0123456789abcdef', Slot: 1, DesiredState: 'running', Status: { State: 'pending', Message: 'pending task scheduling', Err: err } };
}

const nodes = [node('n1', 'alpha', { region: 'us' }), node('n2', 'beta', { region: 'ap' })];

describe('placement', () => {
  it('reads the constraints of a service, ignoring what is not a string', () => {
    assert.deepEqual(placementConstraints(service(['node.role==worker', 'node.labels.region==eu'])), ['node.role==worker', 'node.labels.region==eu']);
    assert.deepEqual(placementConstraints(service()), []);
    assert.deepEqual(placementConstraints(undefined), []);
    const odd = service();
    odd.Spec!.TaskTemplate!['Placement'] = { Constraints: ['', 3, 'node.role==manager'] };
    assert.deepEqual(placementConstraints(odd), ['node.role==manager']);
  });

  it('names the constraint no node meets, with the values the nodes have', () => {
    assert.equal(
      placementProblem(['node.role==worker', 'node.labels.region==eu'], nodes),
      'node.labels.region==eu: no node has the label "region" equal to "eu" (the nodes have "us", "ap")',
    );
    assert.equal(placementProblem(['node.labels.h16l-zone==x'], nodes), 'node.labels.h16l-zone==x: no node has the label "h16l-zone" equal to "x" (no node has that label)');
    assert.equal(placementProblem(['node.labels.region==us'], nodes), undefined, 'alpha meets it');
    assert.equal(placementProblem([], nodes), undefined);
  });

  it('says when each constraint is met somewhere but no node meets them all', () => {
    const both = ['node.labels.region==us', 'node.hostname==beta'];
    assert.equal(placementProblem(both, nodes), 'each constraint is met by some node, but no node meets all of them (node.labels.region==us, node.hostname==beta)');
  });

  it('a node that takes no new task does not count as meeting a constraint', () => {
    const drained = [node('n1', 'alpha', { region: 'eu' }, 'drain')];
    assert.match(placementProblem(['node.labels.region==eu'], drained) ?? '', /only alpha meets it, and no new task goes there/);
  });

  it('only a pending task the Engine found no node for waits for a node', () => {
    const names = new Map<string, string>();
    assert.equal(waitsForNode(summarizeTask(pending('t1'), 'api', names)), true);
    assert.equal(waitsForNode(summarizeTask(pending('t2', ''), 'api', names)), false);
    const running = { ...pending('t3'), Status: { State: 'running' } };
    assert.equal(waitsForNode(summarizeTask(running, 'api', names)), false);
  });

  it('explains the pending tasks of a constrained service, and leaves others as they were', () => {
    const names = new Map<string, string>();
    const tasks = [summarizeTask(pending('t1'), 'api', names), summarizeTask({ ...pending('t2'), Status: { State: 'running' } }, 'api', names)];
    const explained = explainUnplacedTasks(tasks, service(['node.labels.region==eu']), nodes);
    assert.match(explained[0]!.unplaced ?? '', /^node\.labels\.region==eu: no node has the label "region" equal to "eu"/);
    assert.equal(explained[1]!.unplaced, undefined);
    assert.equal(tasks[0]!.unplaced, undefined, 'the given summaries are not changed');
    // No constraint to blame (resources, platform): the Engine's own words stay.
    assert.equal(explainUnplacedTasks(tasks, service(), nodes), tasks);
    assert.equal(explainUnplacedTasks(tasks, service(['node.labels.region==us']), nodes), tasks);
  });

  it('the task row says which constraint, in its description and tooltip', () => {
    const model = buildModel([service(['node.labels.region==eu'])], [pending('t1')], nodes);
    const [t] = model.tasksByService.get('svc0123456789abcdef')!;
    assert.equal(
      taskDescription(t!),
      'pending — no suitable node: node.labels.region==eu: no node has the label "region" equal to "eu" (the nodes have "us", "ap")',
    );
    const tooltip = taskTooltip(t!);
    assert.match(tooltip, /\nError: no suitable node \(scheduling constraints not satisfied on 2 nodes\)\n/);
    assert.match(tooltip, /\nPlacement: node\.labels\.region==eu: no node has the label "region"/);
    const [s] = model.services;
    assert.match(serviceTooltip(s!), /\nNo node can take its tasks: node\.labels\.region==eu: /);
  });

  it('a service whose constraints some node meets has no placement line', () => {
    const s = service(['node.labels.region==us']);
    const summary = withPlacement(summarizeService(s, []), s, nodes);
    assert.equal(summary.unplaced, undefined);
    assert.doesNotMatch(serviceTooltip(summary), /No node can take/);
  });
});
