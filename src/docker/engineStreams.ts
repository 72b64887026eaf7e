// The Engine's long-lived responses, logs (GET /services/{id}/logs, GET /tasks/{id}/logs with
// follow) and events (GET /events), on one scaffolding: open, report started, decode chunks,
// settle `done` when the response ends, stop by aborting the request.
import type { IncomingMessage } from 'node:http';
import type { EngineServiceSpec } from '../model/engineTypes';
import { SwarmError } from '../model/errors';
import { EventLineParser, type EngineEvent } from '../model/events';
import { LogDecoder, type LogLine } from '../model/logDecoder';
import { engineLogQuery, type LogOptions } from '../model/logOptions';
import type { Engine } from './dockerCalls';
import type { EngineStream, LogStream } from './swarmClient';

/** Takes the response's bytes; `end` is called once, when the response ends for whatever reason. */
export interface ChunkSink {
  push(chunk: Buffer): void;
  end(): void;
}

export interface StreamPlan {
  /** Checked before the request is sent; a failure fails the stream. */
  before?: () => Promise<void>;
  /** Sends the request; resolves with the response once the Engine accepted it. */
  open(signal: AbortSignal): Promise<IncomingMessage>;
  /** Where the bytes go; `stopped` says whether stop() was called (nothing is passed on after). */
  sink(stopped: () => boolean): ChunkSink;
  normalise(e: unknown): SwarmError;
  /** Fails `started` (and stops) if the Engine accepted the connection but sent no answer by then. */
  startTimeout?: { ms: number; error: () => SwarmError };
}

/** Runs one stream; errors after stop() end it quietly. */
export function engineStream(plan: StreamPlan): LogStream {
  const controller = new AbortController();
  let stopped = false;
  let response: IncomingMessage | undefined;
  let held = false;
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const stop = () => {
    if (stopped) return;
    stopped = true;
    controller.abort();
  };
  const read = async (): Promise<void> => {
    await plan.before?.();
    if (stopped) return;
    let res: IncomingMessage;
    try {
      res = await plan.open(controller.signal);
    } catch (e) {
      if (stopped) return;
      throw plan.normalise(e);
    }
    markStarted();
    response = res;
    if (held) res.pause();
    const sink = plan.sink(() => stopped);
    await new Promise<void>((resolve, reject) => {
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        sink.end();
      };
      res.on('data', (chunk: Buffer) => sink.push(chunk));
      res.on('end', () => {
        end();
        resolve();
      });
      res.on('close', () => {
        end();
        resolve();
      });
      res.on('error', (e) => {
        end();
        if (stopped) resolve();
        else reject(plan.normalise(e));
      });
    });
  };
  const done = read();
  done.then(markStarted, () => undefined);
  let startedOrFailed = Promise.race([started, done]);
  if (plan.startTimeout) {
    const { ms, error } = plan.startTimeout;
    // An engine that accepts the connection but never answers must not leave the caller waiting.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(error());
        stop();
      }, ms);
    });
    timedOut.catch(() => undefined);
    startedOrFailed = Promise.race([started, done, timedOut]).finally(() => clearTimeout(timer));
  }
  return {
    // Settles with the request: as soon as the stream starts, or as `done` if it never does.
    started: startedOrFailed,
    done,
    stop,
    pause: () => {
      held = true;
      response?.pause();
    },
    resume: () => {
      held = false;
      response?.resume();
    },
  };
}

/**
 * A service's logs (or one task's, with kind 'task') line by line into onLine. Both followed
 * and finite requests are read as a stream, so nothing is held whole.
 */
export function logStream(engine: Engine, kind: 'service' | 'task', id: string, options: LogOptions, onLine: (line: LogLine) => void): LogStream {
  return engineStream({
    before: () => checkLogsReadable(engine, kind, id),
    open: (signal) =>
      new Promise<IncomingMessage>((resolve, reject) =>
        engine.docker.modem.dial(
          {
            path: `/${kind === 'service' ? 'services' : 'tasks'}/${encodeURIComponent(id)}/logs?`,
            method: 'GET',
            isStream: true,
            abortSignal: signal,
            statusCodes: { 200: true, 404: 'not found', 500: 'server error', 503: 'node is not part of a swarm' },
            options: engineLogQuery(options),
          } as never,
          (err: unknown, stream: unknown) => (err ? reject(err) : resolve(stream as IncomingMessage)),
        ),
      ),
    // Once stopped nothing more is passed on, not even the partial line the decoder holds.
    sink: (stopped) => new LogDecoder((line) => stopped() || onLine(line), { prefixTokens: (options.timestamps ? 1 : 0) + (options.details ? 1 : 0) }),
    normalise: (e) => engine.normalise(e),
    startTimeout: {
      ms: engine.timeoutMs,
      error: () => new SwarmError('timeout', `The Docker engine at ${engine.endpoint} did not start sending logs within ${Math.round(engine.timeoutMs / 1000)} s.`),
    },
  });
}

/**
 * The engine answers a service-logs request for a service whose log driver is `none` with
 * an empty stream and no error; say so instead of showing an empty channel.
 */
async function checkLogsReadable(engine: Engine, kind: 'service' | 'task', id: string): Promise<void> {
  const template = kind === 'service'
    ? (await engine.call((signal) => engine.docker.getService(id).inspect({ abortSignal: signal }))).Spec?.TaskTemplate
    : ((await engine.call((signal) => engine.docker.getTask(id).inspect({ abortSignal: signal }))).Spec as EngineServiceSpec['TaskTemplate']);
  const driver = (template as { LogDriver?: { Name?: string } } | undefined)?.LogDriver?.Name;
  if (driver === 'none') {
    throw new SwarmError('logsUnsupported', `Logs cannot be read: the ${kind} uses the "none" logging driver, which keeps no logs.`);
  }
}

/**
 * The Engine's event stream (by default services, nodes, containers). `started` settles when
 * the Engine accepted the subscription; `done` when the stream ends, for whatever reason
 * (stop(), engine restart, a proxy closing the socket), rejecting on errors.
 */
export function eventStream(engine: Engine, onEvent: (e: EngineEvent) => void, filters: Record<string, string[]>): EngineStream {
  return engineStream({
    open: (signal) => engine.docker.getEvents({ filters, abortSignal: signal }),
    sink: () => new EventLineParser(onEvent),
    normalise: (e) => engine.normalise(e),
  });
}
