// The Engine stand-in's changes (scripts/bench/engineStandIn.ts), which the benchmark's
// change rows rest on: a change is announced on /events as the engine announces it, and the
// listings that the store reads for it show it.
import { strict as assert } from 'node:assert';
import { get } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineClient } from '../../../src/docker/engineClient';
import { changeOf } from '../../../src/model/changes';
import type { EngineEvent } from '../../../src/model/events';
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';
import { buildSyntheticSwarm, serve, type StandIn, type Templates } from '../../../scripts/bench/engineStandIn';

const templates: Templates = {
  service: { ID: 'template', Spec: { Name: 'template', TaskTemplate: { ContainerSpec: { Image: 'busybox' } }, Mode: { Replicated: { Replicas: 1 } } } } as EngineService,
  task: { ID: 'task', DesiredState: 'running', Status: { State: 'running' } } as EngineTask,
  node: { ID: 'node', Spec: { Role: 'manager' }, Description: { Hostname: 'manager' }, ManagerStatus: { Leader: true } } as EngineNode,
  version: { Version: '20.10.24' },
  info: {},
};

function getJson<T>(socketPath: string, path: string): Promise<T> {
  return new Promise((resolve, reject) => {
    get({ socketPath, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString()) as T));
      res.on('error', reject);
    }).on('error', reject);
  });
}

const q = (filters: Record<string, string[]>) => encodeURIComponent(JSON.stringify(filters));

describe('Engine stand-in: changes and /events', () => {
  let dir: string;
  let socket: string;
  let standIn: StandIn;
  let client: EngineClient;
  const ids: string[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stand-in-'));
    socket = join(dir, 'engine.sock');
    const swarm = buildSyntheticSwarm(templates, { services: 3, tasksPerService: 2, nodes: 2 });
    ids.splice(0, ids.length, ...swarm.services.map((s) => s.ID));
    standIn = await serve(socket, swarm, templates);
    client = new EngineClient({ dockerHost: `unix://${socket}` });
  });

  afterEach(async () => {
    client.close();
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('announces a change as the engine\'s service update event on an open stream', async () => {
    const seen: EngineEvent[] = [];
    const stream = client.events((e) => seen.push(e));
    await stream.started;
    const id = ids[1] as string;
    assert.deepEqual(standIn.change([id]), { [id]: 1 });
    const deadline = Date.now() + 2000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    stream.stop();
    assert.equal(seen.length, 1);
    const e = seen[0] as EngineEvent;
    assert.deepEqual([e.Type, e.Action, e.Actor?.ID, e.scope], ['service', 'update', id, 'swarm']);
    assert.deepEqual(changeOf(e), { kind: 'service', id, removed: false });
  });

  it('shows a change in the filtered listings: the count, the version, the task meant to run', async () => {
    const id = ids[0] as string;
    const read = async () => {
      const [s] = await getJson<EngineService[]>(socket, `/services?filters=${q({ id: [id] })}&status=true`);
      const tasks = await getJson<EngineTask[]>(socket, `/tasks?filters=${q({ 'desired-state': ['running'], service: [id] })}`);
      return { desired: s?.ServiceStatus?.DesiredTasks, running: s?.ServiceStatus?.RunningTasks, version: s?.Version?.Index ?? 0, tasks: tasks.length };
    };
    const before = await read();
    assert.deepEqual({ ...before, version: 0 }, { desired: 2, running: 2, version: 0, tasks: 2 });
    standIn.change([id]);
    const down = await read();
    assert.deepEqual({ ...down, version: 0 }, { desired: 1, running: 1, version: 0, tasks: 1 });
    assert.ok(down.version > before.version);
    standIn.change([id]);
    assert.deepEqual({ ...(await read()), version: 0 }, { desired: 2, running: 2, version: 0, tasks: 2 });
    // The other services are untouched, and the services listing names only those asked for.
    const all = await getJson<EngineService[]>(socket, `/services?filters=${q({ id: ids })}&status=true`);
    assert.deepEqual(all.map((s) => s.ServiceStatus?.DesiredTasks), [2, 2, 2]);
  });

  it('filters /nodes by id', async () => {
    const nodes = await getJson<EngineNode[]>(socket, '/nodes');
    assert.equal(nodes.length, 2);
    const one = await getJson<EngineNode[]>(socket, `/nodes?filters=${q({ id: [nodes[1]?.ID as string] })}`);
    assert.deepEqual(one.map((n) => n.ID), [nodes[1]?.ID]);
  });
});
