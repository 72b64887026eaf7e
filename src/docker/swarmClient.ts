// What the extension asks of a Docker engine: the interface the views, commands and log
// channels use, and the types it speaks. EngineClient (./engineClient) implements it over the
// Engine API; everything above sees plain Engine JSON typed by src/model/engineTypes and
// SwarmErrors, never dockerode.
import type { ExecRequest, ExecSession, ExecState, StatsSample } from '../model/containers';
import type { EngineNode, EngineService, EngineTask } from '../model/engineTypes';
import type { SwarmError } from '../model/errors';
import type { EngineEvent } from '../model/events';
import type { LogLine } from '../model/logDecoder';
import type { LogOptions } from '../model/logOptions';
import type { Snapshot, SnapshotScope } from '../model/snapshot';
import type { ChangeReading, ChangeRequest } from './changePlan';
import type { SwarmStatus } from '../model/swarmRole';
import type { TaskFilter } from '../model/taskFilter';
import type { SwarmConfig, SwarmConfigWithData, SwarmNetwork, SwarmSecret } from '../model/swarmObjects';
import type { ConfigSpec, NetworkCreate, SecretSpec, ServiceSpec } from '../compose/engineSpecs';

export type { Snapshot, SnapshotScope } from '../model/snapshot';
export type { SwarmRole, SwarmStatus } from '../model/swarmRole';

/** A stream from the Engine (a service's logs, the event subscription). */
export interface EngineStream {
  /** Resolves once the Engine accepted the request and data may flow; rejects if it refused. */
  readonly started: Promise<void>;
  /** Resolves when the stream ends (by itself or after stop()); rejects on an Engine error. */
  readonly done: Promise<void>;
  stop(): void;
}

/** A log stream, which the reader can also hold back; nothing is dropped meanwhile. */
export interface LogStream extends EngineStream {
  /** Stops reading from the Engine, which holds the lines until resume(). */
  pause(): void;
  resume(): void;
}

export interface NamedResource {
  id: string;
  name: string;
}

/** What `docker stack rm` removes. */
export interface StackResources {
  services: EngineService[];
  networks: NamedResource[];
  secrets: NamedResource[];
  configs: NamedResource[];
}

export interface StackRemoval {
  removed: string[];
  failed: { name: string; error: SwarmError }[];
}

/** A network, secret or config as a stack deploy needs to know it. */
export interface DeployedObject {
  id: string;
  name: string;
  version: number;
  labels: Record<string, string>;
  /** Networks only: `swarm` for overlay networks a service can use. */
  scope?: string;
  /** Configs only: the content, base64 (the Engine never returns a secret's). */
  data?: string;
}

/** What a stack deploy reads first: the stack's services (whole), and the networks, secrets and configs it touches. */
export interface StackObjects {
  /** The API version the engine speaks (GET /version): an older engine drops spec fields it does not know. */
  apiVersion?: string;
  services: EngineService[];
  networks: DeployedObject[];
  secrets: DeployedObject[];
  configs: DeployedObject[];
}

/** Names a deploy refers to, looked up whatever their labels (externals, `name:` overrides). */
export interface StackObjectNames {
  networks: readonly string[];
  secrets: readonly string[];
  configs: readonly string[];
}

/** GET /distribution/{name}/json: the digest the registry has for a reference, and its platforms. */
export interface DistributionInfo {
  digest: string;
  platforms: { architecture?: string; os?: string; variant?: string }[];
}

export interface ImageUpdateOptions {
  registryAuth?: string;
  platforms?: DistributionInfo['platforms'];
}

/** POST /auth: what a registry login sends (the Engine checks it against the registry). */
export interface RegistryLogin {
  serverAddress: string;
  username: string;
  password: string;
}

export interface SwarmClient {
  /** The engine, as messages and the log name it (unix:///…, tcp://host:port, …). */
  readonly endpoint: string;

  /** GET /info's Swarm section; timeoutMs bounds it (default: the client's). */
  swarmStatus(timeoutMs?: number): Promise<SwarmStatus>;
  /**
   * Makes this engine a single-node swarm manager (docker swarm init). Without an address
   * the engine picks one; on a machine with several it refuses and says so. Returns the node id.
   */
  initSwarm(advertiseAddr?: string): Promise<string>;
  /** Fails with notSwarm / notManager unless this engine can manage services. */
  requireManager(): Promise<void>;

  listNodes(): Promise<EngineNode[]>;
  /** The tasks of one service matching a filter (`docker service ps --filter`). */
  serviceTasks(serviceId: string, filter?: TaskFilter): Promise<EngineTask[]>;
  /** The tasks meant to run on these nodes (ids or hostnames), in one request. */
  tasksToRunOn(nodeIds: readonly string[]): Promise<EngineTask[]>;
  inspectService(idOrName: string): Promise<EngineService>;
  /**
   * Everything one view refresh needs, in a constant number of parallel requests: services,
   * nodes, and the tasks the scope asks for (by default every task meant to run).
   */
  snapshot(filter?: TaskFilter, scope?: SnapshotScope): Promise<Snapshot>;
  /** Only what changed: the services and nodes named, their tasks where a view shows them (src/docker/changePlan.ts). */
  readChanges(filter: TaskFilter, request: ChangeRequest): Promise<ChangeReading>;

  /**
   * Throws, before anything is sent, when the swarm is known to refuse changes (its quorum lost),
   * with the words the view shows. Every change below does this itself; a command made of several
   * requests asks first, so that none of them is sent (and nothing is read that it would not use).
   */
  refuseChanges?(): void;

  /** Sets the replica count; only Mode.Replicated.Replicas changes. Returns the service as read after. */
  scaleService(idOrName: string, replicas: number): Promise<EngineService>;
  /** Redeploys every task with an unchanged spec; only TaskTemplate.ForceUpdate changes (+1). */
  forceUpdateService(idOrName: string): Promise<EngineService>;
  /**
   * Points the service at another image: TaskTemplate.ContainerSpec.Image changes, and with
   * `platforms` (those of a digest just looked up) Placement.Platforms, as the CLI pins an image.
   * `registryAuth` is sent as X-Registry-Auth so that the nodes can pull a private image.
   */
  updateServiceImage(idOrName: string, image: string, options?: ImageUpdateOptions): Promise<EngineService>;
  /** Back to PreviousSpec, as `docker service rollback` does; fails clearly when there is none. */
  rollbackService(idOrName: string): Promise<EngineService>;
  /** Drain, pause or activate a node; only Spec.Availability changes. */
  setNodeAvailability(idOrName: string, availability: 'active' | 'pause' | 'drain'): Promise<void>;
  removeService(idOrName: string): Promise<void>;
  /** What `docker stack rm` would remove: the stack's services, networks, secrets and configs. */
  stackResources(stack: string): Promise<StackResources>;
  /** `docker stack rm`: services first, then secrets, configs and networks; every failure is reported. */
  removeStack(stack: string): Promise<StackRemoval>;

  /**
   * Everything `docker stack deploy` looks at: the services, networks, secrets and configs
   * labelled `com.docker.stack.namespace=<stack>`, plus those named in `names` whatever their labels.
   */
  stackObjects(stack: string, names: StackObjectNames): Promise<StackObjects>;
  /** POST /networks/create; returns the new network's ID (networks cannot be updated). */
  createNetwork(spec: NetworkCreate): Promise<string>;
  createSecret(spec: SecretSpec): Promise<string>;
  /** Label-only: the Engine refuses (invalid) a spec whose Data differs from the secret's. */
  updateSecret(id: string, version: number, spec: SecretSpec): Promise<void>;
  createConfig(spec: ConfigSpec): Promise<string>;
  /** Label-only: the Engine refuses (invalid) a spec whose Data differs from the config's. */
  updateConfig(id: string, version: number, spec: ConfigSpec): Promise<void>;
  /** POST /services/create, with X-Registry-Auth when given. Returns the ID and the Engine's warnings. */
  createStackService(spec: ServiceSpec, registryAuth?: string): Promise<{ id: string; warnings: string[] }>;
  /** POST /services/{id}/update?version=N with the whole spec, with X-Registry-Auth when given. */
  updateStackService(id: string, version: number, spec: ServiceSpec, registryAuth?: string): Promise<{ warnings: string[] }>;
  /** Asks the registry, through the Engine, for an image reference's digest and platforms. */
  distributionInspect(image: string, registryAuth?: string): Promise<DistributionInfo>;
  /** Has the engine log in to a registry (POST /auth), as `docker login` checks credentials; returns the identity token the registry may give. */
  checkRegistryLogin(login: RegistryLogin): Promise<{ identityToken?: string }>;

  // ---- secrets, configs, networks and node labels (issue 16) ----------------------------
  // The views list each kind in one request. Creating goes through createSecret, createConfig
  // and createNetwork above (the same calls a deploy makes). Removal sends the request as is:
  // the Engine refuses one in use (400, "… is in use by …"), so callers check usage first.

  /** GET /secrets: every secret, never its data (the Engine does not return it). */
  listSecrets(): Promise<SwarmSecret[]>;
  /** GET /configs, without the content (the Engine sends it; it is dropped here). */
  listConfigs(): Promise<SwarmConfig[]>;
  /** One config with its content, base64. */
  inspectConfig(idOrName: string): Promise<SwarmConfigWithData>;
  /**
   * Swarm-scope networks only (overlay networks services can use, ingress included); with
   * `localToo`, the engine's own local networks as well (for checks a new network must pass).
   */
  listNetworks(options?: { localToo?: boolean }): Promise<SwarmNetwork[]>;
  removeSecret(idOrName: string): Promise<void>;
  removeConfig(idOrName: string): Promise<void>;
  removeNetwork(idOrName: string): Promise<void>;
  /**
   * Replaces a node's labels with `change(current)`, with the version read (retried once on a
   * conflict, when `change` sees the labels read again). Returns the node as read after.
   */
  updateNodeLabels(idOrName: string, change: (labels: Record<string, string>) => Record<string, string>): Promise<EngineNode>;

  // ---- containers on this engine (issue 17): a task's shell and its stats -------------
  // Exec and stats are per engine: a task's container is reached on the engine of the node
  // that runs it (see src/nodeEngines), which may not be this client's.

  /** The swarm node this engine is (GET /info's Swarm.NodeID); undefined outside a swarm. */
  localNodeId(timeoutMs?: number): Promise<string | undefined>;
  /** Creates an exec with a TTY and stdin in the container and attaches to it. */
  execInContainer(containerId: string, request: ExecRequest): Promise<ExecSession>;
  inspectExec(execId: string): Promise<ExecState>;
  /** One stats reading of a running container (one-shot: CPU % needs two of them). */
  containerStats(containerId: string, timeoutMs?: number): Promise<StatsSample>;
  /** Drops this client's connections (an agent's sockets, an SSH session). */
  close?(): void;

  /** Streams a service's logs (or one task's, with kind 'task') line by line into onLine. */
  logs(kind: 'service' | 'task', id: string, options: LogOptions, onLine: (line: LogLine) => void): LogStream;
  /** Subscribes to the Engine's event stream (by default services, nodes and containers). */
  events(onEvent: (e: EngineEvent) => void, filters?: Record<string, string[]>): EngineStream;

  /** Any failure as a SwarmError naming this engine. */
  normalise(e: unknown): SwarmError;
}
