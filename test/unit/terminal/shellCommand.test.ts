import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { hangUpCommand, neverStarted, readPidLine, shellPlan, terminalName, terminalText } from '../../../src/terminal/shellCommand';

/** Runs a plan's wrapped command with a real sh (the busybox or dash of this machine), with bash and sh stubbed by PATH. */
function runWrapped(cmd: string[]): string {
  return execFileSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' }, input: 'echo typed\n' });
}

describe('task shell command', () => {
  it('by default reports its pid and then runs bash when there is one, else sh, in the same process', () => {
    const plan = shellPlan('');
    assert.ok(plan.ok);
    assert.equal(plan.value.wrapped[0], '/bin/sh');
    assert.equal(plan.value.bare, undefined, 'no bare form: bash-else-sh needs sh');
    assert.equal(plan.value.label, 'bash, else sh');
    // Real sh runs it: the first line is the pid; stdin then reaches the shell that was exec'd.
    const out = runWrapped(plan.value.wrapped);
    const read = readPidLine(out);
    assert.equal(read.state, 'found');
    assert.ok(read.state === 'found' && read.pid > 1 && read.rest === 'typed\n', out);
  });

  it('passes a command from the setting as words, never through the wrapper\'s shell', () => {
    const plan = shellPlan(`/bin/echo 'a b' "$HOME" ';' id`);
    assert.ok(plan.ok);
    assert.deepEqual(plan.value.bare, ['/bin/echo', 'a b', '$HOME', ';', 'id']);
    const out = runWrapped(plan.value.wrapped);
    const read = readPidLine(out);
    assert.ok(read.state === 'found', out);
    assert.equal(read.rest, 'a b $HOME ; id\n', 'the words arrive as they were written: no expansion, no second command');
  });

  it('refuses a setting it cannot split, with a message naming it; blank means the default', () => {
    const bad = shellPlan(`/bin/sh -c 'unclosed`);
    assert.ok(!bad.ok && /dockerSwarm\.shell\.command/.test(bad.error));
    const blank = shellPlan('   ');
    assert.ok(blank.ok && blank.value.label === 'bash, else sh');
  });

  it('reads the pid line whole, waits for the rest of it, and tells output that is not one', () => {
    assert.deepEqual(readPidLine(''), { state: 'pending' });
    assert.deepEqual(readPidLine('swarm-services-shell'), { state: 'pending' });
    assert.deepEqual(readPidLine('swarm-services-shell-pid:42'), { state: 'pending' });
    assert.deepEqual(readPidLine('swarm-services-shell-pid:42\r\n/ # '), { state: 'found', pid: 42, rest: '/ # ' });
    assert.deepEqual(readPidLine('OCI runtime exec failed: exec: "/bin/sh": no such file'), { state: 'absent' });
    assert.deepEqual(readPidLine('swarm-services-shell-pid:x\r\n'), { state: 'absent' });
  });

  it('hangs up only a real pid, with HUP then KILL', () => {
    assert.deepEqual(hangUpCommand(17), ['/bin/sh', '-c', 'kill -HUP 17']);
    assert.deepEqual(hangUpCommand(17, 'KILL'), ['/bin/sh', '-c', 'kill -KILL 17']);
    for (const bad of [0, 1, -5, 1.5, Number.NaN]) assert.throws(() => hangUpCommand(bad));
  });

  it('tells an exec the engine never started (126/127, no pid) from a shell that exited so', () => {
    assert.equal(neverStarted({ exitCode: 126, pid: 0 }), true);
    assert.equal(neverStarted({ exitCode: 127, pid: 0 }), true);
    assert.equal(neverStarted({ exitCode: 127, pid: 3120 }), false);
    assert.equal(neverStarted({ exitCode: 3, pid: 0 }), false);
    assert.equal(neverStarted({ exitCode: null, pid: 0 }), false);
  });

  it('names terminals <service>.<slot>@<node>, and global tasks <service>@<node>', () => {
    assert.equal(terminalName({ serviceName: 'web', slot: 2 }, 'node-1'), 'web.2@node-1');
    assert.equal(terminalName({ serviceName: 'agent' }, 'node-1'), 'agent@node-1');
  });

  it('keeps control sequences out of its own messages, which may carry engine text', () => {
    assert.equal(terminalText('a\u001b]8;;http://x\u0007link\u001b]8;;\u0007\nb'), 'a]8;;http://xlink]8;;\r\nb');
    assert.equal(terminalText('tab\there\u009b31m'), 'tab\there31m');
  });
});
