// The deploy (src/deploy: read state, plan, run) against the real swarm, with hand-built converted
// stacks: what the engine has afterwards is what is asserted.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceSpec } from '../../src/compose/engineSpecs';
import type { ConvertedStack } from '../../src/compose/types';
import { planDeploy } from '../../src/deploy/plan';
import { readStackState } from '../../src/deploy/readState';
import { runDeploy } from '../../src/deploy/run';
import type { DeployOptions } from '../../src/deploy/types';
import { TestClient } from '../support/testClient';
import { IMAGE, RUN_ID, RUN_LABEL, uniqueName, waitFor } from '../support/swarm';

const client = new TestClient();
const b64 = (s: string) => Buffer.from(s).toString('base64');
const NEVER: DeployOptions = { prune: false, resolveImage: 'never' };

function service(stack: string, key: string, extra: { args?: string[]; secrets?: string[]; configs?: string[] } = {}): ServiceSpec {
  const ns = { 'com.docker.stack.namespace': stack };
  return {
    Name: `${stack}_${key}`,
    Labels: { ...ns, 'com.docker.stack.image': IMAGE, [RUN_LABEL]: RUN_ID },
    TaskTemplate: {
      ContainerSpec: {
        Image: IMAGE,
        Labels: ns,
        Args: extra.args ?? ['sleep', '3600'],
        ...(extra.secrets ? { Secrets: extra.secrets.map((n) => ({ File: { Name: n, UID: '0', GID: '0', Mode: 0o444 }, SecretID: '', SecretName: `${stack}_${n}` })) } : {}),
        ...(extra.configs ? { Configs: extra.configs.map((n) => ({ File: { Name: n, UID: '0', GID: '0', Mode: 0o444 }, ConfigID: '', ConfigName: `${stack}_${n}` })) } : {}),
      },
      Networks: [{ Target: `${stack}_default`, Aliases: [key] }],
    },
    Mode: { Replicated: { Replicas: 0 } },
    EndpointSpec: { Mode: 'vip' },
  };
}

function stackOf(stack: string, keys: string[], o: { secret?: string; config?: string; externalNetworks?: string[] } = {}): ConvertedStack {
  const ns = { 'com.docker.stack.namespace': stack };
  return {
    stackName: stack,
    services: keys.map((k, i) => ({
      key: k,
      spec: service(stack, k, i === 0 ? { ...(o.secret !== undefined ? { secrets: ['sec'] } : {}), ...(o.config !== undefined ? { configs: ['cfg'] } : {}) } : {}),
    })),
    networks: [{ key: 'default', create: { Name: `${stack}_default`, Driver: 'overlay', Labels: ns } }],
    externalNetworks: o.externalNetworks ?? [],
    externalSecrets: [],
    externalConfigs: [],
    secrets: o.secret !== undefined ? [{ key: 'sec', spec: { Name: `${stack}_sec`, Labels: ns, Data: b64(o.secret) } }] : [],
    configs: o.config !== undefined ? [{ key: 'cfg', spec: { Name: `${stack}_cfg`, Labels: ns, Data: b64(o.config) } }] : [],
    filesRead: [],
    issues: [],
  };
}

/** The service once the allocator's own update after a create has landed (its version moves once by itself). */
async function settled(name: string) {
  return waitFor(`${name} settled`, async () => {
    const s = await client.inspectService(name);
    return s.Endpoint && (s.Endpoint as { VirtualIPs?: unknown[] }).VirtualIPs !== undefined ? s : undefined;
  });
}

async function deploy(stack: ConvertedStack, options: DeployOptions = NEVER) {
  const plan = planDeploy(stack, await readStackState(client, stack));
  return { plan, result: await runDeploy(client, plan, options) };
}

const stacks: string[] = [];
function newStack(base: string): string {
  const name = uniqueName(`d${base}`).replace(/[^a-zA-Z0-9_-]/g, '');
  stacks.push(name);
  return name;
}

describe('stack deploy against the real swarm', function () {
  this.timeout(180_000);

  after(async () => {
    for (const s of stacks) await client.removeStack(s).catch(() => undefined);
  });

  it('creates a stack, and a redeploy of the same stack changes nothing (versions do not move)', async () => {
    const name = newStack('same');
    const first = await deploy(stackOf(name, ['a', 'b'], { secret: 's1', config: 'c1' }));
    assert.deepEqual(first.result.failures, []);
    assert.deepEqual([...first.result.created].sort(), [`${name}_a`, `${name}_b`]);
    assert.deepEqual(first.result.resources.map((r) => `${r.kind} ${r.name} ${r.action}`).sort(), [`config ${name}_cfg create`, `network ${name}_default create`, `secret ${name}_sec create`]);
    const before = await Promise.all([`${name}_a`, `${name}_b`].map((n) => settled(n)));
    assert.ok(before[0]!.Spec?.TaskTemplate?.ContainerSpec?.['Secrets']);

    const again = await deploy(stackOf(name, ['a', 'b'], { secret: 's1', config: 'c1' }));
    assert.deepEqual(again.plan.services.map((s) => s.action), ['unchanged', 'unchanged'], JSON.stringify(again.plan.services.map((s) => s.comparable)));
    assert.deepEqual(again.result.failures, []);
    assert.deepEqual(again.result.updated, []);
    const after = await Promise.all([`${name}_a`, `${name}_b`].map((n) => client.inspectService(n)));
    assert.deepEqual(after.map((s) => s.Version?.Index), before.map((s) => s.Version?.Index));
  });

  it('updates a changed service, keeping ForceUpdate and setting PreviousSpec; prune removes exactly the services gone from the file', async () => {
    const name = newStack('upd');
    await deploy(stackOf(name, ['a', 'b', 'c']));
    await client.forceUpdateService(`${name}_a`);
    const forced = (await client.inspectService(`${name}_a`)).Spec?.TaskTemplate?.ForceUpdate;
    assert.equal(forced, 1);

    const changed = stackOf(name, ['a', 'b']);
    changed.services[0]!.spec.TaskTemplate.ContainerSpec.Args = ['sleep', '7200'];
    const { plan, result } = await deploy(changed, { prune: true, resolveImage: 'never' });
    assert.deepEqual(plan.services.map((s) => s.action), ['update', 'unchanged']);
    assert.deepEqual(plan.prunable.map((p) => p.name), [`${name}_c`]);
    assert.deepEqual(result.failures, []);
    assert.deepEqual(result.updated, [`${name}_a`]);
    assert.deepEqual(result.removed, [`${name}_c`]);
    const a = await client.inspectService(`${name}_a`);
    assert.deepEqual(a.Spec?.TaskTemplate?.ContainerSpec?.Args, ['sleep', '7200']);
    assert.equal(a.Spec?.TaskTemplate?.ForceUpdate, 1);
    assert.deepEqual(a.PreviousSpec?.TaskTemplate?.ContainerSpec?.Args, ['sleep', '3600']);
    const left = (await client.listServices({ label: [`com.docker.stack.namespace=${name}`] })).map((s) => s.Spec?.Name).sort();
    assert.deepEqual(left, [`${name}_a`, `${name}_b`]);
  });

  it('a missing external network: nothing is created', async () => {
    const name = newStack('ext');
    const { plan, result } = await deploy(stackOf(name, ['a'], { externalNetworks: [`${name}-nowhere`], secret: 'x' }));
    assert.equal(plan.errors.length, 1);
    assert.match(plan.errors[0]!, /external/);
    assert.deepEqual(result.created, []);
    const r = await client.stackResources(name);
    assert.deepEqual([r.services.length, r.networks.length, r.secrets.length, r.configs.length], [0, 0, 0, 0]);
  });

  it('a config whose content changed is refused with nothing sent', async () => {
    const name = newStack('cfg');
    await deploy(stackOf(name, ['a'], { config: 'one' }));
    const before = await settled(`${name}_a`);
    const next = stackOf(name, ['a', 'b'], { config: 'two' });
    const { plan, result } = await deploy(next);
    assert.equal(plan.errors.length, 1);
    assert.match(plan.errors[0]!, /configs\.cfg/);
    assert.deepEqual([result.created, result.updated], [[], []]);
    const after = await client.stackResources(name);
    assert.deepEqual(after.services.map((s) => s.Spec?.Name), [`${name}_a`]);
    assert.equal((await client.inspectService(`${name}_a`)).Version?.Index, before.Version?.Index);
  });

  it('a secret whose content changed is refused before anything else is created or updated', async () => {
    const name = newStack('sec');
    await deploy(stackOf(name, ['a'], { secret: 'one' }));
    const before = await settled(`${name}_a`);
    const next = stackOf(name, ['a', 'b'], { secret: 'two', config: 'new' });
    next.services[0]!.spec.TaskTemplate.ContainerSpec.Args = ['sleep', '1'];
    const { plan, result } = await deploy(next);
    assert.deepEqual(plan.errors, []);
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0]!.message, /secrets\.sec: the content of secret/);
    assert.deepEqual([result.created, result.updated], [[], []]);
    const after = await client.stackResources(name);
    assert.deepEqual(after.services.map((s) => s.Spec?.Name), [`${name}_a`]);
    assert.deepEqual(after.configs, []);
    assert.equal((await client.inspectService(`${name}_a`)).Version?.Index, before.Version?.Index);
  });

  it('resolveImage always with a local-only image: a warning, and the image as written', async () => {
    const name = newStack('img');
    const { result } = await deploy(stackOf(name, ['a']), { prune: false, resolveImage: 'always' });
    assert.deepEqual(result.failures, []);
    assert.ok(result.warnings.some((w) => w.includes(IMAGE) && w.includes('digest')), result.warnings.join('\n'));
    assert.equal((await client.inspectService(`${name}_a`)).Spec?.TaskTemplate?.ContainerSpec?.Image, IMAGE);
  });

  it('deploys a 50-service stack (timed against docker stack deploy, not asserted)', async () => {
    const ours = newStack('fifty');
    const keys = Array.from({ length: 50 }, (_, i) => `s${i}`);
    const t0 = Date.now();
    const { result } = await deploy(stackOf(ours, keys), { prune: false, resolveImage: 'never', concurrency: 8 });
    const oursMs = Date.now() - t0;
    assert.deepEqual(result.failures, []);
    assert.equal(result.created.length, 50);
    assert.equal(result.resources.length, 1, 'the default network');

    const cli = newStack('fiftycli');
    const dir = mkdtempSync(join(tmpdir(), 'deploy-'));
    try {
      const file = join(dir, 'stack.yml');
      const lines = ['version: "3.8"', 'services:'];
      for (const k of keys) lines.push(`  ${k}:`, `    image: ${IMAGE}`, '    command: ["sleep", "3600"]', `    labels: ["${RUN_LABEL}=${RUN_ID}"]`, '    deploy:', '      replicas: 0', `      labels: ["${RUN_LABEL}=${RUN_ID}"]`);
      writeFileSync(file, lines.join('\n') + '\n');
      const t1 = Date.now();
      execFileSync('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', file, cli], { stdio: 'pipe' });
      const cliMs = Date.now() - t1;
      console.log(`      50 services: deploy ${oursMs} ms, docker stack deploy ${cliMs} ms (ratio ${(oursMs / cliMs).toFixed(2)})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
