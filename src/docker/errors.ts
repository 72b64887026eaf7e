// Failures from dockerode and docker-modem as SwarmErrors, and the time limit on every
// request/response call (streams are not limited: they are meant to stay open).
import { SwarmError, classifyFailure } from '../model/errors';

/** Any failure as a SwarmError; `endpoint` names the engine in messages. */
export function toSwarmError(e: unknown, endpoint?: string): SwarmError {
  if (e instanceof SwarmError) return e;
  const err = (e ?? {}) as { statusCode?: number; json?: unknown; code?: string; message?: string; name?: string };
  let engineMessage: string | undefined;
  if (err.json && typeof err.json === 'object' && typeof (err.json as { message?: unknown }).message === 'string') {
    engineMessage = (err.json as { message: string }).message;
  } else if (typeof err.json === 'string') {
    engineMessage = err.json;
  } else if (err.statusCode && err.message) {
    // docker-modem folds the engine's message into its own: "(HTTP code 404) … - <message> "
    const m = /\) [^-]*- (.*)$/s.exec(err.message.trim());
    if (m) engineMessage = m[1];
  }
  return classifyFailure({
    ...(err.statusCode !== undefined ? { statusCode: err.statusCode } : {}),
    ...(engineMessage !== undefined ? { engineMessage } : {}),
    ...(err.code !== undefined ? { code: err.code } : err.name === 'AbortError' ? { code: 'ABORT_ERR' } : {}),
    ...(err.message !== undefined ? { message: err.message } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
  });
}

/**
 * Runs one call with an abort signal that fires after `timeoutMs`; an engine that accepted
 * the connection but never answers fails with `timeout` instead of leaving the caller waiting.
 */
export async function boundedCall<T>(fn: (signal: AbortSignal) => Promise<T>, timeoutMs: number, endpoint: string): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await fn(signal);
  } catch (e) {
    if (signal.aborted) {
      throw new SwarmError('timeout', `The Docker engine at ${endpoint} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    }
    throw toSwarmError(e, endpoint);
  }
}
