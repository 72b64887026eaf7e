// Edge cases of a stack deploy found in review, each seen failing before its fix: changes that
// must not look unchanged (and the reverse), warnings in the confirmation, no secret data in
// messages, no prune after a failure. The current specs are what the Engine (API 1.41) stored
// after deploying the first version of a file (seen with `docker service inspect`).
import * as assert from 'node:assert/strict';
import type { ServiceSpec } from '../../../src/compose/engineSpecs';
import { parseEnvFile } from '../../../src/compose/envFile';
import { convertStack } from '../../../src/compose/convertStack';
import { loadCompose } from '../../../src/compose/load';
import type { ConvertedStack } from '../../../src/compose/types';
import { planDeploy } from '../../../src/deploy/plan';
import { runDeploy, type DeployClient } from '../../../src/deploy/run';
import { confirmationText } from '../../../src/deploy/summary';
import type { ExistingService, StackState } from '../../../src/deploy/types';

const NS = { 'com.docker.stack.namespace': 'st' };
const IMG = { 'com.docker.stack.image': 'busybox' };

/** The file's spec for service `web` (as the conversion sends it), with `container` merged in. */
function fileSpec(container: Record<string, unknown> = {}, mode: ServiceSpec['Mode'] = { Replicated: { Replicas: 0 } }): ServiceSpec {
  return {
    Name: 'st_web',
    Labels: { ...NS, ...IMG },
    TaskTemplate: { ContainerSpec: { Image: 'busybox', Labels: { ...NS }, ...container } as ServiceSpec['TaskTemplate']['ContainerSpec'] },
    Mode: mode,
    EndpointSpec: { Mode: 'vip' },
  };
}

/** What the Engine returns after storing fileSpec(container, mode). */
function storedSpec(container: Record<string, unknown> = {}, mode: unknown = { Replicated: { Replicas: 0 } }): ExistingService {
  return {
    id: 'id-web',
    name: 'st_web',
    version: 12,
    spec: {
      Name: 'st_web',
      Labels: { ...NS, ...IMG },
      TaskTemplate: {
        ContainerSpec: {
          Image: 'busybox:latest', Labels: { ...NS }, ...container,
          Privileges: { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false },
          StopGracePeriod: 10_000_000_000, DNSConfig: {}, Isolation: 'default',
        },
        Resources: {}, RestartPolicy: { Condition: 'any', Delay: 5_000_000_000, MaxAttempts: 0 }, Placement: {}, ForceUpdate: 0, Runtime: 'container',
      },
      Mode: mode,
      UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' },
      RollbackConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' },
      EndpointSpec: { Mode: 'vip' },
    },
  };
}

function stackOf(spec: ServiceSpec, o: Partial<ConvertedStack> = {}): ConvertedStack {
  return { stackName: 'st', services: [{ key: 'web', spec }], networks: [], externalNetworks: [], externalSecrets: [], externalConfigs: [], secrets: [], configs: [], filesRead: [], issues: [], ...o };
}
const stateOf = (services: ExistingService[]): StackState => ({ stackName: 'st', apiVersion: '1.41', services, networks: [], secrets: [], configs: [] });
const actionOf = (file: ServiceSpec, current: ExistingService) => planDeploy(stackOf(file), stateOf([current])).services[0]!.action;

describe('deploy edge cases: a changed file must never be planned as unchanged', () => {
  it('sanity: the same file over its own stored spec is unchanged', () => {
    assert.equal(actionOf(fileSpec({ Args: ['echo', 'x'] }), storedSpec({ Args: ['echo', 'x'] })), 'unchanged');
  });

  it('an empty argument removed from command: (["echo", "", "x"] -> ["echo", "x"]) is an update', () => {
    assert.equal(actionOf(fileSpec({ Args: ['echo', 'x'] }), storedSpec({ Args: ['echo', '', 'x'] })), 'update');
  });

  it('a label with an empty value added to labels: (the CLI sends and the Engine stores "flag": "") is an update', () => {
    assert.equal(actionOf(fileSpec({ Labels: { ...NS, flag: '' } }), storedSpec()), 'update');
  });

  it('a sysctl with an empty value added is an update', () => {
    assert.equal(actionOf(fileSpec({ Sysctls: { 'net.core.somaxconn': '' } }), storedSpec()), 'update');
  });

  it('init: false added (the CLI sends Init false, the Engine stores it; null means the daemon default) is an update', () => {
    assert.equal(actionOf(fileSpec({ Init: false }), storedSpec()), 'update');
  });
});

describe('deploy edge cases: an unchanged file must not be planned as an update', () => {
  it('a replicated-job redeployed as it is: the Engine filled MaxConcurrent and TotalCompletions (1), the file sends {}', () => {
    // An update of a job runs it again: an unchanged file would re-run every job of the stack.
    assert.equal(actionOf(fileSpec({}, { ReplicatedJob: {} }), storedSpec({}, { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } })), 'unchanged');
  });
});

describe('deploy edge cases: the confirmation', () => {
  it('lists each warning of the file once', () => {
    const warning = 'services.web.volumes: something the CLI drops';
    const plan = planDeploy(stackOf(fileSpec(), { issues: [{ severity: 'warning', message: warning, path: ['services', 'web'] }] }), stateOf([]));
    const { detail } = confirmationText(plan, { endpoint: 'e', unsaved: false });
    assert.equal(detail.split('\n').filter((l) => l.includes(warning)).length, 1, detail);
  });
});

describe('deploy edge cases: the confirmation names what the file loses', () => {
  it("ignored keys and unset variables (the loader's warnings) reach the modal, as prepareDeploy builds it", () => {
    // prepareDeploy: loadCompose -> convertStack -> planDeploy -> confirmationText; the loader's
    // issues go nowhere but the thrown error when there is one.
    const text = 'version: "3.8"\nservices:\n  web:\n    image: busybox\n    build: .\n    environment:\n      - A=${UNSET_X}\n';
    const loaded = loadCompose(text, { env: {} });
    assert.equal(loaded.issues.filter((i) => i.severity === 'warning').length, 2, 'the loader warns');
    const stack = convertStack(loaded.config!, { stackName: 'st', workingDir: '/tmp', env: {}, readFile: () => new Uint8Array() });
    // As prepareDeploy does: the loader's warnings join the conversion's.
    stack.issues.unshift(...loaded.issues.filter((i) => i.severity === 'warning'));
    const { detail } = confirmationText(planDeploy(stack, stateOf([])), { endpoint: 'e', unsaved: false });
    assert.match(detail, /build/);
    assert.match(detail, /UNSET_X/);
  });
});

describe('deploy edge cases: no secret data in messages', () => {
  it('an env file line without "=" is not echoed (env files hold passwords)', () => {
    const r = parseEnvFile(new TextEncoder().encode('DB_PASSWORD hunter2\n'), () => undefined);
    assert.equal(r.ok, false);
    assert.doesNotMatch(r.ok ? '' : r.error, /hunter2/);
  });

  it('a line with an empty name is not echoed', () => {
    const r = parseEnvFile(new TextEncoder().encode('=hunter2\n'), () => undefined);
    assert.doesNotMatch(r.ok ? '' : r.error, /hunter2/);
  });

  it("a variable's value is not echoed when it does not cast (replicas: ${DB_PASSWORD})", () => {
    const loaded = loadCompose('version: "3.8"\nservices:\n  web:\n    image: busybox\n    deploy:\n      replicas: ${DB_PASSWORD}\n', { env: { DB_PASSWORD: 'hunter2' } });
    const messages = loaded.issues.map((i) => i.message).join('\n');
    assert.match(messages, /replicas/);
    assert.doesNotMatch(messages, /hunter2/);
  });
});

describe('deploy edge cases: a failed deploy does not prune', () => {
  it('a service renamed in the file whose create fails: the old one is not removed (the stack would be left with neither)', async () => {
    const removed: string[] = [];
    const client: DeployClient = {
      stackObjects: async () => { throw new Error('not used'); },
      createNetwork: async () => 'n', createSecret: async () => 's', updateSecret: async () => undefined,
      createConfig: async () => 'c', updateConfig: async () => undefined,
      createStackService: async () => { throw new Error('invalid mount config'); },
      updateStackService: async () => ({ warnings: [] }),
      inspectService: async () => { throw new Error('not used'); },
      distributionInspect: async () => { throw new Error('not used'); },
      removeService: async (id: string) => { removed.push(id); },
    } as unknown as DeployClient;
    const renamed = fileSpec();
    renamed.Name = 'st_web2';
    const old = { ...storedSpec(), id: 'id-web', name: 'st_web' };
    const plan = planDeploy(stackOf(renamed), stateOf([old]));
    assert.deepEqual(plan.prunable.map((p) => p.name), ['st_web']);
    const result = await runDeploy(client, plan, { prune: true, resolveImage: 'never' });
    assert.equal(result.failures.length, 1);
    assert.deepEqual(removed, [], 'nothing removed after a failure');
    assert.match(result.warnings.join('\n'), /Not removed, because part of the deploy failed: st_web/);
  });
});

describe('deploy edge cases: refused before anything is sent', () => {
  it('a service name over 63 characters (stack name and key together), which the Engine refuses after the networks exist', () => {
    const loaded = loadCompose('services:\n  frontend-server-long:\n    image: busybox\n', { env: {} });
    const long = 'a'.repeat(43);
    const stack = convertStack(loaded.config!, { stackName: long, workingDir: '/tmp', env: {}, readFile: () => new Uint8Array() });
    const error = stack.issues.find((i) => i.severity === 'error');
    assert.ok(error, 'an error');
    assert.deepEqual(error.path, ['services', 'frontend-server-long']);
    assert.match(error.message, /64 characters, more than the 63 a swarm allows/);
    const ok = convertStack(loaded.config!, { stackName: 'a'.repeat(42), workingDir: '/tmp', env: {}, readFile: () => new Uint8Array() });
    assert.deepEqual(ok.issues, []);
  });
});
