// Placeholder for helper B's conversion of one service (the real one replaces this file at
// merge): only the name and the image, so that the stack conversion compiles and is tested.

import type { ComposeIssue, ConvertContext } from './types';
import type { ServiceSpec } from './engineSpecs';

export function convertService(
  key: string,
  service: Record<string, unknown>,
  ctx: ConvertContext,
): { spec: ServiceSpec; issues: ComposeIssue[]; filesRead: string[] } {
  const image = typeof service.image === 'string' ? service.image : '';
  return {
    spec: { Name: `${ctx.stackName}_${key}`, TaskTemplate: { ContainerSpec: { Image: image } } },
    issues: [],
    filesRead: [],
  };
}
