// Stack files: (1) loading and validating a 50-service stack file, and converting it to Engine
// specs, in-process, as the editor's diagnostics and Deploy Stack… do; (2) deploying that stack
// (services at 0 replicas) on the real swarm with the extension's deploy code, against
// `docker stack deploy --resolve-image never` of the same file, and redeploying it unchanged.
// Each round deploys a fresh stack by one, redeploys it, removes it and waits until it is gone,
// then does the same with the other, in a rotating order.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { convertStack } from '../../src/compose/convertStack';
import { loadCompose } from '../../src/compose/load';
import { readYaml } from '../../src/compose/yamlSource';
import { planDeploy } from '../../src/deploy/plan';
import { readStackState } from '../../src/deploy/readState';
import { runDeploy } from '../../src/deploy/run';
import type { DeployResult } from '../../src/deploy/types';
import type { TestClient } from '../../test/support/testClient';
import { IMAGE, waitFor } from '../../test/support/swarm';
import { BENCH_LABEL, RUN_ID } from './realSwarm';
import { stackFile } from './stackFile';
import { collectGarbage, now, run } from './stats';

export const STACK_SERVICES = 50;

export interface ConversionFigures {
  services: number;
  bytes: number;
  lines: number;
  /** readYaml alone: the yaml package's parse and our walk of its document. */
  yaml: number[];
  /** loadCompose: YAML, interpolation, schema, the loader's checks. */
  load: number[];
  /** convertStack alone, of the loaded file. */
  convert: number[];
  /** loadCompose + convertStack. */
  loadConvert: number[];
  /** loadCompose right after a forced full GC (the heap's pages handed back to the system). */
  loadAfterGc: number[];
}

const files = () => stackFile(STACK_SERVICES, IMAGE, { [BENCH_LABEL]: RUN_ID });

/**
 * Interleaved in each round, back to back in one warmed-up process, as the diagnostics run while
 * the user types; then, apart, loadCompose right after a forced full GC.
 */
export function measureConversion(rounds: number, warmup = 10): ConversionFigures {
  const f = files();
  const contents = new Map(Object.entries(f.files).map(([p, c]) => [join('/stack', p), Buffer.from(c)]));
  const ctx = {
    stackName: 'bench',
    workingDir: '/stack',
    env: {},
    readFile: (p: string) => {
      const c = contents.get(p);
      if (!c) throw new Error(`no such file: ${p}`);
      return c;
    },
  };
  const loadedOnce = loadCompose(f.text, { env: {} });
  const steps = {
    yaml: () => readYaml(f.text),
    load: () => loadCompose(f.text, { env: {} }),
    convert: () => convertStack(loadedOnce.config ?? {}, ctx),
    loadConvert: () => {
      const loaded = loadCompose(f.text, { env: {} });
      const stack = convertStack(loaded.config ?? {}, ctx);
      if (loaded.issues.length + stack.issues.length > 0 || stack.services.length !== STACK_SERVICES) {
        throw new Error(`the bench's stack file does not convert cleanly: ${JSON.stringify([...loaded.issues, ...stack.issues].slice(0, 3))}`);
      }
      return stack;
    },
  };
  const out: ConversionFigures = { services: STACK_SERVICES, bytes: Buffer.byteLength(f.text), lines: f.text.split('\n').length, yaml: [], load: [], convert: [], loadConvert: [], loadAfterGc: [] };
  const names = Object.keys(steps) as (keyof typeof steps)[];
  for (let i = 0; i < warmup; i++) for (const n of names) steps[n]();
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < names.length; k++) {
      const n = names[(i + k) % names.length] as keyof typeof steps;
      const t = now();
      steps[n]();
      out[n].push(now() - t);
    }
  }
  for (let i = 0; i < Math.min(rounds, 11); i++) {
    collectGarbage();
    const t = now();
    steps.load();
    out.loadAfterGc.push(now() - t);
  }
  return out;
}

export interface DeployContender {
  /** 'cli', or ours with a concurrency (undefined: runDeploy's default). */
  kind: 'ours' | 'cli';
  concurrency?: number;
}

export interface Phases { convert: number; plan: number; send: number }

export interface DeployRound {
  /** Wall time of the first deploy of a fresh stack. */
  deploy: number;
  /** Wall time of the deploy of the same file over it, once its services have settled. */
  redeploy: number;
  /** The services the redeploy updated (ours: from its result; the CLI's: versions that moved). */
  redeployUpdated: number;
  /** Ours only: the steps of the deploy and of the redeploy. */
  phases?: { deploy: Phases; redeploy: Phases };
}

export interface StackDeployFigures {
  services: number;
  contenders: DeployContender[];
  /** rounds[i][c]: contender c in round i. */
  rounds: DeployRound[][];
  /** Wall time to remove a stack and see it gone (the rm itself, the CLI's or ours, is not timed). */
  teardown: number[];
}

export const contenderName = (c: DeployContender): string => (c.kind === 'cli' ? 'docker stack deploy' : `ours${c.concurrency !== undefined ? ` (concurrency ${c.concurrency})` : ''}`);

/** The stack names this run deploys: the cleanup removes them. */
export const benchStackName = (i: number): string => `${RUN_ID}s${i}`;

/** Our deploy as Deploy Stack… runs it, with the time of each step: convert (load + convert), plan (read the state + plan), send. */
async function oursDeploy(client: TestClient, file: string, name: string, concurrency: number | undefined): Promise<{ result: DeployResult; phases: Phases }> {
  const t0 = now();
  const text = readFileSync(file, 'utf8');
  const env = process.env;
  const loaded = loadCompose(text, { env });
  const stack = convertStack(loaded.config ?? {}, { stackName: name, workingDir: dirname(file), env, readFile: (p) => readFileSync(p) });
  const issues = [...loaded.issues, ...stack.issues];
  if (issues.length > 0) throw new Error(`the stack file has problems: ${issues.map((i) => i.message).join('; ')}`);
  const t1 = now();
  const plan = planDeploy(stack, await readStackState(client, stack));
  if (plan.errors.length > 0) throw new Error(`the plan has errors: ${plan.errors.join('; ')}`);
  const t2 = now();
  const result = await runDeploy(client, plan, { prune: false, resolveImage: 'never', ...(concurrency !== undefined ? { concurrency } : {}) });
  if (result.failures.length > 0) throw new Error(`our deploy failed: ${result.failures.map((f) => `${f.name}: ${f.message}`).join('; ')}`);
  return { result, phases: { convert: t1 - t0, plan: t2 - t1, send: now() - t2 } };
}

async function cliDeploy(file: string, name: string): Promise<number> {
  const r = await run('docker', ['stack', 'deploy', '--resolve-image', 'never', '-c', file, name]);
  if (r.code !== 0) throw new Error(`docker stack deploy failed (${r.code}): ${r.stderr.slice(-1000)}`);
  return r.ms;
}

/** Every service of the stack has its virtual IPs: the allocator's own update after a create has landed. */
async function settled(client: TestClient, name: string): Promise<Map<string, number>> {
  return waitFor(`the services of stack ${name} to settle`, async () => {
    const services = (await client.stackResources(name)).services;
    if (services.length !== STACK_SERVICES) return undefined;
    if (!services.every((s) => (s.Endpoint as { VirtualIPs?: unknown[] } | undefined)?.VirtualIPs !== undefined)) return undefined;
    return new Map(services.map((s) => [s.ID, s.Version?.Index ?? 0]));
  }, 60_000, 100);
}

/** Removes the stack and waits until its services, network, secret and config are gone. */
export async function removeBenchStack(client: TestClient, name: string): Promise<void> {
  await client.removeStack(name);
  await waitFor(`stack ${name} to be gone`, async () => {
    const r = await client.stackResources(name);
    if (r.services.length + r.networks.length + r.secrets.length + r.configs.length === 0) return true;
    // A network still attached when the rm ran: try again.
    if (r.services.length === 0) await client.removeStack(name);
    return undefined;
  }, 60_000, 100);
}

/**
 * Writes the stack file with its secret and config files, then runs `rounds` rounds; in each, every
 * contender deploys a fresh stack (each its own name), redeploys it once settled, and removes it.
 */
export async function measureStackDeploy(
  client: TestClient,
  dir: string,
  contenders: DeployContender[],
  rounds: number,
  onRound?: (i: number, round: DeployRound[]) => void,
): Promise<StackDeployFigures> {
  const f = files();
  const file = join(dir, 'stack', 'docker-stack.yml');
  for (const [p, c] of Object.entries({ 'docker-stack.yml': f.text, ...f.files })) {
    mkdirSync(dirname(join(dir, 'stack', p)), { recursive: true });
    writeFileSync(join(dir, 'stack', p), c);
  }
  const out: StackDeployFigures = { services: STACK_SERVICES, contenders, rounds: [], teardown: [] };
  // One untimed deploy each first: the CLI's binary and our code paths are warm in every round.
  for (let c = 0; c < contenders.length; c++) await deployOnce(client, file, benchStackName(c), contenders[c] as DeployContender, out.teardown);
  out.teardown.length = 0;
  for (let i = 0; i < rounds; i++) {
    const round: DeployRound[] = new Array(contenders.length);
    for (let k = 0; k < contenders.length; k++) {
      const c = (i + k) % contenders.length;
      round[c] = await deployOnce(client, file, benchStackName(c), contenders[c] as DeployContender, out.teardown);
    }
    out.rounds.push(round);
    onRound?.(i, round);
  }
  return out;
}

async function deployOnce(client: TestClient, file: string, name: string, c: DeployContender, teardown: number[]): Promise<DeployRound> {
  // No forced GC before a deploy: it would hand the heap's pages back to the system, and the
  // next allocations would pay for faulting them in, which an extension host does not.
  const timedDeploy = async (): Promise<{ ms: number; result?: DeployResult; phases?: Phases }> => {
    const t = now();
    if (c.kind === 'cli') {
      await cliDeploy(file, name);
      return { ms: now() - t };
    }
    const r = await oursDeploy(client, file, name, c.concurrency);
    return { ms: now() - t, ...r };
  };
  const first = await timedDeploy();
  if (first.result && first.result.created.length !== STACK_SERVICES) throw new Error(`our deploy created ${first.result.created.length} services, not ${STACK_SERVICES}`);
  const before = await settled(client, name);
  const again = await timedDeploy();
  const redeployUpdated = again.result
    ? again.result.updated.length + again.result.created.length
    : (await client.stackResources(name)).services.filter((s) => (s.Version?.Index ?? 0) !== before.get(s.ID)).length;
  const t = now();
  await removeBenchStack(client, name);
  teardown.push(now() - t);
  return {
    deploy: first.ms,
    redeploy: again.ms,
    redeployUpdated,
    ...(first.phases && again.phases ? { phases: { deploy: first.phases, redeploy: again.phases } } : {}),
  };
}
