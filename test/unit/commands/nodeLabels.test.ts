// Add Node Label… and Remove Node Label… with a client, store and host made of plain objects:
// what is sent (and when nothing is), what the user is asked and told.
import * as assert from 'node:assert/strict';
import { addNodeLabel, removeNodeLabel } from '../../../src/commands/nodeLabels';
import type { CommandContext } from '../../../src/commands/context';
import type { EngineNode, EngineService } from '../../../src/model/engineTypes';
import { SwarmError } from '../../../src/model/errors';
import type { NodeSummary } from '../../../src/model/nodeSummaries';

function summary(labels: Record<string, string>): NodeSummary {
  return { id: 'n1', hostname: 'alpha', role: 'worker', availability: 'active', state: 'ready', leader: false, version: 1, labels };
}

/** An engine node whose labels each read returns in turn (the last one again), and a context around it. */
function setup(reads: Record<string, string>[], o: { services?: EngineService[]; answers?: unknown[] } = {}) {
  const sent: Record<string, string>[] = [];
  const infos: string[] = [];
  const confirms: { message: string; detail: string }[] = [];
  const picks: { labels: string[]; canPickMany: unknown }[] = [];
  const inputs: string[] = [];
  const answers = [...(o.answers ?? [])];
  let labels = reads[0]!;
  const client = {
    async updateNodeLabels(id: string, change: (l: Record<string, string>) => Record<string, string>): Promise<EngineNode> {
      assert.equal(id, 'n1');
      let written: Record<string, string> = {};
      // Every read but the last ends in a conflict: the command's change sees each of them.
      for (const read of reads) written = change({ ...read });
      sent.push(written);
      labels = written;
      return { ID: 'n1', Description: { Hostname: 'alpha' }, Spec: { Labels: written } };
    },
  };
  const store = {
    lastError: undefined,
    async refresh() {},
    get nodes() {
      return [summary(labels)];
    },
    findNode: (id: string) => (id === 'n1' || id === 'alpha' ? summary(labels) : undefined),
    snapshot: { services: o.services ?? [] },
  };
  const host = {
    async showInputBox(opts: { validateInput(v: string): string | undefined }) {
      const a = answers.shift() as string | undefined;
      if (a === undefined) return undefined;
      const bad = opts.validateInput(a);
      if (bad) inputs.push(bad);
      return bad ? undefined : a;
    },
    async showQuickPick(items: { label: string }[], opts: { canPickMany?: boolean }) {
      picks.push({ labels: items.map((i) => i.label), canPickMany: opts.canPickMany });
      const a = answers.shift() as string[] | undefined;
      return a && items.filter((i) => a.includes(i.label));
    },
    async confirm(message: string, detail: string, button: string) {
      confirms.push({ message, detail });
      return answers.shift() === button ? button : undefined;
    },
    async showInformationMessage(m: string) {
      infos.push(m);
      return undefined;
    },
    withProgress: (_t: string, task: (p: unknown) => Promise<unknown>) => task({ report() {} }),
  };
  const ctx = { client: () => client, store, host } as unknown as CommandContext;
  return { ctx, sent, infos, confirms, picks, inputs };
}

const row = (labels: Record<string, string>) => ({ kind: 'node', node: summary(labels) });

describe('Add Node Label…', () => {
  it('adds the label typed, and says so', async () => {
    const t = setup([{ zone: 'eu' }], { answers: ['ssd=true'] });
    assert.deepEqual(await addNodeLabel(t.ctx, row({ zone: 'eu' })), { zone: 'eu', ssd: 'true' });
    assert.deepEqual(t.sent, [{ zone: 'eu', ssd: 'true' }]);
    assert.deepEqual(t.infos, ['Added label ssd=true to node alpha.']);
  });

  it('a key the node has gets the new value, and the message says from what (as read when written, after a conflict)', async () => {
    const t = setup([{ zone: 'eu' }, { zone: 'us' }]);
    await addNodeLabel(t.ctx, 'alpha', 'zone=ap');
    assert.deepEqual(t.sent, [{ zone: 'ap' }]);
    assert.deepEqual(t.infos, ['Changed label zone on node alpha from "us" to "ap".']);
  });

  it('a label without "=" is refused with a clear message and nothing is sent', async () => {
    const typed = setup([{}], { answers: ['zone'] });
    assert.equal(await addNodeLabel(typed.ctx, row({})), undefined);
    assert.deepEqual(typed.inputs, ['The label "zone" has no "=": write key=value, or key= for an empty value.']);
    assert.deepEqual(typed.sent, []);
    const given = setup([{}]);
    await assert.rejects(addNodeLabel(given.ctx, row({}), 'zone'), (e: unknown) => e instanceof SwarmError && e.kind === 'invalid' && /has no "="/.test(e.message));
    assert.deepEqual(given.sent, []);
  });
});

describe('Remove Node Label…', () => {
  const constrained: EngineService = {
    ID: 's1',
    Spec: { Name: 'db', TaskTemplate: { Placement: { Constraints: ['NODE.LABELS.zone == eu'] } } },
  };

  it('offers the node\'s labels (several may be picked), confirms naming them and the services that read them, then removes them', async () => {
    const t = setup([{ zone: 'eu', ssd: 'true', keep: 'x' }], { services: [constrained], answers: [['zone=eu', 'ssd=true'], 'Remove'] });
    assert.deepEqual(await removeNodeLabel(t.ctx, row({})), ['ssd', 'zone']);
    assert.deepEqual(t.picks, [{ labels: ['keep=x', 'ssd=true', 'zone=eu'], canPickMany: true }]);
    assert.equal(t.confirms.length, 1);
    assert.equal(t.confirms[0]!.message, 'Remove 2 labels ssd=true, zone=eu from node alpha?');
    assert.match(t.confirms[0]!.detail, /^The placement constraints of db read these labels/);
    assert.deepEqual(t.sent, [{ keep: 'x' }]);
    assert.deepEqual(t.infos, ['Removed labels ssd, zone from node alpha.']);
  });

  it('cancelled at the pick or the confirmation, nothing is sent', async () => {
    const atPick = setup([{ zone: 'eu' }], { answers: [undefined] });
    assert.deepEqual(await removeNodeLabel(atPick.ctx, row({})), []);
    const none = setup([{ zone: 'eu' }], { answers: [[]] });
    assert.deepEqual(await removeNodeLabel(none.ctx, row({})), []);
    const atConfirm = setup([{ zone: 'eu' }], { answers: [['zone=eu'], undefined] });
    assert.deepEqual(await removeNodeLabel(atConfirm.ctx, row({})), []);
    assert.match(atConfirm.confirms[0]!.detail, /^No listed service has a placement constraint on this label\.$/);
    assert.deepEqual([...atPick.sent, ...none.sent, ...atConfirm.sent], []);
  });

  it('a node without labels is said to have none; a key given that the node lacks is refused before sending', async () => {
    const bare = setup([{}]);
    assert.deepEqual(await removeNodeLabel(bare.ctx, row({})), []);
    assert.deepEqual(bare.infos, ['Node alpha has no labels to remove.']);
    const wrong = setup([{ zone: 'eu' }]);
    await assert.rejects(removeNodeLabel(wrong.ctx, 'alpha', 'region'), /no label "region"/);
    assert.deepEqual(wrong.sent, []);
  });

  it('a label someone else removed meanwhile is said to be gone', async () => {
    const t = setup([{ zone: 'eu', ssd: 'true' }, { ssd: 'true' }], { answers: ['Remove'] });
    assert.deepEqual(await removeNodeLabel(t.ctx, 'alpha', ['zone', 'ssd']), ['ssd']);
    assert.deepEqual(t.infos, ['Removed label ssd from node alpha. (zone was already gone.)']);
  });
});
