// Reaching the engine of the node that runs a task, on the real two-node swarm (the sandbox's
// worker joins for this file and leaves at the end): SwarmNodeEngines over real engines finds
// the worker's engine through a docker context it discovers, through dockerSwarm.nodeEndpoints,
// and says so clearly when it knows neither. "Reached" means an exec in the task's container
// on that engine prints the worker's hostname.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextEndpoint, listContexts } from '../../src/docker/endpoint';
import { EngineClient } from '../../src/docker/engineClient';
import { SwarmError } from '../../src/model/errors';
import type { NodeRef } from '../../src/nodeEngines/nodeEngines';
import { SwarmNodeEngines } from '../../src/nodeEngines/swarmNodeEngines';
import { createPinnedService, hostnameThrough, runningContainer } from '../support/nodeEngineChecks';
import { SANDBOX_WORKER_HOST, SANDBOX_WORKER_NODE } from '../support/sandboxEndpoints';
import { waitFor } from '../support/swarm';
import { runSandbox } from '../support/sandboxEndpoints';
import { TestClient } from '../support/testClient';

const client = new TestClient();

describe("reaching the node that runs a task (two-node swarm)", function () {
  let svc: string;
  let worker: NodeRef;
  let manager: NodeRef;
  let containerId: string;
  let config: string;
  const made: SwarmNodeEngines[] = [];

  /** SwarmNodeEngines over the real engines: connected to the manager, contexts from `dockerConfig`. */
  function engines(o: { dockerConfig?: string; setting?: unknown } = {}): { engines: SwarmNodeEngines; warnings: string[] } {
    const env = { ...process.env, DOCKER_CONFIG: o.dockerConfig ?? join(config, 'empty') };
    const warnings: string[] = [];
    const e = new SwarmNodeEngines({
      connected: () => client,
      connectionHost: () => process.env['DOCKER_HOST'] || 'unix:///var/run/docker.sock',
      contexts: () => listContexts(env).map((c) => ({ name: c.name, endpoint: contextEndpoint(c) })),
      setting: () => o.setting ?? {},
      makeClient: (endpoint, timeoutMs) => new EngineClient({ endpoint, ...(timeoutMs ? { timeoutMs } : {}) }),
      node: (id) => [worker, manager].find((n) => n.id === id),
      log: { info: () => undefined, warn: (m) => warnings.push(m) },
    });
    made.push(e);
    return { engines: e, warnings };
  }

  before(async function () {
    this.timeout(300_000);
    runSandbox('worker-up');
    const nodes = await waitFor('the worker ready', async () => {
      const all = await client.listNodes();
      return all.some((n) => n.Description?.Hostname === SANDBOX_WORKER_NODE && n.Status?.State === 'ready') ? all : undefined;
    }, 60_000, 500);
    const ref = (n: (typeof nodes)[number]): NodeRef => ({ id: n.ID, hostname: n.Description!.Hostname!, ...(n.Status?.Addr ? { address: n.Status.Addr } : {}) });
    worker = ref(nodes.find((n) => n.Description?.Hostname === SANDBOX_WORKER_NODE && n.Status?.State === 'ready')!);
    manager = ref(nodes.find((n) => n.Spec?.Role === 'manager' && n.ManagerStatus?.Leader)!);
    svc = (await createPinnedService(client, SANDBOX_WORKER_NODE)).id;
    const running = await runningContainer(client, svc);
    assert.equal(running.nodeId, worker.id, 'the task runs on the worker');
    containerId = running.containerId;
    config = mkdtempSync(join(tmpdir(), 'h17n-docker-config-'));
  });

  after(async function () {
    this.timeout(300_000);
    for (const e of made) e.dispose();
    if (svc) await client.removeService(svc).catch(() => undefined);
    if (config) rmSync(config, { recursive: true, force: true });
    runSandbox('worker-down');
  });

  it('the connected engine cannot exec in the worker\'s container: the reason this exists', async () => {
    await assert.rejects(client.execInContainer(containerId, { cmd: ['true'] }), (e: unknown) => e instanceof SwarmError && e.kind === 'notFound');
  });

  it('through a docker context whose engine it finds to be the worker', async () => {
    const dir = join(config, 'with-context');
    execFileSync('docker', ['context', 'create', 'h17n-worker', '--docker', `host=${SANDBOX_WORKER_HOST}`], { env: { ...process.env, DOCKER_CONFIG: dir }, stdio: 'ignore' });
    const { engines: e } = engines({ dockerConfig: dir });
    const got = await e.engineFor({ id: worker.id });
    assert.deepEqual(got.route, { kind: 'context', context: 'h17n-worker', host: SANDBOX_WORKER_HOST });
    assert.match(await hostnameThrough(got.client, containerId), /swarm-worker-1/);
    assert.deepEqual(e.routeOf(worker.id), got.route, 'the view is told the same');
    const onManager = await e.engineFor(manager);
    assert.deepEqual(onManager.route, { kind: 'connected' });
    assert.equal(onManager.client, client);
  });

  it('through dockerSwarm.nodeEndpoints, by hostname, checked to be the worker', async () => {
    const { engines: e } = engines({ setting: { [SANDBOX_WORKER_NODE]: SANDBOX_WORKER_HOST } });
    const got = await e.engineFor(worker);
    assert.deepEqual(got.route, { kind: 'setting', host: SANDBOX_WORKER_HOST });
    assert.match(await hostnameThrough(got.client, containerId), /swarm-worker-1/);
  });

  it("an entry that is another node's engine is refused, naming the key", async () => {
    const manager = process.env['DOCKER_HOST'] || 'unix:///var/run/docker.sock';
    const { engines: e } = engines({ setting: { [worker.id]: manager } });
    const err = await e.engineFor(worker).then(() => undefined, (x: unknown) => x);
    assert.ok(err instanceof SwarmError && err.kind === 'invalid', String(err));
    assert.match(err.message, new RegExp(`^Node "swarm-worker-1": its endpoint ${manager.replace(/[/.]/g, '\\$&')} \\(dockerSwarm\\.nodeEndpoints\\["${worker.id}"\\]\\) is the engine of node `));
  });

  it('with neither: the message names the node and how to give its endpoint', async () => {
    const { engines: e } = engines();
    const err = await e.engineFor(worker).then(() => undefined, (x: unknown) => x);
    assert.ok(err instanceof SwarmError && err.kind === 'noEndpoint', String(err));
    assert.match(err.message, /^No Docker endpoint is known for node "swarm-worker-1" .*docker context.*dockerSwarm\.nodeEndpoints/);
    assert.deepEqual(e.routeOf(worker.id), { kind: 'none' });
  });
});
