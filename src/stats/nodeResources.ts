// A node's capacity against what its tasks ask for, for the node's tooltip: the CPUs and memory
// it offers the scheduler (Description.Resources) beside the sums of the reservations and the
// limits of the tasks meant to run there. All of it is the manager's: no node engine is asked.
// Pure.
import type { NodeSummary } from '../model/nodeSummaries';
import type { TaskSummary } from '../model/summaries';
import { formatBytes, formatCores } from './format';

/**
 * `CPU: 2 cores, reserved 0.5, limited 1.5` and `Memory: 7.65 GiB, reserved 256 MiB, limited 1 GiB`,
 * saying how many tasks set no limit (they may use all the node has). `tasks` undefined: the
 * last refresh did not read the node's tasks (only nodes expanded in the Nodes view have them).
 */
export function nodeResourceLines(node: Pick<NodeSummary, 'nanoCpus' | 'memoryBytes'>, tasks: readonly TaskSummary[] | undefined): string[] {
  if (node.nanoCpus === undefined && node.memoryBytes === undefined) return [];
  const cores = node.nanoCpus !== undefined ? `${formatCores(node.nanoCpus)} core${node.nanoCpus === 1e9 ? '' : 's'}` : 'unknown';
  const memory = node.memoryBytes !== undefined ? formatBytes(node.memoryBytes) : 'unknown';
  if (!tasks) return [`CPU: ${cores}`, `Memory: ${memory}`, "Tasks' reservations and limits: expand the node to count them"];
  let reservedCpu = 0, limitCpu = 0, reservedMemory = 0, limitMemory = 0, noCpuLimit = 0, noMemoryLimit = 0;
  for (const t of tasks) {
    const r = t.resources;
    reservedCpu += r?.reservedNanoCpus ?? 0;
    reservedMemory += r?.reservedMemoryBytes ?? 0;
    limitCpu += r?.limitNanoCpus ?? 0;
    limitMemory += r?.limitMemoryBytes ?? 0;
    if (!r?.limitNanoCpus) noCpuLimit++;
    if (!r?.limitMemoryBytes) noMemoryLimit++;
  }
  const unlimited = (n: number) => (n > 0 ? ` (${n} of ${tasks.length} task${tasks.length === 1 ? '' : 's'} without a limit)` : '');
  return [
    `CPU: ${cores}, reserved ${formatCores(reservedCpu)}, limited ${formatCores(limitCpu)}${unlimited(noCpuLimit)}`,
    `Memory: ${memory}, reserved ${formatBytes(reservedMemory)}, limited ${formatBytes(limitMemory)}${unlimited(noMemoryLimit)}`,
  ];
}
