// What a deployed stack is on the engine, in a form two stacks can be compared in: every service
// spec, network, secret spec (no data) and config spec (with data) carrying the stack's label,
// with the stack's name replaced, engine IDs shown as names and what the engine assigns by itself
// (IDs, versions, timestamps, VXLAN ids, subnets from the default pool) left out.
import { TestClient } from './testClient';
import { waitFor } from './swarm';

export const NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const STACK_PLACEHOLDER = '<stack>';

type Json = Record<string, unknown>;

export interface CapturedStack {
  services: Record<string, unknown>;
  networks: Record<string, unknown>;
  secrets: Record<string, unknown>;
  configs: Record<string, unknown>;
  /** Service name (normalised) -> Version.Index, kept apart from the specs that are compared. */
  versions: Record<string, number>;
}

/** TestClient plus the raw listings and creations the parity tier needs (Engine API, not the CLI). */
export class CaptureClient extends TestClient {
  private dial<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.engine.call(
      (signal) =>
        new Promise<T>((resolve, reject) =>
          this.engine.docker.modem.dial(
            {
              path,
              method,
              abortSignal: signal,
              options: body === undefined ? {} : { _body: body },
              statusCodes: { 200: true, 201: true, 204: true, 400: 'bad parameter', 404: 'no such object', 409: 'conflict', 500: 'server error', 503: 'not in a swarm' },
            } as never,
            (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as T)),
          ),
        ),
    );
  }

  list(kind: 'services' | 'networks' | 'secrets' | 'configs', label?: string): Promise<Json[]> {
    const filters: Record<string, string[]> = label ? { label: [label] } : {};
    const d = this.engine.docker;
    return this.engine.call((abortSignal) => {
      const opts = { filters, abortSignal };
      const listed: Promise<unknown[]> =
        kind === 'services' ? d.listServices(opts) : kind === 'networks' ? d.listNetworks(opts) : kind === 'secrets' ? d.listSecrets(opts) : d.listConfigs(opts);
      // The listings carry the whole objects; DockerCalls types only the fields the extension reads.
      return listed as Promise<Json[]>;
    });
  }

  /**
   * Networks the swarm no longer has but this node still lists (with their load-balancer endpoint):
   * seen on Engine 20.10 after a stack removal. Removing them says "not found"; they count as gone.
   */
  readonly staleNetworks = new Set<string>();

  /** Removes a network by ID; one the swarm does not know any more is remembered as stale. */
  async removeNetworkOrMarkStale(id: string): Promise<void> {
    try {
      await this.engine.call((signal) => this.engine.docker.getNetwork(id).remove({ abortSignal: signal }));
    } catch (e) {
      // The engine says so with a 404, or (the stale case) with a server error whose text says it.
      const err = e as { kind?: string; detail?: string };
      if (err.kind === 'notFound' || /not found/i.test(err.detail ?? '')) this.staleNetworks.add(id);
      // Otherwise (still in use) the caller tries again.
    }
  }

  /**
   * One pass of removing what carries the stack's label, services first (networks stay in use
   * until their tasks are gone, so the caller repeats it); failures are left to the next pass.
   */
  async removeLabelled(stack: string): Promise<void> {
    const label = `${NAMESPACE_LABEL}=${stack}`;
    const d = this.engine.docker;
    const quietly = (p: Promise<unknown>) => p.catch(() => undefined);
    const [services, secrets, configs] = await Promise.all([this.list('services', label), this.list('secrets', label), this.list('configs', label)]);
    await Promise.all(services.map((o) => quietly(this.engine.call((signal) => d.getService(String(o['ID'])).remove({ abortSignal: signal })))));
    await Promise.all([
      ...secrets.map((o) => quietly(this.engine.call((signal) => d.getSecret(String(o['ID'])).remove({ abortSignal: signal })))),
      ...configs.map((o) => quietly(this.engine.call((signal) => d.getConfig(String(o['ID'])).remove({ abortSignal: signal })))),
    ]);
    const networks = await this.list('networks', label);
    for (const n of networks) if (!this.staleNetworks.has(String(n['Id']))) await this.removeNetworkOrMarkStale(String(n['Id']));
  }

  async createExternalNetwork(name: string): Promise<void> {
    await this.dial('POST', '/networks/create', { Name: name, Driver: 'overlay', Attachable: true, CheckDuplicate: true });
  }

  async createExternalSecret(name: string, data: string): Promise<void> {
    await this.dial('POST', '/secrets/create', { Name: name, Data: Buffer.from(data).toString('base64') });
  }

  async createExternalConfig(name: string, data: string): Promise<void> {
    await this.dial('POST', '/configs/create', { Name: name, Data: Buffer.from(data).toString('base64') });
  }

  /** Removes a network, secret or config by name; absent is fine. */
  async removeByName(kind: 'networks' | 'secrets' | 'configs', name: string): Promise<void> {
    const all = await this.list(kind);
    const found = all.filter((o) => (kind === 'networks' ? o['Name'] : (o['Spec'] as Json | undefined)?.['Name']) === name);
    for (const o of found) {
      const id = String(kind === 'networks' ? o['Id'] : o['ID']);
      await this.dial('DELETE', `/${kind}/${id}`).catch(() => undefined);
    }
  }
}

/** Replaces the stack's name in every string (keys included), and any engine ID with `id:<name>`. */
function normalise(value: unknown, stack: string, names: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const named = names.get(value);
    return (named !== undefined ? `id:${named}` : value).split(stack).join(STACK_PLACEHOLDER);
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, stack, names));
  if (typeof value === 'object' && value !== null) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k.split(stack).join(STACK_PLACEHOLDER)] = normalise(v, stack, names);
    return out;
  }
  return value;
}

/** True for an IPv4 subnet or address inside 10.0.0.0/8, the swarm's default address pool. */
function fromDefaultPool(addr: unknown): boolean {
  return typeof addr === 'string' && addr.startsWith('10.');
}

function networkView(n: Json): Json {
  const options = { ...((n['Options'] as Json | null) ?? {}) };
  delete options['com.docker.network.driver.overlay.vxlanid_list']; // assigned by the engine
  const ipam = (n['IPAM'] as Json | undefined) ?? {};
  const config = ((ipam['Config'] as Json[] | null) ?? []).map((c) =>
    fromDefaultPool(c['Subnet']) ? { ...c, Subnet: '<from the default pool>', Gateway: '<from the default pool>' } : c,
  );
  return {
    Driver: n['Driver'],
    Options: options,
    Labels: n['Labels'],
    IPAM: { ...ipam, Config: config },
    Attachable: n['Attachable'],
    Internal: n['Internal'],
    Ingress: n['Ingress'],
    Scope: n['Scope'],
    EnableIPv6: n['EnableIPv6'],
  };
}

/**
 * Waits until no service of the stack changes version between two reads half a second apart
 * (at most `limitMs`). Right after a create the Engine bumps a service's version once by itself
 * (its virtual IPs are allocated): a version read before that would look like an update later.
 */
export async function versionsSettled(client: CaptureClient, stack: string, limitMs = 15_000): Promise<void> {
  const label = `${NAMESPACE_LABEL}=${stack}`;
  const read = async () => JSON.stringify((await client.list('services', label)).map((s) => [s['ID'], (s['Version'] as Json)['Index']]).sort());
  const until = Date.now() + limitMs;
  let last = await read();
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await read();
    if (now === last || Date.now() > until) return;
    last = now;
  }
}

export async function captureStack(client: CaptureClient, stack: string): Promise<CapturedStack> {
  const label = `${NAMESPACE_LABEL}=${stack}`;
  const [services, networks, secrets, configs, allNetworks, allSecrets, allConfigs] = await Promise.all([
    client.list('services', label),
    client.list('networks', label),
    client.list('secrets', label),
    client.list('configs', label),
    client.list('networks'),
    client.list('secrets'),
    client.list('configs'),
  ]);
  // Service specs refer to networks, secrets and configs by ID: compare their names instead.
  const names = new Map<string, string>();
  for (const n of allNetworks) names.set(String(n['Id']), String(n['Name']));
  for (const o of [...allSecrets, ...allConfigs]) names.set(String(o['ID']), String((o['Spec'] as Json)['Name']));

  const out: CapturedStack = { services: {}, networks: {}, secrets: {}, configs: {}, versions: {} };
  const key = (name: unknown) => String(name).split(stack).join(STACK_PLACEHOLDER);
  for (const s of services) {
    const spec = s['Spec'] as Json;
    out.services[key(spec['Name'])] = normalise(spec, stack, names);
    out.versions[key(spec['Name'])] = Number((s['Version'] as Json)['Index']);
  }
  for (const n of networks) out.networks[key(n['Name'])] = normalise(networkView(n), stack, names);
  for (const s of secrets) {
    const spec = { ...(s['Spec'] as Json) };
    delete spec['Data']; // never returned for secrets; dropped in case an engine ever does
    out.secrets[key(spec['Name'])] = normalise(spec, stack, names);
  }
  for (const c of configs) {
    const spec = c['Spec'] as Json;
    out.configs[key(spec['Name'])] = normalise(spec, stack, names);
  }
  return out;
}

/** What still carries the stack's label: "service x", "network y"... (empty when all is gone). */
export async function stackLeftovers(client: CaptureClient, stack: string): Promise<string[]> {
  const label = `${NAMESPACE_LABEL}=${stack}`;
  const [services, networks, secrets, configs] = await Promise.all([
    client.list('services', label),
    client.list('networks', label).then((ns) => ns.filter((n) => !client.staleNetworks.has(String(n['Id'])))),
    client.list('secrets', label),
    client.list('configs', label),
  ]);
  const name = (o: Json) => key(String(o['Name'] ?? (o['Spec'] as Json | undefined)?.['Name']));
  const key = (n: string) => n.split(`${stack}_`).join('');
  return [
    ...services.map((s) => `service ${name(s['Spec'] as Json)}`),
    ...networks.map((n) => `network ${name(n)}`),
    ...secrets.map((s) => `secret ${name(s)}`),
    ...configs.map((c) => `config ${name(c)}`),
  ];
}

/** Removes everything with the stack's label (services first) and waits until none of it is left. */
export async function removeStackAndWait(client: CaptureClient, stack: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    `stack ${stack} to be gone`,
    async () => {
      const left = await stackLeftovers(client, stack);
      if (left.length === 0) return true;
      await client.removeLabelled(stack);
      return false;
    },
    timeoutMs,
    500,
    async () => (await stackLeftovers(client, stack)).join(', '),
  );
}
