// The Secrets, Configs and Networks trees' rows as data: ids (stable across refreshes, so
// expansion survives), contextValues (package.json's `when` clauses match them: the ingress
// network must offer no Remove), descriptions and tooltips, and the file path a service sees.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SwarmConfig, SwarmNetwork, SwarmSecret } from '../../../src/model/swarmObjects';
import {
  age,
  configItem,
  filePath,
  listingMessage,
  networkItem,
  objectInfoItem,
  objectStackItem,
  secretItem,
  useItem,
} from '../../../src/tree/objectsItems';

const NOW = Date.parse('2026-11-28T12:00:00Z');

const secret: SwarmSecret = {
  id: 'sec0123456789',
  name: 'db_password',
  createdAt: '2026-11-28T11:57:00Z',
  updatedAt: '2026-11-28T11:59:00Z',
  labels: { team: 'core', 'com.docker.stack.namespace': 'shop' },
  version: 12,
};

const config: SwarmConfig = { id: 'cfg0123456789', name: 'nginx.conf', createdAt: '2026-11-26T12:00:00Z', labels: {}, version: 3, templating: 'golang' };

const overlay: SwarmNetwork = {
  id: 'net0123456789',
  name: 'backend',
  createdAt: '2026-11-28T09:00:00Z',
  labels: { env: 'prod' },
  driver: 'overlay',
  attachable: true,
  internal: true,
  ingress: false,
  ipv6: false,
  ipam: [{ subnet: '10.77.0.0/24', gateway: '10.77.0.1' }, { subnet: '10.78.0.0/24' }],
};

const ingress: SwarmNetwork = { ...overlay, id: 'ing0123456789', name: 'ingress', labels: {}, attachable: false, internal: false, ingress: true, ipam: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1' }] };

describe('Secrets, Configs and Networks tree rows', () => {
  it('age: minutes, hours, days, "just now", and nothing for a missing or unreadable time', () => {
    assert.equal(age('2026-11-28T11:59:50Z', NOW), 'just now');
    assert.equal(age('2026-11-28T11:59:00Z', NOW), '1 minute ago');
    assert.equal(age('2026-11-28T09:00:00Z', NOW), '3 hours ago');
    assert.equal(age('2026-11-26T12:00:00Z', NOW), '2 days ago');
    assert.equal(age('2026-11-28T12:00:05Z', NOW), 'just now', 'a clock ahead of ours is not negative');
    assert.equal(age(undefined, NOW), undefined);
    assert.equal(age('yesterday', NOW), undefined);
  });

  it('a secret: id from its ID, used or unused, age and users in the description, labels sorted in the tooltip, never its data', () => {
    assert.deepEqual(secretItem(secret, 2, NOW), {
      label: 'db_password',
      id: 'secret:sec0123456789',
      collapsible: 'collapsed',
      contextValue: 'secret:used',
      description: '3 minutes ago · 2 services',
      tooltip: [
        'Secret db_password',
        'ID: sec0123456789',
        'Created: 2026-11-28T11:57:00Z',
        'Updated: 2026-11-28T11:59:00Z',
        'Used by: 2 services',
        'Labels:',
        '  com.docker.stack.namespace=shop',
        '  team=core',
        'Its data is never shown: the Engine does not return it.',
      ].join('\n'),
      icon: { id: 'key' },
    });
    const unused = secretItem({ ...secret, updatedAt: secret.createdAt, labels: {} }, 0, NOW);
    assert.equal(unused.contextValue, 'secret:unused');
    assert.equal(unused.description, '3 minutes ago · unused');
    assert.doesNotMatch(unused.tooltip ?? '', /Updated|Labels/);
    assert.equal(secretItem(secret, 1, NOW).description, '3 minutes ago · 1 service');
  });

  it('a config: the templating driver in the description and the tooltip', () => {
    assert.deepEqual(configItem(config, 1, NOW), {
      label: 'nginx.conf',
      id: 'config:cfg0123456789',
      collapsible: 'collapsed',
      contextValue: 'config:used',
      description: '2 days ago · template (golang) · 1 service',
      tooltip: ['Config nginx.conf', 'ID: cfg0123456789', 'Created: 2026-11-26T12:00:00Z', 'Templating driver: golang', 'Used by: 1 service'].join('\n'),
      icon: { id: 'file-code' },
    });
    const plain = configItem({ ...config, templating: undefined, labels: { a: '1' } } as SwarmConfig, 0, NOW);
    assert.equal(plain.contextValue, 'config:unused');
    assert.equal(plain.description, '2 days ago · unused');
    assert.match(plain.tooltip ?? '', /\nLabels:\n {2}a=1$/);
  });

  it('a network: driver, traits, subnets and users in the description; gateway, labels and flags in the tooltip', () => {
    assert.deepEqual(networkItem(overlay, 3), {
      label: 'backend',
      id: 'network:net0123456789',
      collapsible: 'collapsed',
      contextValue: 'network:used',
      description: 'overlay · attachable · internal · 10.77.0.0/24 · 10.78.0.0/24 · 3 services',
      tooltip: [
        'Network backend',
        'ID: net0123456789',
        'Driver: overlay',
        'Attachable: yes',
        'Internal: yes',
        'Subnet: 10.77.0.0/24, gateway 10.77.0.1',
        'Subnet: 10.78.0.0/24',
        'Created: 2026-11-28T09:00:00Z',
        'Services attached: 3 services',
        'Labels:',
        '  env=prod',
      ].join('\n'),
      icon: { id: 'type-hierarchy' },
    });
    assert.equal(networkItem({ ...overlay, attachable: false, internal: false }, 0).contextValue, 'network:unused');
  });

  it('a network listed before the allocator gave it a driver and subnet says it is being allocated', () => {
    const item = networkItem({ ...overlay, driver: '', attachable: false, internal: false, ipam: [] }, 0);
    assert.equal(item.description, 'allocating… · unused');
    assert.match(item.tooltip ?? '', /^Driver: \(not allocated yet\)$/m);
  });

  it('the ingress network is shown as the routing mesh and is protected: its contextValue matches no Remove menu', () => {
    const item = networkItem(ingress, 0);
    assert.equal(item.contextValue, 'network:ingress');
    assert.equal(item.description, 'overlay · ingress · 10.0.0.0/24 · unused');
    assert.match(item.tooltip ?? '', /^Network ingress \(the routing mesh: protected\)\n/);
    assert.deepEqual(item.icon, { id: 'globe' });
    // The menus that remove a network, read from package.json: none matches the ingress row.
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    const removes = Object.values(pkg.contributes.menus).flat().filter((m) => m.command === 'dockerSwarm.network.remove' && /viewItem/.test(m.when ?? ''));
    assert.ok(removes.length > 0, 'Remove Network is offered on network rows');
    for (const m of removes) {
      const pattern = /viewItem =~ \/(.+?)\//.exec(m.when ?? '')?.[1];
      assert.ok(pattern, `an anchored viewItem pattern in ${m.when}`);
      const re = new RegExp(pattern);
      assert.ok(!re.test('network:ingress'), `${m.when} does not match the ingress row`);
      assert.ok(re.test('network:used') && re.test('network:unused'), `${m.when} matches the other network rows`);
    }
  });

  it('where a secret or config file is inside the container: relative secrets under /run/secrets, relative configs under /', () => {
    assert.equal(filePath('secret', 'db_password'), '/run/secrets/db_password');
    assert.equal(filePath('secret', '/etc/app/key'), '/etc/app/key');
    assert.equal(filePath('config', 'rel/app.conf'), '/rel/app.conf');
    assert.equal(filePath('config', '/etc/nginx/nginx.conf'), '/etc/nginx/nginx.conf');
  });

  it('a service using a secret: its path, owner and mode; the id carries the object, the service and the target', () => {
    assert.deepEqual(useItem({ kind: 'objectUse', objectKind: 'secret', objectId: 'sec1', use: { id: 'svc1', name: 'shop_api', target: { name: 'db', uid: '1000', gid: '1001', mode: 0o400 } } }), {
      label: 'shop_api',
      id: 'secret:sec1:use:svc1:db',
      collapsible: 'none',
      contextValue: 'secretUse',
      description: '/run/secrets/db · 1000:1001 0400',
      tooltip: 'Service shop_api\nID: svc1\nFile: /run/secrets/db\nOwner: uid 1000, gid 1001\nMode: 0400',
      icon: { id: 'server-process' },
    });
  });

  it('a service using a config: at the path the Engine mounts it, or by the runtime (a credential spec)', () => {
    const rel = useItem({ kind: 'objectUse', objectKind: 'config', objectId: 'cfg1', use: { id: 'svc1', name: 'web', target: { name: 'app.conf', uid: '0', gid: '0', mode: 0o444 } } });
    assert.equal(rel.id, 'config:cfg1:use:svc1:app.conf');
    assert.equal(rel.contextValue, 'configUse');
    assert.equal(rel.description, '/app.conf · 0:0 0444');
    const runtime = useItem({ kind: 'objectUse', objectKind: 'config', objectId: 'cfg1', use: { id: 'svc2', name: 'win' } });
    assert.equal(runtime.id, 'config:cfg1:use:svc2:runtime');
    assert.equal(runtime.description, 'runtime (credential spec)');
  });

  it('a service attached to a network: its aliases', () => {
    assert.deepEqual(useItem({ kind: 'objectUse', objectKind: 'network', objectId: 'net1', use: { id: 'svc1', name: 'shop_db', aliases: ['db', 'postgres'] } }), {
      label: 'shop_db',
      id: 'network:net1:use:svc1',
      collapsible: 'none',
      contextValue: 'networkUse',
      description: 'aliases: db, postgres',
      tooltip: 'Service shop_db\nID: svc1\nAliases: db, postgres',
      icon: { id: 'server-process' },
    });
    const bare = useItem({ kind: 'objectUse', objectKind: 'network', objectId: 'net1', use: { id: 'svc2', name: 'web', aliases: [] } });
    assert.equal(bare.description, '');
    assert.equal(bare.tooltip, 'Service web\nID: svc2');
  });

  it('a stack row per view, and the line under an object nothing uses', () => {
    assert.deepEqual(objectStackItem({ kind: 'objectStack', objectKind: 'config', name: 'shop' }, 2), {
      label: 'shop',
      id: 'configStack:shop',
      collapsible: 'expanded',
      contextValue: 'objectStack',
      description: 'stack · 2 configs',
      tooltip: 'Stack shop',
      icon: { id: 'layers' },
    });
    assert.equal(objectStackItem({ kind: 'objectStack', objectKind: 'network', name: 's' }, 1).description, 'stack · 1 network');
    assert.deepEqual(objectInfoItem({ kind: 'objectInfo', objectKind: 'secret', objectId: 'sec1', text: 'No service uses it' }), {
      label: 'No service uses it',
      id: 'secret:sec1:info',
      collapsible: 'none',
      contextValue: 'objectInfo',
    });
  });

  it('a failed listing is said on the view, unless the swarm itself is unreachable (the welcome content says so)', () => {
    assert.equal(listingMessage('config', { message: 'permission denied' }, true), 'The configs could not be listed: permission denied');
    assert.equal(listingMessage('config', { message: 'permission denied' }, false), undefined);
    assert.equal(listingMessage('network', undefined, true), undefined);
  });
});
