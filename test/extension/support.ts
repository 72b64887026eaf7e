// Shared by the extension-host tests: the activated extension's API and helpers to read
// what reached an output channel (VS Code mirrors every channel to a file).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SwarmServicesApi } from '../../src/extension';
import type { Host } from '../../src/host';
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
