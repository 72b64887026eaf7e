// The sandbox's three-manager swarm (scripts/sandbox.sh managers-up): a swarm of its own, on
// three engines in network namespaces, whose faults never touch the swarm the other tests use.
// Manager N (1-3) answers at unix:///run/swarm-services-mN.sock.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TestClient } from './testClient';
import { electionWait } from '../../src/docker/leaderWait';
import { realClock } from '../../src/clock';

export const MANAGERS = [1, 2, 3] as const;
export type ManagerNo = (typeof MANAGERS)[number];

export const managerHost = (n: ManagerNo) => `unix:///run/swarm-services-m${n}.sock`;
export const managerHostname = (n: ManagerNo) => `swarm-manager-${n}`;
export const managerContext = (n: ManagerNo) => `swarm-services-m${n}`;

const SANDBOX = join(__dirname, '..', '..', 'scripts', 'sandbox.sh');

/** Runs `sandbox.sh <args>`; returns what it printed. */
export function sandbox(...args: string[]): string {
  return execFileSync('bash', [SANDBOX, ...args], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 180_000, encoding: 'utf8' });
}

/** A client of manager N, waiting out elections as the extension's does; `notes` gets what it is told. */
export function managerClient(n: ManagerNo, notes: string[] = []): TestClient {
  return new TestClient({ dockerHost: managerHost(n), election: electionWait(realClock, (note) => notes.push(note)) });
}

/** The leader's number, as the managers that answer see it; undefined while there is none. */
export function leaderNow(): ManagerNo | undefined {
  try {
    const n = Number(sandbox('leader').trim());
    return MANAGERS.includes(n as ManagerNo) ? (n as ManagerNo) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Polls `probe` every 100 ms until it is true; resolves with the time that took. Fails after
 * `timeoutMs`, naming `what`.
 */
export async function within(what: string, timeoutMs: number, probe: () => Promise<boolean> | boolean): Promise<number> {
  const start = Date.now();
  for (;;) {
    // A failed read is "not yet"; a failed assertion inside the probe is the test's failure.
    const ok = await Promise.resolve(probe()).catch((e: unknown) => {
      if (e instanceof Error && e.name === 'AssertionError') throw e;
      return false;
    });
    if (ok) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether manager N's engine lists a leader among its nodes (the swarm answers there). */
export async function hasLeader(n: ManagerNo): Promise<ManagerNo | undefined> {
  const c = new TestClient({ dockerHost: managerHost(n), timeoutMs: 3000 });
  try {
    const nodes = await c.listNodes();
    const leader = nodes.find((x) => x.ManagerStatus?.Leader && x.Status?.State === 'ready');
    const name = leader?.Description?.Hostname;
    const no = MANAGERS.find((m) => managerHostname(m) === name);
    return no;
  } catch {
    return undefined;
  } finally {
    c.close();
  }
}

/** Brings every manager back (started, links up) and waits for a leader: what each test leaves. */
export function allManagersBack(): void {
  for (const n of MANAGERS) sandbox('manager-mend', String(n));
  for (const n of MANAGERS) sandbox('manager-start', String(n));
  sandbox('managers-up');
}

/**
 * Says, when the enclosing suite ends, how long it took with its hooks (the managers' stops,
 * starts and elections): what the three-manager tests add to a run. Call it first in the suite.
 */
export function timeSuite(label: string): void {
  let began = 0;
  before(() => {
    began = Date.now();
  });
  after(() => console.log(`      ${label}: ${((Date.now() - began) / 1000).toFixed(0)} s in all, hooks included`));
}
