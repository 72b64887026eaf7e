// What an Engine event says changed, and a set of such changes gathered while a read is in
// flight, so that a view reads only what changed: the services an event names (a service
// event its own ID, a task container's event the service it belongs to), the nodes, and the
// kinds of swarm objects. What cannot be attributed asks for everything to be read again.
import type { EngineEvent } from './events';

export type ObjectType = 'secret' | 'config' | 'network';

/** What a task container's event says its task's state now is, as the manager will learn it. */
export type TaskExpectation = 'running' | 'stopped';

export type SwarmChange =
  | {
      kind: 'service';
      id: string;
      removed: boolean;
      task?: { id: string; expect?: TaskExpectation };
      /** A re-read the store's follower asked for, for the service's counts: no change event named it. */
      followUp?: true;
    }
  | { kind: 'node'; id: string; removed: boolean }
  | { kind: 'object'; type: ObjectType }
  | { kind: 'everything' };

const TASK_CONTAINER_ACTIONS = new Set(['create', 'start', 'die', 'kill', 'stop', 'destroy', 'oom', 'health_status']);
const OBJECT_TYPES = new Set<string>(['secret', 'config', 'network']);

/**
 * What an event changed, or undefined when it changes nothing the views show (a standalone
 * container, a node's local network). Service and node events carry the object's ID as the
 * actor; a task's container carries its service's and task's IDs as labels.
 */
export function changeOf(e: EngineEvent): SwarmChange | undefined {
  const id = e.Actor?.ID;
  if (e.Type === 'service' || e.Type === 'node') {
    if (!id) return { kind: 'everything' };
    return { kind: e.Type, id, removed: e.Action === 'remove' };
  }
  if (OBJECT_TYPES.has(e.Type ?? '')) return e.scope === 'swarm' ? { kind: 'object', type: e.Type as ObjectType } : undefined;
  if (e.Type !== 'container') return undefined;
  const action = (e.Action ?? '').split(':')[0] ?? '';
  const attributes = e.Actor?.Attributes ?? {};
  const taskId = attributes['com.docker.swarm.task.id'];
  if (!TASK_CONTAINER_ACTIONS.has(action) || !taskId) return undefined;
  const serviceId = attributes['com.docker.swarm.service.id'];
  if (!serviceId) return { kind: 'everything' };
  // The container starts (or dies) before the node's agent tells the manager, which can take
  // tens of milliseconds: what is read at once may still show the task's earlier state.
  const expect: TaskExpectation | undefined = action === 'start' ? 'running' : action === 'die' || action === 'oom' ? 'stopped' : undefined;
  return { kind: 'service', id: serviceId, removed: false, task: expect ? { id: taskId, expect } : { id: taskId } };
}

/** Changes gathered until the next read: what to read again, what is gone, what to check. */
export class ChangeSet {
  everything = false;
  /** Services to read again. */
  readonly services = new Set<string>();
  /** Of those, the ones named only by the follower's re-reads for their counts, by no change event. */
  readonly followUps = new Set<string>();
  /** Services whose remove event came: dropped without a read. */
  readonly removedServices = new Set<string>();
  readonly nodes = new Set<string>();
  readonly removedNodes = new Set<string>();
  readonly objects = new Set<ObjectType>();
  /** Tasks whose state the manager should now report, by task ID (the service ID beside). */
  readonly expectations = new Map<string, { serviceId: string; expect: TaskExpectation }>();

  static of(...changes: SwarmChange[]): ChangeSet {
    const set = new ChangeSet();
    for (const c of changes) set.add(c);
    return set;
  }

  static everything(): ChangeSet {
    const set = new ChangeSet();
    set.everything = true;
    return set;
  }

  add(c: SwarmChange): void {
    switch (c.kind) {
      case 'everything':
        this.everything = true;
        return;
      case 'object':
        this.objects.add(c.type);
        return;
      case 'node':
        (c.removed ? this.removedNodes : this.nodes).add(c.id);
        return;
      case 'service':
        if (c.removed) {
          this.removedServices.add(c.id);
          this.services.delete(c.id);
          this.followUps.delete(c.id);
        } else if (!this.removedServices.has(c.id)) {
          this.addService(c.id, c.followUp === true);
        }
        // A later event of the task with nothing to expect keeps what an earlier one said: a
        // stop is kill, die, stop (and later destroy), and the die's "stopped" still holds.
        if (c.task?.expect) this.expectations.set(c.task.id, { serviceId: c.id, expect: c.task.expect });
    }
  }

  /** Adds everything another set holds (a later set's expectation for a task wins). */
  merge(other: ChangeSet): void {
    this.everything ||= other.everything;
    for (const id of other.removedServices) {
      this.removedServices.add(id);
      this.services.delete(id);
      this.followUps.delete(id);
    }
    for (const id of other.services) if (!this.removedServices.has(id)) this.addService(id, other.followUps.has(id));
    for (const id of other.nodes) this.nodes.add(id);
    for (const id of other.removedNodes) this.removedNodes.add(id);
    for (const t of other.objects) this.objects.add(t);
    for (const [task, e] of other.expectations) this.expectations.set(task, e);
  }

  /** A follow-up stays one only while no change event names the service too. */
  private addService(id: string, followUp: boolean): void {
    if (!followUp) this.followUps.delete(id);
    else if (!this.services.has(id)) this.followUps.add(id);
    this.services.add(id);
  }

  /** Whether the services or nodes views have anything to read (objects are listed apart). */
  get touchesSwarm(): boolean {
    return this.everything || this.services.size + this.removedServices.size + this.nodes.size + this.removedNodes.size > 0;
  }

  get isEmpty(): boolean {
    return !this.touchesSwarm && this.objects.size === 0;
  }
}

/** States a task passes through before it runs (the manager's names). */
const BEFORE_RUNNING = new Set(['new', 'allocated', 'pending', 'assigned', 'accepted', 'preparing', 'ready', 'starting']);

/** Whether the manager's record of a task agrees with what its container's event said. */
export function expectationMet(expect: TaskExpectation, state: string | undefined): boolean {
  if (expect === 'running') return state !== undefined && !BEFORE_RUNNING.has(state);
  return state !== 'running';
}
