// What a stack file may contain, key by key, as the docker CLI's compose schema 3.x allows it:
// types, enums, formats, which keys are open (`x-` extensions, free names) and since which 3.x
// minor version a key exists (the CLI validates against the schema of the file's `version:`).

export type Format = 'duration' | 'ports';

export type Rule =
  | { type: 'string'; format?: Format; enum?: readonly string[] }
  | { type: 'integer'; min?: number }
  | { type: 'number'; format?: Format }
  | { type: 'boolean' }
  | { type: 'null' }
  | { type: 'any' }
  | ObjectRule
  | { type: 'array'; items: Rule; unique?: boolean }
  | { type: 'oneOf'; of: readonly Rule[] };

export interface ObjectRule {
  type: 'object';
  props?: Readonly<Record<string, Prop>>;
  /** Keys matching `keys` take the `values` rule (services by name, labels...). */
  keys?: RegExp;
  values?: Rule;
  /** `x-` keys are allowed from this 3.x minor version on. */
  ext?: number;
  /** Keys not described are allowed as they are (the schema leaves them unchecked). */
  open?: boolean;
  required?: readonly string[];
  /** The object may also be null. */
  nullable?: boolean;
}

/** A property, with the first 3.x minor version whose schema knows it. */
export type Prop = Rule & { since?: number };

const str = (format?: Format): Rule => ({ type: 'string', format });
const STR = str();
const DUR = str('duration');
const INT: Rule = { type: 'integer' };
const NUM: Rule = { type: 'number' };
const BOOL: Rule = { type: 'boolean' };
const since = (minor: number, rule: Rule): Prop => ({ ...rule, since: minor });
const obj = (props: Record<string, Prop>, more: Partial<ObjectRule> = {}): ObjectRule => ({ type: 'object', props, ...more });
const arr = (items: Rule, unique = false): Rule => ({ type: 'array', items, unique });
const oneOf = (...of: Rule[]): Rule => ({ type: 'oneOf', of });

const NAME = /^[a-zA-Z0-9._-]+$/;
const ANY_KEY = /^.+$/;
const STRINGS = arr(STR, true);
const STRING_OR_LIST = oneOf(STR, STRINGS);
const LIST_OR_DICT = oneOf(obj({}, { keys: ANY_KEY, values: oneOf(STR, NUM, { type: 'null' }) }), STRINGS);
const OPTS = obj({}, { keys: ANY_KEY, values: oneOf(STR, NUM), open: true });
const EXTERNAL = oneOf(BOOL, obj({ name: STR }));
const COMMAND = oneOf(STR, arr(STR));

const fileReference = oneOf(STR, obj({ source: STR, target: STR, uid: STR, gid: STR, mode: NUM }, { open: true }));

const updateConfig = obj({
  parallelism: INT, delay: DUR, failure_action: STR, monitor: DUR, max_failure_ratio: NUM,
  order: since(4, { type: 'string', enum: ['start-first', 'stop-first'] }),
});

const deployment = obj({
  mode: STR,
  endpoint_mode: since(2, STR),
  replicas: INT,
  labels: LIST_OR_DICT,
  rollback_config: since(7, updateConfig),
  update_config: updateConfig,
  resources: obj({
    limits: obj({ cpus: STR, memory: STR, pids: since(9, INT) }),
    reservations: obj({
      cpus: STR, memory: STR,
      generic_resources: since(5, arr(obj({ discrete_resource_spec: obj({ kind: STR, value: NUM }) }))),
    }),
  }),
  restart_policy: obj({ condition: STR, delay: DUR, max_attempts: INT, window: DUR }),
  placement: obj({
    constraints: arr(STR),
    preferences: since(3, arr(obj({ spread: STR }))),
    max_replicas_per_node: since(8, INT),
  }),
}, { nullable: true });

const healthcheck = obj({
  disable: BOOL, interval: DUR, retries: NUM, test: COMMAND, timeout: DUR,
  start_period: since(4, DUR), start_interval: since(12, DUR),
});

const serviceNetworks = oneOf(
  STRINGS,
  obj({}, {
    keys: NAME,
    values: oneOf(obj({ aliases: STRINGS, driver_opts: since(13, OPTS), ipv4_address: STR, ipv6_address: STR }), { type: 'null' }),
  }),
);

const ports = arr(oneOf(
  { type: 'number', format: 'ports' },
  str('ports'),
  obj({ mode: STR, target: INT, published: INT, protocol: STR }),
), true);

const volumeMount = oneOf(STR, obj({
  type: STR, source: STR, target: STR, read_only: BOOL, consistency: STR,
  bind: obj({ propagation: STR }, { open: true }),
  volume: obj({ nocopy: BOOL }, { open: true }),
  tmpfs: since(6, obj({ size: { type: 'integer', min: 0 } }, { open: true })),
}, { required: ['type'] }));

const service = obj({
  deploy: deployment,
  build: oneOf(STR, obj({
    context: STR, dockerfile: STR, args: LIST_OR_DICT, labels: since(3, LIST_OR_DICT), cache_from: since(2, STRINGS),
    network: since(4, STR), target: since(4, STR), shm_size: since(5, oneOf(INT, STR)), extra_hosts: since(9, LIST_OR_DICT),
  }, { open: true })),
  cap_add: STRINGS,
  cap_drop: STRINGS,
  cgroupns_mode: since(9, STR),
  cgroup_parent: STR,
  command: COMMAND,
  configs: since(3, arr(fileReference)),
  container_name: STR,
  credential_spec: since(3, obj({ config: since(8, STR), file: STR, registry: STR })),
  depends_on: STRINGS,
  devices: STRINGS,
  dns: STRING_OR_LIST,
  dns_search: STRING_OR_LIST,
  domainname: STR,
  entrypoint: COMMAND,
  env_file: STRING_OR_LIST,
  environment: LIST_OR_DICT,
  expose: arr(oneOf(STR, NUM), true),
  external_links: STRINGS,
  extra_hosts: LIST_OR_DICT,
  healthcheck,
  hostname: STR,
  image: STR,
  init: since(7, BOOL),
  ipc: STR,
  isolation: since(5, STR),
  labels: LIST_OR_DICT,
  links: STRINGS,
  logging: obj({ driver: STR, options: obj({}, { keys: ANY_KEY, values: oneOf(STR, NUM, { type: 'null' }), open: true }) }),
  mac_address: STR,
  network_mode: STR,
  networks: serviceNetworks,
  oom_score_adj: since(13, INT),
  pid: oneOf(STR, { type: 'null' }),
  ports,
  privileged: BOOL,
  read_only: BOOL,
  restart: STR,
  secrets: since(1, arr(fileReference)),
  security_opt: STRINGS,
  shm_size: oneOf(NUM, STR),
  sysctls: LIST_OR_DICT,
  stdin_open: BOOL,
  stop_grace_period: DUR,
  stop_signal: STR,
  tmpfs: STRING_OR_LIST,
  tty: BOOL,
  ulimits: obj({}, { keys: /^[a-z]+$/, values: oneOf(INT, obj({ hard: INT, soft: INT }, { required: ['soft', 'hard'] })), open: true }),
  user: STR,
  userns_mode: STR,
  volumes: arr(volumeMount),
  working_dir: STR,
}, { ext: 7 });

const network = obj({
  name: since(5, STR),
  driver: STR,
  driver_opts: OPTS,
  ipam: obj({ driver: STR, config: arr(obj({ subnet: STR })) }),
  external: EXTERNAL,
  internal: BOOL,
  attachable: since(2, BOOL),
  labels: LIST_OR_DICT,
}, { ext: 7, nullable: true });

const segments = arr(obj({ segments: LIST_OR_DICT }, { open: true }));
const volume = obj({
  name: since(4, STR),
  driver: STR,
  driver_opts: OPTS,
  external: EXTERNAL,
  labels: LIST_OR_DICT,
  'x-cluster-spec': since(10, obj({
    group: STR,
    access_mode: obj({
      scope: STR, sharing: STR, block_volume: obj({}, { open: true }),
      mount_volume: obj({ fs_type: STR, mount_flags: arr(STR) }, { open: true }),
    }, { open: true }),
    accessibility_requirements: obj({ requisite: segments, preferred: segments }, { open: true }),
    capacity_range: obj({ required_bytes: STR, limit_bytes: STR }, { open: true }),
    availability: STR,
  }, { open: true })),
}, { ext: 7, nullable: true });

const fileObject = (extra: Record<string, Prop>): ObjectRule => obj({
  name: since(5, STR), file: STR, external: oneOf(BOOL, obj({ name: STR }, { open: true })), labels: LIST_OR_DICT, ...extra,
}, { ext: 7 });

const secret = fileObject({ driver: since(8, STR), driver_opts: since(8, OPTS), template_driver: since(8, STR) });
const config = fileObject({ template_driver: since(8, STR) });

const section = (values: Rule, open = false): ObjectRule => obj({}, { keys: NAME, values, open });

export const ROOT: ObjectRule = obj({
  version: STR,
  services: section(service),
  networks: section(network, true),
  volumes: section(volume),
  secrets: since(1, section(secret)),
  configs: since(3, section(config)),
}, { ext: 4 });

/** The 3.x minor versions the CLI has a schema for. */
export const LATEST_MINOR = 13;
