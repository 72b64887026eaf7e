// The rotation's orchestration on a fake swarm that plays each service's rollout as the Engine
// does (old tasks first, then updating, then converged, paused or rolled back), with a clock
// that moves at once: the order of the updates, what stops the rotation, what it says, and
// that the old version is removed only when every service converged and the user chose so.
import * as assert from 'node:assert/strict';
import type { Clock } from '../../../src/clock';
import type { ConfigSpec, SecretSpec, ServiceSpec } from '../../../src/compose/engineSpecs';
import type { EngineNode, EngineService, EngineServiceSpec, EngineTask } from '../../../src/model/engineTypes';
import { SwarmError, markUnsure } from '../../../src/model/errors';
import type { Snapshot } from '../../../src/model/snapshot';
import type { SwarmConfig, SwarmConfigWithData, SwarmSecret } from '../../../src/model/swarmObjects';
import { KEEP_OLD, REMOVE_OLD, ROTATE, rotateObject, type RotationClient, type RotationParts } from '../../../src/rotation/rotate';

type Behaviour = 'converge' | 'pause' | 'rollback' | 'never';

interface FakeService {
  id: string;
  version: number;
  spec: EngineServiceSpec;
  previous?: EngineServiceSpec;
  /** The spec of the last update (the Engine's spec may have been rolled back since). */
  sent?: EngineServiceSpec;
  behaviour: Behaviour;
  /** Reads since the last update. */
  polls: number;
  updated: boolean;
}

const FILE = { Name: '/etc/app/token', UID: '1000', GID: '1000', Mode: 0o400 };

class FakeSwarm implements RotationClient {
  secrets: (SwarmSecret & { data?: string })[] = [];
  configs: SwarmConfigWithData[] = [];
  readonly services = new Map<string, FakeService>();
  readonly calls: string[] = [];
  /** Services whose next update meets a version conflict (someone else changed them first). */
  readonly conflictOnce = new Set<string>();
  /** Runs after each update is accepted (a test may change the swarm then). */
  afterUpdate: (id: string) => void = () => undefined;
  private ids = 0;

  addService(name: string, behaviour: Behaviour, refs: unknown[], kind: 'Secrets' | 'Configs' = 'Secrets'): string {
    const id = `svc-${name}`;
    const spec = { Name: name, Labels: { keep: 'me' }, Mode: { Replicated: { Replicas: 2 } }, TaskTemplate: { ContainerSpec: { Image: 'busybox@sha256:abc', [kind]: refs }, ForceUpdate: 3 } };
    this.services.set(id, { id, version: 10, spec, behaviour, polls: 0, updated: false });
    return id;
  }

  async snapshot(): Promise<Snapshot> {
    return { services: [...this.services.values()].map((s) => this.view(s)), shownTasks: [], shownFor: [], nodeTasks: [], nodeTasksFor: [], nodes: [] };
  }
  async listSecrets(): Promise<SwarmSecret[]> {
    return this.secrets.map(({ data: _data, ...s }) => s);
  }
  async listConfigs(): Promise<SwarmConfig[]> {
    return this.configs.map(({ data: _data, ...c }) => c);
  }
  async inspectConfig(id: string): Promise<SwarmConfigWithData> {
    const c = this.configs.find((x) => x.id === id);
    if (!c) throw new SwarmError('notFound', 'no such config');
    return c;
  }
  async createSecret(spec: SecretSpec): Promise<string> {
    const id = `sec${++this.ids}`;
    this.calls.push(`create ${spec.Name}`);
    this.secrets.push({ id, name: spec.Name, labels: { ...spec.Labels }, version: 1, data: spec.Data ?? '', ...(spec.Templating ? { templating: spec.Templating.Name } : {}) });
    return id;
  }
  async createConfig(spec: ConfigSpec): Promise<string> {
    const id = `cfg${++this.ids}`;
    this.calls.push(`create ${spec.Name}`);
    this.configs.push({ id, name: spec.Name, labels: { ...spec.Labels }, version: 1, data: spec.Data ?? '', ...(spec.Templating ? { templating: spec.Templating.Name } : {}) });
    return id;
  }
  async removeSecret(id: string): Promise<void> {
    this.calls.push(`remove ${id}`);
    this.secrets = this.secrets.filter((s) => s.id !== id);
  }
  async removeConfig(id: string): Promise<void> {
    this.calls.push(`remove ${id}`);
    this.configs = this.configs.filter((c) => c.id !== id);
  }
  async updateStackService(id: string, version: number, spec: ServiceSpec): Promise<{ warnings: string[] }> {
    const s = this.services.get(id)!;
    if (this.conflictOnce.delete(id)) {
      s.version++;
      throw new SwarmError('conflict', 'update out of sequence');
    }
    if (version !== s.version) throw new SwarmError('conflict', 'update out of sequence');
    this.calls.push(`update ${s.spec.Name}`);
    s.previous = s.spec;
    s.spec = structuredClone(spec) as EngineServiceSpec;
    s.sent = s.spec;
    s.version++;
    s.polls = 0;
    s.updated = true;
    this.afterUpdate(id);
    return { warnings: [] };
  }
  async inspectService(id: string): Promise<EngineService> {
    const s = this.services.get(id);
    if (!s) throw new SwarmError('notFound', `service ${id} not found`);
    if (s.updated) {
      s.polls++;
      // Rolled back on the third read after the update: the Engine swaps the spec back.
      if (s.behaviour === 'rollback' && s.polls === 3 && s.previous) s.spec = s.previous;
    }
    return this.view(s);
  }
  async listNodes(): Promise<EngineNode[]> {
    return [{ ID: 'node-1', Spec: { Availability: 'active', Role: 'manager' } }];
  }
  async serviceTasks(id: string): Promise<EngineTask[]> {
    const s = this.services.get(id)!;
    const refs = (spec: EngineServiceSpec) => ({ ContainerSpec: structuredClone(spec.TaskTemplate?.ContainerSpec), ForceUpdate: 3 }) as EngineTask['Spec'];
    const task = (slot: number, spec: EngineServiceSpec, state: string, desired = 'running'): EngineTask =>
      ({ ID: `${id}-${slot}-${state}`, Slot: slot, DesiredState: desired, Spec: refs(spec), Status: { State: state, Timestamp: `2026-01-01T00:00:0${slot}Z`, ...(state === 'failed' ? { Err: 'task: non-zero exit (1)' } : {}) } });
    const before = s.previous ?? s.spec;
    const sent = s.sent ?? s.spec;
    if (!s.updated || s.polls <= 1) return [task(1, before, 'running'), task(2, before, 'running')];
    if (s.behaviour === 'converge') return [task(1, sent, 'running'), task(2, sent, 'running'), task(1, before, 'shutdown', 'shutdown')];
    if (s.behaviour === 'pause') return [task(1, sent, 'failed', 'shutdown'), task(2, before, 'running')];
    if (s.behaviour === 'rollback' && s.polls >= 3) return [task(1, before, 'running'), task(2, before, 'running'), task(1, sent, 'failed', 'shutdown')];
    return [task(1, sent, 'starting'), task(2, before, 'running')];
  }

  private view(s: FakeService): EngineService {
    let status: EngineService['UpdateStatus'];
    if (s.updated && s.polls >= 2) {
      if (s.behaviour === 'converge') status = { State: 'completed', Message: 'update completed' };
      if (s.behaviour === 'never') status = { State: 'updating', Message: 'update in progress' };
      if (s.behaviour === 'pause') status = { State: 'paused', Message: 'update paused due to failure or early termination of task x' };
      if (s.behaviour === 'rollback') status = s.polls >= 4 ? { State: 'rollback_completed', Message: 'rollback completed' } : s.polls === 3 ? { State: 'rollback_started', Message: 'update rolled back due to failure of task y' } : { State: 'updating' };
    }
    return { ID: s.id, Version: { Index: s.version }, Spec: structuredClone(s.spec), ...(status ? { UpdateStatus: status } : {}) };
  }
}

/** A clock whose timers run at once, moving time by their delay. */
function instantClock(): Clock {
  let time = 0;
  return {
    now: () => time,
    setTimeout: (run, ms) => {
      time += ms;
      queueMicrotask(run);
      return 0;
    },
    clearTimeout: () => undefined,
    setInterval: () => 0,
    clearInterval: () => undefined,
  };
}

function partsFor(swarm: FakeSwarm, answers: (string | undefined)[], cancelAfter?: (message: string) => boolean) {
  let cancel = false;
  const seen = {
    confirms: [] as { message: string; detail: string }[],
    choices: [] as { message: string; detail: string; buttons: string[] }[],
    infos: [] as string[],
    errors: [] as string[],
    progress: [] as string[],
    open: 0,
  };
  const parts: RotationParts = {
    client: () => swarm,
    host: {
      confirm: async (message, detail, button) => {
        seen.confirms.push({ message, detail });
        const a = answers.shift();
        return a === button ? a : undefined;
      },
      choose: async (message, detail, buttons) => {
        seen.choices.push({ message, detail, buttons: [...buttons] });
        return answers.shift();
      },
      showInformationMessage: async (m) => void seen.infos.push(m),
      showErrorMessage: async (m) => void seen.errors.push(m),
      withProgress: undefined as never,
      withCancellableProgress: async (_title, task) => {
        seen.open++;
        try {
          return await task({ report: (v) => {
            if (!v.message) return;
            seen.progress.push(v.message);
            if (cancelAfter?.(v.message)) cancel = true;
          } }, () => cancel);
        } finally {
          seen.open--;
        }
      },
    } as RotationParts['host'],
    log: { info: () => undefined, warn: () => undefined },
  };
  return { parts, seen };
}

const secretRef = (id: string, name: string) => ({ SecretID: id, SecretName: name, File: { ...FILE } });
const data = new TextEncoder().encode('new-token');
const timing = () => ({ clock: instantClock(), pollMs: 500, limitMs: 60_000 });

function setUp(behaviours: Behaviour[], labels: Record<string, string> = { team: 'a' }) {
  const swarm = new FakeSwarm();
  swarm.secrets.push({ id: 'old', name: 'token', labels, version: 3 }, { id: 'other', name: 'other', labels: {}, version: 1 });
  const ids = behaviours.map((b, i) => swarm.addService(`svc${i + 1}`, b, [secretRef('old', 'token'), secretRef('other', 'other')]));
  return { swarm, ids };
}

const request = (swarm: FakeSwarm) => ({ kind: 'secret' as const, object: swarm.secrets[0]!, data, origin: 'the value typed' });

describe('rotateObject', () => {
  it('updates the services one at a time, each converged before the next, keeps every file target, and removes the old one when asked', async () => {
    const { swarm, ids } = setUp(['converge', 'converge']);
    swarm.addService('bystander', 'converge', [secretRef('other', 'other')]);
    const before = swarm.services.get(ids[0]!)!.spec;
    const { parts, seen } = partsFor(swarm, [ROTATE, REMOVE_OLD]);
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.outcome, 'rotated');
    assert.equal(result.oldRemoved, true);
    assert.deepEqual(swarm.calls, ['create token-v2', 'update svc1', 'update svc2', 'remove old']);
    // svc2 was not touched until svc1 had converged.
    const svc1Done = seen.progress.findIndex((m) => /waiting for svc1 .*2\/2 on the new version/.test(m));
    const svc2Start = seen.progress.indexOf('updating svc2 (2/2)');
    assert.ok(svc1Done >= 0 && svc1Done < svc2Start, seen.progress.join('\n'));
    assert.match(seen.confirms[0]!.message, /^Rotate secret token to token-v2\? 2 services will be updated: svc1, svc2\.$/);
    assert.match(seen.confirms[0]!.detail, /svc1 \(\/etc\/app\/token\), svc2 \(\/etc\/app\/token\)/);
    assert.doesNotMatch(seen.confirms[0]!.detail, /stack/);
    const after = swarm.services.get(ids[0]!)!.spec;
    const newId = result.newVersion!.id;
    assert.deepEqual(after.TaskTemplate?.ContainerSpec?.['Secrets'], [{ SecretID: newId, SecretName: 'token-v2', File: FILE }, secretRef('other', 'other')]);
    assert.deepEqual({ ...after, TaskTemplate: { ...after.TaskTemplate, ContainerSpec: { ...after.TaskTemplate?.ContainerSpec, Secrets: [] } } },
      { ...before, TaskTemplate: { ...before.TaskTemplate, ContainerSpec: { ...before.TaskTemplate?.ContainerSpec, Secrets: [] } } });
    const created = swarm.secrets.find((s) => s.name === 'token-v2')!;
    assert.deepEqual(created.labels, { team: 'a' });
    assert.equal(created.data, Buffer.from('new-token').toString('base64'));
    assert.deepEqual(seen.choices[0]!.buttons, [REMOVE_OLD, KEEP_OLD]);
    assert.deepEqual(seen.infos, ['Rotated secret token to token-v2 (svc1, svc2 updated); token is removed.']);
    assert.equal(seen.open, 0);
  });

  it('keeps the old one when the user says so', async () => {
    const { swarm } = setUp(['converge']);
    const { parts, seen } = partsFor(swarm, [ROTATE, KEEP_OLD]);
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.oldRemoved, false);
    assert.ok(swarm.secrets.some((s) => s.id === 'old'));
    assert.deepEqual(seen.infos, ['Rotated secret token to token-v2 (svc1 updated); token is kept.']);
  });

  it('a paused rollout stops the rotation: later services untouched, the old one kept, one message saying who runs what', async () => {
    const { swarm } = setUp(['converge', 'pause', 'converge']);
    const { parts, seen } = partsFor(swarm, [ROTATE]);
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.outcome, 'stopped');
    assert.deepEqual(swarm.calls, ['create token-v2', 'update svc1', 'update svc2']);
    assert.ok(swarm.secrets.some((s) => s.id === 'old'), 'the old version is kept');
    assert.equal(seen.choices.length, 0, 'no removal offered');
    assert.deepEqual(seen.errors, [
      'Rotation of secret token to token-v2 stopped: the Engine paused the update of svc2 (update paused due to failure or early termination of task x). ' +
        'On token-v2 (new): svc1. On token (old): svc3 (not updated). ' +
        'Between the two: svc2 (update paused; its spec names token-v2; 0 running tasks on token-v2, 1 running task on token). token is kept.',
    ]);
    assert.deepEqual(result.services.map((s) => s.state), ['updated', 'stopped', 'notUpdated']);
  });

  it('a rollout the Engine rolled back: the service runs the old version again, and the message says so', async () => {
    const { swarm } = setUp(['rollback', 'converge']);
    const { parts, seen } = partsFor(swarm, [ROTATE]);
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.outcome, 'stopped');
    assert.deepEqual(swarm.calls, ['create token-v2', 'update svc1']);
    assert.match(seen.errors[0]!, /^Rotation of secret token to token-v2 stopped: the Engine rolled back the update of svc1 \(update rolled back due to failure of task y\)\. No service runs token-v2 \(new\) yet\. On token \(old\): svc1 \(the Engine rolled its update back, so it runs the old version again\), svc2 \(not updated\)\. token is kept\.$/);
    assert.ok(seen.progress.some((m) => /the Engine is rolling the update back/.test(m)));
  });

  it('an election while a rollout is followed is waited out: reads that find no leader for a few seconds do not stop the rotation', async () => {
    const { swarm } = setUp(['converge']);
    const tasks = swarm.serviceTasks.bind(swarm);
    let failures = 4;
    swarm.serviceTasks = async (id: string) => {
      if (failures-- > 0) throw new SwarmError('noLeader', 'The swarm does not have a leader.');
      return tasks(id);
    };
    const { parts } = partsFor(swarm, [ROTATE, KEEP_OLD]);
    assert.equal((await rotateObject(parts, request(swarm), timing())).outcome, 'rotated');
    const never = setUp(['converge']);
    never.swarm.serviceTasks = async () => {
      throw new SwarmError('noLeader', 'The swarm does not have a leader.');
    };
    const stopped = partsFor(never.swarm, [ROTATE]);
    assert.equal((await rotateObject(stopped.parts, request(never.swarm), timing())).outcome, 'stopped', 'not forever: after about 30 s it stops');
  });

  it('a rollout that does not converge in time stops the rotation', async () => {
    const { swarm } = setUp(['never']);
    const { parts, seen } = partsFor(swarm, [ROTATE]);
    const result = await rotateObject(parts, request(swarm), { ...timing(), limitMs: 5_000 });
    assert.equal(result.outcome, 'stopped');
    assert.match(seen.errors[0]!, /svc1 had not converged in time\. .*Between the two: svc1 \(not converged; its spec names token-v2; 0 running tasks on token-v2, 1 running task on token\)\. token is kept\.$/);
  });

  it('the user stops waiting: the rotation says where things are and keeps the old one', async () => {
    const { swarm } = setUp(['never', 'converge']);
    const { parts, seen } = partsFor(swarm, [ROTATE], (m) => m.startsWith('waiting for svc1'));
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.outcome, 'cancelled');
    assert.deepEqual(swarm.calls, ['create token-v2', 'update svc1']);
    assert.deepEqual(seen.errors, []);
    assert.match(seen.infos[0]!, /^Rotation of secret token to token-v2 stopped while waiting for svc1, as you asked\. No service runs token-v2 \(new\) yet\. On token \(old\): svc2 \(not updated\)\. Between the two: svc1 \(update still in progress; .*\)\. token is kept\.$/);
    assert.equal(seen.choices.length, 0);
  });

  it('stopped right as an update is sent: the message counts the tasks as read, not zero on both versions', async () => {
    const { swarm } = setUp(['never', 'converge']);
    const { parts, seen } = partsFor(swarm, [ROTATE], (m) => m.startsWith('updating svc1'));
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.outcome, 'cancelled');
    assert.deepEqual(swarm.calls, ['create token-v2', 'update svc1']);
    assert.match(seen.infos[0]!, /Between the two: svc1 \(update still in progress; its spec names token-v2; 0 running tasks on token-v2, 2 running tasks on token\)\. token is kept\.$/);
  });

  it('an update refused by the Engine stops the rotation; a version conflict is retried once on a fresh read', async () => {
    const { swarm, ids } = setUp(['converge', 'converge']);
    swarm.conflictOnce.add(ids[0]!);
    const { parts } = partsFor(swarm, [ROTATE, KEEP_OLD]);
    assert.equal((await rotateObject(parts, request(swarm), timing())).outcome, 'rotated');
    const again = setUp(['converge', 'converge']);
    again.swarm.updateStackService = async () => {
      throw new SwarmError('invalid', 'The engine refused the request: bad');
    };
    const second = partsFor(again.swarm, [ROTATE]);
    const result = await rotateObject(second.parts, request(again.swarm), timing());
    assert.equal(result.outcome, 'stopped');
    assert.match(second.seen.errors[0]!, /the update of svc1 was refused \(The engine refused the request: bad\)\. No service runs token-v2 \(new\) yet\. On token \(old\): svc1 \(its update was refused\), svc2 \(not updated\)\./);
  });

  it('an update that got no clear answer stops the rotation, said as may or may not have been applied (not refused) and not sent again', async () => {
    const { swarm } = setUp(['converge', 'converge']);
    let updates = 0;
    swarm.updateStackService = async () => {
      updates++;
      throw markUnsure(new SwarmError('timeout', 'The Docker engine did not answer within 15 s. The change may or may not have been applied: check it once the swarm answers again.'));
    };
    const { parts, seen } = partsFor(swarm, [ROTATE]);
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.outcome, 'stopped');
    assert.equal(updates, 1);
    assert.match(seen.errors[0]!, /the update of svc1 may or may not have been applied \(.*\)\. .*Between the two: svc1 \(its update may or may not have been applied: check which version its spec names\)/);
    assert.doesNotMatch(seen.errors[0]!, /was refused/);
  });

  it('a secret no service uses: only the next version is created, then removal is offered', async () => {
    const swarm = new FakeSwarm();
    swarm.secrets.push({ id: 'old', name: 'token-v4', labels: {}, version: 1 }, { id: 'x', name: 'token-v6', labels: {}, version: 1 });
    const { parts, seen } = partsFor(swarm, [ROTATE, REMOVE_OLD]);
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.newVersion?.name, 'token-v7');
    assert.match(seen.confirms[0]!.message, /^Rotate secret token-v4: create token-v7\?$/);
    assert.match(seen.confirms[0]!.detail, /No service uses token-v4/);
    assert.deepEqual(swarm.calls, ['create token-v7', 'remove old']);
    assert.deepEqual(seen.infos, ['Created secret token-v7; token-v4 is removed.']);
  });

  it('declining the confirmation creates nothing', async () => {
    const { swarm } = setUp(['converge']);
    const { parts } = partsFor(swarm, [undefined]);
    assert.equal((await rotateObject(parts, request(swarm), timing())).outcome, 'declined');
    assert.deepEqual(swarm.calls, []);
  });

  it('a stack-managed secret: the confirmation warns that the compose file still names the old one', async () => {
    const { swarm } = setUp(['converge'], { 'com.docker.stack.namespace': 'shop' });
    const { parts, seen } = partsFor(swarm, [undefined]);
    await rotateObject(parts, request(swarm), timing());
    assert.match(seen.confirms[0]!.detail, /token belongs to stack shop: its compose file still names token; change it before the stack is deployed again\./);
  });

  it('a service that starts using the old one meanwhile keeps it from being removed', async () => {
    const { swarm } = setUp(['converge']);
    swarm.afterUpdate = () => void swarm.addService('late', 'converge', [secretRef('old', 'token')]);
    const { parts, seen } = partsFor(swarm, [ROTATE, REMOVE_OLD]);
    const result = await rotateObject(parts, request(swarm), timing());
    assert.equal(result.oldRemoved, false);
    assert.ok(swarm.secrets.some((s) => s.id === 'old'));
    assert.deepEqual(seen.errors, ['Rotated secret token to token-v2 (svc1 updated), but token is kept: late uses it now.']);
  });

  it('a config: templating driver kept; the same content is refused before anything is made', async () => {
    const swarm = new FakeSwarm();
    swarm.configs.push({ id: 'c1', name: 'app.conf', labels: { l: '1' }, version: 1, templating: 'golang', data: Buffer.from('same').toString('base64') });
    swarm.addService('web', 'converge', [{ ConfigID: 'c1', ConfigName: 'app.conf', File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o440 } }], 'Configs');
    const same = partsFor(swarm, []);
    const object = (await swarm.listConfigs())[0]!;
    const declined = await rotateObject(same.parts, { kind: 'config', object, data: new TextEncoder().encode('same'), origin: 'file app.conf' }, timing());
    assert.equal(declined.outcome, 'declined');
    assert.deepEqual(same.seen.infos, ["The new content is the same as app.conf's: nothing to rotate."]);
    assert.deepEqual(swarm.calls, []);
    const { parts, seen } = partsFor(swarm, [ROTATE, KEEP_OLD]);
    const result = await rotateObject(parts, { kind: 'config', object, data: new TextEncoder().encode('other'), origin: 'file app.conf' }, timing());
    assert.equal(result.outcome, 'rotated');
    assert.match(seen.confirms[0]!.detail, /^app\.conf-v2 is created from file app\.conf, with the same labels and templating driver golang\./);
    const created = swarm.configs.find((c) => c.name === 'app.conf-v2')!;
    assert.equal(created.templating, 'golang');
    assert.deepEqual(created.labels, { l: '1' });
    const refs = swarm.services.get('svc-web')!.spec.TaskTemplate?.ContainerSpec?.['Configs'];
    assert.deepEqual(refs, [{ ConfigID: created.id, ConfigName: 'app.conf-v2', File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o440 } }]);
  });

  it('refuses a secret kept by an external driver, and one that no longer exists, before anything is made', async () => {
    const { swarm } = setUp(['converge']);
    const { parts } = partsFor(swarm, [ROTATE]);
    await assert.rejects(rotateObject(parts, { ...request(swarm), object: { ...swarm.secrets[0]!, driver: 'vault' } }, timing()), /comes from the secret driver vault/);
    await assert.rejects(rotateObject(parts, { ...request(swarm), object: { ...swarm.secrets[0]!, id: 'gone' } }, timing()), (e: unknown) => e instanceof SwarmError && e.kind === 'notFound');
    assert.deepEqual(swarm.calls, []);
  });
});
