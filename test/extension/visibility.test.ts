// When the views ask the engine for anything, counted on the wire: the extension talks to the
// real engine through a proxy that records every HTTP request, while the test watches the
// engine's events on a connection of its own. Hidden views make no request; shown again, they
// refresh and subscribe. dockerSwarm.refreshInterval 0 means no poll (events only), and a
// value under 5 polls every 5 s. The windows below are counts over a quiet swarm: run this
// file alone (`flock -x`) when other runs share the engine, since their changes are events.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { TestClient } from '../support/testClient';
import type { EngineStream } from '../../src/docker/swarmClient';
import type { SwarmServicesApi } from '../../src/extension';
import { affectsSwarmView, type EngineEvent } from '../../src/model/events';
import { DEFAULT_LOG_OPTIONS } from '../../src/model/logOptions';
import { SocketProxy } from '../support/socketProxy';
import { createService, uniqueName, waitFor } from '../support/swarm';
import { api, extensionLogText } from './support';

const SHOW = 'workbench.view.extension.dockerSwarm';
const HIDE = 'workbench.view.explorer';

/** Whether a request path (with or without an API version) lists services: one per refresh. */
function isServiceListing(r: { method: string; path: string }): boolean {
  return r.method === 'GET' && /^(?:\/v[\d.]+)?\/services(?:\?|$)/.test(r.path);
}

function isEventStream(r: { method: string; path: string }): boolean {
  return r.method === 'GET' && /^(?:\/v[\d.]+)?\/events(?:\?|$)/.test(r.path);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the views follow the engine only while visible, polling as set', () => {
  let a: SwarmServicesApi;
  let dir: string;
  let proxy: SocketProxy;
  const config = () => vscode.workspace.getConfiguration('dockerSwarm');
  const client = new TestClient();
  let watch: EngineStream;
  const events: EngineEvent[] = [];

  before(async () => {
    a = await api();
    dir = mkdtempSync(join(tmpdir(), 'swarm-visible-'));
    proxy = new SocketProxy(join(dir, 'engine.sock'));
    await proxy.start();
    watch = client.events((e) => events.push(e));
    await watch.started;
    await vscode.commands.executeCommand(SHOW);
    await config().update('dockerHost', proxy.endpoint, vscode.ConfigurationTarget.Global);
    await waitFor('the view on the proxy, subscribed', async () =>
      a.ctx.store.state === 'ok' && a.refresher.isActive && a.refresher.isSubscribed && proxy.requests.some(isEventStream), 20_000);
  });
  after(async () => {
    await vscode.commands.executeCommand(SHOW);
    await config().update('dockerHost', undefined, vscode.ConfigurationTarget.Global);
    await config().update('refreshInterval', undefined, vscode.ConfigurationTarget.Global);
    watch?.stop();
    await proxy.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Sets dockerSwarm.refreshInterval and waits for the extension to say, in its log, what poll
   * it now runs (so no poll of the value before can land in a window measured after this).
   * Returns the line it logged.
   */
  async function setPoll(seconds: number): Promise<string> {
    const lines = () => [...extensionLogText(a.hostLogDir).matchAll(/Services view: polling [^\n]*/g)].map((m) => m[0]);
    const set = async (value: number): Promise<string> => {
      const before = lines().length;
      await config().update('refreshInterval', value, vscode.ConfigurationTarget.Global);
      return waitFor(`the extension's word on refreshInterval ${value}`, async () => {
        const now = lines();
        return now.length > before ? now[now.length - 1] : undefined;
      }, 10_000, 50);
    };
    // An unchanged value is no change to the extension: go through another one first.
    if (config().get<number>('refreshInterval') === seconds) await set(seconds === 30 ? 31 : 30);
    return set(seconds);
  }

  /** Service listings sent since `mark`, and the engine events since `eventsMark` that would explain a refresh. */
  function since(mark: number, eventsMark: number): { listings: number; explained: number; requests: string[] } {
    const sent = proxy.requests.slice(mark);
    return {
      listings: sent.filter(isServiceListing).length,
      explained: events.slice(eventsMark).filter(affectsSwarmView).length,
      requests: sent.map((r) => `${r.method} ${r.path}`),
    };
  }

  it('hidden, a change on the engine makes no request at all; shown again, the view refreshes and subscribes', async () => {
    // A poll as short as allowed, so that a poll left running would show within the wait.
    assert.equal(await setPoll(5), 'Services view: polling every 5 s besides the event stream');
    await vscode.commands.executeCommand(HIDE);
    await waitFor('the views hidden', async () => !a.refresher.isActive, 10_000);
    const mark = proxy.requests.length;
    const name = uniqueName('unseen');
    const id = await createService(client, name, 'sleep 3600', { replicas: 0 });
    await waitFor('the engine announced the new service', async () => events.some((e) => e.Type === 'service' && e.Action === 'create' && e.Actor?.ID === id), 10_000, 20);
    // Longer than the debounce and than one poll: a view still following would have asked.
    await sleep(6_000);
    assert.deepEqual(since(mark, 0).requests, [], 'no request while hidden');
    assert.equal(a.ctx.store.findService(id), undefined, 'the hidden view did not learn of it');

    await vscode.commands.executeCommand(SHOW);
    await waitFor('shown again: refreshed, with the new service', async () => !!a.ctx.store.findService(id) && a.refresher.isSubscribed, 20_000, 50);
    const after = proxy.requests.slice(mark);
    assert.ok(after.some(isServiceListing), 'a refresh on showing');
    await waitFor('the event stream opened again', async () => proxy.requests.slice(mark).some(isEventStream), 10_000, 50);
    // Subscribed for real: the next change arrives by itself.
    await client.updateSpec(id, (s) => ({ ...s, Labels: { ...s.Labels, seen: 'now' } }));
    await waitFor('the change followed live', async () => a.ctx.store.findService(id)?.labels['seen'] === 'now', 20_000, 50);
    await client.removeService(id);
  });

  it('hidden, a followed log keeps the swarm followed, so that its service going ends it; nothing followed, nothing read', async () => {
    const name = uniqueName('followed-hidden');
    const id = await createService(client, name, 'sleep 3600', { replicas: 0 });
    await vscode.commands.executeCommand(HIDE);
    await waitFor('the views hidden', async () => !a.refresher.isActive, 10_000);
    await a.ctx.logs.open({ kind: 'service', id, name }, { ...DEFAULT_LOG_OPTIONS, follow: true });
    await waitFor('a log followed: the swarm followed again', async () => a.refresher.isActive && a.refresher.isSubscribed, 20_000, 50);
    await client.removeService(id);
    await waitFor('its follow ended as its service went, the views still hidden', async () => !a.ctx.logs.isFollowing(id), 20_000, 50);
    await waitFor('nothing followed: the swarm no longer read', async () => !a.refresher.isActive, 10_000, 50);
    await vscode.commands.executeCommand(SHOW);
  });

  it('refreshInterval 0: no poll over a quiet interval, and an engine change still refreshes (events only)', async () => {
    assert.equal(await setPoll(0), 'Services view: polling off (events and Refresh only)');
    await waitFor('subscribed', async () => a.refresher.isActive && a.refresher.isSubscribed, 20_000);
    const mark = proxy.requests.length;
    const eventsMark = events.length;
    // Beyond the shortest poll there is (5 s).
    await sleep(7_000);
    const quiet = since(mark, eventsMark);
    assert.ok(quiet.listings <= quiet.explained, `no listing but after an event: ${quiet.listings} listings, ${quiet.explained} events (${quiet.requests.join(', ')})`);
    const id = await createService(client, uniqueName('evented'), 'sleep 3600', { replicas: 0 });
    await waitFor('the event refreshed the view', async () => !!a.ctx.store.findService(id), 20_000, 50);
    assert.ok(since(mark, eventsMark).listings > quiet.listings, 'a listing followed the event');
    await client.removeService(id);
  });

  it('refreshInterval under 5 counts as 5 s: the extension says so, it polls, and not every second', async () => {
    assert.equal(await setPoll(1), 'Services view: polling every 5 s besides the event stream');
    await waitFor('subscribed', async () => a.refresher.isActive && a.refresher.isSubscribed, 20_000);
    const mark = proxy.requests.length;
    const eventsMark = events.length;
    // The poll is on: a listing that no engine event explains arrives (a hang guard bounds the wait).
    await waitFor('a poll', async () => {
      const n = since(mark, eventsMark);
      return n.listings > n.explained;
    }, 20_000, 100);
    // And it is not every second: over the next 6 s a 1 s poll would list about six times.
    const mark2 = proxy.requests.length;
    const eventsMark2 = events.length;
    await sleep(6_000);
    const window = since(mark2, eventsMark2);
    assert.ok(window.listings - window.explained <= 2, `at most two polls in 6 s with interval 1: ${window.listings} listings, ${window.explained} events`);
    await setPoll(5);
  });
});
