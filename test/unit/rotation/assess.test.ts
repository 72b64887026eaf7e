// Where a service stands in its move to a secret's new version, from the service and its tasks
// as the Engine returns them in each phase seen on a real swarm (20.10): right after the update
// (UpdateStatus reset, old tasks still running), updating, paused, rolling back, rolled back,
// converged, and new tasks failing after an update the Engine completed anyway.
import * as assert from 'node:assert/strict';
import type { EngineService, EngineTask } from '../../../src/model/engineTypes';
import { assessRollout, isJob, taskUses } from '../../../src/rotation/assess';

const v = { kind: 'secret' as const, oldId: 'old', newId: 'new' };
const ref = (id: string) => ({ SecretID: id, SecretName: id === 'new' ? 'tok-v2' : 'tok', File: { Name: '/etc/app/token', UID: '1000', GID: '1000', Mode: 0o400 } });

function service(on: 'old' | 'new', state?: string, message?: string, replicas = 3): EngineService {
  return {
    ID: 's',
    Spec: { Name: 'api', Mode: { Replicated: { Replicas: replicas } }, TaskTemplate: { ContainerSpec: { Image: 'busybox', Secrets: [ref(on)] } } },
    ...(state ? { UpdateStatus: { State: state, ...(message ? { Message: message } : {}) } } : {}),
  };
}

let n = 0;
function task(slot: number, on: 'old' | 'new', state: string, desired = state === 'running' || state === 'starting' ? 'running' : 'shutdown', err?: string): EngineTask {
  n++;
  return {
    ID: `t${n}`,
    Slot: slot,
    DesiredState: desired,
    Spec: { ContainerSpec: { Image: 'busybox', Secrets: [ref(on)] } } as EngineTask['Spec'],
    Status: { State: state, Timestamp: `2026-01-01T00:00:${String(n).padStart(2, '0')}Z`, ...(err ? { Err: err } : {}) },
  };
}

const all = (on: 'old' | 'new', state = 'running') => [1, 2, 3].map((s) => task(s, on, state));

describe('assessRollout', () => {
  it('right after the update, with the status reset and the old tasks running: waiting, not converged', () => {
    const a = assessRollout(service('new'), all('old'), v);
    assert.equal(a.phase, 'waiting');
    assert.deepEqual([a.onNew, a.onOld, a.running, a.desired, a.specNamesNew], [0, 3, 3, 3, true]);
  });
  it('while the Engine updates: waiting, with the tasks counted per version', () => {
    const tasks = [task(1, 'new', 'running'), task(2, 'old', 'running'), task(3, 'new', 'starting'), task(3, 'old', 'shutdown', 'shutdown')];
    const a = assessRollout(service('new', 'updating', 'update in progress'), tasks, v);
    assert.equal(a.phase, 'waiting');
    assert.deepEqual([a.onNew, a.onOld, a.running], [1, 1, 2]);
  });
  it('converged only when every wanted task runs with the new version and no update is in progress', () => {
    assert.equal(assessRollout(service('new', 'completed', 'update completed'), [...all('new'), task(1, 'old', 'shutdown', 'shutdown')], v).phase, 'converged');
    assert.equal(assessRollout(service('new', 'updating'), all('new'), v).phase, 'waiting');
    assert.equal(assessRollout(service('new', 'completed'), [task(1, 'new', 'running'), task(2, 'new', 'running')], v).phase, 'waiting');
  });
  it('a global service whose task on a paused node keeps the old version has converged (the orchestrator leaves that task as it is)', () => {
    const global: EngineService = { ...service('new', 'completed'), Spec: { ...service('new').Spec, Mode: { Global: {} } } };
    const tasks = [{ ...task(1, 'new', 'running'), NodeID: 'n1' }, { ...task(2, 'old', 'running'), NodeID: 'n2' }];
    assert.equal(assessRollout(global, tasks, v).phase, 'waiting', 'waited for while its node is active');
    assert.equal(assessRollout(global, tasks, v, new Set(['n2'])).phase, 'converged');
  });
  it('a service at 0 replicas (no task to replace, no update status) has converged at once', () => {
    assert.equal(assessRollout(service('new', undefined, undefined, 0), [], v).phase, 'converged');
  });
  it('paused by the Engine: stopped, with its reason', () => {
    const msg = 'update paused due to failure or early termination of task abc';
    const a = assessRollout(service('new', 'paused', msg), [task(1, 'new', 'failed', 'shutdown', 'task: non-zero exit (1)'), task(2, 'old', 'running'), task(3, 'old', 'running')], v);
    assert.equal(a.phase, 'paused');
    assert.equal(a.why, msg);
    assert.deepEqual([a.onNew, a.onOld], [0, 2]);
  });
  it('rolling back (the spec is the old one again): wait for the end; rolled back: the failed task says why', () => {
    const started = assessRollout(service('old', 'rollback_started', 'update rolled back due to failure of task x'), all('new', 'failed').map((t) => ({ ...t, DesiredState: 'shutdown' })), v);
    assert.equal(started.phase, 'rollingBack');
    assert.equal(started.specNamesNew, false);
    assert.match(started.why ?? '', /rolled back due to failure/);
    const done = assessRollout(service('old', 'rollback_completed', 'rollback completed'), [...all('old'), task(1, 'new', 'failed', 'shutdown', 'task: non-zero exit (1)')], v);
    assert.equal(done.phase, 'rolledBack');
    assert.equal(done.why, 'task: non-zero exit (1)');
    assert.deepEqual([done.onNew, done.onOld], [0, 3]);
  });
  it('the update completed but tasks with the new version fail (FailureAction continue): failing', () => {
    const tasks = [task(1, 'new', 'running'), task(2, 'new', 'failed', 'shutdown', 'task: non-zero exit (1)'), task(2, 'new', 'starting'), task(3, 'new', 'running')];
    const a = assessRollout(service('new', 'completed', 'update completed'), tasks, v);
    assert.equal(a.phase, 'failing');
    assert.equal(a.why, 'task: non-zero exit (1)');
  });
  it('a failure of a task with the old version is not the new one failing', () => {
    const tasks = [task(1, 'new', 'running'), task(2, 'old', 'failed', 'shutdown', 'old trouble'), task(2, 'new', 'starting'), task(3, 'new', 'running')];
    assert.equal(assessRollout(service('new', 'completed'), tasks, v).phase, 'waiting');
  });
  it('reads configs the same way, and tells jobs apart', () => {
    const t = { ID: 'c', Spec: { ContainerSpec: { Configs: [{ ConfigID: 'new', ConfigName: 'c', File: { Name: '/etc/app.conf' } }] } } } as unknown as EngineTask;
    assert.equal(taskUses(t, 'config', 'new'), true);
    assert.equal(taskUses(t, 'secret', 'new'), false);
    assert.equal(isJob({ ID: 'j', Spec: { Mode: { ReplicatedJob: {} } } }), true);
    assert.equal(isJob(service('new')), false);
  });
});
