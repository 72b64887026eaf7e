import { fork } from 'node:child_process';
import { fetchJson } from '/work/main/scripts/bench/refreshBench';
import { SwarmClient, modelFromSnapshot } from '/work/main/src/docker/swarmClient';
import Docker from 'dockerode';
const SOCK = '/tmp/bx/standin.sock';
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
(async () => {
  const child = fork('/work/main/scripts/bench/engineStandIn.ts', [SOCK, '/tmp/bx/templates.json', '1000', '10', '10']);
  await new Promise<any>((r) => child.once('message', r));
  const client = new SwarmClient({ dockerHost: `unix://${SOCK}` });
  const d = new Docker({ socketPath: SOCK });
  const P = '/tasks?filters=%7B%22desired-state%22%3A%5B%22running%22%5D%7D';
  const t: Record<string, number[]> = { floorTasks: [], clientTasks: [], dockerodeTasks: [], parseOnly: [], snapshot: [], floor3: [], model: [] };
  const body = Buffer.from(JSON.stringify((await fetchJson(SOCK, P)).value));
  for (let i = 0; i < 15; i++) {
    let s = performance.now(); await fetchJson(SOCK, P); t.floorTasks.push(performance.now() - s);
    s = performance.now(); await client.listTasks({ 'desired-state': ['running'] }); t.clientTasks.push(performance.now() - s);
    s = performance.now(); await (d as any).listTasks({ filters: { 'desired-state': ['running'] } }); t.dockerodeTasks.push(performance.now() - s);
    s = performance.now(); JSON.parse(body.toString()); t.parseOnly.push(performance.now() - s);
    s = performance.now(); const snap = await client.snapshot(); t.snapshot.push(performance.now() - s);
    s = performance.now(); modelFromSnapshot(snap); t.model.push(performance.now() - s);
    s = performance.now(); await Promise.all(['/services?filters=%7B%7D', P, '/nodes'].map((p) => fetchJson(SOCK, p))); t.floor3.push(performance.now() - s);
  }
  for (const [k, v] of Object.entries(t)) console.log(k, med(v).toFixed(1), v.map((x) => x.toFixed(0)).join(' '));
  child.kill();
})();
