import * as assert from 'node:assert/strict';
import { convertService } from '../../../src/compose/convertService';
import { ctx } from './convertService.test';

const image = 'swarm-services-busybox:latest';
const issuesOf = (service: Record<string, unknown>, env: Record<string, string> = {}, files: Record<string, string> = {}) =>
  convertService('svc', { image, ...service }, ctx(env, files)).issues.map((i) => ({ severity: i.severity, path: i.path.join('.'), message: i.message }));

/** The one error for `service`: its path and a pattern its message matches. */
function refused(service: Record<string, unknown>, path: string, message: RegExp, files: Record<string, string> = {}): void {
  const errors = issuesOf(service, {}, files).filter((i) => i.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].path, path);
  assert.ok(errors[0].message.startsWith(`${path}: `), errors[0].message);
  assert.match(errors[0].message, message);
}

// Each case is one the CLI 28.2.2 refuses too (its message in the comment).
describe('convertService: what the CLI refuses', () => {
  it('replicas with a global mode', () => {
    // "replicas can only be used with replicated or replicated-job mode"
    refused({ deploy: { mode: 'global', replicas: 1 } }, 'services.svc.deploy.replicas', /only be used with replicated/);
    refused({ deploy: { mode: 'global-job', replicas: 1 } }, 'services.svc.deploy.replicas', /not global-job/);
  });
  it('an unknown mode', () => {
    // "Unknown mode: bogus"
    refused({ deploy: { mode: 'bogus' } }, 'services.svc.deploy.mode', /unknown mode "bogus"/);
  });
  it('a duration that does not parse, wherever it is', () => {
    refused({ stop_grace_period: '1x' }, 'services.svc.stop_grace_period', /unknown unit "x"/);
    refused({ healthcheck: { interval: '10' } }, 'services.svc.healthcheck.interval', /no unit/);
    refused({ deploy: { restart_policy: { window: 'soon' } } }, 'services.svc.deploy.restart_policy.window', /not a duration/);
    refused({ deploy: { update_config: { monitor: '5x' } } }, 'services.svc.deploy.update_config.monitor', /unknown unit/);
    refused({ deploy: { rollback_config: { delay: '1' } } }, 'services.svc.deploy.rollback_config.delay', /no unit/);
  });
  it('a size or a CPU count that does not parse', () => {
    // "invalid suffix: 'x'", "failed to parse abc as a rational number", "value is too precise"
    refused({ deploy: { resources: { limits: { memory: '12X' } } } }, 'services.svc.deploy.resources.limits.memory', /"12X" is not a size: unknown unit "x"/);
    refused({ deploy: { resources: { reservations: { memory: 'lots' } } } }, 'services.svc.deploy.resources.reservations.memory', /not a size/);
    refused({ deploy: { resources: { limits: { cpus: 'abc' } } } }, 'services.svc.deploy.resources.limits.cpus', /not a number of CPUs/);
    refused({ deploy: { resources: { reservations: { cpus: '0.0000000001' } } } }, 'services.svc.deploy.resources.reservations.cpus', /too precise/);
  });
  it('healthcheck test with disable, and two credential spec sources', () => {
    // "test and disable can't be set at the same time", 'cannot specify both "File" and "Registry"'
    refused({ healthcheck: { disable: true, test: ['CMD', 'x'] } }, 'services.svc.healthcheck.disable', /cannot be set at the same time/);
    refused({ credential_spec: { file: 'a', registry: 'b' } }, 'services.svc.credential_spec', /file and registry/);
  });
  it('a command with an unterminated quote, a bad port, an invalid image', () => {
    // "EOF found when expecting closing quote", "invalid reference format: repository name (Case) must be lowercase"
    refused({ command: 'echo "unterminated' }, 'services.svc.command', /closing quote/);
    refused({ entrypoint: "sh 'x" }, 'services.svc.entrypoint', /closing quote/);
    refused({ ports: ['80', '8080:80/xyz'] }, 'services.svc.ports.1', /unknown protocol "xyz"/);
    refused({ image: 'Upper/Case' }, 'services.svc.image', /must be lowercase/);
    refused({ restart: 'sometimes' }, 'services.svc.restart', /unknown restart policy "sometimes"/);
  });
  it('an env file that cannot be read or parsed', () => {
    // "open …: no such file or directory", "variable 'export B' contains whitespaces"
    refused({ env_file: 'missing.env' }, 'services.svc.env_file', /cannot read missing\.env: ENOENT/);
    refused({ env_file: ['ok.env', 'bad.env'] }, 'services.svc.env_file.1', /bad\.env is not a valid env file: line 2: the variable name contains whitespace/, { 'ok.env': 'A=1\n', 'bad.env': 'X=1\nexport B=1\n' });
  });
});

describe('convertService: environment, files read and warnings', () => {
  it('lists the env files it read, as written, and merges them in order under `environment`', () => {
    const result = convertService('svc', { image, env_file: ['b.env', 'sub/x.env'], environment: { Z: null, A: '' } }, ctx({ A: 'fromenv' }, { 'sub/x.env': 'A=third\n' }));
    assert.deepEqual(result.filesRead, ['b.env', 'sub/x.env']);
    // A: file values are overridden by `environment`, whose empty value takes the caller's environment.
    assert.deepEqual(result.spec.TaskTemplate.ContainerSpec.Env, ['A=fromenv', 'Z']);
  });
  it('keeps a bare name the environment lacks as a bare name (not dropped), and KEY= as empty', () => {
    const result = convertService('svc', { image, environment: ['NOTSET', 'EMPTY=', 'SET', 'SETEMPTY='] }, ctx({ SET: 'v', SETEMPTY: 'w' }));
    assert.deepEqual(result.spec.TaskTemplate.ContainerSpec.Env, ['EMPTY=', 'NOTSET', 'SET=v', 'SETEMPTY=w']);
  });
  it('warns that a published port’s host IP is ignored, as the CLI does', () => {
    assert.deepEqual(issuesOf({ ports: ['127.0.0.1:8080:80'] }), [
      { severity: 'warning', path: 'services.svc.ports.0', message: 'services.svc.ports.0: the address 127.0.0.1 is ignored: a swarm service publishes its ports on every address (as docker stack deploy does)' },
    ]);
  });
  it('leaves the parts that reference top-level objects to the stack conversion', () => {
    const { spec } = convertService('svc', { image, volumes: ['a:/a'], secrets: ['s'], configs: ['c'], networks: ['n'], tmpfs: '/t' }, ctx());
    assert.equal(spec.TaskTemplate.Networks, undefined);
    assert.equal(spec.TaskTemplate.ContainerSpec.Mounts, undefined);
    assert.equal(spec.TaskTemplate.ContainerSpec.Secrets, undefined);
    assert.equal(spec.TaskTemplate.ContainerSpec.Configs, undefined);
  });
  it('replicated without replicas leaves the count to the Engine; replicated-job with replicas sets both counts', () => {
    assert.deepEqual(convertService('svc', { image }, ctx()).spec.Mode, { Replicated: {} });
    assert.deepEqual(convertService('svc', { image, deploy: { mode: 'replicated-job', replicas: 3 } }, ctx()).spec.Mode, { ReplicatedJob: { MaxConcurrent: 3, TotalCompletions: 3 } });
    assert.deepEqual(convertService('svc', { image, deploy: { mode: 'replicated-job' } }, ctx()).spec.Mode, { ReplicatedJob: {} });
  });
  it('prefers deploy.restart_policy over the legacy restart', () => {
    const { spec } = convertService('svc', { image, restart: 'on-failure:3', deploy: { restart_policy: { condition: 'none' } } }, ctx());
    assert.deepEqual(spec.TaskTemplate.RestartPolicy, { Condition: 'none' });
    assert.equal(convertService('svc', { image, restart: 'no' }, ctx()).spec.TaskTemplate.RestartPolicy, undefined);
  });
});
