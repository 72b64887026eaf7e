// SwarmClient over the Docker Engine API (through dockerode): each operation is one of the
// modules beside this one (reads here, writes, the snapshot plan, stack teardown, streams).
import type { ExecRequest, ExecSession, ExecState, StatsSample } from '../model/containers';
import type { EngineNode, EngineService, EngineTask } from '../model/engineTypes';
import type { SwarmError } from '../model/errors';
import { SWARM_EVENT_FILTERS, type EngineEvent } from '../model/events';
import type { LogLine } from '../model/logDecoder';
import type { LogOptions } from '../model/logOptions';
import type { Snapshot, SnapshotScope } from '../model/snapshot';
import { forceUpdatedSpec, scaledSpec, withImage } from '../model/specs';
import { notManagerError, swarmStatusOf, type SwarmStatus } from '../model/swarmRole';
import { DEFAULT_TASK_FILTER, engineTaskFilters, type TaskFilter } from '../model/taskFilter';
import * as containers from './containers';
import { Engine, type EngineClientOptions } from './dockerCalls';
import { eventStream, logStream } from './engineStreams';
import { refuseChange } from './leaderWait';
import { readChanges, type ChangeReading, type ChangeRequest } from './changePlan';
import { readSnapshot, tasksToRunOn, type SnapshotReads } from './snapshotPlan';
import { removeStack, stackResources } from './stackTeardown';
import * as deploy from './stackDeploy';
import * as objects from './swarmObjects';
import type { SwarmConfig, SwarmConfigWithData, SwarmNetwork, SwarmSecret } from '../model/swarmObjects';
import type { ConfigSpec, NetworkCreate, SecretSpec, ServiceSpec } from '../compose/engineSpecs';
import type {
  DistributionInfo,
  EngineStream,
  ImageUpdateOptions,
  RegistryLogin,
  LogStream,
  StackObjectNames,
  StackObjects,
  StackRemoval,
  StackResources,
  SwarmClient,
} from './swarmClient';
import * as writes from './writes';

export type { EngineClientOptions } from './dockerCalls';

export class EngineClient implements SwarmClient {
  protected readonly engine: Engine;
  readonly endpoint: string;
  /** The reads a snapshot is made of, each bounded by the call timeout. */
  private readonly reads: SnapshotReads;

  constructor(options: EngineClientOptions = {}) {
    const engine = new Engine(options);
    this.engine = engine;
    this.endpoint = engine.endpoint;
    this.reads = {
      services: (filters) => engine.call((signal) => engine.docker.listServices({ status: true, ...(filters ? { filters } : {}), abortSignal: signal })),
      nodes: (filters) => (filters ? engine.call((signal) => engine.docker.listNodes({ filters, abortSignal: signal })) : this.listNodes()),
      tasks: (filters) => this.listTasks(filters),
    };
  }

  // ---- swarm ---------------------------------------------------------------------------

  async swarmStatus(timeoutMs?: number): Promise<SwarmStatus> {
    return swarmStatusOf(await this.engine.call((signal) => this.engine.docker.info({ abortSignal: signal }), timeoutMs));
  }

  async initSwarm(advertiseAddr?: string): Promise<string> {
    const body: Record<string, unknown> = { ListenAddr: '0.0.0.0:2377', ...(advertiseAddr ? { AdvertiseAddr: advertiseAddr } : {}) };
    const nodeId = await this.engine.call((signal) => this.engine.docker.swarmInit({ _body: body, abortSignal: signal }));
    return String(nodeId);
  }

  async requireManager(): Promise<void> {
    const refused = notManagerError(await this.swarmStatus());
    if (refused) throw refused;
  }

  // ---- reads ---------------------------------------------------------------------------

  listNodes(): Promise<EngineNode[]> {
    return this.engine.call((signal) => this.engine.docker.listNodes({ abortSignal: signal }));
  }

  /** GET /tasks with the Engine's filters (id, name, node, label, desired-state, service). */
  protected listTasks(filters: Record<string, string[]> = {}): Promise<EngineTask[]> {
    return this.engine.call((signal) => this.engine.docker.listTasks({ filters, abortSignal: signal }));
  }

  serviceTasks(serviceId: string, filter: TaskFilter = {}): Promise<EngineTask[]> {
    return this.listTasks(engineTaskFilters(filter, serviceId));
  }

  tasksToRunOn(nodeIds: readonly string[]): Promise<EngineTask[]> {
    return tasksToRunOn(this.reads, nodeIds);
  }

  inspectService(idOrName: string): Promise<EngineService> {
    return writes.inspectService(this.engine, idOrName);
  }

  snapshot(filter: TaskFilter = DEFAULT_TASK_FILTER, scope: SnapshotScope = { allTasks: true }): Promise<Snapshot> {
    return readSnapshot(this.reads, filter, scope);
  }

  readChanges(filter: TaskFilter, request: ChangeRequest): Promise<ChangeReading> {
    return readChanges(this.reads, filter, request);
  }

  // ---- writes (each sent as ./writes sends a change: refused while the quorum is known lost) ----

  refuseChanges(): void {
    refuseChange(this.engine.election);
  }

  scaleService(idOrName: string, replicas: number): Promise<EngineService> {
    return writes.updateSpec(this.engine, idOrName, (spec) => scaledSpec(spec, replicas));
  }

  forceUpdateService(idOrName: string): Promise<EngineService> {
    return writes.updateSpec(this.engine, idOrName, forceUpdatedSpec);
  }

  updateServiceImage(idOrName: string, image: string, options: ImageUpdateOptions = {}): Promise<EngineService> {
    return writes.updateSpec(this.engine, idOrName, (spec) => withImage(spec, image, options.platforms), options.registryAuth);
  }

  rollbackService(idOrName: string): Promise<EngineService> {
    return writes.rollbackService(this.engine, idOrName);
  }

  setNodeAvailability(idOrName: string, availability: 'active' | 'pause' | 'drain'): Promise<void> {
    return writes.setNodeAvailability(this.engine, idOrName, availability);
  }

  removeService(idOrName: string): Promise<void> {
    return writes.removeService(this.engine, idOrName);
  }

  stackResources(stack: string): Promise<StackResources> {
    return stackResources(this.engine, stack);
  }

  removeStack(stack: string): Promise<StackRemoval> {
    return removeStack(this.engine, stack);
  }

  // ---- stack deploy --------------------------------------------------------------------

  stackObjects(stack: string, names: StackObjectNames): Promise<StackObjects> {
    return deploy.stackObjects(this.engine, stack, names);
  }

  createNetwork(spec: NetworkCreate): Promise<string> {
    return deploy.createNetwork(this.engine, spec);
  }

  createSecret(spec: SecretSpec): Promise<string> {
    return deploy.createSecret(this.engine, spec);
  }

  updateSecret(id: string, version: number, spec: SecretSpec): Promise<void> {
    return deploy.updateSecret(this.engine, id, version, spec);
  }

  createConfig(spec: ConfigSpec): Promise<string> {
    return deploy.createConfig(this.engine, spec);
  }

  updateConfig(id: string, version: number, spec: ConfigSpec): Promise<void> {
    return deploy.updateConfig(this.engine, id, version, spec);
  }

  createStackService(spec: ServiceSpec, registryAuth?: string): Promise<{ id: string; warnings: string[] }> {
    return deploy.createStackService(this.engine, spec, registryAuth);
  }

  updateStackService(id: string, version: number, spec: ServiceSpec, registryAuth?: string): Promise<{ warnings: string[] }> {
    return deploy.updateStackService(this.engine, id, version, spec, registryAuth);
  }

  distributionInspect(image: string, registryAuth?: string): Promise<DistributionInfo> {
    return deploy.distributionInspect(this.engine, image, registryAuth);
  }

  checkRegistryLogin(login: RegistryLogin): Promise<{ identityToken?: string }> {
    return deploy.checkRegistryLogin(this.engine, login);
  }

  // ---- secrets, configs, networks, node labels -----------------------------------------

  listSecrets(): Promise<SwarmSecret[]> {
    return objects.listSecrets(this.engine);
  }

  listConfigs(): Promise<SwarmConfig[]> {
    return objects.listConfigs(this.engine);
  }

  inspectConfig(idOrName: string): Promise<SwarmConfigWithData> {
    return objects.inspectConfig(this.engine, idOrName);
  }

  listNetworks(options?: { localToo?: boolean }): Promise<SwarmNetwork[]> {
    return objects.listNetworks(this.engine, options?.localToo === true);
  }

  removeSecret(idOrName: string): Promise<void> {
    return objects.removeSecret(this.engine, idOrName);
  }

  removeConfig(idOrName: string): Promise<void> {
    return objects.removeConfig(this.engine, idOrName);
  }

  removeNetwork(idOrName: string): Promise<void> {
    return objects.removeNetwork(this.engine, idOrName);
  }

  updateNodeLabels(idOrName: string, change: (labels: Record<string, string>) => Record<string, string>): Promise<EngineNode> {
    return objects.updateNodeLabels(this.engine, idOrName, change);
  }

  // ---- containers on this engine ------------------------------------------------------

  localNodeId(timeoutMs?: number): Promise<string | undefined> {
    return containers.localNodeId(this.engine, timeoutMs);
  }

  execInContainer(containerId: string, request: ExecRequest): Promise<ExecSession> {
    return containers.execInContainer(this.engine, containerId, request);
  }

  inspectExec(execId: string): Promise<ExecState> {
    return containers.inspectExec(this.engine, execId);
  }

  containerStats(containerId: string, timeoutMs?: number): Promise<StatsSample> {
    return containers.containerStats(this.engine, containerId, timeoutMs);
  }

  // ---- streams -------------------------------------------------------------------------

  logs(kind: 'service' | 'task', id: string, options: LogOptions, onLine: (line: LogLine) => void): LogStream {
    return logStream(this.engine, kind, id, options, onLine);
  }

  events(onEvent: (e: EngineEvent) => void, filters: Record<string, string[]> = SWARM_EVENT_FILTERS): EngineStream {
    return eventStream(this.engine, onEvent, filters);
  }

  normalise(e: unknown): SwarmError {
    return this.engine.normalise(e);
  }

  close(): void {
    this.engine.close();
  }
}
