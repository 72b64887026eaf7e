// What can go wrong, in words the UI can speak about. The Docker client maps every failure
// into a SwarmError; the tree and commands only ever look at `kind`.

export type SwarmErrorKind =
  | 'unreachable' // no engine answers at the endpoint
  | 'permission' // the socket exists but we may not use it (or SSH refused our keys)
  | 'untrusted' // the engine's TLS certificate or SSH host key is not trusted
  | 'timeout' // the engine accepted the connection but did not answer in time
  | 'notSwarm' // the engine is not part of a swarm
  | 'notManager' // the engine is a worker
  | 'notFound' // the service (or task) no longer exists
  | 'conflict' // the object (service, node, secret, config) changed between our read and our write
  | 'logsUnsupported' // the logging driver cannot be read back
  | 'notScalable' // a global service was asked to scale
  | 'invalid' // the engine refused the request as invalid
  | 'noEndpoint' // no engine is known for the swarm node that runs a task (exec and stats are per node)
  | 'noLeader' // the swarm has no leader (an election, or too few managers): the request was not taken
  | 'api'; // anything else, with the engine's message

export class SwarmError extends Error {
  constructor(readonly kind: SwarmErrorKind, message: string, readonly detail?: string) {
    super(message);
    this.name = 'SwarmError';
  }
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * How a manager says it has no leader to take the request to (lower case): at once, once it knows
 * (the request was not taken); or after its own 20 s deadline, or when the leader it sent the
 * request to lost its place (the request may still be applied: Raft can commit it later).
 */
const NO_LEADER = ['does not have a leader', 'no elected cluster leader'];
const LEADER_LOST = ['context deadline exceeded', 'deadlineexceeded', 'lost leader status'];

const unsureOutcomes = new WeakSet<SwarmError>();

/** Marks `e` as the failure of a change that may or may not have been applied; returns it. */
export function markUnsure(e: SwarmError): SwarmError {
  unsureOutcomes.add(e);
  return e;
}

/** Whether `e` says a change may or may not have been applied (never to be read and sent again blindly). */
export function isUnsure(e: unknown): boolean {
  return e instanceof SwarmError && unsureOutcomes.has(e);
}

/** Whether a `noLeader` failure leaves open that the request was applied (see LEADER_LOST). */
export function mayHaveBeenApplied(e: SwarmError): boolean {
  const text = `${e.detail ?? ''}`.toLowerCase();
  return e.kind === 'noLeader' && LEADER_LOST.some((m) => text.includes(m));
}

export interface RawFailure {
  statusCode?: number;
  /** The engine's own message (`{"message": …}`), if it sent one. */
  engineMessage?: string;
  /** A Node error code such as ECONNREFUSED. */
  code?: string;
  message?: string;
  endpoint?: string;
}

export function classifyFailure(f: RawFailure): SwarmError {
  const where = f.endpoint ? ` at ${f.endpoint}` : '';
  const engine = (f.engineMessage ?? '').trim();
  const detail = engine || f.message || f.code;
  if (f.code && TLS_CODES.has(f.code)) {
    return new SwarmError(
      'untrusted',
      `The Docker engine${where} presented a TLS certificate that is not trusted (${f.code}). Check the CA of the context or DOCKER_CERT_PATH.`,
      detail,
    );
  }
  const text = `${f.message ?? ''}`;
  if (/Host denied \(verification failed\)/.test(text)) {
    return new SwarmError('untrusted', `The SSH host key of the Docker engine${where} is not in ~/.ssh/known_hosts. Connect once with ssh to check and accept it.`, detail);
  }
  if (/All configured authentication methods failed/.test(text)) {
    return new SwarmError('permission', `SSH refused the login to the Docker engine${where}. Load a key into ssh-agent or add it to the server's authorized_keys.`, detail);
  }
  switch (f.code) {
    case 'ECONNREFUSED':
    case 'ENOENT':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
    case 'EPIPE':
      return new SwarmError('unreachable', `Cannot reach the Docker engine${where}. Is it running?`, detail);
    case 'EACCES':
    case 'EPERM':
      return new SwarmError(
        'permission',
        `Permission denied on the Docker socket${where}. Add your user to the docker group or use another endpoint.`,
        detail,
      );
    case 'ETIMEDOUT':
    case 'ABORT_ERR':
    case 'TimeoutError':
      return new SwarmError('timeout', `The Docker engine${where} did not answer in time.`, detail);
  }
  const lower = engine.toLowerCase();
  if (lower.includes('not a swarm manager')) {
    if (lower.includes('worker nodes')) {
      return new SwarmError('notManager', 'This Docker engine is a swarm worker. Connect to a manager node to manage services.', engine);
    }
    return new SwarmError('notSwarm', 'This Docker engine is not part of a swarm. Initialize a swarm or join one first.', engine);
  }
  if (NO_LEADER.some((m) => lower.includes(m))) {
    return new SwarmError('noLeader', 'The swarm has no leader right now: it is electing one, or fewer than half of its managers are online.', engine);
  }
  if (LEADER_LOST.some((m) => lower.includes(m))) {
    return new SwarmError('noLeader', 'The swarm did not answer in time: it has no leader right now (an election, or too few managers online).', engine);
  }
  if (lower.includes('update out of sequence') || lower.includes('version') && lower.includes('out of date')) {
    return new SwarmError('conflict', conflictMessage(), engine);
  }
  if (lower.includes('logging driver does not support reading') || lower.includes('does not support reading')) {
    return new SwarmError('logsUnsupported', "This service's logging driver does not let the engine read its logs back.", engine);
  }
  if (f.statusCode === 404) {
    return new SwarmError('notFound', engine ? capitalise(engine) : 'Not found.', engine);
  }
  if (f.statusCode === 400) {
    return new SwarmError('invalid', engine ? `The engine refused the request: ${engine}` : 'The engine refused the request.', engine);
  }
  if (engine) return new SwarmError('api', `Docker engine error: ${engine}`, engine);
  return new SwarmError('api', `Docker request failed: ${f.message ?? f.code ?? 'unknown error'}`, detail);
}

/**
 * What a version conflict says. The Engine's message names no object, and the same answer
 * comes for services, nodes, secrets and configs, so without `subject` (e.g. "the node vm1",
 * given by a caller that knows what it wrote) the words fit any of them.
 */
export function conflictMessage(subject?: string): string {
  return `${subject ? capitalise(subject) : 'The object'} was changed by someone else at the same time, so the Engine refused this update. Reload it and try again.`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
