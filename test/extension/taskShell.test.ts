// Open Shell in Task in a real extension host against the real swarm: the terminal is VS
// Code's, fed by the extension's Pseudoterminal; what is typed goes through Terminal.sendText
// (VS Code hands it to the Pseudoterminal as input), and what the shell printed is the
// Pseudoterminal's transcript. The engine is asked directly whether the exec still runs.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { SwarmServicesApi } from '../../src/extension';
import type { OpenShell } from '../../src/terminal/taskShells';
import type { ServiceElement, TaskElement } from '../../src/tree/servicesItems';
import { createService, serviceSpec, settlesWithin, uniqueName, waitFor, waitForRunning } from '../support/swarm';
import { TestClient } from '../support/testClient';
import { api, scriptedHostPerTest, serviceRow } from './support';

const client = new TestClient();
/** An image with busybox but no /bin/sh: no shell can start in it. */
const NO_SH_IMAGE = 'swarm-services-test-nosh:latest';

async function taskRows(a: SwarmServicesApi, serviceId: string, count: number): Promise<TaskElement[]> {
  return waitFor(`${count} running task rows`, async () => {
    await a.ctx.store.refresh();
    const row: ServiceElement = await serviceRow(a, serviceId);
    const tasks = (await a.ctx.servicesTree.getChildren(row)).filter((e): e is TaskElement => e.kind === 'task' && e.task.state === 'running');
    return tasks.length >= count ? tasks : undefined;
  }, 30_000);
}

async function openShell(element: unknown): Promise<OpenShell> {
  const opened = await vscode.commands.executeCommand<OpenShell | undefined>(Commands.openShell, element);
  assert.ok(opened, 'a shell was opened');
  return opened;
}

/** Waits until the shell runs, then until its transcript matches. */
async function printed(s: OpenShell, pattern: RegExp, what: string): Promise<string> {
  return waitFor(what, async () => (pattern.test(s.shell.transcript) ? s.shell.transcript : undefined), 20_000, 50).catch((e: Error) => {
    throw new Error(`${e.message}\ntranscript: ${JSON.stringify(s.shell.transcript.slice(-600))}`);
  });
}

async function running(s: OpenShell): Promise<void> {
  await waitFor(`${s.name} running`, async () => s.shell.phase === 'running' || (s.shell.phase !== 'starting' ? Promise.reject(new Error(`phase ${s.shell.phase}: ${s.shell.transcript}`)) : false), 20_000, 50);
}

function execRunning(execId: string): Promise<boolean> {
  return client.inspectExec(execId).then((s) => s.running);
}

describe('Open Shell in Task (extension host, real swarm)', function () {
  this.timeout(120_000);
  let a: SwarmServicesApi;
  let svc: string;
  let tasks: TaskElement[];
  const host = scriptedHostPerTest(() => a);
  const opened: OpenShell[] = [];

  before(async function () {
    this.timeout(180_000);
    a = await api();
    svc = await createService(client, uniqueName('shell'), 'sleep 3600', { replicas: 2 });
    await waitForRunning(client, svc, 2, 60_000);
    tasks = await taskRows(a, svc, 2);
  });

  afterEach(async () => {
    for (const s of opened.splice(0)) s.terminal.dispose();
    await vscode.workspace.getConfiguration('dockerSwarm.shell').update('command', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('dockerSwarm.shell').update('user', undefined, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    if (svc) await client.removeService(svc).catch(() => undefined);
  });

  it('runs a command typed in the terminal and shows its output: echo $((6*7)) prints 42', async () => {
    const s = await openShell(tasks[0]);
    opened.push(s);
    const task = tasks[0]!.task;
    assert.equal(s.name, `${tasks[0]!.service.name}.${task.slot}@${task.nodeName}`, 'the terminal is named <service>.<slot>@<node>');
    assert.equal(s.terminal.name, s.name);
    await running(s);
    s.terminal.sendText('echo $((6*7))');
    // (A late answer to the shell's cursor query, ESC[6n, may be echoed before it: ^[[8;5R.)
    await printed(s, /\r\n(?:\^\[\[\d+;\d+R)?42\r\n/, '42 on a line of its own');
    assert.ok(s.shell.execId && (await execRunning(s.shell.execId)), 'the exec runs on the engine');
    assert.deepEqual(host().errors, []);
  });

  it('what is typed before the shell runs is not lost: it reaches the shell once it does', async () => {
    const s = await openShell(tasks[1]);
    opened.push(s);
    s.terminal.sendText('echo early-$((5*5))');
    await printed(s, /\r\nearly-25\r\n/, 'the early line\'s output');
  });

  // VS Code may not even open a terminal disposed at once: whether or not the exec was created,
  // none is left running (the close while starting is the same path, see TaskShell.start).
  it('a terminal closed at once leaves no exec running', async () => {
    const s = await openShell(tasks[1]);
    s.terminal.dispose();
    await settlesWithin('the shell closed while starting', s.shell.done, 20_000);
    const id = s.shell.execId;
    if (id) await waitFor(`exec ${id.slice(0, 12)} not running`, async () => !(await execRunning(id)), 15_000, 200);
    // Nothing of the closed terminal's shell is left among the container's execs.
    const containerId = tasks[1]!.task.containerId!;
    // (Earlier tests' terminals, disposed after each, are being ended too: all of them go.)
    await waitFor('no exec running in the container', async () => {
      const states = await Promise.all((await client.containerExecIds(containerId)).map((e) => execRunning(e).catch(() => false)));
      return states.every((r) => !r);
    }, 15_000, 200);
  });

  it('exit 3 ends the shell with the exit code shown; the terminal stays until a key is pressed', async () => {
    const s = await openShell(tasks[0]);
    opened.push(s);
    await running(s);
    s.terminal.sendText('exit 3');
    await printed(s, /ended: exit code 3\. Press any key/, 'the exit code in the terminal');
    assert.equal(s.shell.exitCode, 3);
    assert.equal(s.shell.phase, 'ended');
    assert.equal(await execRunning(s.shell.execId!), false);
    assert.ok(vscode.window.terminals.includes(s.terminal), 'the terminal is still open');
    const closed = new Promise<void>((resolve) => vscode.window.onDidCloseTerminal((t) => t === s.terminal && resolve()));
    s.terminal.sendText('x', false);
    await waitFor('the terminal to close on a key', async () => !vscode.window.terminals.includes(s.terminal), 10_000, 50);
    await closed;
  });

  it('the terminal size reaches the engine at open and on every change (stty size in the session)', async () => {
    const s = await openShell(tasks[0]);
    opened.push(s);
    await running(s);
    s.terminal.show();
    // The size VS Code gave the Pseudoterminal when the terminal opened (or since).
    const dims = await waitFor('the terminal\'s dimensions', async () => s.shell.size, 10_000, 50);
    s.terminal.sendText('stty size');
    await printed(s, new RegExp(`\\r\\n${dims.rows} ${dims.columns}\\r\\n`), `the opening size ${dims.rows} ${dims.columns}`);
    s.shell.setDimensions({ columns: 101, rows: 31 });
    s.shell.setDimensions({ columns: 97, rows: 29 });
    await new Promise((r) => setTimeout(r, 300));
    s.terminal.sendText('stty size');
    await printed(s, /\r\n29 97\r\n/, 'the last size given, 29 97');
  });

  it('two shells at once, in two tasks, each with its own session and output', async () => {
    const [one, two] = [await openShell(tasks[0]), await openShell(tasks[1])];
    opened.push(one, two);
    await Promise.all([running(one), running(two)]);
    assert.notEqual(one.name, two.name);
    one.terminal.sendText('echo first-$((1+1))');
    two.terminal.sendText('echo second-$((2+2))');
    await printed(one, /\r\nfirst-2\r\n/, 'the first shell\'s output');
    await printed(two, /\r\nsecond-4\r\n/, 'the second shell\'s output');
    assert.ok(!one.shell.transcript.includes('second-4') && !two.shell.transcript.includes('first-2'), 'each terminal shows only its own session');
    assert.notEqual(one.shell.execId, two.shell.execId);
    assert.ok((await execRunning(one.shell.execId!)) && (await execRunning(two.shell.execId!)), 'both run on the engine');
  });

  it('closing the terminal ends the exec on the engine, even with a command running in the foreground', async () => {
    const idle = await openShell(tasks[0]);
    const busy = await openShell(tasks[1]);
    await Promise.all([running(idle), running(busy)]);
    busy.terminal.sendText('sleep 600');
    await printed(busy, /sleep 600\r\n/, 'the sleep echoed');
    const ids = [idle.shell.execId!, busy.shell.execId!];
    assert.ok((await execRunning(ids[0]!)) && (await execRunning(ids[1]!)));
    idle.terminal.dispose();
    busy.terminal.dispose();
    for (const id of ids) await waitFor(`exec ${id.slice(0, 12)} not running`, async () => !(await execRunning(id)), 15_000, 200);
    assert.deepEqual(host().errors, []);
  });

  it('a task that stops during the session: the terminal says so and the extension goes on', async () => {
    const own = await createService(client, uniqueName('shell-stop'), 'sleep 3600', { replicas: 1 });
    try {
      await waitForRunning(client, own, 1, 60_000);
      const [row] = await taskRows(a, own, 1);
      const s = await openShell(row);
      opened.push(s);
      await running(s);
      await client.scaleService(own, 0);
      await printed(s, /The shell in .* ended: /, 'the end in the terminal');
      assert.ok(['ended', 'failed'].includes(s.shell.phase));
      // The extension still works: a shell in the other service opens and answers.
      const again = await openShell(tasks[0]);
      opened.push(again);
      await running(again);
      again.terminal.sendText('echo still-$((3*3))');
      await printed(again, /\r\nstill-9\r\n/, 'a new shell answering');
    } finally {
      await client.removeService(own).catch(() => undefined);
    }
  });

  it('a command the container does not have: the terminal says it could not be started, with the code', async () => {
    await vscode.workspace.getConfiguration('dockerSwarm.shell').update('command', '/bin/no-such-shell -l', vscode.ConfigurationTarget.Global);
    const s = await openShell(tasks[0]);
    opened.push(s);
    await printed(s, /ended: .*(could not be started|exit code 12[67])/, 'the failure in the terminal');
    assert.notEqual(s.shell.phase, 'running');
  });

  it('a user the container does not know: the Engine\'s refusal is shown in the terminal', async () => {
    await vscode.workspace.getConfiguration('dockerSwarm.shell').update('user', 'no-such-user', vscode.ConfigurationTarget.Global);
    const s = await openShell(tasks[0]);
    opened.push(s);
    await printed(s, /no-such-user[\s\S]*(ended|could not)|(ended|could not)[\s\S]*no-such-user/, 'the refusal naming the user');
    assert.notEqual(s.shell.phase, 'running');
  });

  it('a container without /bin/sh: one clear message, no shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nosh-'));
    try {
      mkdirSync(join(dir, 'bb'));
      copyFileSync('/bin/busybox', join(dir, 'bb', 'busybox'));
      symlinkSync('busybox', join(dir, 'bb', 'sleep'));
      execFileSync('sh', ['-c', `tar -C '${dir}' -c . | docker import -c 'CMD ["/bb/sleep", "3600"]' - ${NO_SH_IMAGE}`], { stdio: 'ignore' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const spec = serviceSpec(uniqueName('shell-nosh'), '');
    const container = (spec.TaskTemplate as { ContainerSpec: Record<string, unknown> }).ContainerSpec;
    container['Image'] = NO_SH_IMAGE;
    container['Args'] = ['/bb/sleep', '3600'];
    const own = await client.createService(spec);
    try {
      await waitForRunning(client, own, 1, 60_000);
      const [row] = await taskRows(a, own, 1);
      const s = await openShell(row);
      opened.push(s);
      await printed(s, /has no \/bin\/sh, so no shell can be started/, 'the message');
      assert.equal(s.shell.phase, 'failed');
      // A command of the user's runs there directly (it cannot be ended on close: no sh to send the signal).
      await vscode.workspace.getConfiguration('dockerSwarm.shell').update('command', '/bb/busybox sh', vscode.ConfigurationTarget.Global);
      const direct = await openShell(row);
      opened.push(direct);
      await running(direct);
      direct.terminal.sendText('echo direct-$((2*3))');
      await printed(direct, /\r\ndirect-6\r\n/, 'the direct command\'s output');
      direct.terminal.sendText('exit 0');
      await printed(direct, /ended: exit code 0/, 'its end');
    } finally {
      await client.removeService(own).catch(() => undefined);
    }
  });

  it('a task that is not running is refused before anything is sent, with a message', async () => {
    const row = tasks[0]!;
    const stale = { ...row, task: { ...row.task, id: 'nosuchtask000000000000000' } };
    const before = vscode.window.terminals.length;
    await vscode.commands.executeCommand(Commands.openShell, stale);
    assert.equal(vscode.window.terminals.length, before, 'no terminal opened');
    assert.equal(host().errors.length, 1, host().errors.join(' | '));
    assert.match(host().errors[0]!, /not meant to run any more/);
  });

  it('from the palette: the service, then its running task', async () => {
    const row = tasks[1]!;
    host().answer(row.service.name, row.task.name);
    const s = await openShell(undefined);
    opened.push(s);
    await running(s);
    assert.equal(s.taskId, row.task.id);
  });
});
