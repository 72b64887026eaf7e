// RSS growth while streaming logs: reads a service's logs `passes` times through the prefixed
// path (client, decoder, formatServiceLine, LineBatcher into a counting sink), sampling RSS,
// in a child of its own so the figure is this path's alone:
//   logRssChild.ts <service id> <service name> <passes>
import { TestClient } from '../../test/support/testClient';
import { readLogs } from './logBench';
import { runMain } from './stats';

export interface RssFigures {
  /** RSS before the first pass, after each pass, and the highest sampled. */
  before: number;
  afterPass: number[];
  peak: number;
  lines: number;
  ms: number[];
}

async function main(): Promise<void> {
  const [id, name, passes] = process.argv.slice(2);
  if (!id || !name) throw new Error('usage: logRssChild.ts <service id> <service name> <passes>');
  const client = new TestClient();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const out: RssFigures = { before, afterPass: [], peak, lines: 0, ms: [] };
  for (let i = 0; i < Number(passes ?? 5); i++) {
    const r = await readLogs(client, id, name, true);
    out.lines += r.lines;
    out.ms.push(r.ms);
    out.afterPass.push(process.memoryUsage().rss);
  }
  clearInterval(sampler);
  out.peak = Math.max(peak, ...out.afterPass);
  process.send?.(out);
}

runMain(main);
