// Secrets, configs and swarm-scope networks as the views and commands see them (plain objects,
// made from the Engine's JSON by src/docker/swarmObjects), and which services use each one.
//
// Events (Engine 20.10, seen on a manager with `docker events`), for the live views to follow:
//   secret:  Type 'secret',  Action 'create' | 'update' | 'remove', scope 'swarm'
//   config:  Type 'config',  Action 'create' | 'update' | 'remove', scope 'swarm'
//   network: Type 'network', Action 'create' | 'update' | 'remove', scope 'swarm'
//            (a create is usually followed at once by an 'update', the allocator filling in the
//            subnet; not always, so nothing should wait for it)
//   each with Actor.ID = the object's ID and Actor.Attributes = { name } only (no labels).
// Networks also have scope 'local' events from the node a task runs on: 'create', 'connect',
// 'disconnect', 'destroy' with Attributes { name, type: 'overlay' } (and `container` for
// connect/disconnect); those say nothing about the swarm's networks and can be ignored.
// A node label change is Type 'node', Action 'update', Attributes { name: hostname }.
import type { EngineService } from './engineTypes';

interface SwarmObjectBase {
  id: string;
  name: string;
  createdAt?: string;
  updatedAt?: string;
  labels: Record<string, string>;
  /** Version.Index, which a label update must send. */
  version: number;
}

export interface SwarmSecret extends SwarmObjectBase {
  /** An external secret store's driver; absent for secrets the swarm keeps itself. */
  driver?: string;
  templating?: string;
}

export interface SwarmConfig extends SwarmObjectBase {
  /** The templating driver (`golang`), when the config is a template. */
  templating?: string;
}

/** A config with its content (base64, as the Engine holds it). */
export interface SwarmConfigWithData extends SwarmConfig {
  data: string;
}

export interface IpamEntry {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
}

/** A swarm-scope network. The Engine keeps no version or update time for networks: they cannot be updated. */
export interface SwarmNetwork {
  id: string;
  name: string;
  createdAt?: string;
  labels: Record<string, string>;
  driver: string;
  attachable: boolean;
  internal: boolean;
  /** The routing mesh's network: protected, never removed from the editor. */
  ingress: boolean;
  ipv6: boolean;
  ipam: IpamEntry[];
}

/** Where a secret or config appears inside a service's containers. */
export interface FileTarget {
  /** The path (a secret's default is its name, under /run/secrets). */
  name: string;
  uid: string;
  gid: string;
  mode: number;
}

export interface ServiceRef {
  id: string;
  name: string;
}

export interface FileUse extends ServiceRef {
  /** Absent when a config is used by the runtime (a credential spec) rather than as a file. */
  target?: FileTarget;
}

export interface NetworkUse extends ServiceRef {
  aliases: string[];
}

/** Who uses what, keyed by the object's ID. */
export interface UsageIndex {
  secrets: ReadonlyMap<string, readonly FileUse[]>;
  configs: ReadonlyMap<string, readonly FileUse[]>;
  networks: ReadonlyMap<string, readonly NetworkUse[]>;
}

/** Objects known by name, to place a reference that carries a name where an ID was expected. */
export interface KnownObjects {
  secrets?: readonly ServiceRef[];
  configs?: readonly ServiceRef[];
  networks?: readonly ServiceRef[];
}

interface FileRef {
  File?: { Name?: string; UID?: string; GID?: string; Mode?: number };
  Runtime?: unknown;
}
type SecretRef = FileRef & { SecretID?: string; SecretName?: string };
type ConfigRef = FileRef & { ConfigID?: string; ConfigName?: string };
interface NetworkRef { Target?: string; Aliases?: string[] }

const arrayOf = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** The object's ID: the reference's own, else the one its name (or ID) resolves to, else the name as given. */
function keyOf(id: string | undefined, name: string | undefined, known: readonly ServiceRef[] | undefined): string | undefined {
  if (id) return id;
  if (!name) return undefined;
  // An ID wins over a name that happens to look like one.
  return known?.find((o) => o.id === name)?.id ?? known?.find((o) => o.name === name)?.id ?? name;
}

function add<T>(index: Map<string, T[]>, key: string | undefined, use: T): void {
  if (!key) return;
  const list = index.get(key);
  if (list) list.push(use);
  else index.set(key, [use]);
}

function fileTarget(r: FileRef): FileTarget | undefined {
  if (!r.File) return undefined;
  return { name: r.File.Name ?? '', uid: r.File.UID ?? '0', gid: r.File.GID ?? '0', mode: r.File.Mode ?? 0o444 };
}

/**
 * For every secret, config and network, the services whose spec uses it: secrets and configs
 * with the file each is mounted as (a service may mount one twice), networks with the aliases.
 * A network Target may be a name (an older engine, or a spec that was never normalised), so it is
 * resolved through `known.networks`; the deprecated Spec.Networks counts as well.
 */
export function usage(services: readonly EngineService[], known: KnownObjects = {}): UsageIndex {
  const secrets = new Map<string, FileUse[]>();
  const configs = new Map<string, FileUse[]>();
  const networks = new Map<string, NetworkUse[]>();
  for (const s of services) {
    const ref: ServiceRef = { id: s.ID, name: s.Spec?.Name ?? s.ID };
    const task = s.Spec?.TaskTemplate;
    const container = task?.ContainerSpec;
    for (const r of arrayOf<SecretRef>(container?.['Secrets'])) {
      const target = fileTarget(r);
      add(secrets, keyOf(r.SecretID, r.SecretName, known.secrets), { ...ref, ...(target ? { target } : {}) });
    }
    for (const r of arrayOf<ConfigRef>(container?.['Configs'])) {
      const target = fileTarget(r);
      add(configs, keyOf(r.ConfigID, r.ConfigName, known.configs), { ...ref, ...(target ? { target } : {}) });
    }
    const seen = new Set<string>();
    for (const r of [...arrayOf<NetworkRef>(task?.['Networks']), ...arrayOf<NetworkRef>(s.Spec?.['Networks'])]) {
      const key = keyOf(undefined, r.Target, known.networks);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      add(networks, key, { ...ref, aliases: [...(r.Aliases ?? [])] });
    }
  }
  return { secrets, configs, networks };
}
