import * as assert from 'node:assert/strict';
import { EventLineParser, affectsSwarmView, type EngineEvent } from '../../../src/model/events';

describe('EventLineParser', () => {
  it('reassembles events cut anywhere and reports malformed lines', () => {
    const events: EngineEvent[] = [];
    const bad: string[] = [];
    const p = new EventLineParser((e) => events.push(e), (l) => bad.push(l));
    const text = '{"Type":"service","Action":"update"}\n{"Type":"node","Action":"update"}\nnot json\n{"Type":"container"';
    for (const ch of text) p.push(ch);
    p.push(',"Action":"start"}\n');
    p.end();
    assert.deepEqual(events.map((e) => e.Type), ['service', 'node', 'container']);
    assert.deepEqual(bad, ['not json']);
  });
});

describe('affectsSwarmView', () => {
  it('keeps service and node events and task containers, drops the rest', () => {
    assert.ok(affectsSwarmView({ Type: 'service', Action: 'update' }));
    assert.ok(affectsSwarmView({ Type: 'node', Action: 'update' }));
    assert.ok(affectsSwarmView({ Type: 'container', Action: 'die', Actor: { Attributes: { 'com.docker.swarm.task.id': 'x' } } }));
    assert.ok(affectsSwarmView({ Type: 'container', Action: 'health_status: healthy', Actor: { Attributes: { 'com.docker.swarm.task.id': 'x' } } }));
    assert.ok(!affectsSwarmView({ Type: 'container', Action: 'die', Actor: { Attributes: {} } }));
    assert.ok(!affectsSwarmView({ Type: 'container', Action: 'exec_start: sh', Actor: { Attributes: { 'com.docker.swarm.task.id': 'x' } } }));
    assert.ok(!affectsSwarmView({ Type: 'network', Action: 'connect' }));
  });
});
