// The engine client the tests and the benchmark use: EngineClient plus what only they need
// (creating services, leaving a swarm, raw listings and updates, the whole model in one call,
// running a command inside a task's container to look at what it sees).
import { PassThrough } from 'node:stream';
import { EngineClient } from '../../src/docker/engineClient';
import { updateSpec, sendUpdate } from '../../src/docker/writes';
import type { EngineService, EngineServiceSpec, EngineTask } from '../../src/model/engineTypes';
import { modelFromSnapshot } from '../../src/model/snapshot';
import type { SwarmModel } from '../../src/model/summaries';
import { DEFAULT_TASK_FILTER, type TaskFilter } from '../../src/model/taskFilter';

/** The dockerode calls behind execInContainer (the project's DockerCalls type leaves them out: src/ never execs). */
interface ExecCalls {
  getContainer(id: string): {
    exec(opts: { Cmd: string[]; AttachStdout: boolean; AttachStderr: boolean }): Promise<{
      start(opts: { hijack: boolean; stdin: boolean }): Promise<NodeJS.ReadableStream>;
      inspect(): Promise<{ ExitCode?: number | null }>;
    }>;
  };
  modem: { demuxStream(stream: NodeJS.ReadableStream, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): void };
}

export class TestClient extends EngineClient {
  /** Leaves the swarm (docker swarm leave --force); undoes initSwarm. */
  async leaveSwarm(): Promise<void> {
    await this.engine.call((signal) => this.engine.docker.swarmLeave({ force: true, abortSignal: signal }));
  }

  /** POST /services/create; returns the new service's id. */
  async createService(spec: EngineServiceSpec): Promise<string> {
    const created = await this.engine.call(
      (signal) =>
        new Promise<{ ID?: string }>((resolve, reject) =>
          this.engine.docker.modem.dial(
            {
              path: '/services/create',
              method: 'POST',
              abortSignal: signal,
              options: { _body: spec },
              statusCodes: { 200: true, 201: true, 400: 'bad parameter', 409: 'name conflicts', 500: 'server error', 503: 'node is not part of a swarm' },
            } as never,
            (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as { ID?: string })),
          ),
        ),
    );
    return created.ID ?? '';
  }

  /** GET /services with the Engine's filters (id, label, mode, name). */
  listServices(filters: Record<string, string[]> = {}): Promise<EngineService[]> {
    return this.engine.call((signal) => this.engine.docker.listServices({ filters, abortSignal: signal }));
  }

  /** GET /tasks with the Engine's filters (id, name, node, label, desired-state, service). */
  override listTasks(filters: Record<string, string[]> = {}): Promise<EngineTask[]> {
    return super.listTasks(filters);
  }

  /** Every service with every task meant to run (and the filter's tasks), as the tree models them. */
  async model(filter: TaskFilter = DEFAULT_TASK_FILTER): Promise<SwarmModel> {
    return modelFromSnapshot(await this.snapshot(filter));
  }

  /** Reads the service, transforms its spec and updates it with the read's version, retried once on a conflict. */
  updateSpec(idOrName: string, transform: (spec: EngineServiceSpec) => EngineServiceSpec | Promise<EngineServiceSpec>): Promise<EngineService> {
    return updateSpec(this.engine, idOrName, transform);
  }

  /** POST /services/{id}/update?version=N with the whole spec as the body. */
  sendUpdate(id: string, version: number, spec: EngineServiceSpec): Promise<void> {
    return sendUpdate(this.engine, id, version, spec);
  }

  /**
   * Runs `cmd` (no shell) inside a container on this engine through the exec API and returns its
   * exit code and output (stdout and stderr, demultiplexed, as text).
   */
  async runInContainer(containerId: string, cmd: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const docker = this.engine.docker as unknown as ExecCalls;
    const container = docker.getContainer(containerId);
    const exec = await this.engine.call(() => container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true }));
    const stream = await this.engine.call(() => exec.start({ hijack: true, stdin: false }));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const stdout = new PassThrough().on('data', (b: Buffer) => out.push(b));
    const stderr = new PassThrough().on('data', (b: Buffer) => err.push(b));
    docker.modem.demuxStream(stream, stdout, stderr);
    await new Promise<void>((resolve, reject) => stream.on('end', resolve).on('close', resolve).on('error', reject));
    const inspected = await this.engine.call(() => exec.inspect());
    return { exitCode: inspected.ExitCode ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  }

  /** The ids of the execs the engine holds for a container (GET /containers/{id}/json ExecIDs). */
  async containerExecIds(containerId: string): Promise<string[]> {
    const docker = this.engine.docker as unknown as { getContainer(id: string): { inspect(): Promise<{ ExecIDs?: string[] | null }> } };
    const info = await this.engine.call(() => docker.getContainer(containerId).inspect());
    return info.ExecIDs ?? [];
  }
}
