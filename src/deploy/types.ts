// The shapes of a stack deploy: what the swarm has for a stack (StackState), what a deploy of a
// converted compose file would change (DeployPlan: shown in the confirmation and the preview,
// changing nothing), and what sending it did (DeployResult). Pure types.

import type { ConvertedStack } from '../compose/types';
import type { ServiceSpec } from '../compose/engineSpecs';
import type { ImageLookup } from '../registry/imageLookup';

export type ResolveImage = 'always' | 'changed' | 'never';

export interface ExistingService {
  id: string;
  name: string;
  version: number;
  /** The spec as the Engine returns it (network, secret and config references by ID). */
  spec: Record<string, unknown>;
}

export interface ExistingResource {
  id: string;
  name: string;
  version: number;
  labels: Record<string, string>;
  /** configs only: base64 */
  data?: string;
  /** networks only: `swarm` for a network services can attach to */
  scope?: string;
}

/** What the swarm has that a deploy of this stack touches: the stack's own objects and the names it refers to. */
export interface StackState {
  stackName: string;
  /** The engine's API version, when known: fields it does not know are dropped when it stores a spec. */
  apiVersion?: string;
  services: ExistingService[];
  networks: ExistingResource[];
  secrets: ExistingResource[];
  configs: ExistingResource[];
}

export interface ServicePlan {
  /** The key under `services:` in the file. */
  key: string;
  name: string;
  action: 'create' | 'update' | 'unchanged';
  /** What would be sent (references by name, IDs filled at send time). */
  spec: ServiceSpec;
  current?: ExistingService;
  /** For the preview: the current and the new spec in one comparable form (IDs shown as names, engine defaults left out). */
  comparable?: { current: unknown; next: unknown };
}

export interface ResourcePlan {
  kind: 'network' | 'secret' | 'config';
  /** The name on the engine (`<stack>_<key>` unless the file names it). */
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'external';
}

export interface DeployPlan {
  stack: ConvertedStack;
  /** What the plan was made from: the run takes IDs and versions of existing objects from it. */
  state: StackState;
  services: ServicePlan[];
  resources: ResourcePlan[];
  /** Services of the stack that the file no longer has (removed only with prune). */
  prunable: { id: string; name: string }[];
  /** Reasons the deploy cannot go ahead (a missing external, a secret or config whose content changed): nothing is sent. */
  errors: string[];
  warnings: string[];
}

export interface DeployStep {
  kind: 'network' | 'secret' | 'config' | 'service' | 'prune';
  name: string;
  action: 'create' | 'update' | 'remove';
  /** Steps finished so far, and in all. */
  done: number;
  total: number;
}

export interface DeployOptions {
  prune: boolean;
  resolveImage: ResolveImage;
  /** The X-Registry-Auth value for an image, if any credentials are known for its registry. */
  registryAuth?(image: string): Promise<string | undefined>;
  /** Digests looked up before the run (lookupPlanImages), by the image as written; others are looked up as the run goes. */
  lookups?: ReadonlyMap<string, ImageLookup>;
  onProgress?(step: DeployStep): void;
  /** Requests in flight at once where the CLI's order does not matter. */
  concurrency?: number;
}

export interface DeployResult {
  /** Services, by name (networks, secrets and configs are in `resources`). */
  created: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
  /** Networks, secrets and configs created, or (secrets, configs) their labels updated. */
  resources: { kind: 'network' | 'secret' | 'config'; name: string; action: 'create' | 'update' }[];
  /** Service name -> ID, for following the rollouts. */
  serviceIds: Record<string, string>;
  warnings: string[];
  failures: { name: string; message: string }[];
}
