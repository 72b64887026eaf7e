// What a deploy of a converted stack would change, decided from the swarm's current state without
// sending anything: each service created, updated or unchanged, each network, secret and config
// created, updated, unchanged or external, the services a prune would remove, and the reasons the
// deploy cannot go ahead at all (nothing is sent when there is one).
import type { ServiceSpec } from '../compose/engineSpecs';
import type { ConvertedService, ConvertedStack } from '../compose/types';
import { withDefaultTag } from '../model/imageRef';
import { canonicalSpec, comparableSpec, sameSpec, type Json } from './normalise';
import type { DeployPlan, ExistingResource, ExistingService, ResourcePlan, ServicePlan, StackState } from './types';

export const STACK_LABEL = 'com.docker.stack.namespace';
export const IMAGE_LABEL = 'com.docker.stack.image';

/** Networks every node has locally: the CLI does not look them up when a file names them as external. */
const BUILT_IN_NETWORKS = new Set(['default', 'bridge', 'host', 'none']);

const sameLabels = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

type CurrentSpec = {
  Labels?: Record<string, string>;
  TaskTemplate?: { ContainerSpec?: { Image?: string }; ForceUpdate?: number; Placement?: { Platforms?: { Architecture?: string; OS?: string }[] } };
};

/**
 * The spec a deploy would send for one service. As the CLI: the image gets its default tag; when
 * the image as written is the one the current service was deployed from (its
 * com.docker.stack.image label), the current image (perhaps digest-pinned) is kept, so that an
 * unchanged file does not unpin it; and the current ForceUpdate is kept.
 */
export function specToSend(service: ConvertedService, current: ExistingService | undefined): ServiceSpec {
  const spec = structuredClone(service.spec);
  const written = spec.TaskTemplate.ContainerSpec.Image;
  const cur = current?.spec as CurrentSpec | undefined;
  const currentImage = cur?.TaskTemplate?.ContainerSpec?.Image;
  const keep = current !== undefined && cur?.Labels?.[IMAGE_LABEL] === written && currentImage !== undefined;
  spec.TaskTemplate.ContainerSpec.Image = keep ? currentImage : withDefaultTag(written);
  // The platforms come with a pinned image (the client sets them when it resolves the digest):
  // keeping the image keeps them, or an unchanged file would change the placement.
  const platforms = cur?.TaskTemplate?.Placement?.Platforms;
  if (keep && platforms && platforms.length > 0 && !spec.TaskTemplate.Placement?.Platforms) {
    spec.TaskTemplate.Placement = { ...spec.TaskTemplate.Placement, Platforms: platforms };
  }
  if (cur?.TaskTemplate?.ForceUpdate !== undefined) spec.TaskTemplate.ForceUpdate = cur.TaskTemplate.ForceUpdate;
  return spec;
}

/** Network ID -> name, for reading the Engine's references by ID. */
export function networkNamesOf(state: StackState): Map<string, string> {
  return new Map(state.networks.map((n) => [n.id, n.name]));
}

/** Whether API version `v` (e.g. "1.41") is older than `major.minor`. */
function apiBelow(v: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  return !!m && (Number(m[1]) < major || (Number(m[1]) === major && Number(m[2]) < minor));
}

/**
 * What the engine would store of `canonical`: an engine before API 1.44 does not know a health
 * check's StartInterval and drops it, so a file that sets it would otherwise never look unchanged.
 */
function asStoredBy(canonical: Json, apiVersion: string | undefined): Json {
  if (!apiBelow(apiVersion, 1, 44)) return canonical;
  const health = ((canonical['TaskTemplate'] as Json | undefined)?.['ContainerSpec'] as Json | undefined)?.['Healthcheck'] as Json | undefined;
  if (health) delete health['StartInterval'];
  return canonical;
}

function planService(service: ConvertedService, current: ExistingService | undefined, networkNames: ReadonlyMap<string, string>, apiVersion?: string): ServicePlan {
  const spec = specToSend(service, current);
  const next = asStoredBy(canonicalSpec(spec, networkNames), apiVersion);
  if (!current) {
    return { key: service.key, name: spec.Name, action: 'create', spec, comparable: { current: undefined, next: comparableSpec(next) } };
  }
  const now = canonicalSpec(current.spec, networkNames);
  return {
    key: service.key,
    name: spec.Name,
    action: sameSpec(now, next) ? 'unchanged' : 'update',
    spec,
    current,
    comparable: { current: comparableSpec(now), next: comparableSpec(next) },
  };
}

function byName(list: readonly ExistingResource[]): Map<string, ExistingResource> {
  return new Map(list.map((r) => [r.name, r]));
}

function planResources(stack: ConvertedStack, state: StackState, errors: string[]): ResourcePlan[] {
  const out: ResourcePlan[] = [];
  const networks = byName(state.networks);
  const secrets = byName(state.secrets);
  const configs = byName(state.configs);
  const ours = (r: ExistingResource) => r.labels[STACK_LABEL] === stack.stackName;

  for (const name of stack.externalNetworks) {
    out.push({ kind: 'network', name, action: 'external' });
    if (BUILT_IN_NETWORKS.has(name) || name.startsWith('container:')) continue;
    const found = networks.get(name);
    if (!found) errors.push(`network "${name}" is declared as external, but could not be found. Create a swarm-scoped network with that name before deploying the stack.`);
    else if (found.scope !== undefined && found.scope !== 'swarm') errors.push(`network "${name}" is declared as external, but its scope is "${found.scope}", not "swarm".`);
  }
  for (const n of stack.networks) {
    const found = networks.get(n.create.Name);
    // As the CLI, only a network with the stack's label counts as already there; another of
    // that name would make the create fail, so it is refused here, before anything is sent.
    if (found && !ours(found)) errors.push(`networks.${n.key}: a network named "${n.create.Name}" already exists and does not belong to stack ${stack.stackName}.`);
    out.push({ kind: 'network', name: n.create.Name, action: found ? 'unchanged' : 'create' });
  }
  for (const [kind, externals, existing] of [['secret', stack.externalSecrets, secrets], ['config', stack.externalConfigs, configs]] as const) {
    for (const name of externals) {
      out.push({ kind, name, action: 'external' });
      if (!existing.has(name)) errors.push(`${kind} "${name}" is declared as external, but could not be found. Create it before deploying the stack.`);
    }
  }
  for (const s of stack.secrets) {
    const found = secrets.get(s.spec.Name);
    // The Engine never returns a secret's data: an existing secret is sent a label update carrying
    // the data, which the Engine refuses when the data differs (see run.ts).
    out.push({ kind: 'secret', name: s.spec.Name, action: !found ? 'create' : sameLabels(found.labels, s.spec.Labels) ? 'unchanged' : 'update' });
  }
  for (const c of stack.configs) {
    const found = configs.get(c.spec.Name);
    if (found && found.data !== undefined && (c.spec.Data ?? '') !== found.data) {
      errors.push(
        `configs.${c.key}: the content of config "${c.spec.Name}" changed, and the Engine cannot change a config's content. ` +
          'Give the config a new name (e.g. with name: and a version suffix), or remove it first.',
      );
    }
    out.push({ kind: 'config', name: c.spec.Name, action: !found ? 'create' : sameLabels(found.labels, c.spec.Labels) ? 'unchanged' : 'update' });
  }
  return out;
}

export function planDeploy(stack: ConvertedStack, state: StackState): DeployPlan {
  const errors: string[] = stack.issues.filter((i) => i.severity === 'error').map((i) => i.message);
  const warnings: string[] = stack.issues.filter((i) => i.severity === 'warning').map((i) => i.message);
  const resources = planResources(stack, state, errors);
  const networkNames = networkNamesOf(state);
  const current = new Map(state.services.map((s) => [s.name, s]));
  const services = stack.services.map((s) => planService(s, current.get(s.spec.Name), networkNames, state.apiVersion));
  const inFile = new Set(stack.services.map((s) => s.spec.Name));
  const prunable = state.services
    .filter((s) => !inFile.has(s.name) && (s.spec as { Labels?: Record<string, string> }).Labels?.[STACK_LABEL] === stack.stackName)
    .map((s) => ({ id: s.id, name: s.name }));
  return { stack, state, services, resources, prunable, errors, warnings };
}
