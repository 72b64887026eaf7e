// The subset of the Engine API's JSON that this extension reads (API 1.41+). Only fields
// we use are typed; the raw objects are kept as `attrs` for Inspect.

export interface EngineVersion { Index?: number }

export interface EngineServiceSpec {
  Name?: string;
  Labels?: Record<string, string>;
  Mode?: {
    Replicated?: { Replicas?: number };
    Global?: Record<string, never>;
    ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
    GlobalJob?: Record<string, never>;
  };
  TaskTemplate?: {
    ContainerSpec?: { Image?: string; Args?: string[]; Env?: string[]; Labels?: Record<string, string>; [key: string]: unknown };
    ForceUpdate?: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface EngineService {
  ID: string;
  Version?: EngineVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec?: EngineServiceSpec;
  PreviousSpec?: EngineServiceSpec;
  UpdateStatus?: { State?: string; StartedAt?: string; CompletedAt?: string; Message?: string };
  /** Task counts, when listed with `status=true` (API 1.41+). */
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number };
  [key: string]: unknown;
}

export interface EngineTask {
  ID: string;
  ServiceID?: string;
  NodeID?: string;
  Slot?: number;
  Labels?: Record<string, string>;
  Spec?: { ContainerSpec?: { Image?: string }; ForceUpdate?: number; Resources?: EngineResources };
  DesiredState?: string;
  CreatedAt?: string;
  UpdatedAt?: string;
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
  [key: string]: unknown;
}

/** A task's Spec.Resources (what the scheduler reserves on its node, and the container's caps). */
export interface EngineResources {
  Limits?: { NanoCPUs?: number; MemoryBytes?: number };
  Reservations?: { NanoCPUs?: number; MemoryBytes?: number };
}

export interface EngineNode {
  ID: string;
  Version?: EngineVersion;
  /** Resources: what the node offers the scheduler (all its CPUs and memory). */
  Description?: { Hostname?: string; Resources?: { NanoCPUs?: number; MemoryBytes?: number } };
  Spec?: { Role?: string; Availability?: string; Labels?: Record<string, string> };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string };
  [key: string]: unknown;
}

export interface EngineInfo {
  Swarm?: {
    NodeID?: string;
    LocalNodeState?: string;
    ControlAvailable?: boolean;
    Error?: string;
    /** Present on managers: the swarm's own ID, the same on each of its managers. */
    Cluster?: { ID?: string };
  };
  [key: string]: unknown;
}
