// The one module that builds a dockerode client: the promise forms of the calls used, typed
// against the Engine JSON we read, and `Engine`, which every part of EngineClient calls through.
import Docker from 'dockerode';
import type { IncomingMessage } from 'node:http';
import type { EngineInfo, EngineNode, EngineService, EngineServiceSpec, EngineTask } from '../model/engineTypes';
import type { SwarmError } from '../model/errors';
import { dockerOptions, endpointName, type ModemConnection, type ResolvedEndpoint } from './endpoint';
import { boundedCall, toSwarmError } from './errors';
import { electionWait, type ElectionWait } from './leaderWait';
import { realClock } from '../clock';

export interface EngineClientOptions {
  /** A resolved endpoint (see ./endpoint), with its TLS material; wins over dockerHost. */
  endpoint?: ResolvedEndpoint;
  /** Where HOME (ssh keys, known_hosts) and SSH_AUTH_SOCK come from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** An endpoint such as unix:///var/run/docker.sock or tcp://127.0.0.1:2376; default: DOCKER_HOST, else the platform socket. */
  dockerHost?: string;
  /** Milliseconds an API call may take before it fails (streams are not limited). */
  timeoutMs?: number;
  /** How writes (and the reads they make) wait out a leader election; default: the real clock, untold. */
  election?: ElectionWait;
}

type Signal = { abortSignal: AbortSignal };
type Filtered = Signal & { filters: Record<string, string[]> };
type Named = { ID: string; Spec?: { Name?: string } };

/**
 * The promise forms of the dockerode calls used here. @types/dockerode trails dockerode 5
 * (abortSignal, list options), so the calls are typed here against the Engine JSON we read.
 */
export interface DockerCalls {
  info(opts: Signal): Promise<EngineInfo>;
  listServices(opts: Signal & { filters?: Record<string, string[]>; status?: boolean }): Promise<EngineService[]>;
  listTasks(opts: Filtered): Promise<EngineTask[]>;
  listNodes(opts: Signal & { filters?: Record<string, string[]> }): Promise<EngineNode[]>;
  getEvents(opts: Filtered): Promise<IncomingMessage>;
  getService(id: string): {
    inspect(opts: Signal): Promise<EngineService>;
    remove(opts: Signal): Promise<unknown>;
    update(opts: Signal & { _query: { version: number; rollback?: 'previous' }; _body: EngineServiceSpec }): Promise<unknown>;
  };
  getTask(id: string): { inspect(opts: Signal): Promise<EngineTask> };
  getNode(id: string): {
    inspect(opts: Signal): Promise<EngineNode & { Version?: { Index?: number }; Spec?: Record<string, unknown> }>;
    update(opts: Signal & { _query: { version: number }; _body: Record<string, unknown> }): Promise<unknown>;
  };
  listNetworks(opts: Filtered): Promise<{ Id: string; Name: string }[]>;
  listSecrets(opts: Filtered): Promise<Named[]>;
  listConfigs(opts: Filtered): Promise<Named[]>;
  getNetwork(id: string): { remove(opts: Signal): Promise<unknown> };
  getSecret(id: string): { remove(opts: Signal): Promise<unknown> };
  getConfig(id: string): { remove(opts: Signal): Promise<unknown> };
  getContainer(id: string): {
    exec(opts: Signal & Record<string, unknown>): Promise<DockerExec>;
    stats(opts: Signal & { stream: false; 'one-shot'?: boolean }): Promise<unknown>;
  };
  getExec(id: string): DockerExec;
  swarmInit(opts: Signal & { _body: Record<string, unknown> }): Promise<unknown>;
  swarmLeave(opts: Signal & { force: boolean }): Promise<unknown>;
  modem: { dial(options: object, callback: (err: unknown, data: unknown) => void): void };
}

/** dockerode's Exec: start hijacked gives the raw, two-way socket (a TTY has no framing). */
export interface DockerExec {
  id: string;
  start(opts: { hijack: true; stdin: true; Tty: true; Detach: false }): Promise<import('node:stream').Duplex>;
  resize(opts: Signal & { h: number; w: number }): Promise<unknown>;
  inspect(opts: Signal): Promise<{ Running?: boolean; ExitCode?: number | null; Pid?: number }>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** One engine to call: dockerode typed, the name messages give it, the time a call may take. */
export class Engine {
  readonly docker: DockerCalls;
  readonly endpoint: string;
  readonly timeoutMs: number;
  readonly election: ElectionWait;

  constructor(options: EngineClientOptions = {}) {
    const docker = options.endpoint
      ? new Docker(dockerOptions(options.endpoint, options.env ?? process.env))
      : options.dockerHost
        ? new Docker(dockerOptionsFor(options.dockerHost))
        : new Docker();
    this.docker = docker as unknown as DockerCalls;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.election = options.election ?? electionWait(realClock);
    this.endpoint = endpointName(docker.modem as unknown as ModemConnection);
  }

  /** A request/response call, failing with `timeout` after timeoutMs and as a SwarmError otherwise. */
  call<T>(fn: (signal: AbortSignal) => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    return boundedCall(fn, timeoutMs, this.endpoint);
  }

  normalise(e: unknown): SwarmError {
    return toSwarmError(e, this.endpoint);
  }

  /** Drops the kept-alive connections of a TLS agent (unix sockets and SSH keep none between calls). */
  close(): void {
    const agent = (this.docker.modem as { agent?: { destroy?: () => void } }).agent;
    agent?.destroy?.();
  }
}

/** Docker options for an endpoint URL as the docker CLI writes them (no TLS material). */
export function dockerOptionsFor(host: string): Docker.DockerOptions {
  return dockerOptions({ host, source: 'setting', label: host });
}
