// Deploy Stack…: the compose file in the editor (or the one clicked) deployed as `docker stack
// deploy` would, on the Engine API. A modal says what will change on which engine and which
// local files are read; a second button also removes what the file no longer has (--prune).
// The deploy runs under a progress notification, then the rollouts are followed.
import { confirmationButtons, confirmationText, resultText } from '../deploy/summary';
import { runDeploy } from '../deploy/run';
import { lookupPlanImages } from '../deploy/images';
import type { DeployResult } from '../deploy/types';
import { prepareDeploy } from '../composeEditor/prepareDeploy';
import { SwarmError } from '../model/errors';
import type { CommandContext } from './context';
import { credentialsFor, explainFailure } from './imagePinning';
import { registryOf } from '../registry/credentials';
import { requireTrust } from './trust';

/** Stacks being deployed now: a second deploy of the same stack waits for none, it is refused. */
const inFlight = new Set<string>();

export async function deployStack(ctx: CommandContext, arg?: unknown): Promise<DeployResult | undefined> {
  requireTrust('Deploy Stack');
  // Refused before anything is asked or read while the quorum is known lost, in the view's words.
  ctx.client().refuseChanges?.();
  const prepared = await prepareDeploy(ctx, arg, 'deploy');
  if (!prepared) return undefined;
  const { file, plan } = prepared;
  const name = plan.stack.stackName;
  const busy = () => new SwarmError('invalid', `Stack ${name} is being deployed already: wait for that deploy to finish, then deploy again`);
  if (inFlight.has(name)) throw busy();
  const resolveImage = ctx.deploySettings().resolveImage;
  // Once per registry for the whole deploy: a credential helper is not asked again for each service.
  const credentials = new Map<string, Promise<string | undefined>>();
  const registryAuth = (image: string) => {
    const key = registryOf(image) ?? image;
    if (!credentials.has(key)) credentials.set(key, credentialsFor(ctx, image));
    return credentials.get(key)!;
  };
  // Digests first, so that a registry out of reach or refusing the credentials is in the
  // confirmation, where the user can still choose not to deploy unpinned images.
  const lookups = await ctx.host.withProgress(`Looking up the images of stack ${name}`, () => lookupPlanImages(ctx.client(), plan, resolveImage, registryAuth));
  const failed = [...lookups.values()].filter((l): l is Extract<typeof l, { ok: false }> => !l.ok);
  const { message, detail } = confirmationText(plan, {
    endpoint: ctx.endpoint.describe(),
    unsaved: file.unsaved,
    unpinned: failed.map((l) => explainFailure(ctx, l)),
  });
  const buttons = confirmationButtons(plan);
  const answer = await ctx.host.choose(message, detail, buttons.prune ? [buttons.deploy, buttons.prune] : [buttons.deploy]);
  if (answer !== buttons.deploy && (answer === undefined || answer !== buttons.prune)) return undefined;
  const prune = answer === buttons.prune;

  // Checked again: another deploy of the stack may have started while the modal was open.
  if (inFlight.has(name)) throw busy();
  inFlight.add(name);
  let result: DeployResult;
  try {
    result = await ctx.host.withProgress(`Deploying stack ${name}`, (progress) =>
      runDeploy(ctx.client(), plan, {
        prune,
        resolveImage,
        registryAuth,
        lookups,
        onProgress: (s) => progress.report({ message: `${s.done}/${s.total}: ${s.kind} ${s.name} ${s.action === 'create' ? 'created' : s.action === 'update' ? 'updated' : 'removed'}` }),
      }),
    );
  } finally {
    inFlight.delete(name);
  }
  for (const w of result.warnings) ctx.log.warn(`Deploy stack ${name}: ${w}`);
  for (const f of result.failures) ctx.log.error(`Deploy stack ${name}: ${f.name}: ${f.message}`);
  await ctx.store.refresh();
  const text = resultText(name, result);
  if (result.failures.length) void ctx.host.showErrorMessage(text);
  else void ctx.host.showInformationMessage(result.warnings.length ? `${text} ${result.warnings.length} warning(s): see the Swarm Services log.` : text);
  // Jobs run to completion rather than converge: their tasks show in the tree.
  const jobs = new Set(plan.services.filter((s) => s.spec.Mode?.ReplicatedJob || s.spec.Mode?.GlobalJob).map((s) => s.name));
  const changed = [...result.created, ...result.updated].filter((n) => !jobs.has(n)).map((n) => result.serviceIds[n]).filter((id): id is string => !!id);
  if (changed.length) ctx.rollouts.watchAll(ctx, changed, `Rolling out stack ${name}`);
  return result;
}
