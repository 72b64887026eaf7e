// The extension's side of the parity tier: one function that deploys a compose file the way the
// Deploy Stack command does (load -> convert -> read the stack's state -> plan -> run), with the
// image never resolved, as `docker stack deploy --resolve-image never` does. Files are read as
// the command reads them (readLocalFile needs no VS Code).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { convertStack } from '../../src/compose/convertStack';
import { loadCompose } from '../../src/compose/load';
import type { ComposeIssue, ConvertedStack } from '../../src/compose/types';
import { readLocalFile } from '../../src/composeEditor/localFiles';
import { planDeploy } from '../../src/deploy/plan';
import { readStackState } from '../../src/deploy/readState';
import { runDeploy } from '../../src/deploy/run';
import type { DeployPlan, DeployResult } from '../../src/deploy/types';
import { TestClient } from './testClient';

const error = (message: string): ComposeIssue => ({ severity: 'error', message, path: [] });
const hasError = (issues: readonly ComposeIssue[]) => issues.some((i) => i.severity === 'error');

export interface ExtensionDeploy {
  issues: ComposeIssue[];
  plan?: DeployPlan;
  result?: DeployResult;
}

/**
 * Deploys `file` as stack `stackName` with the extension's code. Everything the pipeline reports
 * comes back as issues: load and convert issues as they are, the plan's refusals and the run's
 * failures as errors (with an empty path). Nothing is sent once there is an error.
 */
export async function deployWithExtension(file: string, stackName: string, env: Record<string, string>): Promise<ExtensionDeploy> {
  const loaded = loadCompose(readFileSync(file, 'utf8'), { env });
  const issues = [...loaded.issues];
  if (!loaded.config || hasError(issues)) return { issues };

  let stack: ConvertedStack;
  try {
    stack = convertStack(loaded.config, { stackName, workingDir: path.dirname(path.resolve(file)), env, readFile: readLocalFile });
  } catch (e) {
    // A converter that throws is a bug to report, not a refusal: say so in the issue.
    return { issues: [...issues, error(`convertStack threw: ${(e as Error).message}`)] };
  }
  issues.push(...stack.issues);
  if (hasError(issues)) return { issues };

  const client = new TestClient();
  const plan = planDeploy(stack, await readStackState(client, stack));
  if (plan.errors.length > 0) return { issues: [...issues, ...plan.errors.map(error)], plan };
  const result = await runDeploy(client, plan, { prune: false, resolveImage: 'never' });
  issues.push(...result.failures.map((f) => error(`${f.name}: ${f.message}`)));
  return { issues, plan, result };
}
