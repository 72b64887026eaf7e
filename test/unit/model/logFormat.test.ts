import * as assert from 'node:assert/strict';
import { formatServiceLine, splitLogLine } from '../../../src/model/logFormat';

describe('service log lines', () => {
  it('splits timestamp, details and message, and prefixes like the CLI', () => {
    const raw = '2026-11-26T21:13:30.122795886Z com.docker.swarm.node.id=nodeid0123456789,com.docker.swarm.service.id=svc,com.docker.swarm.task.id=taskid0123456789abc hello world';
    const split = splitLogLine(raw, true, true);
    assert.equal(split.timestamp, '2026-11-26T21:13:30.122795886Z');
    assert.equal(split.attrs['com.docker.swarm.task.id'], 'taskid0123456789abc');
    assert.equal(split.message, 'hello world');
    const lookup = (id: string) => (id === 'taskid0123456789abc' ? { slot: 2, nodeName: 'alpha' } : undefined);
    assert.equal(formatServiceLine(raw, 'web', { prefix: true, timestamps: true, details: false }, lookup), 'web.2.taskid012345@alpha | 2026-11-26T21:13:30.122795886Z hello world');
    assert.equal(formatServiceLine(raw, 'web', { prefix: false, timestamps: true, details: false }, lookup), '2026-11-26T21:13:30.122795886Z hello world');
    assert.match(formatServiceLine(raw, 'web', { prefix: false, timestamps: true, details: true }, lookup), /Z com\.docker\.swarm\.node\.id=.* hello world$/);
    const noTs = raw.slice(raw.indexOf(' ') + 1);
    assert.equal(formatServiceLine(noTs, 'web', { prefix: true, timestamps: false, details: false }, () => undefined), 'web.nodeid012345.taskid012345@nodeid012345 | hello world');
  });
  it('prefixes each line with its own task when the lines of several tasks interleave', () => {
    const line = (taskId: string, nodeId: string, message: string) =>
      `com.docker.swarm.node.id=${nodeId},com.docker.swarm.service.id=svc,com.docker.swarm.task.id=${taskId} ${message}`;
    const names: Record<string, { slot: number; nodeName: string }> = { taskaaaaaaaaaaaa: { slot: 1, nodeName: 'alpha' }, taskbbbbbbbbbbbb: { slot: 2, nodeName: 'beta' } };
    const o = { prefix: true, timestamps: false, details: false };
    const out: string[] = [];
    for (let i = 0; i < 2; i++) {
      for (const [t, n] of [['taskaaaaaaaaaaaa', 'n1'], ['taskbbbbbbbbbbbb', 'n2'], ['taskcccccccccccc', 'n3']] as const) {
        out.push(formatServiceLine(line(t, n, `${t.slice(4, 5)}${i}`), 'web', o, (id) => names[id]));
      }
    }
    assert.deepEqual(out, [
      'web.1.taskaaaaaaaa@alpha | a0', 'web.2.taskbbbbbbbb@beta | b0', 'web.n3.taskcccccccc@n3 | c0',
      'web.1.taskaaaaaaaa@alpha | a1', 'web.2.taskbbbbbbbb@beta | b1', 'web.n3.taskcccccccc@n3 | c1',
    ]);
    // The attributes are decoded once per text; what a caller gets from splitLogLine is its own.
    const a = splitLogLine(line('taskaaaaaaaaaaaa', 'n1', 'x'), false, true);
    a.attrs['com.docker.swarm.task.id'] = 'changed';
    assert.equal(formatServiceLine(line('taskaaaaaaaaaaaa', 'n1', 'y'), 'web', o, (id) => names[id]), 'web.1.taskaaaaaaaa@alpha | y');
  });

  it('keeps a message that merely looks like attributes when details were not sent', () => {
    assert.equal(splitLogLine('a=b rest', false, false).message, 'a=b rest');
  });
});
