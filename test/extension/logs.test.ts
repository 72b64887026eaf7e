// Logs in the real extension host, on the real swarm: the dockerSwarm.logs.* settings as
// Show Service Logs reads them, logs read without following shown whole, Show Task Logs from
// the palette, and followed streams that end by themselves (Follow Again), that lose the
// engine, and that shutdown closes. What is asserted is what reached the output channels
// (their mirror files), what the user was told, and what stayed open on the wire.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import { TestClient } from '../support/testClient';
import type { SwarmServicesApi } from '../../src/extension';
import { LogSessions } from '../../src/logs/logSessions';
import { DEFAULT_LOG_OPTIONS } from '../../src/model/logOptions';
import type { ServiceElement, ServicesTreeElement, TaskElement } from '../../src/tree/servicesItems';
import { SocketProxy } from '../support/socketProxy';
import { countingScript, createService, uniqueName, waitFor, waitForRunning } from '../support/swarm';
import { api, channelText, EXTENSION_ID, scriptedHostPerTest, serviceRow } from './support';

const client = new TestClient();
const config = () => vscode.workspace.getConfiguration('dockerSwarm');
const Global = vscode.ConfigurationTarget.Global;
const LOG_SETTINGS = ['tail', 'since', 'follow', 'timestamps', 'stdout', 'stderr', 'details', 'prefix', 'maxRate'];
/** A log request on the wire, as the proxy sees its path. */
const LOGS_REQUEST = /^\/v[\d.]+\/(services|tasks)\/[^/]+\/logs\?|^\/(services|tasks)\/[^/]+\/logs\?/;
/** Every task of these services prints its own task id (the engine fills the template in). */
const TASK_ID_ENV = 'TASK_ID={{.Task.ID}}';
const TICKING = 'i=0; while true; do echo "task $TASK_ID line $i"; i=$((i+1)); sleep 0.2; done';

/** The lines a task of TICKING printed that a text holds, with their numbers, by task id. */
function ticks(text: string): Map<string, number[]> {
  const byTask = new Map<string, number[]>();
  for (const m of text.matchAll(/^(?:.* \| )?task (\S+) line (\d+)$/gm)) {
    const list = byTask.get(m[1]!) ?? [];
    list.push(Number(m[2]));
    byTask.set(m[1]!, list);
  }
  return byTask;
}

/** The lines of a service's tasks read from the engine now (not followed). */
async function engineLines(serviceId: string, tail: number | 'all', timestamps = false): Promise<string[]> {
  const lines: string[] = [];
  await client.logs('service', serviceId, { ...DEFAULT_LOG_OPTIONS, follow: false, tail, timestamps }, (l) => lines.push(l.text)).done;
  return lines;
}

describe('logs in the extension host, on the real swarm', () => {
  let a: SwarmServicesApi;

  before(async () => {
    a = await api();
  });
  const host = scriptedHostPerTest(() => a);

  const serviceNode = (id: string): Promise<ServiceElement> => serviceRow(a, id);

  async function taskNodes(serviceId: string): Promise<TaskElement[]> {
    return ((await a.ctx.servicesTree.getChildren(await serviceNode(serviceId))) as ServicesTreeElement[]).filter((n): n is TaskElement => n.kind === 'task');
  }

  /**
   * What a channel receives from now on, as lines: the channel's mirror file keeps what came
   * before a clear, so the text is read from its length at this point.
   */
  function channelFrom(channel: string): () => string[] {
    const from = channelText(a.hostLogDir, channel).length;
    return () => channelText(a.hostLogDir, channel).slice(from).split('\n').filter((l) => l !== '');
  }

  /** Waits for a line matching `pattern` among what `read` gives; returns all of it. */
  function waitForLine(read: () => string[], pattern: RegExp, timeoutMs = 60_000): Promise<string[]> {
    return waitFor(`a line matching ${pattern}`, async () => {
      const lines = read();
      return lines.some((l) => pattern.test(l)) ? lines : undefined;
    }, timeoutMs, 100, async () => read().slice(-5).join(' / '));
  }

  const isNote = (l: string) => l.startsWith('--- ');

  describe('the dockerSwarm.logs.* settings, as Show Service Logs reads them', () => {
    const N = 150;
    let numbered: { id: string; name: string; prefix: string; taskId: string };
    let since: { id: string; name: string };

    before(async () => {
      // One task printing numbered lines to stdout and stderr, with its own task id as a log
      // attribute (what the details setting shows), then idling.
      const name = uniqueName('numbered');
      const sinceName = uniqueName('since');
      const [id, sinceId] = await Promise.all([
        createService(client, name, countingScript(N, 'echo printed;'), { env: [TASK_ID_ENV], logOptions: { env: 'TASK_ID' } }),
        // Two old lines, then a tick every half second from 4 s later on.
        createService(client, sinceName, 'echo "old 1"; echo "old 2"; sleep 4; i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.5; done'),
      ]);
      await waitFor('the numbered lines printed', async () => (await engineLines(id, 'all')).length === 2 * N + 1, 60_000, 250);
      const [task] = await client.serviceTasks(id, { 'desired-state': 'running' });
      const [node] = await client.listNodes();
      numbered = { id, name, taskId: task!.ID, prefix: `${name}.1.${task!.ID.slice(0, 12)}@${node!.Description!.Hostname}` };
      since = { id: sinceId, name: sinceName };
    });
    afterEach(async () => {
      for (const key of LOG_SETTINGS) {
        if (config().inspect(`logs.${key}`)?.globalValue !== undefined) await config().update(`logs.${key}`, undefined, Global);
      }
      // Anything a test left followed is stopped, so the next one starts clean.
      for (const f of a.ctx.logs.following()) a.ctx.logs.stop(f.serviceId);
    });

    async function set(values: Record<string, unknown>): Promise<void> {
      for (const [key, value] of Object.entries(values)) await config().update(`logs.${key}`, value, Global);
    }

    /** Show Service Logs as a click runs it (the settings only), read to the end of a finite read. */
    async function showWhole(s: { id: string; name: string }): Promise<{ lines: string[]; end: string }> {
      const channel = `Swarm: ${s.name}`;
      const read = channelFrom(channel);
      assert.equal(await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(s.id)), channel);
      const end = new RegExp(`^--- end of the logs of ${s.name} \\(([\\d,]+) lines?\\) ---$`);
      const all = await waitForLine(read, end);
      assert.deepEqual(host().errors, []);
      assert.equal(a.ctx.logs.isFollowing(s.id), false, 'a finite read is not followed');
      const endLine = all.find((l) => end.test(l))!;
      assert.equal(endLine, all[all.length - 1], 'the end is the last line');
      return { lines: all.filter((l) => !isNote(l)), end: endLine };
    }

    const body = (l: string) => l.slice(l.indexOf(' | ') + 3);
    // A task's stdout and stderr are copied to its log by two readers, so across the two
    // streams the order of the lines is not fixed (the last five may all be stderr's); within
    // one stream it is.
    const MESSAGE = /^(out \d+|err \d+|printed)$/;

    it('tail: a number shows that many lines from the end, "all" every line', async () => {
      await set({ follow: false, tail: 5 });
      const five = await showWhole(numbered);
      assert.equal(five.lines.length, 5, five.lines.join('\n'));
      assert.ok(five.lines.map(body).every((l) => MESSAGE.test(l)), five.lines.join('\n'));
      assert.match(five.end, /\(5 lines\)/);
      await set({ tail: 'all' });
      const all = await showWhole(numbered);
      assert.equal(all.lines.length, 2 * N + 1);
      assert.ok(all.lines.every((l) => l.startsWith(`${numbered.prefix} | `)), 'every line with its task prefix');
      assert.deepEqual(all.lines.map(body).filter((l) => l.startsWith('out ')), Array.from({ length: N }, (_, i) => `out ${i + 1}`));
    });

    it('since: 10m keeps every line; a duration shorter than their age leaves old lines out; Unix seconds cut between two lines', async () => {
      await set({ follow: false, tail: 'all', since: '10m' });
      await waitFor('ticks', async () => (await engineLines(since.id, 1)).some((l) => l.startsWith('tick ')), 60_000, 250);
      assert.deepEqual((await showWhole(since)).lines.map(body).slice(0, 3), ['old 1', 'old 2', 'tick 0']);

      // The engine's own times of the last old line and the first tick (4 s apart).
      const stamped = await engineLines(since.id, 'all', true);
      const at = (message: string) => Date.parse(stamped.find((l) => l.endsWith(` ${message}`))!.split(' ')[0]!.replace(/(\.\d{3})\d*/, '$1')) / 1000;
      const cut = (at('old 2') + at('tick 0')) / 2;
      await set({ since: cut.toFixed(3) });
      const fromCut = (await showWhole(since)).lines.map(body);
      assert.equal(fromCut[0], 'tick 0', 'the first line after the cut');
      assert.ok(!fromCut.some((l) => l.startsWith('old ')));

      // A duration counts back from now: 3 s, once the old lines are more than 8 s old.
      const old = at('old 2');
      await waitFor('the old lines 8 s old', async () => Date.now() / 1000 - old > 8, 30_000, 250);
      await set({ since: '3s' });
      const recent = (await showWhole(since)).lines.map(body);
      assert.ok(recent.length > 0 && recent.every((l) => /^tick \d+$/.test(l)), recent.join(' / '));
      assert.ok(!recent.includes('tick 0'), 'tick 0 (printed 4 s after the old lines) is older than 3 s too');
    });

    it('follow false: the lines so far and the end; follow on (the default) keeps streaming new lines', async () => {
      await set({ follow: false, tail: 3 });
      const finite = await showWhole(since);
      assert.deepEqual(a.ctx.logs.following(), []);
      const last = Math.max(...finite.lines.map((l) => Number(/tick (\d+)$/.exec(l)?.[1] ?? -1)));
      await set({ follow: undefined });
      const channel = `Swarm: ${since.name}`;
      const read = channelFrom(channel);
      await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(since.id));
      assert.equal(a.ctx.logs.isFollowing(since.id), true);
      await waitFor('a tick printed after the finite read', async () => read().some((l) => Number(/ \| tick (\d+)$/.exec(l)?.[1] ?? -1) > last));
      assert.ok(!read().some((l) => /^--- end of the logs/.test(l)), 'a followed stream does not end');
      assert.equal(await vscode.commands.executeCommand(Commands.stopLogs, await serviceNode(since.id)), true);
    });

    it('timestamps: each line carries its RFC 3339 time after the prefix', async () => {
      await set({ follow: false, tail: 4, timestamps: true });
      const { lines } = await showWhole(numbered);
      assert.equal(lines.length, 4);
      for (const l of lines) {
        assert.ok(l.startsWith(`${numbered.prefix} | `), l);
        const [time, ...message] = body(l).split(' ');
        assert.match(time!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
        assert.match(message.join(' '), MESSAGE);
      }
    });

    it('stdout only and stderr only, from a task writing to both', async () => {
      await set({ follow: false, tail: 'all', stderr: false });
      const out = (await showWhole(numbered)).lines.map(body);
      assert.deepEqual(out, [...Array.from({ length: N }, (_, i) => `out ${i + 1}`), 'printed']);
      await set({ stderr: true, stdout: false });
      const err = (await showWhole(numbered)).lines.map(body);
      assert.deepEqual(err, Array.from({ length: N }, (_, i) => `err ${i + 1}`));
    });

    it('details: the attributes given to the log driver (the task id from its env) and the swarm ones come before the message', async () => {
      await set({ follow: false, tail: 4, details: true });
      const { lines } = await showWhole(numbered);
      assert.equal(lines.length, 4);
      const t = numbered.taskId;
      for (const l of lines) {
        assert.ok(l.startsWith(`${numbered.prefix} | `), l);
        const [attrs, ...message] = body(l).split(' ');
        assert.deepEqual(Object.fromEntries(attrs!.split(',').map((kv) => kv.split('='))), {
          TASK_ID: t,
          'com.docker.swarm.node.id': (await client.listNodes())[0]!.ID,
          'com.docker.swarm.service.id': numbered.id,
          'com.docker.swarm.task.id': t,
        });
        assert.match(message.join(' '), MESSAGE);
      }
      // Off (the default), the same lines show the message alone.
      await set({ details: undefined });
      const plain = (await showWhole(numbered)).lines.map(body);
      assert.equal(plain.length, 4);
      assert.ok(plain.every((l) => MESSAGE.test(l)), plain.join(' / '));
    });

    it('prefix off: the bare messages', async () => {
      await set({ follow: false, tail: 'all', stderr: false, prefix: false });
      assert.deepEqual((await showWhole(numbered)).lines, [...Array.from({ length: N }, (_, i) => `out ${i + 1}`), 'printed']);
    });

    it('an invalid tail ("abc") falls back to 100 lines, and the Swarm Services log says so', async () => {
      const logFile = join(a.hostLogDir, EXTENSION_ID, 'Swarm Services.log');
      const logFrom = existsSync(logFile) ? readFileSync(logFile, 'utf8').length : 0;
      await set({ follow: false, tail: 'abc' });
      const { lines, end } = await showWhole(numbered);
      assert.equal(lines.length, 100);
      assert.match(end, /\(100 lines\)/);
      await waitFor('the warning in the log', async () =>
        existsSync(logFile) && /\[warning\] Setting dockerSwarm\.logs\.tail: Enter a whole number of lines per task, or "all"\. Using 100\./.test(readFileSync(logFile, 'utf8').slice(logFrom)), 10_000);
    });

    describe('a fast logger, and dockerSwarm.logs.maxRate', () => {
      const LINES = 8000;
      let fast: { id: string; name: string };
      let whole: { id: string; name: string };
      const WHOLE = 3000;
      // 8,000 numbered lines of 1,000 characters (8 MB: the engine sends them faster than the
      // default 2 MB/s), printed at once, then a last line.
      const numberedLine = (i: number) => `${String(i).padStart(5, '0')} ${'0'.repeat(994)}`;
      // And 3,000 numbered lines of 100 characters (300 KB, three seconds' worth at 0.1 MB/s).
      const wholeLine = (i: number) => `${String(i).padStart(5, '0')} ${'0'.repeat(94)}`;
      before(async () => {
        const [name, wholeName] = [uniqueName('fast'), uniqueName('whole')];
        const [id, wholeId] = await Promise.all([
          createService(client, name, `i=1; while [ $i -le ${LINES} ]; do printf '%05d %0994d\\n' $i 0; i=$((i+1)); done; echo printed; sleep 3600`),
          createService(client, wholeName, `i=1; while [ $i -le ${WHOLE} ]; do printf '%05d %094d\\n' $i 0; i=$((i+1)); done; echo printed; sleep 3600`),
        ]);
        await waitFor('the fast lines printed', async () => (await engineLines(id, 1)).includes('printed') && (await engineLines(wholeId, 1)).includes('printed'), 60_000, 250);
        fast = { id, name };
        whole = { id: wholeId, name: wholeName };
      });

      const expected = () => [...Array.from({ length: LINES }, (_, i) => numberedLine(i + 1)), 'printed'];

      it('read without following, logs are shown whole, at the rate: every line in order, then the end, and no gap note', async () => {
        // Beyond the rate a finite read is held back, not thinned out.
        await set({ follow: false, tail: 'all', prefix: false, maxRate: 0.1 });
        const read = channelFrom(`Swarm: ${whole.name}`);
        const { lines, end } = await showWhole(whole);
        assert.equal(lines.length, WHOLE + 1, 'every line');
        assert.ok(lines.every((l, i) => l === (i < WHOLE ? wholeLine(i + 1) : 'printed')), 'whole and in order');
        assert.equal(end, `--- end of the logs of ${whole.name} (3,001 lines) ---`);
        assert.deepEqual(read().filter((l) => / not shown/.test(l)), [], 'no gap note');
        assert.ok(read().some((l) => l === `--- ${whole.name} logs faster than 0.10 MB/s (setting dockerSwarm.logs.maxRate): shown at that pace, in order, nothing dropped ---`), 'held back, and said so');
      });

      it('maxRate 0.1 (MB/s): notes say how many lines were not shown at that rate; every line is shown or counted', async () => {
        await set({ tail: 'all', prefix: false, maxRate: 0.1 });
        const channel = `Swarm: ${fast.name}`;
        const read = channelFrom(channel);
        await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(fast.id));
        // Every line arrived: shown, or skipped and counted.
        await waitFor('every line shown or skipped', async () =>
          read().filter((l) => !isNote(l)).length + (a.ctx.logs.written(fast.id)?.skippedLines ?? 0) === LINES + 1, 60_000, 100);
        assert.equal(await vscode.commands.executeCommand(Commands.stopLogs, await serviceNode(fast.id)), true);
        const lines = await waitForLine(read, /^--- stopped following/);
        const note = new RegExp(`^--- ([\\d,]+) lines? \\([\\d.]+ MB\\) of ${fast.name} not shown: it logs faster than 0\\.1 MB/s \\(dockerSwarm\\.logs\\.maxRate\\); they are in the engine's logs ---$`);
        const notes = lines.filter((l) => note.test(l));
        assert.ok(notes.length > 0, 'notes where lines were left out');
        const shown = lines.filter((l) => !isNote(l));
        const skipped = notes.reduce((n, l) => n + Number(note.exec(l)![1]!.replace(/,/g, '')), 0);
        assert.equal(shown.length + skipped, LINES + 1, `${shown.length} shown and ${skipped} counted in notes`);
        assert.ok(shown.length < LINES / 2, `${shown.length} lines shown at 0.1 MB/s`);
        const wanted = new Set(expected());
        assert.ok(shown.every((l) => wanted.has(l)), 'the lines shown are whole');
      });

      it('maxRate 0: no limit, no notes, every line in order', async () => {
        await set({ tail: 'all', prefix: false, maxRate: 0 });
        const read = channelFrom(`Swarm: ${fast.name}`);
        await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(fast.id));
        const lines = await waitForLine(read, /^printed$/);
        assert.deepEqual(lines.filter(isNote), [], 'no notes');
        assert.equal(lines.length, LINES + 1);
        assert.ok(lines.every((l, i) => l === expected()[i]), 'every line, whole and in order');
        assert.equal(await vscode.commands.executeCommand(Commands.stopLogs, await serviceNode(fast.id)), true);
      });
    });
  });

  describe('Show Task Logs from the palette', () => {
    it('with several tasks: the service, then a picker of its running tasks; the chosen one shows its own lines only', async () => {
      const name = uniqueName('palette-twins');
      const id = await createService(client, name, TICKING, { replicas: 2, env: [TASK_ID_ENV] });
      await waitForRunning(client, id, 2);
      const running = (await client.serviceTasks(id, { 'desired-state': 'running' })).sort((x, y) => (x.Slot ?? 0) - (y.Slot ?? 0));
      let offered: vscode.QuickPickItem[] = [];
      host().answer(name, (items) => {
        offered = [...items];
        return items.find((i) => i.label === `${name}.2`);
      });
      const channel = (await vscode.commands.executeCommand(Commands.showTaskLogs)) as string;
      const chosen = running.find((t) => t.Slot === 2)!;
      const other = running.find((t) => t.Slot === 1)!;
      assert.equal(channel, `Swarm: ${name}.2.${chosen.ID.slice(0, 12)}`);
      assert.deepEqual(host().quickPicks.map((p) => p.options?.placeHolder), ['Select the service of the task', `Select a task of ${name}`]);
      assert.deepEqual(offered.map((i) => [i.label, i.detail]).sort(), [[`${name}.1`, other.ID], [`${name}.2`, chosen.ID]], 'the running tasks');
      assert.ok(offered.every((i) => /^running @/.test(i.description ?? '')), offered.map((i) => i.description).join(', '));
      const shown = await waitFor('ten lines of the chosen task', async () => {
        const t = ticks(channelText(a.hostLogDir, channel));
        return (t.get(chosen.ID)?.length ?? 0) >= 10 ? t : undefined;
      });
      // The other task logged meanwhile (the engine has its lines), and none of them is here.
      assert.ok(ticks((await engineLines(id, 5)).join('\n')).has(other.ID));
      assert.deepEqual([...shown.keys()], [chosen.ID]);
      assert.ok(a.ctx.logs.stop(chosen.ID));
      await client.removeService(id);
    });
  });

  describe('the log commands from the palette: pickers and cancel', () => {
    it('Show Task Logs: cancelling the service or the task picker opens nothing', async () => {
      const name = uniqueName('pick-cancel');
      const id = await createService(client, name, TICKING, { replicas: 2, env: [TASK_ID_ENV] });
      try {
        await waitForRunning(client, id, 2);
        const followingBefore = a.ctx.logs.following().length;
        host().answer(undefined);
        assert.equal(await vscode.commands.executeCommand(Commands.showTaskLogs), undefined, 'the service picker cancelled');
        host().answer(name, undefined);
        assert.equal(await vscode.commands.executeCommand(Commands.showTaskLogs), undefined, 'the task picker cancelled');
        assert.deepEqual(host().quickPicks.map((p) => p.options?.placeHolder), ['Select the service of the task', 'Select the service of the task', `Select a task of ${name}`]);
        assert.equal(host().quickPicks[2]?.labels.length, 2, 'both running tasks offered');
        assert.equal(a.ctx.logs.following().length, followingBefore, 'no stream opened');
        assert.deepEqual(host().notifications, []);
      } finally {
        await client.removeService(id);
      }
    });

    it('Stop Following Logs with several services followed: a picker of them; cancelled, both go on; picked, only that one stops', async () => {
      const [one, two] = await Promise.all([uniqueName('stop-one'), uniqueName('stop-two')].map(async (name) => ({ name, id: await createService(client, name, TICKING, { replicas: 1, env: [TASK_ID_ENV] }) })));
      try {
        for (const s of [one!, two!]) await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(s.id), { tail: 0 });
        const followed = () => a.ctx.logs.following().map((f) => f.serviceId).filter((id) => id === one!.id || id === two!.id).sort();
        assert.deepEqual(followed(), [one!.id, two!.id].sort());
        host().answer(undefined);
        assert.equal(await vscode.commands.executeCommand(Commands.stopLogs), false);
        assert.deepEqual(followed(), [one!.id, two!.id].sort(), 'cancelled: both still followed');
        host().answer(two!.name);
        assert.equal(await vscode.commands.executeCommand(Commands.stopLogs), true);
        assert.deepEqual(followed(), [one!.id], 'only the one picked stopped');
        assert.deepEqual(host().quickPicks.map((p) => p.options?.placeHolder), ['Stop following the logs of…', 'Stop following the logs of…']);
        assert.ok(host().quickPicks[0]!.labels.includes(one!.name) && host().quickPicks[0]!.labels.includes(two!.name), host().quickPicks[0]!.labels.join(', '));
      } finally {
        a.ctx.logs.stop(one!.id);
        await Promise.all([one!, two!].map((s) => client.removeService(s.id).catch(() => undefined)));
      }
    });
  });

  describe('a followed task whose service is removed', () => {
    it('ends with its service: the channel says so, the user is told, following is off', async () => {
      const id = await createService(client, uniqueName('task-gone'), TICKING, { replicas: 1, env: [TASK_ID_ENV] });
      await waitForRunning(client, id, 1);
      const [task] = await taskNodes(id);
      const channel = (await vscode.commands.executeCommand(Commands.showTaskLogs, task)) as string;
      await waitFor('task lines', async () => (ticks(channelText(a.hostLogDir, channel)).get(task!.task.id)?.length ?? 0) >= 2);
      assert.equal(a.ctx.logs.isFollowing(task!.task.id), true);
      // The Engine keeps a followed task stream open after the service is gone; the view's
      // refresh is what ends it.
      await client.removeService(id);
      await a.ctx.store.refresh();
      await waitFor('the end noted in the task channel', async () => /--- the log stream of .* ended: the service was removed ---\n*$/.test(channelText(a.hostLogDir, channel)));
      const told = await host().notified(/^The log stream of /);
      assert.equal(told.message, `The log stream of ${task!.task.name}.${task!.task.id.slice(0, 12)} stopped: the service was removed.`);
      assert.equal(a.ctx.logs.isFollowing(task!.task.id), false);
    });
  });

  describe('followed streams that end by themselves, and shutdown', () => {
    let dir: string;
    let proxy: SocketProxy;
    let twins: { id: string; name: string };

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'swarm-logs-'));
      proxy = new SocketProxy(join(dir, 'engine.sock'));
      const name = uniqueName('twins');
      twins = { id: await createService(client, name, TICKING, { replicas: 2, env: [TASK_ID_ENV] }), name };
      await waitForRunning(client, twins.id, 2);
    });
    beforeEach(async () => {
      // Every request of the extension goes through the proxy, which the test can cut or stop.
      await proxy.start();
      await config().update('dockerHost', proxy.endpoint, Global);
      await waitFor('the extension on the proxy', async () => {
        if (a.ctx.client().endpoint !== proxy.endpoint) return false;
        await a.ctx.store.refresh();
        return a.ctx.store.state === 'ok';
      }, 20_000);
    });
    afterEach(async () => {
      for (const f of a.ctx.logs.following()) a.ctx.logs.stop(f.serviceId);
      await config().update('dockerHost', undefined, Global);
      await waitFor('the extension back on the engine', async () => a.ctx.client().endpoint !== proxy.endpoint, 20_000);
    });
    after(async () => {
      await proxy.stop();
      rmSync(dir, { recursive: true, force: true });
      await client.removeService(twins.id).catch(() => undefined);
    });

    it('a stream cut by the connection: the channel says so, the notification offers Follow Again, and clicking it follows again', async () => {
      const channel = `Swarm: ${twins.name}`;
      const read = channelFrom(channel);
      await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(twins.id), { tail: 0 });
      const before = await waitFor('lines followed', async () => {
        const lines = read();
        return lines.filter((l) => / \| task /.test(l)).length >= 4 ? lines : undefined;
      });
      const lastBefore = Math.max(...[...ticks(before.join('\n')).values()].flat());
      host().click('Follow Again');
      proxy.cut();
      const told = await host().notified(new RegExp(`^The log stream of ${twins.name} `));
      assert.deepEqual(told, {
        kind: 'info',
        message: `The log stream of ${twins.name} stopped: Cannot reach the Docker engine at ${proxy.endpoint}. Is it running?`,
        buttons: ['Follow Again'],
      });
      // Following resumes on a fresh request: lines printed after the cut arrive.
      const after = await waitFor('new lines after Follow Again', async () => {
        const lines = read();
        const failedAt = lines.findIndex((l) => l.startsWith(`--- logs of ${twins.name} failed: `));
        if (failedAt < 0) return undefined;
        const later = [...ticks(lines.slice(failedAt + 1).join('\n')).values()].flat();
        return later.some((n) => n > lastBefore) ? lines : undefined;
      });
      assert.ok(after.includes(`--- logs of ${twins.name} failed: Cannot reach the Docker engine at ${proxy.endpoint}. Is it running? ---`));
      assert.equal(a.ctx.logs.isFollowing(twins.id), true, 'following again');
      assert.equal(proxy.open(LOGS_REQUEST), 1, 'on one connection');
    });

    it("a task's stream that loses the engine: the channel notes it, the user is told why (not \"removed\"), following is off", async () => {
      const [task] = await taskNodes(twins.id);
      const name = `${task!.task.name}.${task!.task.id.slice(0, 12)}`;
      const read = channelFrom(`Swarm: ${name}`);
      assert.equal(await vscode.commands.executeCommand(Commands.showTaskLogs, task), `Swarm: ${name}`);
      await waitFor('task lines', async () => (ticks(read().join('\n')).get(task!.task.id)?.length ?? 0) >= 3);
      assert.equal(a.ctx.logs.isFollowing(task!.task.id), true);
      await proxy.stop();
      const told = await host().notified(new RegExp(`^The log stream of ${name.replace(/\./g, '\\.')} `));
      assert.equal(told.message, `The log stream of ${name} stopped: Cannot reach the Docker engine at ${proxy.endpoint}. Is it running?`);
      assert.doesNotMatch(told.message, /removed/);
      assert.deepEqual(told.buttons, ['Follow Again']);
      const lines = await waitForLine(read, /^--- logs of .* failed: /);
      assert.equal(lines[lines.length - 1], `--- logs of ${name} failed: Cannot reach the Docker engine at ${proxy.endpoint}. Is it running? ---`);
      assert.equal(a.ctx.logs.isFollowing(task!.task.id), false);
      assert.deepEqual(a.ctx.logs.following(), []);
    });

    it('deactivate (what VS Code calls on shutdown) closes every followed stream on the wire; nothing more reaches the channels', async () => {
      const [task] = await taskNodes(twins.id);
      const serviceChannel = `Swarm: ${twins.name}`;
      const taskChannel = `Swarm: ${task!.task.name}.${task!.task.id.slice(0, 12)}`;
      const [service, ofTask] = [channelFrom(serviceChannel), channelFrom(taskChannel)];
      assert.equal(await vscode.commands.executeCommand(Commands.showLogs, await serviceNode(twins.id), { tail: 0 }), serviceChannel);
      assert.equal(await vscode.commands.executeCommand(Commands.showTaskLogs, task), taskChannel);
      await waitFor('both followed, lines in both', async () =>
        ticks(service().join('\n')).size === 2 && ticks(ofTask().join('\n')).size === 1);
      assert.equal(proxy.open(LOGS_REQUEST), 2, 'two log streams open on the wire');
      // The module VS Code loaded (the same instance: require's cache), and its deactivate().
      const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      const loaded = createRequire(__filename)(join(ext.extensionPath, ext.packageJSON.main as string)) as { deactivate(): Promise<void> };
      await loaded.deactivate();
      assert.deepEqual(a.ctx.logs.following(), []);
      const written = [a.ctx.logs.written(twins.id), a.ctx.logs.written(task!.task.id)];
      await waitFor('no log stream open on the wire', async () => proxy.open(LOGS_REQUEST) === 0, 10_000, 20);
      // The tasks went on printing (the engine has newer lines), and none of them arrived.
      const lastShown = Math.max(...[...ticks(service().join('\n')).values()].flat());
      await waitFor('newer lines on the engine', async () => [...ticks((await engineLines(twins.id, 1)).join('\n')).values()].flat().some((n) => n > lastShown + 2), 20_000, 250);
      assert.deepEqual([a.ctx.logs.written(twins.id), a.ctx.logs.written(task!.task.id)], written, 'nothing written after deactivate');
      for (const [channel, read] of [[serviceChannel, service], [taskChannel, ofTask]] as const) {
        const lines = await waitForLine(read, /^--- stopped following /);
        assert.match(lines[lines.length - 1]!, /^--- stopped following /, `${channel} ends with the stop`);
      }
    });

    it('LogSessions.dispose (VS Code disposes the subscriptions on shutdown) closes its streams on the wire; nothing more reaches the channel', async () => {
      const log = vscode.window.createOutputChannel('Swarm logs test', { log: true });
      const proxied = new TestClient({ dockerHost: proxy.endpoint });
      const sessions = new LogSessions(() => proxied, log);
      const name = uniqueName('disposed');
      try {
        const channel = await sessions.open({ kind: 'service', id: twins.id, name }, { ...DEFAULT_LOG_OPTIONS, tail: 0 });
        await waitFor('lines', async () => ticks(channelText(a.hostLogDir, channel.name)).size === 2);
        assert.equal(proxy.open(LOGS_REQUEST), 1);
        sessions.dispose();
        await waitFor('no log stream open on the wire', async () => proxy.open(LOGS_REQUEST) === 0, 10_000, 20);
        const atDispose = channelText(a.hostLogDir, channel.name);
        const lastShown = Math.max(...[...ticks(atDispose).values()].flat());
        await waitFor('newer lines on the engine', async () => [...ticks((await engineLines(twins.id, 1)).join('\n')).values()].flat().some((n) => n > lastShown + 2), 20_000, 250);
        assert.equal(channelText(a.hostLogDir, channel.name), atDispose, 'nothing reached the channel after dispose');
        await assert.rejects(sessions.open({ kind: 'service', id: twins.id, name }, DEFAULT_LOG_OPTIONS), (e: Error) => /shutting down/.test(e.message));
      } finally {
        sessions.dispose();
        log.dispose();
      }
    });
  });
});
