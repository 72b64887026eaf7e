import { readFileSync } from 'node:fs';
import { buildSyntheticSwarm } from '../engineStandIn';
import { buildModel } from '../../../src/model/summaries';
const t = JSON.parse(readFileSync('/tmp/bx/templates.json', 'utf8'));
const s = buildSyntheticSwarm(t, { services: 1000, tasksPerService: 10, nodes: 10 });
const svcs = JSON.parse(JSON.stringify(s.services)), tasks = JSON.parse(JSON.stringify(s.tasks)), nodes = JSON.parse(JSON.stringify(s.nodes));
const xs: number[] = [];
for (let i = 0; i < 60; i++) { const a = performance.now(); buildModel(svcs, tasks, nodes); xs.push(performance.now() - a); }
xs.sort((a, b) => a - b); console.log('median', xs[30].toFixed(2), 'min', xs[0].toFixed(2));
const names = svcs.map((x: any) => x.Spec.Name);
let a = performance.now(); for (let i = 0; i < 20; i++) [...names].sort((x: string, y: string) => x.localeCompare(y)); console.log('localeCompare sort', ((performance.now() - a) / 20).toFixed(2));
const coll = new Intl.Collator(); a = performance.now(); for (let i = 0; i < 20; i++) [...names].sort(coll.compare); console.log('collator sort', ((performance.now() - a) / 20).toFixed(2));
