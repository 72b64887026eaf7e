// The extension's side of the parity tier: one function that deploys a compose file the way the
// Deploy Stack command does (load -> convert -> read the stack's state -> plan -> run), with the
// image never resolved, as `docker stack deploy --resolve-image never` does.
//
// The pipeline's modules are imported by path at run time, so that this file compiles while they
// are being written; the types below restate their contracts (src/compose/types.ts,
// src/deploy/types.ts), so a changed signature fails here at run time with a clear message.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ComposeIssue, ConvertContext, ConvertedStack, LoadedCompose, LoadOptions } from '../../src/compose/types';
import type { DeployOptions, DeployPlan, DeployResult, StackState } from '../../src/deploy/types';
import { TestClient } from './testClient';

type LoadCompose = (text: string, options: LoadOptions) => LoadedCompose;
type ConvertStack = (config: Record<string, unknown>, ctx: ConvertContext) => ConvertedStack;
type ReadStackState = (client: unknown, stack: ConvertedStack) => Promise<StackState>;
type PlanDeploy = (stack: ConvertedStack, state: StackState) => DeployPlan;
type RunDeploy = (client: unknown, plan: DeployPlan, options: DeployOptions) => Promise<DeployResult>;

/** Where each step lives (one module per function, named after it, as the project names files). */
export const PIPELINE_MODULES = {
  loadCompose: '../../src/compose/load',
  convertStack: '../../src/compose/convertStack',
  readStackState: '../../src/deploy/readStackState',
  planDeploy: '../../src/deploy/planDeploy',
  runDeploy: '../../src/deploy/runDeploy',
} as const;

async function step<T>(name: keyof typeof PIPELINE_MODULES): Promise<T> {
  const where = PIPELINE_MODULES[name];
  let mod: Record<string, unknown>;
  try {
    mod = (await import(where)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`the extension's ${name} cannot be loaded from ${where}: ${(e as Error).message}`);
  }
  if (typeof mod[name] !== 'function') throw new Error(`${where} exports no function ${name}`);
  return mod[name] as T;
}

const error = (message: string): ComposeIssue => ({ severity: 'error', message, path: [] });
const hasError = (issues: readonly ComposeIssue[]) => issues.some((i) => i.severity === 'error');

/**
 * Deploys `file` as stack `stackName` with the extension's code. Everything the pipeline reports
 * comes back as issues: load and convert issues as they are, the plan's refusals and the run's
 * failures as errors (with an empty path). Nothing is sent once there is an error.
 */
export async function deployWithExtension(file: string, stackName: string, env: Record<string, string>): Promise<{ issues: ComposeIssue[] }> {
  const loadCompose = await step<LoadCompose>('loadCompose');
  const loaded = loadCompose(readFileSync(file, 'utf8'), { env });
  const issues = [...loaded.issues];
  if (!loaded.config || hasError(issues)) return { issues };

  const convertStack = await step<ConvertStack>('convertStack');
  const ctx: ConvertContext = {
    stackName,
    workingDir: path.dirname(path.resolve(file)),
    env,
    readFile: (p) => readFileSync(p),
  };
  let stack: ConvertedStack;
  try {
    stack = convertStack(loaded.config, ctx);
  } catch (e) {
    // A converter that throws is a bug to report, not a refusal: say so in the issue.
    return { issues: [...issues, error(`convertStack threw: ${(e as Error).message}`)] };
  }
  issues.push(...stack.issues);
  if (hasError(issues)) return { issues };

  const [readStackState, planDeploy, runDeploy] = await Promise.all([
    step<ReadStackState>('readStackState'),
    step<PlanDeploy>('planDeploy'),
    step<RunDeploy>('runDeploy'),
  ]);
  const client = new TestClient();
  const state = await readStackState(client, stack);
  const plan = planDeploy(stack, state);
  if (plan.errors.length > 0) return { issues: [...issues, ...plan.errors.map(error)] };
  const result = await runDeploy(client, plan, { prune: false, resolveImage: 'never' });
  issues.push(...result.failures.map((f) => error(`${f.name}: ${f.message}`)));
  return { issues };
}
