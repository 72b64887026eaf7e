// Every kind of endpoint against a real engine: the sandbox engine's TLS listener on
// 127.0.0.1:2376 (client certificates required), reached through DOCKER_HOST and through a
// context made by the docker CLI; an ssh:// endpoint through a local sshd; and failures.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEndpoint, type ResolvedEndpoint } from '../../src/docker/endpoint';
import { TestClient } from '../support/testClient';
import { SwarmError } from '../../src/model/errors';
import { createService, settlesWithin, uniqueName, waitFor } from '../support/swarm';

const STATE = process.env['SWARM_SERVICES_STATE'] ?? join(process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'), 'swarm-services');
const TLS_DIR = join(STATE, 'tls');
const SSH_DIR = join(STATE, 'ssh');
const TLS_HOST = 'tcp://127.0.0.1:2376';

function kind(k: SwarmError['kind'], pattern?: RegExp) {
  return (e: unknown) => e instanceof SwarmError && e.kind === k && (!pattern || pattern.test(e.message));
}

describe('endpoints against real engines', () => {
  let tmp: string;
  let serviceId: string;
  const lists = async (endpoint: ResolvedEndpoint, env: NodeJS.ProcessEnv = {}) => {
    const model = await new TestClient({ endpoint, env, timeoutMs: 10_000 }).model();
    return model.services.some((s) => s.id === serviceId);
  };

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'swarm-endpoints-'));
    serviceId = await createService(new TestClient(), uniqueName('endpoint'), 'sleep 3600', { replicas: 0 });
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  describe('TLS', () => {
    it('DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH: the services are listed', async () => {
      const e = resolveEndpoint({ env: { HOME: tmp, DOCKER_HOST: TLS_HOST, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: TLS_DIR } });
      assert.equal(e.tls?.verify, true);
      assert.ok(await lists(e));
    });

    it('a context made by `docker context create`: the services are listed through it', async () => {
      const config = join(tmp, 'docker-config');
      mkdirSync(config);
      execFileSync('docker', ['context', 'create', 'tls-sandbox', '--description', 'sandbox over TLS', '--docker',
        `host=${TLS_HOST},ca=${join(TLS_DIR, 'ca.pem')},cert=${join(TLS_DIR, 'cert.pem')},key=${join(TLS_DIR, 'key.pem')}`],
        { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' });
      const env = { HOME: tmp, DOCKER_CONFIG: config };
      const chosen = resolveEndpoint({ selectedContext: 'tls-sandbox', env });
      assert.deepEqual([chosen.source, chosen.contextName, chosen.host, chosen.tls?.verify], ['context', 'tls-sandbox', TLS_HOST, true]);
      assert.ok(await lists(chosen));
      const current = resolveEndpoint({ env: { ...env, DOCKER_CONTEXT: 'tls-sandbox' } });
      assert.equal(current.source, 'DOCKER_CONTEXT');
      assert.ok(await lists(current));
    });

    it('a wrong CA is refused with a clear message', async () => {
      const wrong = join(tmp, 'wrong-ca');
      mkdirSync(wrong);
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=not the sandbox CA',
        '-keyout', join(wrong, 'ca-key.pem'), '-out', join(wrong, 'ca.pem')], { stdio: 'ignore' });
      copyFileSync(join(TLS_DIR, 'cert.pem'), join(wrong, 'cert.pem'));
      copyFileSync(join(TLS_DIR, 'key.pem'), join(wrong, 'key.pem'));
      const e = resolveEndpoint({ env: { HOME: tmp, DOCKER_HOST: TLS_HOST, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: wrong } });
      await assert.rejects(new TestClient({ endpoint: e, env: {} }).swarmStatus(), kind('untrusted', /TLS certificate that is not trusted/));
    });

    it('a context whose engine cannot be reached gives a clear message', async () => {
      const config = join(tmp, 'docker-config-dead');
      mkdirSync(config);
      execFileSync('docker', ['context', 'create', 'dead', '--docker', 'host=tcp://127.0.0.1:1'], { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' });
      const e = resolveEndpoint({ selectedContext: 'dead', env: { HOME: tmp, DOCKER_CONFIG: config } });
      await assert.rejects(new TestClient({ endpoint: e, env: {} }).swarmStatus(), kind('unreachable', /tcp:\/\/127\.0\.0\.1:1/));
    });
  });

  describe('ssh://', () => {
    let home: string;
    before(() => {
      home = join(tmp, 'home');
      mkdirSync(join(home, '.ssh'), { recursive: true });
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(home, '.ssh', 'id_ed25519')]);
      appendFileSync(join(SSH_DIR, 'authorized_keys'), readFileSync(join(home, '.ssh', 'id_ed25519.pub')));
      const hostKey = readFileSync(join(SSH_DIR, 'host_ed25519.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
      writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:2222 ${hostKey}\n`);
    });

    it('reaches the engine through sshd (known host, key from ~/.ssh) and lists the services', async () => {
      const e = resolveEndpoint({ setting: 'ssh://root@127.0.0.1:2222', env: { HOME: home } });
      assert.ok(await lists(e, { HOME: home }));
    });

    it('carries a task shell: an exec with a TTY, attached through SSH, runs what is typed and reports its exit code', async function () {
      this.timeout(90_000);
      const local = new TestClient();
      const svc = await createService(local, uniqueName('ssh-shell'), 'sleep 3600', { replicas: 1 });
      try {
        const containerId = await waitFor('a running container', async () => {
          const [t] = (await local.serviceTasks(svc, { 'desired-state': 'running' })).filter((x) => x.Status?.State === 'running');
          return t?.Status?.ContainerStatus?.ContainerID;
        }, 60_000);
        const client = new TestClient({ endpoint: resolveEndpoint({ setting: 'ssh://root@127.0.0.1:2222', env: { HOME: home } }), env: { HOME: home } });
        const session = await client.execInContainer(containerId, { cmd: ['/bin/sh'] });
        let out = '';
        session.onData((b) => (out += Buffer.from(b).toString('utf8')));
        await session.resize(90, 33);
        session.write('echo $((6*7)); stty size; exit 5\r');
        await settlesWithin('the shell over SSH to end', session.ended, 30_000);
        assert.match(out, /\r\n42\r\n33 90\r\n/, JSON.stringify(out));
        const state = await client.inspectExec(session.id);
        assert.deepEqual({ running: state.running, exitCode: state.exitCode }, { running: false, exitCode: 5 });
      } finally {
        await local.removeService(svc).catch(() => undefined);
      }
    });

    it('refuses a host whose key is not in known_hosts', async () => {
      const stranger = join(tmp, 'stranger');
      mkdirSync(join(stranger, '.ssh'), { recursive: true });
      copyFileSync(join(home, '.ssh', 'id_ed25519'), join(stranger, '.ssh', 'id_ed25519'));
      const e = resolveEndpoint({ setting: 'ssh://root@127.0.0.1:2222', env: { HOME: stranger } });
      await assert.rejects(new TestClient({ endpoint: e, env: { HOME: stranger } }).swarmStatus(), kind('untrusted', /known_hosts/));
    });
  });
});
