// The steps Deploy Stack… and Preview Stack Deploy share, none of which changes anything:
// the file, its problems (a file with errors is refused before any request), the stack name,
// the conversion, the swarm's current state and the plan. Cancelling at any step returns
// undefined and nothing was sent.
import type { CommandContext } from '../commands/context';
import { convertStack } from '../compose/convertStack';
import { loadCompose } from '../compose/load';
import { suggestStackName, validateStackName } from '../compose/stackName';
import { scrubIssues, withoutEnvValues } from '../compose/scrub';
import type { ComposeIssue, LoadedCompose } from '../compose/types';
import { lineAt } from '../compose/yamlSource';
import { planDeploy } from '../deploy/plan';
import { readStackState } from '../deploy/readState';
import type { DeployPlan } from '../deploy/types';
import { SwarmError } from '../model/errors';
import { resolveComposeFile, type ComposeFile } from './composeFiles';
import { readLocalFile } from './localFiles';

export interface PreparedDeploy {
  file: ComposeFile;
  plan: DeployPlan;
}

/** Throws one clear message when the issues include errors: the first, its line, and how many more. */
function refuseOnErrors(file: ComposeFile, loaded: LoadedCompose, issues: readonly ComposeIssue[]): void {
  const errors = issues.filter((i) => i.severity === 'error');
  if (!errors.length) return;
  const first = errors[0]!;
  const range = first.range ?? loaded.rangeOf(first.path, first.onKey);
  const where = range ? ` (line ${lineAt(file.text, range.start)})` : '';
  const more = errors.length > 1 ? ` There are ${errors.length - 1} more problems: see the Problems panel.` : '';
  throw new SwarmError('invalid', `${file.label} cannot be deployed: ${first.message.replace(/\.$/, '')}${where}. Nothing was sent.${more}`);
}

export async function prepareDeploy(ctx: CommandContext, arg: unknown, verb: 'deploy' | 'preview'): Promise<PreparedDeploy | undefined> {
  const file = await resolveComposeFile(ctx.host, arg, verb === 'deploy' ? 'Select the stack file to deploy' : 'Select the stack file to preview');
  if (!file) return undefined;
  const env = process.env;
  const loaded = loadCompose(file.text, { env });
  // Messages never show the value of an environment variable the file uses (it may be a secret).
  const scrub = withoutEnvValues(file.text, env);
  loaded.issues.splice(0, loaded.issues.length, ...scrubIssues(loaded.issues, scrub));
  refuseOnErrors(file, loaded, loaded.issues);
  const config = loaded.config ?? {};
  const stackName = await ctx.host.showInputBox({
    title: verb === 'deploy' ? `Deploy ${file.label}` : `Preview the deploy of ${file.label}`,
    prompt: 'Stack name (services are named <stack>_<service>)',
    value: suggestStackName(config, file.folderName),
    validateInput: (v) => validateStackName(v),
  });
  if (stackName === undefined || validateStackName(stackName) !== undefined) return undefined;
  const stack = convertStack(config, { stackName, workingDir: file.workingDir, env, readFile: readLocalFile });
  stack.issues.splice(0, stack.issues.length, ...scrubIssues(stack.issues, scrub));
  refuseOnErrors(file, loaded, stack.issues);
  // The loader's warnings (keys a stack ignores, unset variables) go with the conversion's, so
  // that the confirmation lists them too: a deploy from the Explorer shows no Problems panel.
  stack.issues.unshift(...loaded.issues.filter((i) => i.severity === 'warning'));
  const state = await readStackState(ctx.client(), stack);
  const plan = planDeploy(stack, state);
  plan.errors = plan.errors.map(scrub);
  plan.warnings = plan.warnings.map(scrub);
  if (plan.errors.length) {
    throw new SwarmError('invalid', `Stack ${stackName} cannot be deployed: ${plan.errors.join('; ').replace(/\.$/, '')}. Nothing was sent.`);
  }
  return { file, plan };
}
