// Reads what the swarm has for a stack before a deploy: the stack's services (whole specs with
// their versions), and its networks, secrets and configs together with every one the file names
// (externals and `name:` overrides carry no stack label).
import type { ConvertedStack } from '../compose/types';
import type { SwarmClient } from '../docker/swarmClient';
import type { StackState } from './types';

export async function readStackState(client: Pick<SwarmClient, 'stackObjects'>, stack: ConvertedStack): Promise<StackState> {
  const objects = await client.stackObjects(stack.stackName, {
    networks: [...stack.networks.map((n) => n.create.Name), ...stack.externalNetworks],
    secrets: [...stack.secrets.map((s) => s.spec.Name), ...stack.externalSecrets],
    configs: [...stack.configs.map((c) => c.spec.Name), ...stack.externalConfigs],
  });
  return {
    stackName: stack.stackName,
    ...(objects.apiVersion ? { apiVersion: objects.apiVersion } : {}),
    services: objects.services.map((s) => ({
      id: s.ID,
      name: s.Spec?.Name ?? s.ID,
      version: s.Version?.Index ?? 0,
      spec: (s.Spec ?? {}) as Record<string, unknown>,
    })),
    networks: objects.networks,
    secrets: objects.secrets,
    configs: objects.configs,
  };
}
