import * as assert from 'node:assert/strict';
import type { EngineNode, EngineService, EngineTask } from '../../src/model/engineTypes';
import { classifyFailure } from '../../src/model/errors';
import { engineLogQuery } from '../../src/model/logOptions';
import { NotScalableError, forceUpdatedSpec, scaledSpec } from '../../src/model/specs';
import { buildModel, health, imageWithoutDigest, shortId } from '../../src/model/summaries';
import { DEFAULT_TASK_FILTER, engineTaskFilters, isDefaultTaskFilter } from '../../src/model/taskFilter';

const nodes: EngineNode[] = [{ ID: 'node1aaaaaaaaaaaaa', Description: { Hostname: 'alpha' } }];

let clock = 0;
function task(id: string, serviceId: string, slot: number | undefined, state: string, desired = 'running', err?: string): EngineTask {
  clock++; // each fixture task is newer than the one before
  return { ID: id, ServiceID: serviceId, NodeID: 'node1aaaaaaaaaaaaa', ...(slot ? { Slot: slot } : {}), DesiredState: desired, Status: { State: state, ...(err ? { Err: err } : {}), Timestamp: `2026-01-01T00:00:${String(clock).padStart(2, '0')}Z` } };
}

const web: EngineService = {
  ID: 'webid0123456789abcdef',
  Version: { Index: 42 },
  Spec: { Name: 'web', Labels: { 'com.docker.stack.namespace': 'shop' }, Mode: { Replicated: { Replicas: 3 } }, TaskTemplate: { ContainerSpec: { Image: 'busybox:latest@sha256:abc' } } },
};
const agent: EngineService = { ID: 'agentid0123456789', Version: { Index: 7 }, Spec: { Name: 'agent', Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: 'agent:1' } } } };

describe('buildModel', () => {
  const tasks = [
    task('t1', web.ID, 1, 'running'),
    task('t2', web.ID, 2, 'running'),
    task('t3', web.ID, 3, 'failed', 'running', 'task: non-zero exit (3)'),
    task('t4', web.ID, 3, 'shutdown', 'shutdown'),
    task('g1', agent.ID, undefined, 'running'),
  ];
  const model = buildModel([web, agent], tasks, nodes);

  it('counts running and desired replicas from the one task listing', () => {
    const s = model.services.find((x) => x.name === 'web')!;
    assert.equal(s.running, 2);
    assert.equal(s.desired, 3);
    assert.equal(s.mode, 'replicated');
    assert.equal(health(s), 'degraded');
  });

  it("without a task listing, counts from the services' ServiceStatus and lists tasks only for the services read", () => {
    const counted = buildModel(
      [{ ...web, ServiceStatus: { RunningTasks: 2, DesiredTasks: 3 } }, { ...agent, ServiceStatus: { RunningTasks: 1, DesiredTasks: 4 } }],
      undefined,
      nodes,
      { tasks: [tasks[0]!, tasks[1]!], for: [web.ID] },
    );
    const w = counted.services.find((x) => x.name === 'web')!;
    const g = counted.services.find((x) => x.name === 'agent')!;
    assert.deepEqual([w.running, w.desired], [2, 3], 'replicated: desired from the spec');
    assert.deepEqual([g.running, g.desired], [1, 4], 'global: desired from the engine');
    assert.deepEqual([...counted.tasksByService.keys()], [web.ID]);
    assert.deepEqual(counted.tasksByService.get(web.ID)!.map((t) => t.name), ['web.1', 'web.2']);
  });

  it('gives a global service a desired count of its tasks meant to run', () => {
    const g = model.services.find((x) => x.name === 'agent')!;
    assert.equal(g.mode, 'global');
    assert.deepEqual([g.running, g.desired], [1, 1]);
  });

  it('maps id, short id, version, image without digest and stack', () => {
    const s = model.services.find((x) => x.name === 'web')!;
    assert.equal(s.shortId, 'webid0123456');
    assert.equal(s.version, 42);
    assert.equal(s.image, 'busybox:latest');
    assert.equal(s.stack, 'shop');
  });

  it('names tasks by slot or by node, with their error', () => {
    const webTasks = model.tasksByService.get(web.ID)!;
    assert.deepEqual(webTasks.map((t) => t.name), ['web.1', 'web.2', 'web.3', 'web.3']);
    // Within a slot, newest first: t4 (shut down last) before t3 (the failure).
    assert.deepEqual(webTasks.slice(2).map((t) => t.id), ['t4', 't3']);
    assert.equal(webTasks[3]!.error, 'task: non-zero exit (3)');
    assert.equal(webTasks[2]!.error, undefined);
    assert.equal(model.tasksByService.get(agent.ID)![0]!.name, 'agent.alpha');
  });

  it('gives a rejected task without Err its status message as the reason', () => {
    const rejected: EngineTask = { ID: 'r1', ServiceID: web.ID, Slot: 1, DesiredState: 'shutdown', Status: { State: 'rejected', Message: 'no suitable node (scheduling constraints not satisfied)' } };
    const m = buildModel([web], [rejected, task('ok1', web.ID, 2, 'running')], nodes);
    const [r, ok] = [m.tasksByService.get(web.ID)!.find((t) => t.id === 'r1')!, m.tasksByService.get(web.ID)!.find((t) => t.id === 'ok1')!];
    assert.equal(r.error, 'no suitable node (scheduling constraints not satisfied)');
    assert.equal(ok.error, undefined);
  });

  it('sorts services by name', () => {
    assert.deepEqual(model.services.map((s) => s.name), ['agent', 'web']);
  });
});

describe('spec transforms', () => {
  it('scale changes only the replica count and leaves the input untouched', () => {
    const spec = structuredClone(web.Spec!);
    const next = scaledSpec(spec, 5);
    assert.equal(next.Mode!.Replicated!.Replicas, 5);
    assert.deepEqual({ ...next, Mode: spec.Mode }, spec);
    assert.equal(spec.Mode!.Replicated!.Replicas, 3);
  });
  it('scale refuses a global service with a reason', () => {
    assert.throws(() => scaledSpec(agent.Spec!, 2), (e: unknown) => e instanceof NotScalableError && /global/.test(e.message));
  });
  it('force update adds one to ForceUpdate and changes nothing else', () => {
    const once = forceUpdatedSpec(web.Spec!);
    const twice = forceUpdatedSpec(once);
    assert.equal(once.TaskTemplate!.ForceUpdate, 1);
    assert.equal(twice.TaskTemplate!.ForceUpdate, 2);
    assert.deepEqual({ ...twice, TaskTemplate: { ...twice.TaskTemplate, ForceUpdate: undefined } }, { ...web.Spec, TaskTemplate: { ...web.Spec!.TaskTemplate, ForceUpdate: undefined } });
  });
});

describe('small helpers', () => {
  it('shortId is 12 characters', () => assert.equal(shortId('0123456789abcdefgh'), '0123456789ab'));
  it('imageWithoutDigest', () => {
    assert.equal(imageWithoutDigest('a/b:1@sha256:ff'), 'a/b:1');
    assert.equal(imageWithoutDigest('a/b:1'), 'a/b:1');
  });
  it('task filters become Engine filters with values as data', () => {
    const tricky = 'x" ,{"a":1}\nz';
    assert.deepEqual(engineTaskFilters({ label: tricky, 'desired-state': 'running' }, 'svc'), {
      'desired-state': ['running'],
      label: [tricky],
      service: ['svc'],
    });
    assert.ok(isDefaultTaskFilter(DEFAULT_TASK_FILTER));
    assert.ok(!isDefaultTaskFilter({}));
  });
  it('log options become the Engine query', () => {
    assert.deepEqual(engineLogQuery({ details: true, follow: false, stdout: true, stderr: false, timestamps: true, tail: 5, since: 1700000000.25 }), {
      details: true, follow: false, stdout: true, stderr: false, timestamps: true, tail: '5', since: '1700000000.25',
    });
    assert.equal(engineLogQuery({ details: false, follow: false, stdout: true, stderr: true, timestamps: false, tail: 'all', since: 1700000000 })['since'], '1700000000');
  });
});

describe('classifyFailure', () => {
  it('tells the engine states apart', () => {
    assert.equal(classifyFailure({ code: 'ECONNREFUSED' }).kind, 'unreachable');
    assert.equal(classifyFailure({ code: 'ENOENT' }).kind, 'unreachable');
    assert.equal(classifyFailure({ code: 'EACCES' }).kind, 'permission');
    assert.equal(classifyFailure({ statusCode: 503, engineMessage: 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.' }).kind, 'notSwarm');
    assert.equal(classifyFailure({ statusCode: 503, engineMessage: "This node is not a swarm manager. Worker nodes can't be used to view or modify cluster state. Please run this command on a manager node or promote the current node to a manager." }).kind, 'notManager');
    assert.equal(classifyFailure({ statusCode: 404, engineMessage: 'service abc not found' }).kind, 'notFound');
    assert.equal(classifyFailure({ statusCode: 500, engineMessage: 'rpc error: code = Unknown desc = update out of sequence' }).kind, 'conflict');
    assert.equal(classifyFailure({ statusCode: 500, engineMessage: 'configured logging driver does not support reading' }).kind, 'logsUnsupported');
    const other = classifyFailure({ statusCode: 500, engineMessage: 'something odd' });
    assert.equal(other.kind, 'api');
    assert.match(other.message, /something odd/);
  });
});

describe('neutraliseLinks', () => {
  it('takes markdown link syntax apart and keeps the text', async () => {
    const { neutraliseLinks } = await import('../../src/model/text');
    const evil = 'boom [click](command:workbench.action.terminal.sendSequence?%7B%7D) and [x] (y)';
    const safe = neutraliseLinks(evil);
    assert.ok(!/\]\s*\(/.test(safe));
    assert.equal(safe.replace(/\u200b/g, ''), evil);
  });
});

describe('service log lines', () => {
  it('splits timestamp, details and message, and prefixes like the CLI', async () => {
    const { formatServiceLine, splitLogLine } = await import('../../src/model/logFormat');
    const raw = '2026-11-26T21:13:30.122795886Z com.docker.swarm.node.id=nodeid0123456789,com.docker.swarm.service.id=svc,com.docker.swarm.task.id=taskid0123456789abc hello world';
    const split = splitLogLine(raw, true, true);
    assert.equal(split.timestamp, '2026-11-26T21:13:30.122795886Z');
    assert.equal(split.attrs['com.docker.swarm.task.id'], 'taskid0123456789abc');
    assert.equal(split.message, 'hello world');
    const lookup = (id: string) => (id === 'taskid0123456789abc' ? { slot: 2, nodeName: 'alpha' } : undefined);
    assert.equal(formatServiceLine(raw, 'web', { prefix: true, timestamps: true, details: false }, lookup), 'web.2.taskid012345@alpha | 2026-11-26T21:13:30.122795886Z hello world');
    assert.equal(formatServiceLine(raw, 'web', { prefix: false, timestamps: true, details: false }, lookup), '2026-11-26T21:13:30.122795886Z hello world');
    assert.match(formatServiceLine(raw, 'web', { prefix: false, timestamps: true, details: true }, lookup), /Z com\.docker\.swarm\.node\.id=.* hello world$/);
    const noTs = raw.slice(raw.indexOf(' ') + 1);
    assert.equal(formatServiceLine(noTs, 'web', { prefix: true, timestamps: false, details: false }, () => undefined), 'web.nodeid012345.taskid012345@nodeid012345 | hello world');
  });
  it('prefixes each line with its own task when the lines of several tasks interleave', async () => {
    const { formatServiceLine } = await import('../../src/model/logFormat');
    const line = (taskId: string, nodeId: string, message: string) =>
      `com.docker.swarm.node.id=${nodeId},com.docker.swarm.service.id=svc,com.docker.swarm.task.id=${taskId} ${message}`;
    const names: Record<string, { slot: number; nodeName: string }> = { taskaaaaaaaaaaaa: { slot: 1, nodeName: 'alpha' }, taskbbbbbbbbbbbb: { slot: 2, nodeName: 'beta' } };
    const o = { prefix: true, timestamps: false, details: false };
    const out: string[] = [];
    for (let i = 0; i < 2; i++) {
      for (const [t, n] of [['taskaaaaaaaaaaaa', 'n1'], ['taskbbbbbbbbbbbb', 'n2'], ['taskcccccccccccc', 'n3']] as const) {
        out.push(formatServiceLine(line(t, n, `${t.slice(4, 5)}${i}`), 'web', o, (id) => names[id]));
      }
    }
    assert.deepEqual(out, [
      'web.1.taskaaaaaaaa@alpha | a0', 'web.2.taskbbbbbbbb@beta | b0', 'web.n3.taskcccccccc@n3 | c0',
      'web.1.taskaaaaaaaa@alpha | a1', 'web.2.taskbbbbbbbb@beta | b1', 'web.n3.taskcccccccc@n3 | c1',
    ]);
    // The attributes are decoded once per text; what a caller gets from splitLogLine is its own.
    const { splitLogLine } = await import('../../src/model/logFormat');
    const a = splitLogLine(line('taskaaaaaaaaaaaa', 'n1', 'x'), false, true);
    a.attrs['com.docker.swarm.task.id'] = 'changed';
    assert.equal(formatServiceLine(line('taskaaaaaaaaaaaa', 'n1', 'y'), 'web', o, (id) => names[id]), 'web.1.taskaaaaaaaa@alpha | y');
  });

  it('keeps a message that merely looks like attributes when details were not sent', async () => {
    const { splitLogLine } = await import('../../src/model/logFormat');
    assert.equal(splitLogLine('a=b rest', false, false).message, 'a=b rest');
  });
});

describe('convergence', () => {
  it('is done when every slot runs and no rollout is in progress', async () => {
    const { convergence } = await import('../../src/model/convergence');
    const svc: EngineService = { ID: 's', Spec: { Mode: { Replicated: { Replicas: 2 } } } };
    const t1 = task('a', 's', 1, 'running');
    const t2 = task('b', 's', 2, 'starting');
    const c = convergence(svc, [t1, t2]);
    assert.deepEqual([c.done, c.running, c.desired, c.detail], [false, 1, 2, '1 running, 2 starting']);
    assert.equal(convergence(svc, [t1, task('c', 's', 2, 'running')]).done, true);
    assert.equal(convergence({ ...svc, UpdateStatus: { State: 'updating' } }, [t1, task('d', 's', 2, 'running')]).done, false);
  });
  it('reports a failed slot with its reason, and a paused rollout as failed', async () => {
    const { convergence } = await import('../../src/model/convergence');
    const svc: EngineService = { ID: 's', Spec: { Mode: { Replicated: { Replicas: 1 } } }, UpdateStatus: { State: 'paused', Message: 'update paused due to failure or early termination of task x' } };
    const c = convergence(svc, [task('e', 's', 1, 'failed', 'shutdown', 'task: non-zero exit (1)')]);
    assert.equal(c.detail, '1 failed: task: non-zero exit (1)');
    assert.match(c.failed ?? '', /update paused/);
  });
});

describe('parseImageReference', () => {
  it('accepts image references and refuses the rest', async () => {
    const { parseImageReference } = await import('../../src/model/input');
    for (const ok of ['nginx', 'nginx:1.27', 'registry.example.org:5000/team/app:2.0-rc1', 'a/b@sha256:' + 'f'.repeat(64), ' busybox:latest ']) {
      assert.equal(parseImageReference(ok).ok, true, ok);
    }
    for (const bad of ['', 'Nginx', 'nginx latest', 'nginx:', '-x', 'a//b', 'x:tag; rm -rf /']) {
      assert.equal(parseImageReference(bad).ok, false, bad);
    }
  });
});

describe('cleanLogText', () => {
  it('removes terminal escapes and control characters, keeps text and tabs', async () => {
    const { cleanLogText } = await import('../../src/model/text');
    assert.equal(cleanLogText('\u001b[31mred\u001b[0m and \u001b[1;32mbold green\u001b[m'), 'red and bold green');
    assert.equal(cleanLogText('link \u001b]8;;https://example.org\u0007here\u001b]8;;\u0007 done'), 'link here done');
    assert.equal(cleanLogText('nul\u0000byte\tand tab\u0007bell'), 'nulbyte\tand tabbell');
    assert.equal(cleanLogText('plain line'), 'plain line');
    assert.equal(cleanLogText('\u001b[2J\u001b[Hcleared'), 'cleared');
  });
});
