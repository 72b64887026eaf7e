// A whole validated compose file as `docker stack deploy` converts it: each service's spec
// (from convertService) completed with what references the top-level objects (networks, mounts,
// secrets, configs), the networks, secrets and configs the deploy creates, the external ones it
// must find, every local file read, and every problem found. An error anywhere means the deploy
// must send nothing; unlike the CLI, which creates networks before it finds an undefined one.

import type { ConfigReference } from './engineSpecs';
import type { ComposeIssue, ConvertContext, ConvertedService, ConvertedStack } from './types';
import { convertService } from './convertService';
import { convertServiceNetworks, convertStackNetworks, declareNetworks, serviceNetworkKeys } from './convertNetworks';
import { convertMounts, declareVolumes } from './convertMounts';
import {
  convertFileObjects,
  convertReferences,
  declareFileObjects,
  fileObjectName,
  referenceName,
  type StackFileObjects,
} from './convertSecrets';
import { compareGoStrings } from './mappings';
import { isRecord, sectionOf } from './names';

/** The longest service name the Engine takes. */
const MAX_SERVICE_NAME = 63;

export function convertStack(config: Record<string, unknown>, ctx: ConvertContext): ConvertedStack {
  const issues: ComposeIssue[] = [];
  const version = typeof config.version === 'string' ? config.version : undefined;
  const networks = declareNetworks(sectionOf(config, 'networks'), ctx.stackName, version, issues);
  const volumes = declareVolumes(sectionOf(config, 'volumes'), version, issues);
  const secrets = declareFileObjects('secret', sectionOf(config, 'secrets'), version, issues);
  const configs = declareFileObjects('config', sectionOf(config, 'configs'), version, issues);

  const services: ConvertedService[] = [];
  const usedNetworks: string[] = [];
  const externalSecrets: string[] = [];
  const externalConfigs: string[] = [];
  const filesRead: string[] = [];
  for (const [key, service] of sectionOf(config, 'services')) {
    const converted = convertService(key, service, ctx);
    issues.push(...converted.issues);
    filesRead.push(...converted.filesRead);
    const spec = converted.spec;
    const task = spec.TaskTemplate;

    for (const networkKey of serviceNetworkKeys(service)) {
      if (!usedNetworks.includes(networkKey)) usedNetworks.push(networkKey);
    }
    task.Networks = convertServiceNetworks(key, service, networks, issues);

    const mounts = convertMounts(key, service, volumes, ctx, issues);
    if (mounts !== undefined) task.ContainerSpec.Mounts = mounts;

    const secretRefs = convertReferences(key, service, secrets as StackFileObjects & { kind: 'secret' }, ctx.stackName, issues);
    addAll(externalSecrets, secretRefs.external);
    if (secretRefs.references.length > 0) task.ContainerSpec.Secrets = secretRefs.references;

    const configRefs = convertReferences(key, service, configs as StackFileObjects & { kind: 'config' }, ctx.stackName, issues);
    addAll(externalConfigs, configRefs.external);
    const runtime = credentialSpecConfig(key, service, configs, ctx.stackName, issues);
    if (runtime !== undefined) {
      configRefs.references.push(runtime.reference);
      configRefs.references.sort((a, b) => compareGoStrings(referenceName(a), referenceName(b)));
      if (runtime.external) addAll(externalConfigs, [runtime.reference.ConfigName]);
    }
    if (configRefs.references.length > 0) task.ContainerSpec.Configs = configRefs.references;

    // The Engine refuses a longer service name (a DNS label), after the networks were created.
    if (spec.Name.length > MAX_SERVICE_NAME) {
      issues.push({
        severity: 'error', path: ['services', key], onKey: true,
        message: `services.${key}: the service's name "${spec.Name}" is ${spec.Name.length} characters, more than the ${MAX_SERVICE_NAME} a swarm allows: use a shorter stack name or service key`,
      });
    }
    services.push({ key, spec });
  }

  const stackNetworks = convertStackNetworks(networks, usedNetworks);
  const createdSecrets = convertFileObjects(secrets, ctx, issues);
  const createdConfigs = convertFileObjects(configs, ctx, issues);
  for (const created of [...createdSecrets, ...createdConfigs]) {
    if (created.file !== undefined) filesRead.push(created.file);
  }

  return {
    stackName: ctx.stackName,
    services,
    networks: stackNetworks.create,
    externalNetworks: stackNetworks.external,
    externalSecrets,
    externalConfigs,
    secrets: createdSecrets,
    // Configs have no driver (the schema allows none), so their specs are sent as built.
    configs: createdConfigs,
    filesRead: [...new Set(filesRead)],
    issues,
  };
}

function addAll(target: string[], names: string[]): void {
  for (const name of names) if (!target.includes(name)) target.push(name);
}

/**
 * A `credential_spec.config` makes the CLI add a runtime reference to that config (not a file
 * in the container). The spec's own `Config` must then carry the config's ID, which the deploy
 * fills in as for the other references.
 */
function credentialSpecConfig(
  key: string,
  service: Record<string, unknown>,
  configs: StackFileObjects,
  stackName: string,
  issues: ComposeIssue[],
): { reference: ConfigReference; external: boolean } | undefined {
  const credentialSpec = service.credential_spec;
  if (!isRecord(credentialSpec) || typeof credentialSpec.config !== 'string' || credentialSpec.config === '') return undefined;
  const source = credentialSpec.config;
  const declared = configs.declared.get(source);
  if (declared === undefined) {
    issues.push({
      severity: 'error',
      path: ['services', key, 'credential_spec', 'config'],
      message: `services.${key}.credential_spec.config: undefined config "${source}" (declare it under the top-level configs key).`,
    });
    return undefined;
  }
  return {
    reference: { ConfigID: '', ConfigName: fileObjectName(configs, source, stackName), Runtime: {} },
    external: declared.resolved.external,
  };
}
