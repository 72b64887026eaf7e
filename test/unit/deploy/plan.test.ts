// planDeploy on hand-written states: what is created, updated, unchanged, refused and prunable.
import * as assert from 'node:assert/strict';
import type { ServiceSpec } from '../../../src/compose/engineSpecs';
import type { ConvertedStack } from '../../../src/compose/types';
import { planDeploy } from '../../../src/deploy/plan';
import { withDefaultTag, withDigest } from '../../../src/model/imageRef';
import type { ExistingService, StackState } from '../../../src/deploy/types';

const NS = { 'com.docker.stack.namespace': 'st' };
const NET_ID = 'n1d';

function spec(key: string, image = 'busybox'): ServiceSpec {
  return {
    Name: `st_${key}`,
    Labels: { ...NS, 'com.docker.stack.image': image },
    TaskTemplate: {
      ContainerSpec: { Image: image, Labels: NS, Args: ['sleep', '1'], Secrets: [{ SecretID: '', SecretName: 'st_s', File: { Name: 's', UID: '0', GID: '0', Mode: 292 } }] },
      Networks: [{ Target: 'st_default', Aliases: [key] }],
    },
    Mode: { Replicated: { Replicas: 0 } },
    EndpointSpec: { Mode: 'vip' },
  };
}

/** The spec as the Engine returns it after storing `spec(key)`: defaults filled, IDs for names. */
function stored(key: string, image = 'busybox', storedImage = 'busybox:latest'): ExistingService {
  const s = spec(key, image);
  return {
    id: `id-${key}`,
    name: s.Name,
    version: 10,
    spec: {
      ...s,
      TaskTemplate: {
        ContainerSpec: {
          ...s.TaskTemplate.ContainerSpec,
          Image: storedImage,
          Secrets: [{ SecretID: 'sid', SecretName: 'st_s', File: { Name: 's', UID: '0', GID: '0', Mode: 292 } }],
          Privileges: { CredentialSpec: null, SELinuxContext: null, NoNewPrivileges: false },
          StopGracePeriod: 10_000_000_000,
          DNSConfig: {},
          Isolation: 'default',
        },
        Resources: {},
        RestartPolicy: { Condition: 'any', Delay: 5_000_000_000, MaxAttempts: 0 },
        Placement: {},
        Networks: [{ Target: NET_ID, Aliases: [key] }],
        ForceUpdate: 3,
        Runtime: 'container',
      },
      UpdateConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' },
      RollbackConfig: { Parallelism: 1, FailureAction: 'pause', Monitor: 5_000_000_000, MaxFailureRatio: 0, Order: 'stop-first' },
    },
  };
}

function stack(keys: string[], o: Partial<ConvertedStack> = {}): ConvertedStack {
  return {
    stackName: 'st',
    services: keys.map((k) => ({ key: k, spec: spec(k) })),
    networks: [{ key: 'default', create: { Name: 'st_default', Driver: 'overlay', Labels: NS } }],
    externalNetworks: [],
    externalSecrets: [],
    externalConfigs: [],
    secrets: [{ key: 's', spec: { Name: 'st_s', Labels: NS, Data: 'YQ==' } }],
    configs: [],
    filesRead: [],
    issues: [],
    ...o,
  };
}

function state(services: ExistingService[], o: Partial<StackState> = {}): StackState {
  return {
    stackName: 'st',
    services,
    networks: [{ id: NET_ID, name: 'st_default', version: 0, labels: NS, scope: 'swarm' }],
    secrets: [{ id: 'sid', name: 'st_s', version: 4, labels: NS }],
    configs: [],
    ...o,
  };
}

describe('planDeploy', () => {
  it('a health check start_interval that an engine before API 1.44 dropped does not make the service look changed; on a newer engine it does', () => {
    const withStart = stack(['a']);
    withStart.services[0]!.spec.TaskTemplate.ContainerSpec.Healthcheck = { Test: ['CMD', 'true'], StartInterval: 2_000_000_000 };
    const current = stored('a');
    (current.spec['TaskTemplate'] as { ContainerSpec: Record<string, unknown> }).ContainerSpec['Healthcheck'] = { Test: ['CMD', 'true'] };
    assert.equal(planDeploy(withStart, state([current], { apiVersion: '1.41' })).services[0]!.action, 'unchanged');
    assert.equal(planDeploy(withStart, state([current], { apiVersion: '1.44' })).services[0]!.action, 'update');
    assert.equal(planDeploy(withStart, state([current])).services[0]!.action, 'update', 'unknown version: compared as written');
  });

  it('an unchanged service is unchanged once engine defaults and IDs are accounted for', () => {
    const plan = planDeploy(stack(['a']), state([stored('a')]));
    assert.deepEqual(plan.services.map((s) => s.action), ['unchanged']);
    assert.deepEqual(plan.errors, []);
    assert.deepEqual(plan.services[0]!.comparable!.current, plan.services[0]!.comparable!.next);
  });

  it('a changed argument, replica count or network is an update; ForceUpdate is kept', () => {
    const changed = stack(['a', 'b', 'c']);
    changed.services[0]!.spec.TaskTemplate.ContainerSpec.Args = ['sleep', '2'];
    changed.services[1]!.spec.Mode = { Replicated: { Replicas: 2 } };
    changed.services[2]!.spec.TaskTemplate.Networks = [{ Target: 'st_other', Aliases: ['c'] }];
    const plan = planDeploy(changed, state([stored('a'), stored('b'), stored('c')]));
    assert.deepEqual(plan.services.map((s) => s.action), ['update', 'update', 'update']);
    assert.equal(plan.services[0]!.spec.TaskTemplate.ForceUpdate, 3);
  });

  it('global vs replicated with 0 replicas differ (Mode is not emptied away)', () => {
    const g = stack(['a']);
    g.services[0]!.spec.Mode = { Global: {} };
    assert.equal(planDeploy(g, state([stored('a')])).services[0]!.action, 'update');
  });

  it('keeps the current pinned image when the file names the same image, and updates when it names another', () => {
    const pinned = 'busybox:latest@sha256:' + 'a'.repeat(64);
    const same = planDeploy(stack(['a']), state([stored('a', 'busybox', pinned)]));
    assert.equal(same.services[0]!.action, 'unchanged');
    assert.equal(same.services[0]!.spec.TaskTemplate.ContainerSpec.Image, pinned);
    const other = stack(['a']);
    other.services[0]!.spec = spec('a', 'busybox:1.36');
    const plan = planDeploy(other, state([stored('a', 'busybox', pinned)]));
    assert.equal(plan.services[0]!.action, 'update');
    assert.equal(plan.services[0]!.spec.TaskTemplate.ContainerSpec.Image, 'busybox:1.36');
  });

  it('a new service is created with its image tagged; services gone from the file are prunable', () => {
    const plan = planDeploy(stack(['a', 'new']), state([stored('a'), stored('old')]));
    assert.deepEqual(plan.services.map((s) => [s.name, s.action]), [['st_a', 'unchanged'], ['st_new', 'create']]);
    assert.equal(plan.services[1]!.spec.TaskTemplate.ContainerSpec.Image, 'busybox:latest');
    assert.deepEqual(plan.prunable, [{ id: 'id-old', name: 'st_old' }]);
  });

  it('missing externals are errors; a config whose data changed is an error; its labels alone an update', () => {
    const s = stack(['a'], {
      externalNetworks: ['gone', 'host'],
      externalSecrets: ['nosecret'],
      configs: [{ key: 'c', spec: { Name: 'st_c', Labels: NS, Data: 'Yg==' } }, { key: 'd', spec: { Name: 'st_d', Labels: { ...NS, x: '1' }, Data: 'ZA==' } }],
    });
    const plan = planDeploy(s, state([stored('a')], {
      configs: [{ id: 'c1', name: 'st_c', version: 1, labels: NS, data: 'YQ==' }, { id: 'd1', name: 'st_d', version: 1, labels: NS, data: 'ZA==' }],
    }));
    assert.equal(plan.errors.length, 3, plan.errors.join('\n'));
    assert.match(plan.errors[0]!, /network "gone" is declared as external/);
    assert.match(plan.errors[1]!, /secret "nosecret"/);
    assert.match(plan.errors[2]!, /configs\.c: the content of config "st_c" changed/);
    assert.deepEqual(plan.resources.filter((r) => r.kind === 'config').map((r) => r.action), ['unchanged', 'update']);
  });

  it('resources: a missing network and secret are created, existing ones unchanged; a foreign network of the same name is refused', () => {
    assert.deepEqual(planDeploy(stack(['a']), state([], { networks: [], secrets: [] })).resources.map((r) => [r.kind, r.action]), [['network', 'create'], ['secret', 'create']]);
    assert.deepEqual(planDeploy(stack(['a']), state([])).resources.map((r) => r.action), ['unchanged', 'unchanged']);
    const foreign = planDeploy(stack(['a']), state([], { networks: [{ id: 'x', name: 'st_default', version: 0, labels: {} }] }));
    assert.match(foreign.errors[0]!, /networks\.default: a network named "st_default" already exists/);
  });
});

describe('image references', () => {
  it('tags and pins as the docker client does', () => {
    assert.equal(withDefaultTag('busybox'), 'busybox:latest');
    assert.equal(withDefaultTag('docker.io/library/busybox'), 'busybox:latest');
    assert.equal(withDefaultTag('localhost:5000/app'), 'localhost:5000/app:latest');
    assert.equal(withDefaultTag('me/app:1'), 'me/app:1');
    const d = 'sha256:' + 'b'.repeat(64);
    assert.equal(withDefaultTag(`busybox@${d}`), `busybox@${d}`);
    assert.equal(withDigest('busybox:latest', d), `busybox:latest@${d}`);
    assert.equal(withDigest(`busybox@${d}`, 'sha256:' + 'c'.repeat(64)), `busybox@${d}`);
    assert.equal(withDefaultTag('Not A Ref'), 'Not A Ref');
  });
});
