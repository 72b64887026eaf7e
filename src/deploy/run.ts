// Sends a deploy plan to the swarm, in the CLI's order: networks, then secrets and configs, then
// services, then (with prune) the services the file no longer has. Requests within a step go out
// in parallel (bounded). Nothing at all is sent when the plan has errors.
//
// Secrets first of all: the Engine never returns a secret's data, so whether a file changed an
// existing secret is only known by sending it. Each existing secret gets a label update that
// carries the file's data; the Engine accepts it only when the data is the same ("only updates to
// Labels are allowed" otherwise). Those updates go out before anything is created: on a refusal
// the deploy stops, and all it has changed is the labels of secrets whose data was the same
// (which the CLI's deploy changes too).
import type { ConfigSpec, SecretSpec, ServiceSpec } from '../compose/engineSpecs';
import { SwarmError } from '../model/errors';
import type { SwarmClient } from '../docker/swarmClient';
import { retryOnceOnConflict } from '../docker/writes';
import { resolvedSpec, shouldResolve, writtenImage } from './images';
import { headerForWrite } from '../registry/registryAuth';
import { canonicalSpec, sameSpec } from './normalise';
import { IMAGE_LABEL, networkNamesOf } from './plan';
import { forEachLimited } from './pool';
import type { DeployOptions, DeployPlan, DeployResult, DeployStep, ExistingResource, ServicePlan } from './types';

export type DeployClient = Pick<
  SwarmClient,
  | 'stackObjects'
  | 'createNetwork'
  | 'createSecret'
  | 'updateSecret'
  | 'createConfig'
  | 'updateConfig'
  | 'createStackService'
  | 'updateStackService'
  | 'inspectService'
  | 'distributionInspect'
  | 'removeService'
  | 'refuseChanges'
>;

const DEFAULT_CONCURRENCY = 8;

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

function dataRefused(e: unknown): boolean {
  return e instanceof SwarmError && e.kind === 'invalid' && /only updates to labels/i.test(`${e.detail ?? ''} ${e.message}`);
}

export async function runDeploy(client: DeployClient, plan: DeployPlan, options: DeployOptions): Promise<DeployResult> {
  const result: DeployResult = { created: [], updated: [], unchanged: [], removed: [], resources: [], serviceIds: {}, warnings: [...plan.warnings], failures: [] };
  if (plan.errors.length > 0) return result;
  // While the quorum is known lost every step would be refused: once, here, before the first.
  client.refuseChanges?.();
  const limit = options.concurrency ?? DEFAULT_CONCURRENCY;
  const { stack, state } = plan;
  const existing = (list: ExistingResource[], name: string) => list.find((r) => r.name === name);

  const resource = (kind: 'network' | 'secret' | 'config', name: string) => plan.resources.find((r) => r.kind === kind && r.name === name);
  const secretsToProbe = stack.secrets.filter((s) => existing(state.secrets, s.spec.Name));
  const networksToCreate = stack.networks.filter((n) => resource('network', n.create.Name)?.action === 'create');
  const secretsToCreate = stack.secrets.filter((s) => !existing(state.secrets, s.spec.Name));
  const configsToSend = stack.configs.filter((c) => ['create', 'update'].includes(resource('config', c.spec.Name)?.action ?? ''));
  const servicesToSend = plan.services.filter((s) => s.action !== 'unchanged' || options.resolveImage === 'always');
  const toPrune = options.prune ? plan.prunable : [];
  let done = 0;
  let total = secretsToProbe.length + networksToCreate.length + secretsToCreate.length + configsToSend.length + toPrune.length +
    plan.services.filter((s) => s.action !== 'unchanged').length;
  const progress = (kind: DeployStep['kind'], name: string, action: DeployStep['action']) => options.onProgress?.({ kind, name, action, done: ++done, total });
  const attempt = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      result.failures.push({ name, message: messageOf(e) });
    }
  };

  // 1. Existing secrets: a label update with the file's data, refused when the data changed.
  await forEachLimited(secretsToProbe, limit, (s) =>
    attempt(s.spec.Name, async () => {
      let first = true;
      try {
        await retryOnceOnConflict(
          async () => {
            if (first) { first = false; return existing(state.secrets, s.spec.Name)!; }
            const fresh = await client.stackObjects(stack.stackName, { networks: [], secrets: [s.spec.Name], configs: [] });
            return existing(fresh.secrets, s.spec.Name) ?? existing(state.secrets, s.spec.Name)!;
          },
          (found) => client.updateSecret(found.id, found.version, s.spec as SecretSpec),
        );
      } catch (e) {
        if (!dataRefused(e)) throw e;
        throw new Error(`secrets.${s.key}: the content of secret "${s.spec.Name}" changed, and the Engine cannot change a secret's content. Give the secret a new name (e.g. with name: and a version suffix), or remove it first. Nothing else was deployed.`);
      }
      if (resource('secret', s.spec.Name)?.action === 'update') result.resources.push({ kind: 'secret', name: s.spec.Name, action: 'update' });
      progress('secret', s.spec.Name, 'update');
    }),
  );
  if (result.failures.length > 0) return result;

  // 2. Networks (they cannot be updated: only missing ones are created).
  await forEachLimited(networksToCreate, limit, (n) =>
    attempt(n.create.Name, async () => {
      await client.createNetwork({ ...n.create, Driver: n.create.Driver || 'overlay' });
      result.resources.push({ kind: 'network', name: n.create.Name, action: 'create' });
      progress('network', n.create.Name, 'create');
    }),
  );
  if (result.failures.length > 0) return result;

  // 3. New secrets, new configs and configs whose labels changed: one pool, so that at most
  // `limit` requests are in flight.
  const secretIds = new Map(state.secrets.map((s) => [s.name, s.id]));
  const configIds = new Map(state.configs.map((c) => [c.name, c.id]));
  const objectSteps = [
    ...secretsToCreate.map((s) => () =>
      attempt(s.spec.Name, async () => {
        secretIds.set(s.spec.Name, await client.createSecret(s.spec));
        result.resources.push({ kind: 'secret', name: s.spec.Name, action: 'create' });
        progress('secret', s.spec.Name, 'create');
      })),
    ...configsToSend.map((c) => () =>
      attempt(c.spec.Name, async () => {
        const found = existing(state.configs, c.spec.Name);
        if (found) {
          // A label update, from a fresh read when the config changed since the plan's.
          let first = true;
          await retryOnceOnConflict(
            async () => {
              if (first) { first = false; return found; }
              const fresh = await client.stackObjects(stack.stackName, { networks: [], secrets: [], configs: [c.spec.Name] });
              return existing(fresh.configs, c.spec.Name) ?? found;
            },
            (current) => client.updateConfig(current.id, current.version, c.spec as ConfigSpec),
          );
          result.resources.push({ kind: 'config', name: c.spec.Name, action: 'update' });
          progress('config', c.spec.Name, 'update');
        } else {
          configIds.set(c.spec.Name, await client.createConfig(c.spec));
          result.resources.push({ kind: 'config', name: c.spec.Name, action: 'create' });
          progress('config', c.spec.Name, 'create');
        }
      })),
  ];
  await forEachLimited(objectSteps, limit, (step) => step());
  if (result.failures.length > 0) return result;

  // 4. Services: each on its own, a failure does not stop the others.
  const withIds = (spec: ServiceSpec): ServiceSpec => {
    const c = spec.TaskTemplate.ContainerSpec;
    if (c.Secrets) c.Secrets = c.Secrets.map((r) => ({ ...r, SecretID: secretIds.get(r.SecretName) ?? r.SecretID }));
    if (c.Configs) c.Configs = c.Configs.map((r) => ({ ...r, ConfigID: configIds.get(r.ConfigName) ?? r.ConfigID }));
    // A credential spec read from a config names it by ID, as the CLI sends it: the config's
    // runtime reference (added by the conversion) carries that ID once the config exists.
    const credential = c.Privileges?.CredentialSpec;
    const runtime = c.Configs?.find((r) => r.Runtime);
    if (credential?.Config && runtime?.ConfigID) credential.Config = runtime.ConfigID;
    return spec;
  };
  const networkNames = networkNamesOf(state);
  for (const s of plan.services) if (s.action === 'unchanged' && s.current) { result.unchanged.push(s.name); result.serviceIds[s.name] = s.current.id; }

  const sendService = async (s: ServicePlan) => {
    const written = writtenImage(stack, s);
    const looked = options.lookups?.get(written);
    // Credentials the registry refused in the lookup are not sent: they would replace working ones stored with the service.
    const auth = options.registryAuth && !(looked && !looked.ok && looked.kind === 'refused') ? await options.registryAuth(written) : undefined;
    const resolved = shouldResolve(options.resolveImage, s, written);
    let spec = structuredClone(s.spec);
    if (resolved) spec = await resolvedSpec(client, spec, written, auth, result.warnings, looked);
    if (s.action === 'unchanged') {
      // Under `always` an unchanged file still follows a tag that moved in the registry.
      if (sameSpec(canonicalSpec(spec, networkNames), canonicalSpec(s.current?.spec, networkNames))) return;
      result.unchanged.splice(result.unchanged.indexOf(s.name), 1);
      total++;
    }
    if (!s.current) {
      const created = await client.createStackService(withIds(spec), auth);
      result.warnings.push(...created.warnings);
      result.created.push(s.name);
      result.serviceIds[s.name] = created.id;
      progress('service', s.name, 'create');
      return;
    }
    const id = s.current.id;
    await retryOnceOnConflict(
      () => client.inspectService(id),
      async (fresh) => {
        const send = withIds(structuredClone(spec));
        const freshSpec = (fresh.Spec ?? {}) as { Labels?: Record<string, string>; TaskTemplate?: { ForceUpdate?: number; ContainerSpec?: { Image?: string } } };
        // The CLI's rules, applied to what is there now: keep its ForceUpdate, and its image when the file's is the same.
        if (freshSpec.TaskTemplate?.ForceUpdate !== undefined) send.TaskTemplate.ForceUpdate = freshSpec.TaskTemplate.ForceUpdate;
        const freshImage = freshSpec.TaskTemplate?.ContainerSpec?.Image;
        if (!resolved && freshImage && freshSpec.Labels?.[IMAGE_LABEL] === written) send.TaskTemplate.ContainerSpec.Image = freshImage;
        // Never the credentials stored with the service for another registry (see headerForWrite).
        const header = headerForWrite(auth, send.TaskTemplate.ContainerSpec.Image, freshSpec.TaskTemplate?.ContainerSpec?.Image);
        const r = await client.updateStackService(fresh.ID, fresh.Version?.Index ?? 0, send, header);
        result.warnings.push(...r.warnings);
      },
    );
    result.updated.push(s.name);
    result.serviceIds[s.name] = id;
    progress('service', s.name, 'update');
  };
  await forEachLimited(servicesToSend, limit, (s) => attempt(s.name, () => sendService(s)));

  // 5. Prune: the stack's services the file no longer has; not after a failure, which could
  // leave the stack with neither the old service nor its replacement.
  if (toPrune.length > 0 && result.failures.length > 0) {
    result.warnings.push(`Not removed, because part of the deploy failed: ${toPrune.map((p) => p.name).join(', ')}`);
    return result;
  }
  await forEachLimited(toPrune, limit, (p) =>
    attempt(p.name, async () => {
      await client.removeService(p.id);
      result.removed.push(p.name);
      progress('prune', p.name, 'remove');
    }),
  );
  return result;
}
