// The heap of VS Code's extension host under changes: the real extension (production bundle),
// its providers and tree views, in code-server's extension host through the extension-test
// harness, pointed at the Engine stand-in (1,000 services shown, one expanded) while the
// stand-in replays batches of service changes on /events. The figures come from
// test/extension/heapUnderChanges.test.ts, which the harness runs alone and which is
// registered only when SWARM_BENCH_EXTHOST_HEAP names the stand-in; it asks the stand-in for
// the changes on its control socket (engineStandIn.ts serveControl). The plain-Node row beside
// it (changesHeapChild.ts) measures the same stores and controller without the host.
import type { ExtHostHeapFigures, ExtHostHeapParams } from '../../test/extension/heapUnderChanges.test';
import { buildExtensionTests, runExtensionHostFigures } from './activationBench';

export type { ExtHostHeapFigures };

export async function measureExtensionHostHeap(params: ExtHostHeapParams): Promise<ExtHostHeapFigures & { wallMs: number }> {
  await buildExtensionTests();
  // The harness's own bound on the whole run (code-server-host.mjs), above the test's.
  const timeoutMs = 10 * 60_000 + params.batches * (params.perBatch * params.intervalMs * 5 + 120_000);
  const { figures, wallMs } = await runExtensionHostFigures<ExtHostHeapFigures>(
    'the heap after batches of service changes',
    'SWARM_BENCH_EXTHOST_HEAP_FILE',
    { SWARM_BENCH_EXTHOST_HEAP: JSON.stringify(params), SWARM_TESTS_TIMEOUT_MS: String(timeoutMs) },
    // Ours a minute above the harness's, so that its own message is the one seen.
    timeoutMs + 60_000,
  );
  return { ...figures, wallMs };
}
