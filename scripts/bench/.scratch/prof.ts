import { fork } from 'node:child_process';
import { SwarmClient, modelFromSnapshot } from '../../../src/docker/swarmClient';
const SOCK = '/tmp/bx/standin2.sock';
(async () => {
  const child = fork('/work/main/scripts/bench/engineStandIn.ts', [SOCK, '/tmp/bx/templates.json', '1000', '10', '10'], { execArgv: ['--import', 'tsx'] });
  await new Promise<any>((r) => child.once('message', r));
  const client = new SwarmClient({ dockerHost: `unix://${SOCK}` });
  const snapT: number[] = [], modelT: number[] = [];
  for (let i = 0; i < 40; i++) {
    const a = performance.now(); const s = await client.snapshot(); const b = performance.now(); modelFromSnapshot(s); const c = performance.now();
    snapT.push(b - a); modelT.push(c - b);
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1].toFixed(1);
  console.log('snapshot', med(snapT), 'model', med(modelT));
  child.kill();
})();
