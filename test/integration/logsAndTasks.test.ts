// Service logs with each of the seven options, and task filters, on the real swarm.
import * as assert from 'node:assert/strict';
import { TestClient } from '../support/testClient';
import { SwarmError } from '../../src/model/errors';
import type { LogLine } from '../../src/model/logDecoder';
import { DEFAULT_LOG_OPTIONS, type LogOptions } from '../../src/model/logOptions';
import { countingScript, createService, settlesWithin, uniqueName, waitFor, waitForRunning } from '../support/swarm';

const client = new TestClient();
const finite: LogOptions = { ...DEFAULT_LOG_OPTIONS, follow: false, tail: 'all' };

async function collect(serviceId: string, options: Partial<LogOptions>): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  await client.logs('service', serviceId, { ...finite, ...options }, (l) => lines.push(l)).done;
  return lines;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}) /;

describe('service logs on the real swarm', () => {
  let svc: string;
  const LINES = 6;

  before(async () => {
    svc = await createService(client, uniqueName('logs'), countingScript(LINES), { replicas: 2 });
    await waitForRunning(client, svc, 2);
    await waitFor('all lines logged', async () => (await collect(svc, {})).length === 2 * 2 * LINES);
  });

  it('returns every line of every task on both streams', async () => {
    const lines = await collect(svc, {});
    assert.equal(lines.filter((l) => l.stream === 'stdout').length, 2 * LINES);
    assert.equal(lines.filter((l) => l.stream === 'stderr').length, 2 * LINES);
    assert.ok(lines.some((l) => l.text === `out ${LINES}`));
  });

  it('stdout only / stderr only select the stream', async () => {
    const out = await collect(svc, { stderr: false });
    const err = await collect(svc, { stdout: false });
    assert.equal(out.length, 2 * LINES);
    assert.ok(out.every((l) => l.stream === 'stdout' && l.text.startsWith('out ')));
    assert.equal(err.length, 2 * LINES);
    assert.ok(err.every((l) => l.stream === 'stderr' && l.text.startsWith('err ')));
  });

  it('tail N gives the last N lines of each task', async () => {
    // One stream only: lines written to stdout and stderr at the same instant have no
    // defined order, so which of them are "last" is up to the engine.
    const quiet = await createService(client, uniqueName('tail'), 'i=1; while [ $i -le 6 ]; do echo "line $i"; i=$((i+1)); done; sleep 3600', { replicas: 2 });
    await waitFor('lines logged', async () => (await collect(quiet, {})).length === 12);
    const lines = await collect(quiet, { tail: 2 });
    assert.deepEqual(lines.map((l) => l.text).sort(), ['line 5', 'line 5', 'line 6', 'line 6']);
    assert.equal((await collect(quiet, { tail: 0 })).length, 0);
    assert.equal((await collect(quiet, { tail: 'all' })).length, 12);
  });

  it('timestamps prefix each line with an RFC 3339 time', async () => {
    const lines = await collect(svc, { timestamps: true });
    assert.ok(lines.length > 0);
    for (const l of lines) assert.match(l.text, RFC3339);
    assert.ok(!(await collect(svc, {}))[0]!.text.match(RFC3339));
  });

  it('details adds the attributes given to the log driver', async () => {
    const lines = await collect(svc, { details: true, stderr: false });
    assert.ok(lines.length > 0);
    for (const l of lines) {
      assert.match(l.text, /com\.docker\.swarm\.service\.id=/);
      assert.match(l.text, /com\.docker\.swarm\.task\.id=/);
    }
  });

  it('since drops older lines', async () => {
    const ticker = await createService(client, uniqueName('ticker'), 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.2; done');
    await waitFor('15 ticks', async () => (await collect(ticker, {})).length >= 15);
    const all = await collect(ticker, { timestamps: true });
    const middle = all[Math.floor(all.length / 2)]!;
    const sinceSeconds = Date.parse(middle.text.slice(0, middle.text.indexOf(' '))) / 1000;
    const later = await collect(ticker, { timestamps: true, since: sinceSeconds });
    assert.ok(later.length > 0 && later.length < all.length + 10);
    const firstAll = Number(/tick (\d+)/.exec(all[0]!.text)![1]);
    const firstLater = Number(/tick (\d+)/.exec(later[0]!.text)![1]);
    assert.ok(firstLater > firstAll, `since removed the first lines (${firstAll} → ${firstLater})`);
    for (const l of later) assert.ok(Date.parse(l.text.slice(0, l.text.indexOf(' '))) / 1000 >= sinceSeconds - 0.001);
  });

  it('follow streams new lines as they come; stop() ends the stream and no line arrives after it', async () => {
    const ticker = await createService(client, uniqueName('follow'), 'i=0; while true; do echo "live $i"; i=$((i+1)); sleep 0.2; done');
    await waitForRunning(client, ticker, 1);
    const seen: string[] = [];
    const follow = client.logs('service', ticker, { ...finite, follow: true, tail: 0 }, (l) => seen.push(l.text));
    await waitFor('followed lines', async () => seen.length >= 5, 20_000, 50);
    assert.ok(seen.every((t) => t.startsWith('live ')));
    const n = Number(/live (\d+)/.exec(seen[seen.length - 1]!)![1]);
    assert.ok(n >= 4, 'lines kept arriving after the request');
    follow.stop();
    const count = seen.length;
    const last = Number(/live (\d+)/.exec(seen[count - 1]!)![1]);
    await settlesWithin('the followed stream ending after stop()', follow.done, 10_000);
    // The service goes on logging: once the engine holds lines written after stop(), none of
    // them may have reached the stopped stream.
    await waitFor('lines logged after stop()', async () => {
      const [latest] = await collect(ticker, { tail: 1 });
      return latest !== undefined && Number(/live (\d+)/.exec(latest.text)?.[1]) > last + 2;
    }, 20_000, 100);
    assert.equal(seen.length, count, 'no lines after stop()');
  });

  it('says so when the logging driver cannot be read', async () => {
    const mute = await createService(client, uniqueName('mute'), 'echo hi; sleep 3600', { logDriver: 'none' });
    await waitForRunning(client, mute, 1);
    await assert.rejects(collect(mute, {}), (e: unknown) => e instanceof SwarmError && e.kind === 'logsUnsupported');
  });
});

describe('task filters on the real swarm', () => {
  let svc: string;
  let name: string;

  before(async () => {
    name = uniqueName('tasks');
    svc = await createService(client, name, 'sleep 3600', { replicas: 2, labels: { tier: 'backend' } });
    await waitForRunning(client, svc, 2);
    // A force update replaces both tasks: the old ones stay listed with desired state shutdown.
    await client.forceUpdateService(svc);
    await waitFor('two tasks shut down', async () => (await client.serviceTasks(svc, { 'desired-state': 'shutdown' })).length === 2, 60_000);
    await waitForRunning(client, svc, 2);
  });

  it('desired-state running / shutdown', async () => {
    const running = await client.serviceTasks(svc, { 'desired-state': 'running' });
    const shutdown = await client.serviceTasks(svc, { 'desired-state': 'shutdown' });
    assert.equal(running.length, 2);
    assert.equal(shutdown.length, 2);
    assert.ok(running.every((t) => t.DesiredState === 'running'));
    assert.ok(shutdown.every((t) => t.DesiredState === 'shutdown'));
    assert.equal((await client.serviceTasks(svc)).length, 4);
  });

  it('id', async () => {
    const [one] = await client.serviceTasks(svc, { 'desired-state': 'running' });
    const byId = await client.listTasks({ id: [one!.ID] });
    assert.deepEqual(byId.map((t) => t.ID), [one!.ID]);
  });

  it('name', async () => {
    const byName = await client.serviceTasks(svc, { name: `${name}.1` });
    assert.equal(byName.length, 2, 'the running task of slot 1 and the one it replaced');
    assert.ok(byName.every((t) => t.Slot === 1));
    assert.equal((await client.serviceTasks(svc, { name: 'no-such-task-name' })).length, 0);
  });

  it('node, by id and by hostname', async () => {
    const nodes = await client.listNodes();
    const self = nodes[0]!;
    const byId = await client.serviceTasks(svc, { node: self.ID });
    const byHost = await client.serviceTasks(svc, { node: self.Description!.Hostname! });
    assert.equal(byId.length, 4);
    assert.deepEqual(byHost.map((t) => t.ID).sort(), byId.map((t) => t.ID).sort());
    await assert.rejects(client.serviceTasks(svc, { node: 'no-such-node' }), (e: unknown) => e instanceof SwarmError && e.kind === 'notFound' && /no-such-node/.test(e.message));
  });

  it('label', async () => {
    const labelled = await client.listTasks({ label: ['tier=backend'], service: [svc] });
    const other = await client.listTasks({ label: ['tier=frontend'], service: [svc] });
    assert.equal(labelled.length, 4);
    assert.equal(other.length, 0);
  });

  it('passes odd filter values as data', async () => {
    for (const value of ['x" ,{"a":1}', 'line\nbreak', 'x'.repeat(5000)]) {
      assert.deepEqual(await client.serviceTasks(svc, { name: value }), []);
    }
  });
});
