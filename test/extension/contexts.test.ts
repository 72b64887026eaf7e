// Select Docker Context… in the extension host: the extension's endpoint follows the chosen
// CLI context (the CLI's own current context is untouched), an unreachable one is reported
// clearly, and the picker still works after it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Commands } from '../../src/constants';
import { SwarmClient } from '../../src/docker/swarmClient';
import type { SwarmServicesApi } from '../../src/extension';
import type { Host } from '../../src/host';
import * as vscode from 'vscode';
import { createService, SOLO_DOCKER_HOST, uniqueName, waitFor } from '../support/swarm';
import { ScriptedHost } from './scriptedHost';
import { api } from './support';

describe('Docker contexts', () => {
  let a: SwarmServicesApi;
  let host: ScriptedHost;
  let previous: Host;
  let config: string;
  const savedConfig = process.env['DOCKER_CONFIG'];

  before(async () => {
    a = await api();
    config = mkdtempSync(join(tmpdir(), 'docker-config-'));
    const make = (name: string, hostUrl: string) =>
      execFileSync('docker', ['context', 'create', name, '--description', `${name} for tests`, '--docker', `host=${hostUrl}`], { env: { ...process.env, DOCKER_CONFIG: config }, stdio: 'ignore' });
    make('sandbox-socket', 'unix:///var/run/docker.sock');
    make('dead', 'tcp://127.0.0.1:1');
    // The extension host is this process: the extension reads the same environment.
    process.env['DOCKER_CONFIG'] = config;
  });
  beforeEach(() => {
    host = new ScriptedHost();
    previous = a.setHost(host);
  });
  afterEach(() => a.setHost(previous));
  after(async () => {
    await vscode.commands.executeCommand(Commands.selectContext, '');
    if (savedConfig === undefined) delete process.env['DOCKER_CONFIG'];
    else process.env['DOCKER_CONFIG'] = savedConfig;
    rmSync(config, { recursive: true, force: true });
  });

  it('offers the CLI contexts with their endpoints in a quick pick, and switches to the one picked', async () => {
    const id = await createService(new SwarmClient(), uniqueName('ctx'), 'sleep 3600', { replicas: 0 });
    let offered: string[] = [];
    host.answer((items) => {
      offered = items.map((i) => `${i.label} ${i.description ?? ''}`);
      return items.find((i) => i.label === 'sandbox-socket');
    });
    const described = (await vscode.commands.executeCommand(Commands.selectContext)) as string;
    assert.ok(offered.some((o) => o.startsWith('sandbox-socket unix:///var/run/docker.sock')), offered.join('\n'));
    assert.ok(offered.some((o) => o.startsWith('dead tcp://127.0.0.1:1')));
    assert.equal(described, 'sandbox-socket (unix:///var/run/docker.sock)');
    await waitFor('the service through the context', async () => {
      await a.ctx.services.refresh();
      return a.ctx.services.findService(id);
    });
    assert.ok(!existsSync(join(config, 'config.json')) || !/currentContext/.test(readFileSync(join(config, 'config.json'), 'utf8')), "the CLI's current context is untouched");
  });

  it('an unreachable context: a clear message in the view, and the picker still works', async () => {
    await vscode.commands.executeCommand(Commands.selectContext, 'dead');
    await waitFor('unreachable', async () => {
      await a.ctx.services.refresh();
      return a.ctx.services.state === 'unreachable';
    });
    assert.match(a.ctx.services.lastError?.message ?? '', /Cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:1/);
    host.answer('sandbox-socket');
    await vscode.commands.executeCommand(Commands.selectContext);
    await waitFor('connected again', async () => {
      await a.ctx.services.refresh();
      return a.ctx.services.state === 'ok';
    });
  });

  it('a context that does not exist is refused and the endpoint stays', async () => {
    await vscode.commands.executeCommand(Commands.selectContext, 'no-such-context');
    assert.match(host.errors[0] ?? '', /does not exist/);
    assert.equal(a.ctx.endpoint.describe(), 'sandbox-socket (unix:///var/run/docker.sock)');
  });
});

describe("the docker CLI's current context, watched", () => {
  // The extension watches the CLI's configuration directory: `docker context use` in a
  // terminal moves the extension along. The test host runs with a DOCKER_CONFIG of its own
  // (runTests.mjs), so the user's ~/.docker is never touched.
  let a: SwarmServicesApi;
  const name = `swarm-services-watch-${process.pid}`;
  const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '' } }).trim();
  const savedHost = process.env['DOCKER_HOST'];

  before(async () => {
    a = await api();
    assert.ok(process.env['DOCKER_CONFIG'], 'the test host has a DOCKER_CONFIG of its own');
    // DOCKER_HOST would outrank the CLI's context; the extension reads the environment of this process.
    delete process.env['DOCKER_HOST'];
    docker('context', 'create', name, '--docker', `host=${SOLO_DOCKER_HOST}`);
    // VS Code sets file watchers up asynchronously: give one made at activation a moment.
    await new Promise((r) => setTimeout(r, 3000));
  });
  after(() => {
    try {
      docker('context', 'use', 'default');
      docker('context', 'rm', '--force', name);
    } finally {
      if (savedHost !== undefined) process.env['DOCKER_HOST'] = savedHost;
    }
  });

  it('`docker context use` elsewhere switches the view, and switching back restores it', async () => {
    await vscode.commands.executeCommand(Commands.selectContext, '');
    await waitFor('connected', async () => {
      await a.ctx.services.refresh();
      return a.ctx.services.state === 'ok';
    });
    docker('context', 'use', name);
    // No command: the file watcher sees config.json change.
    const seen = async () => `state ${a.ctx.services.state}, endpoint ${a.ctx.endpoint.describe()}`;
    await waitFor('the view on the context made current', async () => a.ctx.services.state === 'notSwarm' && a.ctx.endpoint.describe().startsWith(name), 30_000, 100, seen);
    docker('context', 'use', 'default');
    await waitFor('back on the swarm', async () => a.ctx.services.state === 'ok' && !a.ctx.endpoint.describe().startsWith(name), 30_000, 100, seen);
  });
});
