// A task's container on the engine that runs it: an exec attached as a terminal (POST
// /containers/{id}/exec, POST /exec/{id}/start hijacked, resize, inspect) and one-shot stats.
import type { Duplex } from 'node:stream';
import type { ExecRequest, ExecSession, ExecState, StatsSample } from '../model/containers';
import { statsSample } from '../model/containers';
import { SwarmError } from '../model/errors';
import type { DockerExec, Engine } from './dockerCalls';

/** The swarm node this engine is (`Swarm.NodeID` of GET /info); undefined outside a swarm. */
export async function localNodeId(engine: Engine, timeoutMs?: number): Promise<string | undefined> {
  const info = await engine.call((signal) => engine.docker.info({ abortSignal: signal }), timeoutMs);
  return info.Swarm?.NodeID || undefined;
}

function execState(raw: { Running?: boolean; ExitCode?: number | null; Pid?: number }): ExecState {
  return { running: raw.Running === true, exitCode: typeof raw.ExitCode === 'number' ? raw.ExitCode : null, pid: raw.Pid ?? 0 };
}

export function inspectExec(engine: Engine, execId: string): Promise<ExecState> {
  return engine.call((signal) => engine.docker.getExec(execId).inspect({ abortSignal: signal })).then(execState);
}

/** Creates the exec and attaches to it; the process starts as the stream opens. */
export async function execInContainer(engine: Engine, containerId: string, request: ExecRequest): Promise<ExecSession> {
  const exec: DockerExec = await engine.call((signal) =>
    engine.docker.getContainer(containerId).exec({
      abortSignal: signal,
      Cmd: [...request.cmd],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      ...(request.user ? { User: request.user } : {}),
      ...(request.workingDir ? { WorkingDir: request.workingDir } : {}),
    }),
  );
  const starting = exec.start({ hijack: true, stdin: true, Tty: true, Detach: false });
  let socket: Duplex;
  try {
    socket = await engine.call(() => starting);
  } catch (e) {
    // An attach that comes after the time limit would be nobody's: drop it when it comes.
    void starting.then((late) => late.destroy(), () => undefined);
    throw e;
  }
  return new AttachedExec(engine, exec, socket);
}

class AttachedExec implements ExecSession {
  readonly id: string;
  readonly ended: Promise<void>;
  private readonly listeners: ((chunk: Uint8Array) => void)[] = [];
  /** Output that came before anyone listened (the first prompt may beat the terminal's open). */
  private early: Uint8Array[] = [];

  constructor(private readonly engine: Engine, private readonly exec: DockerExec, private readonly socket: Duplex) {
    this.id = exec.id;
    this.ended = new Promise<void>((resolve) => {
      socket.once('end', resolve);
      socket.once('close', resolve);
      // A connection that breaks ends the session as far as this side can tell; the caller
      // inspects the exec to learn how it ended.
      socket.once('error', () => resolve());
    });
    socket.on('data', (chunk: Buffer) => {
      if (this.listeners.length === 0) this.early.push(chunk);
      else for (const l of this.listeners) l(chunk);
    });
  }

  write(data: string | Uint8Array): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(data);
  }

  onData(listener: (chunk: Uint8Array) => void): void {
    this.listeners.push(listener);
    const early = this.early;
    this.early = [];
    for (const chunk of early) listener(chunk);
  }

  async resize(cols: number, rows: number): Promise<void> {
    if (!(cols > 0 && rows > 0)) return;
    await this.engine.call((signal) => this.exec.resize({ abortSignal: signal, w: Math.floor(cols), h: Math.floor(rows) }));
  }

  inspect(): Promise<ExecState> {
    return inspectExec(this.engine, this.id);
  }

  detach(): void {
    this.socket.destroy();
  }
}

/** One stats reading (GET /containers/{id}/stats?stream=false&one-shot=true): no wait for a second sample. */
export async function containerStats(engine: Engine, containerId: string, timeoutMs?: number): Promise<StatsSample> {
  const raw = await engine.call((signal) => engine.docker.getContainer(containerId).stats({ abortSignal: signal, stream: false, 'one-shot': true }), timeoutMs);
  const sample = statsSample(raw);
  if (!sample) throw new SwarmError('notFound', `The container ${containerId.slice(0, 12)} has no stats on ${engine.endpoint} (it is not running).`);
  return sample;
}
