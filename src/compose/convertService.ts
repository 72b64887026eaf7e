// One compose service as the Engine ServiceSpec that `docker stack deploy` (CLI 28.2.2) sends,
// except what refers to the file's top-level objects (TaskTemplate.Networks, ContainerSpec.Mounts,
// Secrets and Configs), which the stack conversion adds. Field by field it leaves out what the CLI
// leaves out, so that the Engine fills the same defaults; the input is the validated, interpolated
// service object.

import type { ContainerSpec, HealthConfig, PortConfig, ServiceSpec } from './engineSpecs';
import type { ComposeIssue, ConvertContext } from './types';
import { asObj, convertMode, convertPlacement, convertResources, convertRestartPolicy, convertUpdateConfig, IssueSink } from './convertDeploy';
import { convertEnvironment } from './convertEnvironment';
import { compareGoStrings, goSprint, hostsList, mapping, stringOrList } from './mappings';
import { longPort, parseShortPort, sortPorts } from './ports';
import { splitShellWords } from './shellWords';
import { parseImageRef, withDefaultTag } from '../model/imageRef';
import type { Parsed } from './durations';


export const NAMESPACE_LABEL = 'com.docker.stack.namespace';
export const IMAGE_LABEL = 'com.docker.stack.image';

/** command / entrypoint: a string is split into words as the CLI splits it, a list is taken as is. */
function shellCommand(value: unknown, key: string, sink: IssueSink): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const words = typeof value === 'string' ? sink.take([key], splitShellWords(value)) : Array.isArray(value) ? value.map(goSprint) : undefined;
  // An empty command is not sent (the image's own applies).
  return words && words.length > 0 ? words : undefined;
}

function convertHealthcheck(value: unknown, sink: IssueSink): HealthConfig | undefined {
  const check = asObj(value);
  if (!check) return undefined;
  const test = typeof check.test === 'string' ? ['CMD-SHELL', check.test] : Array.isArray(check.test) ? check.test.map(goSprint) : undefined;
  if (check.disable === true) {
    if (test && test.length > 0) {
      sink.error(['healthcheck', 'disable'], 'test and disable cannot be set at the same time');
      return undefined;
    }
    return { Test: ['NONE'] };
  }
  const result: HealthConfig = {};
  if (test && test.length > 0) result.Test = test;
  // Zero durations and retries are not sent (the Engine's defaults apply).
  const durations = [
    ['interval', 'Interval'],
    ['timeout', 'Timeout'],
    ['start_period', 'StartPeriod'],
    ['start_interval', 'StartInterval'],
  ] as const;
  for (const [key, field] of durations) {
    const ns = sink.duration(['healthcheck', key], check[key]);
    if (ns) result[field] = ns;
  }
  if (typeof check.retries === 'number' && check.retries !== 0) result.Retries = check.retries;
  return result;
}

function convertUlimits(value: unknown): ContainerSpec['Ulimits'] {
  const limits = asObj(value);
  if (!limits) return undefined;
  const result = Object.entries(limits).map(([name, limit]) => {
    const pair = asObj(limit);
    const single = typeof limit === 'number' ? limit : 0;
    // A single number sets both; the CLI treats a single 0 as "use soft/hard", which are 0 too.
    return single !== 0 ? { Name: name, Soft: single, Hard: single } : { Name: name, Soft: Number(pair?.soft ?? 0), Hard: Number(pair?.hard ?? 0) };
  });
  return result.length > 0 ? result.sort((a, b) => compareGoStrings(a.Name, b.Name)) : undefined;
}

/** cap_add / cap_drop as the CLI's EffectiveCapAddCapDrop: CAP_ names, ALL trumps, add beats drop. */
function capabilities(add: unknown, drop: unknown): { add?: string[]; drop?: string[] } {
  const normalise = (list: unknown): Set<string> => {
    const caps = new Set(stringOrList(list).map((c) => {
      const up = c.trim().toUpperCase();
      return up === 'ALL' || up === 'RESET' || up.startsWith('CAP_') ? up : `CAP_${up}`;
    }));
    return caps.has('ALL') ? new Set(['ALL']) : caps;
  };
  const adds = normalise(add);
  const drops = normalise(drop);
  const addList = [...adds].filter((c) => c !== 'RESET').sort(compareGoStrings);
  const dropList = [...drops].filter((c) => c !== 'RESET' && !adds.has(c)).sort(compareGoStrings);
  return { add: addList.length > 0 ? addList : undefined, drop: dropList.length > 0 ? dropList : undefined };
}

function convertCredentialSpec(value: unknown, sink: IssueSink): NonNullable<ContainerSpec['Privileges']>['CredentialSpec'] {
  const spec = asObj(value);
  if (!spec) return undefined;
  const set = (['config', 'file', 'registry'] as const).filter((k) => typeof spec[k] === 'string' && spec[k] !== '');
  if (set.length === 0) return undefined;
  if (set.length > 1) {
    sink.error(['credential_spec'], `only one of config, file and registry can be set, not ${set.join(' and ')}`);
    return undefined;
  }
  // The CLI sends all three. A `config` is the config's key here: the stack conversion and the
  // deploy replace it with the config's ID, as the CLI does, once the config exists.
  return { Config: String(spec.config ?? ''), File: String(spec.file ?? ''), Registry: String(spec.registry ?? '') };
}

function convertPorts(value: unknown, sink: IssueSink): PortConfig[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ports: PortConfig[] = [];
  value.forEach((entry, index) => {
    const long = asObj(entry);
    if (long) {
      ports.push(longPort(long));
      return;
    }
    const short = sink.take(['ports', index], parseShortPort(goSprint(entry)));
    if (!short) return;
    if (short.ignoredIp) {
      sink.warning(['ports', index], `the address ${short.ignoredIp} is ignored: a swarm service publishes its ports on every address (as docker stack deploy does)`);
    }
    ports.push(...short.ports);
  });
  return ports.length > 0 ? sortPorts(ports) : undefined;
}

export function convertService(key: string, service: Record<string, unknown>, ctx: ConvertContext): { spec: ServiceSpec; issues: ComposeIssue[]; filesRead: string[] } {
  const sink = new IssueSink(['services', key]);
  const deploy = asObj(service.deploy) ?? {};
  const image = service.image === undefined || service.image === null ? '' : goSprint(service.image);
  const str = (k: string): string | undefined => (service[k] === undefined || service[k] === null || service[k] === '' ? undefined : goSprint(service[k]));
  const { env, filesRead } = convertEnvironment(service, ctx, sink);
  const caps = capabilities(service.cap_add, service.cap_drop);
  const hosts = hostsList(service.extra_hosts).map(([host, ip]) => `${ip} ${host}`);
  const dns = stringOrList(service.dns);
  const dnsSearch = stringOrList(service.dns_search);
  const sysctls = mapping(service.sysctls);
  const logging = asObj(service.logging);
  const credentialSpec = convertCredentialSpec(service.credential_spec, sink);

  const container: ContainerSpec = {
    // The client sends the tagged familiar name; the stack label keeps the name as written.
    Image: sink.take(['image'], imageAsSent(image)) ?? image,
    Labels: { ...mapping(service.labels), [NAMESPACE_LABEL]: ctx.stackName },
    Command: shellCommand(service.entrypoint, 'entrypoint', sink),
    Args: shellCommand(service.command, 'command', sink),
    Hostname: str('hostname'),
    Env: env.length > 0 ? env : undefined,
    Dir: str('working_dir'),
    User: str('user'),
    // The CLI always sends Privileges, with all three credential spec fields when one is set.
    Privileges: credentialSpec ? { CredentialSpec: credentialSpec } : {},
    Init: typeof service.init === 'boolean' ? service.init : undefined,
    TTY: service.tty === true ? true : undefined,
    OpenStdin: service.stdin_open === true ? true : undefined,
    ReadOnly: service.read_only === true ? true : undefined,
    StopSignal: str('stop_signal'),
    StopGracePeriod: sink.duration(['stop_grace_period'], service.stop_grace_period),
    Healthcheck: convertHealthcheck(service.healthcheck, sink),
    Hosts: hosts.length > 0 ? hosts : undefined,
    DNSConfig: dns.length > 0 || dnsSearch.length > 0 ? { Nameservers: dns.length > 0 ? dns : undefined, Search: dnsSearch.length > 0 ? dnsSearch : undefined } : undefined,
    Isolation: str('isolation'),
    Sysctls: sysctls && Object.keys(sysctls).length > 0 ? sysctls : undefined,
    CapabilityAdd: caps.add,
    CapabilityDrop: caps.drop,
    Ulimits: convertUlimits(service.ulimits),
  };
  const endpointMode = deploy.endpoint_mode ? String(deploy.endpoint_mode).toLowerCase() : undefined;
  const ports = convertPorts(service.ports, sink);
  const logOptions = mapping(logging?.options);

  const spec: ServiceSpec = {
    Name: `${ctx.stackName}_${key}`,
    // The stack labels win over the file's own labels of the same names.
    Labels: { ...mapping(deploy.labels), [NAMESPACE_LABEL]: ctx.stackName, [IMAGE_LABEL]: image },
    TaskTemplate: {
      ContainerSpec: dropUndefined(container),
      Resources: convertResources(asObj(deploy.resources), sink),
      RestartPolicy: convertRestartPolicy(service, deploy, sink),
      Placement: convertPlacement(deploy.placement),
      LogDriver: logging
        ? { ...(logging.driver ? { Name: goSprint(logging.driver) } : {}), ...(logOptions && Object.keys(logOptions).length > 0 ? { Options: logOptions } : {}) }
        : undefined,
      ForceUpdate: 0,
    },
    Mode: convertMode(deploy, sink),
    UpdateConfig: convertUpdateConfig(deploy.update_config, 'update_config', sink),
    RollbackConfig: convertUpdateConfig(deploy.rollback_config, 'rollback_config', sink),
    EndpointSpec: { ...(endpointMode ? { Mode: endpointMode as 'vip' | 'dnsrr' } : {}), ...(ports ? { Ports: ports } : {}) },
  };
  spec.TaskTemplate = dropUndefined(spec.TaskTemplate);
  return { spec: dropUndefined(spec), issues: sink.issues, filesRead };
}

/** The spec without keys whose value is undefined, so that tests and diffs see what is sent. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The image as the client sends it (tagged, short form), or why the CLI would refuse it before deploying. */
function imageAsSent(image: string): Parsed<string> {
  const p = parseImageRef(image);
  if (p.ok) return { ok: true, value: withDefaultTag(image) };
  return { ok: false, error: image === '' ? p.why : `"${image}" is not a valid image reference: ${p.why}` };
}
