// A task's container as this extension reaches it on the engine of the node that runs it: an
// exec session (a shell) and samples of the Engine's stats. Pure types and arithmetic; the
// engine calls are in src/docker/containers.ts.

/** POST /containers/{id}/exec, as a terminal needs it: always a TTY with stdin attached. */
export interface ExecRequest {
  cmd: readonly string[];
  /** `user`, `user:group`, `uid` or `uid:gid`; empty or absent: the container's user. */
  user?: string;
  /** Absent: the container's working directory. */
  workingDir?: string;
}

/** GET /exec/{id}/json, the part a terminal reads. */
export interface ExecState {
  running: boolean;
  /** null while it runs (and when the engine could not start it and set none). */
  exitCode: number | null;
  /** The process id on the node (0 when the engine never started it). */
  pid: number;
}

/** One exec, started and attached (hijacked): bytes both ways until the process ends. */
export interface ExecSession {
  readonly id: string;
  /** Sends keystrokes (or any bytes) to the process's terminal. */
  write(data: string | Uint8Array): void;
  /** Each chunk the terminal printed, raw (a TTY has no stdout/stderr framing). */
  onData(listener: (chunk: Uint8Array) => void): void;
  /** POST /exec/{id}/resize. */
  resize(cols: number, rows: number): Promise<void>;
  inspect(): Promise<ExecState>;
  /** Resolves when the engine closes the stream (the process ended, or the container went away). */
  readonly ended: Promise<void>;
  /**
   * Drops the connection. The Engine does not stop an exec's process when its client goes
   * away (moby/moby#9098): ending the session is the caller's business (see src/terminal).
   */
  detach(): void;
}

/** What one read of GET /containers/{id}/stats?stream=false&one-shot=true gives. */
export interface StatsSample {
  /** When the engine read it (its `read` field), ms since the epoch. */
  readAt: number;
  /** cpu_stats.cpu_usage.total_usage: the container's CPU time, ns. */
  cpuTotalNs: number;
  /** cpu_stats.system_cpu_usage: the host's CPU time, ns (0 on engines that give none). */
  systemNs: number;
  /** cpu_stats.online_cpus, else the per-CPU list's length, else 1. */
  onlineCpus: number;
  /** Memory in use as `docker stats` counts it: usage less the inactive page cache. */
  memoryBytes: number;
  /** The memory limit the container sees (the node's memory when it has none of its own). */
  memoryLimitBytes: number;
}

/**
 * CPU % between two samples, as `docker stats` computes it (100 % is one CPU busy): the
 * container's CPU time over the host's, times the CPUs online. Undefined when the samples
 * cannot be compared (the same sample, a restarted container, no system time).
 */
export function cpuPercent(previous: StatsSample, current: StatsSample): number | undefined {
  const cpu = current.cpuTotalNs - previous.cpuTotalNs;
  const system = current.systemNs - previous.systemNs;
  if (cpu < 0 || system <= 0) return undefined;
  return (cpu / system) * current.onlineCpus * 100;
}

/** The raw stats JSON (cgroup v1 and v2 fields alike) as a sample; undefined when it holds none. */
export function statsSample(raw: unknown): StatsSample | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as {
    read?: string;
    cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
    memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  };
  const cpuTotal = r.cpu_stats?.cpu_usage?.total_usage;
  if (typeof cpuTotal !== 'number') return undefined;
  const readAt = Date.parse(r.read ?? '');
  const memory = r.memory_stats ?? {};
  const stats = memory.stats ?? {};
  // As the docker CLI: cgroup v1 subtracts total_inactive_file, v2 inactive_file.
  const inactive = stats['total_inactive_file'] ?? stats['inactive_file'] ?? 0;
  const usage = memory.usage ?? 0;
  return {
    readAt: Number.isFinite(readAt) ? readAt : 0,
    cpuTotalNs: cpuTotal,
    systemNs: r.cpu_stats?.system_cpu_usage ?? 0,
    onlineCpus: r.cpu_stats?.online_cpus || r.cpu_stats?.cpu_usage?.percpu_usage?.length || 1,
    memoryBytes: inactive < usage ? usage - inactive : usage,
    memoryLimitBytes: memory.limit ?? 0,
  };
}
