// Engine objects shared by the model's unit tests: one node, a replicated and a global service,
// and tasks whose timestamps each come after the one made before.
import type { EngineNode, EngineService, EngineTask } from '../../../src/model/engineTypes';

export const nodes: EngineNode[] = [{ ID: 'node1aaaaaaaaaaaaa', Description: { Hostname: 'alpha' } }];

let clock = 0;
export function task(id: string, serviceId: string, slot: number | undefined, state: string, desired = 'running', err?: string): EngineTask {
  clock++; // each fixture task is newer than the one before
  return { ID: id, ServiceID: serviceId, NodeID: 'node1aaaaaaaaaaaaa', ...(slot ? { Slot: slot } : {}), DesiredState: desired, Status: { State: state, ...(err ? { Err: err } : {}), Timestamp: `2026-01-01T00:00:${String(clock).padStart(2, '0')}Z` } };
}

export const web: EngineService = {
  ID: 'webid0123456789abcdef',
  Version: { Index: 42 },
  Spec: { Name: 'web', Labels: { 'com.docker.stack.namespace': 'shop' }, Mode: { Replicated: { Replicas: 3 } }, TaskTemplate: { ContainerSpec: { Image: 'busybox:latest@sha256:abc' } } },
};
export const agent: EngineService = { ID: 'agentid0123456789', Version: { Index: 7 }, Spec: { Name: 'agent', Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: 'agent:1' } } } };
