// A followed service flooding its logs (1 GiB as fast as the task can print it), measured in
// the real extension host: what the extension host's memory and event loop do meanwhile, what
// reaches the channel against dockerSwarm.logs.maxRate, what the swarm manager's memory does,
// and how long Stop takes. The figures come from the extension-host flood test in
// test/extension/faults.test.ts, which the harness runs alone and which checks only what
// must hold on any machine (whole lines, notes for gaps, nothing after Stop); the bounds on
// these figures are the benchmark's targets, so a loaded CI machine cannot fail a correct build.
import type { FloodFigures } from '../../test/extension/faults.test';
import { runExtensionHostFigures } from './activationBench';

export type { FloodFigures };

export async function measureFlood(): Promise<FloodFigures & { wallMs: number }> {
  const { figures, wallMs } = await runExtensionHostFigures<FloodFigures>('a task printing 1 GB of logs', 'SWARM_BENCH_FLOOD_FILE');
  return { ...figures, wallMs };
}
