import * as assert from 'node:assert/strict';
import type { SwarmNetwork, SwarmSecret, UsageIndex } from '../../../src/model/swarmObjects';
import { engineReason, parseLabelList, planRemoval, serviceList, servicesInRefusal, suggestObjectName, taskInRefusal } from '../../../src/swarmObjects/objectInput';
import { validateObjectName } from '../../../src/swarmObjects/validation';

describe('suggestObjectName', () => {
  for (const [file, name] of [
    ['app.conf', 'app.conf'],
    ['my app (1).conf', 'my-app-1.conf'],
    ['a-.b', 'a.b'],
    ['.env', 'env'],
    ['nginx.conf~', 'nginx.conf'],
    ['é.json', 'json'],
    ['a__--b', 'a_b'],
  ] as const) {
    it(`${JSON.stringify(file)} → ${JSON.stringify(name)}`, () => {
      assert.equal(suggestObjectName(file), name);
    });
  }
  it('gives nothing for a name with no letter or digit', () => {
    assert.equal(suggestObjectName('...'), undefined);
    assert.equal(suggestObjectName('()'), undefined);
  });
  it('always gives a name the Engine takes, at most 64 characters', () => {
    for (const file of ['x'.repeat(100) + '.txt', `${'a'.repeat(63)}-b`, `${'a'.repeat(63)}..b`, 'a b c', '-a-', 'ü-é-x']) {
      const name = suggestObjectName(file);
      assert.ok(name, file);
      assert.equal(validateObjectName('config', name).ok, true, `${file} → ${name}`);
    }
  });
});

describe('parseLabelList', () => {
  it('reads comma-separated key=value pairs, spaces around them dropped before the key', () => {
    assert.deepEqual(parseLabelList('env=prod, team=web'), { ok: true, value: { env: 'prod', team: 'web' } });
  });
  it('takes empty as no labels, and key= as an empty value', () => {
    assert.deepEqual(parseLabelList(''), { ok: true, value: {} });
    assert.deepEqual(parseLabelList('  '), { ok: true, value: {} });
    assert.deepEqual(parseLabelList('a='), { ok: true, value: { a: '' } });
  });
  it('refuses a label without "=" with a message naming it', () => {
    const parsed = parseLabelList('env=prod, team:web');
    assert.equal(parsed.ok, false);
    assert.match(!parsed.ok ? parsed.message : '', /"team:web" has no "="/);
  });
});

describe('engineReason', () => {
  it('drops the gRPC wrapping', () => {
    assert.equal(engineReason('rpc error: code = AlreadyExists desc = secret x already exists'), 'secret x already exists');
    assert.equal(engineReason('The engine refused the request: rpc error: code = InvalidArgument desc = bad'), 'bad');
  });
  it('leaves other text as it is', () => {
    assert.equal(engineReason('network with name n already exists'), 'network with name n already exists');
  });
});

describe('serviceList', () => {
  it('names one, two, three, and counts the rest', () => {
    assert.equal(serviceList(['web']), 'service web');
    assert.equal(serviceList(['web', 'api']), 'services web and api');
    assert.equal(serviceList(['a', 'b', 'c']), 'services a, b and c');
    assert.equal(serviceList(['a', 'b', 'c', 'd', 'e']), 'services a, b, c and 2 more');
  });
  it('names a service that uses the object twice once', () => {
    assert.equal(serviceList(['web', 'web']), 'service web');
  });
});

describe('servicesInRefusal', () => {
  it("reads a secret's or config's service names from the Engine's words", () => {
    assert.deepEqual(servicesInRefusal("secret 's' is in use by the following service: web"), ['web']);
    assert.deepEqual(servicesInRefusal("config 'c' is in use by the following services: web, api"), ['web', 'api']);
  });
  it("turns a network's service ID into a name when it can", () => {
    const message = 'network b46b9lec7led is in use by service xz370n1e33py';
    assert.deepEqual(servicesInRefusal(message, (id) => (id === 'xz370n1e33py' ? 'web' : undefined)), ['web']);
    assert.deepEqual(servicesInRefusal(message), ['xz370n1e33py']);
  });
  it('finds none in other words', () => {
    assert.deepEqual(servicesInRefusal('network n has active endpoints'), []);
  });
});

describe('taskInRefusal', () => {
  it("reads the task the Engine names for a network a container holds (Engine 20.10's words), and none otherwise", () => {
    assert.equal(taskInRefusal('network zmndzld3hnrn1y1dgvy1gaqfh is in use by task o731ngyyqcwtq3mwvilhgl2ir'), 'o731ngyyqcwtq3mwvilhgl2ir');
    assert.deepEqual(servicesInRefusal('network zmndzld3hnrn1y1dgvy1gaqfh is in use by task o731ngyyqcwtq3mwvilhgl2ir'), [], 'no service is named');
    assert.equal(taskInRefusal('network b46b9lec7led is in use by service xz370n1e33py'), undefined);
  });
});

describe('planRemoval', () => {
  const secret = (id: string): SwarmSecret => ({ id, name: `name-${id}`, labels: {}, version: 1 });
  const network = (id: string, ingress = false): SwarmNetwork => ({
    id, name: ingress ? 'ingress' : `net-${id}`, labels: {}, driver: 'overlay', attachable: false, internal: false, ingress, ipv6: false, ipam: [],
  });
  const index = (entries: Partial<Record<keyof UsageIndex, [string, string[]][]>>): UsageIndex => ({
    secrets: new Map((entries.secrets ?? []).map(([id, names]) => [id, names.map((n) => ({ id: `svc-${n}`, name: n }))])),
    configs: new Map(),
    networks: new Map((entries.networks ?? []).map(([id, names]) => [id, names.map((n) => ({ id: `svc-${n}`, name: n, aliases: [] }))])),
  });

  it('keeps an object in use, naming the services, and lets the others go', () => {
    const plan = planRemoval('secret', [secret('a'), secret('b')], index({ secrets: [['b', ['web', 'api']]] }));
    assert.deepEqual(plan.removable.map((s) => s.id), ['a']);
    assert.deepEqual(plan.refused.map((r) => [r.target.id, r.reason]), [['b', 'in use by services web and api']]);
  });
  it('never lets the ingress network go, even unused', () => {
    const plan = planRemoval('network', [network('i', true), network('n')], index({}));
    assert.deepEqual(plan.removable.map((n) => n.id), ['n']);
    assert.match(plan.refused[0]!.reason, /^protected/);
  });
  it('looks at the kind asked for only', () => {
    const plan = planRemoval('network', [network('a')], index({ secrets: [['a', ['web']]] }));
    assert.deepEqual(plan.removable.map((n) => n.id), ['a']);
  });
});
