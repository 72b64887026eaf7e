// Shared by the extension-host tests: the activated extension's API and helpers to read
// what reached an output channel (VS Code mirrors every channel to a file).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SwarmServicesApi } from '../../src/extension';
import type { Host } from '../../src/host';
import type { ServiceElement } from '../../src/tree/servicesItems';
import { waitFor } from '../support/swarm';
import { ScriptedHost } from './scriptedHost';

export const EXTENSION_ID = 'swarm-services.swarm-services';

export async function api(): Promise<SwarmServicesApi> {
  const ext = vscode.extensions.getExtension<SwarmServicesApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
  return ext.activate();
}

/** The text an output channel has received so far, read from its mirror file. */
export function channelText(hostLogDir: string, channelName: string): string {
  if (!existsSync(hostLogDir)) return '';
  let text = '';
  for (const dir of readdirSync(hostLogDir).filter((d) => d.startsWith('output_logging_'))) {
    for (const f of readdirSync(join(hostLogDir, dir))) {
      // The file name is `<n>-<channel name>.log`, with characters such as ':' dropped.
      if (f.endsWith('.log') && bare(f.slice(f.indexOf('-') + 1, -4)) === bare(channelName)) text += readFileSync(join(hostLogDir, dir, f), 'utf8');
    }
  }
  return text;
}

/** What the extension wrote to its own log channel ("Swarm Services"), read from the host's log file. */
export function extensionLogText(hostLogDir: string): string {
  const file = join(hostLogDir, EXTENSION_ID, 'Swarm Services.log');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function bare(name: string): string {
  return name.replace(/[^\p{L}\p{N}._-]/gu, '');
}

/**
 * Registers hooks that give every test of the enclosing suite a fresh ScriptedHost for the
 * extension's prompts, and afterwards wait for rollout watches, restore the real host and
 * check that no progress notification was left open. Returns a getter for the current host.
 */
export function scriptedHostPerTest(getApi: () => SwarmServicesApi): () => ScriptedHost {
  let host: ScriptedHost;
  let previous: Host;
  beforeEach(() => {
    host = new ScriptedHost();
    previous = getApi().setHost(host);
  });
  afterEach(async () => {
    await getApi().ctx.rollouts.settled();
    getApi().setHost(previous);
    assert.equal(host.progressOpen, 0, 'no progress notification left open');
  });
  return () => host;
}

/** The service's row at the top of the Services view, refreshing until it shows. */
export async function serviceRow(a: SwarmServicesApi, id: string): Promise<ServiceElement> {
  return waitFor(`service ${id} in the tree`, async () => {
    await a.ctx.store.refresh();
    const roots = await a.ctx.servicesTree.getChildren();
    return roots.find((n): n is ServiceElement => n.kind === 'service' && n.service.id === id);
  });
}

/** The docker CLI, as an oracle beside the extension: what it deploys and lists. */
export function dockerCli(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: 120_000 }, (e, out, err) => (e ? reject(new Error(`docker ${args.join(' ')}: ${e.message}\n${err}`)) : resolve(out)));
  });
}

/** Runs `scripts/sandbox.sh <command>` of the extension under test (it knows the engines' pids and flags). */
export function sandbox(command: string): Promise<void> {
  const script = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'scripts', 'sandbox.sh');
  return new Promise((resolve, reject) => {
    execFile('bash', [script, command], { timeout: 150_000 }, (e, _out, err) => (e ? reject(new Error(`sandbox.sh ${command}: ${e.message}\n${err}`)) : resolve()));
  });
}

/** The detail Drain Node… confirms with, for a node running `tasks` tasks. */
export function drainDetail(tasks: number): string {
  return `Its ${tasks} running task${tasks === 1 ? '' : 's'} will be stopped and rescheduled on other nodes, and it gets no new tasks until it is activated again.`;
}
