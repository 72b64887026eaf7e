// What tells a task apart among its service's tasks, as the docker CLI names them
// (`web.2`, `agent.node-1`): the slot of a replicated service's task, else (a global
// service's task, which has no slot) its node. One rule for the tree, the log prefixes and
// the rollout progress.

/** A replicated task's slot; undefined for a global one (the Engine sends 0 or nothing). */
export function taskSlot(slot: number | undefined): number | undefined {
  return slot !== undefined && slot > 0 ? slot : undefined;
}

/** The slot when the task has one, else `node` (a node's name or id, as the caller shows it). */
export function taskLabel(slot: number | undefined, node: string): string {
  const s = taskSlot(slot);
  return s !== undefined ? String(s) : node;
}
