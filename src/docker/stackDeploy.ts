// The Engine calls a stack deploy makes (`docker stack deploy` over the API): reading what a stack
// already has, creating networks, secrets, configs and services, updating them, and asking the
// registry (through the Engine) for an image's digest. One request each (a change sent as
// ./writes sends it: refused while the quorum is known lost, an election waited out); the
// deploy's order and its decisions live in src/deploy.
import type { ConfigSpec, NetworkCreate, SecretSpec, ServiceSpec } from '../compose/engineSpecs';
import type { EngineService } from '../model/engineTypes';
import { writtenForm } from '../deploy/normalise';
import type { Engine } from './dockerCalls';
import { sendCreate, sendGuarded, serviceOnce } from './writes';
import type { DeployedObject, DistributionInfo, RegistryLogin, StackObjectNames, StackObjects } from './swarmClient';

const STACK_LABEL = 'com.docker.stack.namespace';

const STATUS_CODES = {
  200: true,
  201: true,
  204: true,
  400: 'bad parameter',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'no such object',
  409: 'name conflicts with an existing object',
  500: 'server error',
  503: 'node is not part of a swarm',
};

interface Request {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** The X-Registry-Auth value, sent as is. */
  registryAuth?: string;
  /** The engine goes on to a registry: the call may take longer than the engine's usual limit. */
  viaRegistry?: boolean;
}

/**
 * The engine gives up on a registry that does not answer after about 30 s: a call that goes on to
 * a registry waits longer than that, so the user hears the engine's reason rather than our time-out.
 */
const REGISTRY_CALL_MS = 45_000;

/** One request through the modem (so TLS, ssh and the time limit are the client's), failing as a SwarmError. */
export function request<T>(engine: Engine, r: Request): Promise<T> {
  return engine.call(
    (signal) =>
      new Promise<T>((resolve, reject) =>
        engine.docker.modem.dial(
          {
            path: `${r.path}?`,
            method: r.method,
            abortSignal: signal,
            statusCodes: STATUS_CODES,
            options: { _query: r.query ?? {}, ...(r.body !== undefined ? { _body: r.body } : {}) },
            ...(r.registryAuth ? { authconfig: { key: r.registryAuth } } : {}),
          } as never,
          (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T)),
        ),
      ),
    r.viaRegistry ? Math.max(engine.timeoutMs, REGISTRY_CALL_MS) : engine.timeoutMs,
  );
}

const filters = (f: Record<string, readonly string[]>) => ({ filters: JSON.stringify(f) });

interface SwarmObject { ID: string; Version?: { Index?: number }; Spec?: { Name?: string; Labels?: Record<string, string>; Data?: string } }
interface NetworkSummary { Id: string; Name: string; Scope?: string; Labels?: Record<string, string> | null }

function swarmObject(o: SwarmObject): DeployedObject {
  return {
    id: o.ID,
    name: o.Spec?.Name ?? o.ID,
    version: o.Version?.Index ?? 0,
    labels: o.Spec?.Labels ?? {},
    ...(o.Spec?.Data !== undefined ? { data: o.Spec.Data } : {}),
  };
}

/**
 * The Engine's `name` filter matches by prefix, so results are kept only on an exact name.
 * Labelled and named lists are merged by ID.
 */
function merged<T>(labelled: T[], named: T[], wanted: readonly string[], nameOf: (x: T) => string, idOf: (x: T) => string): T[] {
  const want = new Set(wanted);
  const out = new Map<string, T>();
  for (const x of labelled) out.set(idOf(x), x);
  for (const x of named) if (want.has(nameOf(x))) out.set(idOf(x), x);
  return [...out.values()];
}

export async function stackObjects(engine: Engine, stack: string, names: StackObjectNames): Promise<StackObjects> {
  const label = { label: [`${STACK_LABEL}=${stack}`] };
  const named = async <T>(path: string, list: readonly string[]): Promise<T[]> =>
    list.length === 0 ? [] : request<T[]>(engine, { method: 'GET', path, query: filters({ name: [...new Set(list)] }) });
  const [version, services, networks, networksNamed, secrets, secretsNamed, configs, configsNamed] = await Promise.all([
    request<{ ApiVersion?: string }>(engine, { method: 'GET', path: '/version' }),
    request<EngineService[]>(engine, { method: 'GET', path: '/services', query: filters(label) }),
    request<NetworkSummary[]>(engine, { method: 'GET', path: '/networks', query: filters(label) }),
    named<NetworkSummary>('/networks', names.networks),
    request<SwarmObject[]>(engine, { method: 'GET', path: '/secrets', query: filters(label) }),
    named<SwarmObject>('/secrets', names.secrets),
    request<SwarmObject[]>(engine, { method: 'GET', path: '/configs', query: filters(label) }),
    named<SwarmObject>('/configs', names.configs),
  ]);
  const objName = (o: SwarmObject) => o.Spec?.Name ?? '';
  return {
    ...(version.ApiVersion ? { apiVersion: version.ApiVersion } : {}),
    services,
    networks: merged(networks, networksNamed, names.networks, (n) => n.Name, (n) => n.Id).map((n) => ({
      id: n.Id,
      name: n.Name,
      version: 0,
      labels: n.Labels ?? {},
      ...(n.Scope !== undefined ? { scope: n.Scope } : {}),
    })),
    secrets: merged(secrets, secretsNamed, names.secrets, objName, (o) => o.ID).map(swarmObject),
    configs: merged(configs, configsNamed, names.configs, objName, (o) => o.ID).map(swarmObject),
  };
}

export async function createNetwork(engine: Engine, spec: NetworkCreate): Promise<string> {
  const r = await sendCreate(engine, () => request<{ Id?: string }>(engine, { method: 'POST', path: '/networks/create', body: spec }));
  return r.Id ?? '';
}

export async function createSecret(engine: Engine, spec: SecretSpec): Promise<string> {
  return (await sendCreate(engine, () => request<{ ID?: string }>(engine, { method: 'POST', path: '/secrets/create', body: spec }))).ID ?? '';
}

/**
 * A label update of a secret or config, guarded by the version read. Whether an earlier try that
 * got no answer was taken is not read back: the conflict that follows it is reported as such.
 */
async function updateObject(engine: Engine, kind: 'secrets' | 'configs', id: string, version: number, spec: SecretSpec | ConfigSpec): Promise<void> {
  const path = `/${kind}/${encodeURIComponent(id)}/update`;
  await sendGuarded(engine, () => request(engine, { method: 'POST', path, query: { version }, body: spec }), async () => false);
}

export function updateSecret(engine: Engine, id: string, version: number, spec: SecretSpec): Promise<void> {
  return updateObject(engine, 'secrets', id, version, spec);
}

export async function createConfig(engine: Engine, spec: ConfigSpec): Promise<string> {
  return (await sendCreate(engine, () => request<{ ID?: string }>(engine, { method: 'POST', path: '/configs/create', body: spec }))).ID ?? '';
}

export function updateConfig(engine: Engine, id: string, version: number, spec: ConfigSpec): Promise<void> {
  return updateObject(engine, 'configs', id, version, spec);
}

const warningsOf = (r: unknown): string[] => {
  const w = (r as { Warnings?: unknown } | null)?.Warnings;
  return Array.isArray(w) ? w.filter((x): x is string => typeof x === 'string') : [];
};

export async function createStackService(engine: Engine, spec: ServiceSpec, registryAuth?: string): Promise<{ id: string; warnings: string[] }> {
  const r = await sendCreate(engine, () =>
    request<{ ID?: string; Warnings?: string[] }>(engine, {
      method: 'POST',
      path: '/services/create',
      body: spec,
      ...(registryAuth ? { registryAuth } : {}),
    }),
  );
  return { id: r.ID ?? '', warnings: warningsOf(r) };
}

export async function updateStackService(engine: Engine, id: string, version: number, spec: ServiceSpec, registryAuth?: string): Promise<{ warnings: string[] }> {
  const written = writtenForm(spec);
  const r = await sendGuarded(
    engine,
    () =>
      request<unknown>(engine, {
        method: 'POST',
        path: `/services/${encodeURIComponent(id)}/update`,
        query: { version },
        body: spec,
        ...(registryAuth ? { registryAuth } : {}),
      }),
    // An earlier try taken after all: the service holds what was sent (its warnings are lost then).
    async () => writtenForm((await serviceOnce(engine, id)).Spec) === written,
  );
  return { warnings: warningsOf(r) };
}

interface DistributionJson {
  Descriptor?: { digest?: string; Digest?: string };
  Platforms?: { architecture?: string; os?: string; variant?: string }[] | null;
}

export async function checkRegistryLogin(engine: Engine, login: RegistryLogin): Promise<{ identityToken?: string }> {
  const r = await request<{ IdentityToken?: string } | null>(engine, {
    method: 'POST',
    path: '/auth',
    body: { username: login.username, password: login.password, serveraddress: login.serverAddress },
    viaRegistry: true,
  });
  return r?.IdentityToken ? { identityToken: r.IdentityToken } : {};
}

export async function distributionInspect(engine: Engine, image: string, registryAuth?: string): Promise<DistributionInfo> {
  // The reference goes in the path as the CLI sends it: slashes and the colon are part of the route.
  const r = await request<DistributionJson>(engine, {
    method: 'GET',
    path: `/distribution/${image.split('/').map(encodeURIComponent).join('/').replace(/%3A/g, ':').replace(/%40/g, '@')}/json`,
    ...(registryAuth ? { registryAuth } : {}),
    viaRegistry: true,
  });
  return { digest: r.Descriptor?.digest ?? r.Descriptor?.Digest ?? '', platforms: r.Platforms ?? [] };
}
