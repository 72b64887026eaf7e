// Redeploy with Latest Image: looks each selected service's image tag up again in its registry
// and, when the tag now points to another digest, updates the service to that digest (with the
// registry's credentials, so the nodes can pull); the rollout is followed as for any update.
// When the digest has not moved nothing is sent: Force Update Service restarts tasks anyway.
import { toSwarmError } from '../docker/errors';
import { SwarmError } from '../model/errors';
import { registryOf } from '../registry/credentials';
import type { ServiceSummary } from '../model/summaries';
import { digestOf, hasTag, lookupImage, pinned, tagOf } from '../registry/imageLookup';
import type { CommandContext } from './context';
import { credentialsFor, explainFailure, LOG_IN } from './imagePinning';
import { logInToRegistry } from './registryLogin';
import { reportEach, runEach } from './runEach';
import { resolveServices, targetsOf } from './targets';

export interface RedeployOutcome {
  service: ServiceSummary;
  /** `updated`: the service now runs `image`; `unchanged`: its digest is already the tag's. */
  action: 'updated' | 'unchanged';
  image: string;
  digest: string;
}

/** A lookup refused for want of (right) credentials: logging in may help. */
class NeedsLogin extends SwarmError {
  constructor(message: string, readonly server: string) {
    super('permission', message);
  }
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

async function redeployOne(ctx: CommandContext, service: ServiceSummary): Promise<RedeployOutcome> {
  const current = await ctx.client().inspectService(service.id);
  const image = current.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '';
  if (!hasTag(image)) {
    throw new SwarmError('invalid', `${service.name} runs ${image || 'no image'}, pinned by digest without a tag: there is no tag to look up. Use Update Service Image… to choose one.`);
  }
  const registryAuth = await credentialsFor(ctx, image);
  const lookup = await lookupImage(ctx.client(), image, registryAuth);
  if (!lookup.ok) {
    const message = `${explainFailure(ctx, lookup)} Nothing was changed.`;
    const server = registryOf(image);
    if ((lookup.kind === 'needsLogin' || lookup.kind === 'refused') && server) throw new NeedsLogin(message, server);
    throw new SwarmError('api', message);
  }
  if (digestOf(image) === lookup.digest) return { service, action: 'unchanged', image: tagOf(image), digest: lookup.digest };
  const next = pinned(lookup);
  await ctx.client().updateServiceImage(service.id, next, {
    ...(registryAuth ? { registryAuth } : {}),
    platforms: lookup.platforms,
  });
  ctx.log.info(`Redeploy with Latest Image: ${service.name} ${image} -> ${next}`);
  const reread = await ctx.store.reloadService(service.id).catch(() => service);
  return { service: reread, action: 'updated', image: tagOf(image), digest: lookup.digest };
}

export async function redeployLatestImage(ctx: CommandContext, arg?: unknown, selection?: unknown): Promise<RedeployOutcome[]> {
  const services = await resolveServices(targetsOf(ctx), arg, selection, 'Select a service to redeploy with the latest image of its tag');
  if (services.length === 0) return [];
  ctx.client().refuseChanges?.();
  const names = services.map((s) => s.name).join(', ');
  const outcome = await ctx.host.withProgress(`Looking up the latest image of ${names}`, (progress) =>
    runEach(services, (s) => {
      progress.report({ message: s.name });
      return redeployOne(ctx, s);
    }),
  );
  const results = outcome.done.map((d) => d.result);
  const updated = results.filter((r) => r.action === 'updated');
  const unchanged = results.filter((r) => r.action === 'unchanged');
  const words: string[] = [];
  if (updated.length) words.push(`Redeploying ${updated.map((r) => `${r.service.name} to ${r.image} (${short(r.digest)})`).join(', ')}: the tag moved.`);
  if (unchanged.length) {
    words.push(
      `${unchanged.map((r) => r.service.name).join(', ')} already ${unchanged.length === 1 ? 'runs' : 'run'} the latest ${unchanged.map((r) => `${r.image} (${short(r.digest)})`).join(', ')}; nothing changed. Force Update Service restarts tasks anyway.`,
    );
  }
  const [failure] = outcome.failed;
  if (failure && services.length === 1 && failure.error instanceof NeedsLogin) {
    const { server } = failure.error;
    // Offered, not awaited: the notification may stay open long after the command is over.
    void ctx.host.showErrorMessage(failure.error.message, LOG_IN).then(async (answer) => {
      if (answer !== LOG_IN) return;
      try {
        if (await logInToRegistry(ctx, server)) await redeployLatestImage(ctx, failure.target.id);
      } catch (e) {
        void ctx.host.showErrorMessage(toSwarmError(e).message);
      }
    });
    return [];
  }
  if (failure && services.length === 1) throw failure.error;
  if (failure) await ctx.store.refresh();
  reportEach(ctx, outcome, (s) => s.name, { done: () => words.join(' '), couldNot: 'redeploy', logAs: 'Redeploy with Latest Image' });
  for (const r of updated) ctx.rollouts.watch(ctx, r.service.id, `Redeploying ${r.service.name} to ${r.image}`);
  return results;
}
