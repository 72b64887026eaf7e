// Service network attachments and the networks a stack deploy creates (checked against CLI
// 28.2.2: `docker service inspect`, `docker network inspect` after `docker stack deploy`).
import * as assert from 'node:assert/strict';
import type { ComposeIssue } from '../../../src/compose/types';
import {
  convertServiceNetworks,
  convertStackNetworks,
  declareNetworks,
  serviceNetworkKeys,
} from '../../../src/compose/convertNetworks';

function declared(section: Record<string, Record<string, unknown>>, issues: ComposeIssue[] = []) {
  return declareNetworks(new Map(Object.entries(section)), 'st', '3.9', issues);
}

describe('convertNetworks', () => {
  const networks = declared({
    front: {},
    back: { internal: true },
    e1: { external: true, name: 'ext-one' },
    e2: { external: { name: 'ext-two' } },
    named: { name: 'named-net' },
    hostnet: { external: true, name: 'host' },
  });

  it('attaches the implicit default network with the service name as alias', () => {
    const issues: ComposeIssue[] = [];
    assert.deepEqual(convertServiceNetworks('web', {}, networks, issues), [{ Target: 'st_default', Aliases: ['web'] }]);
    assert.deepEqual(issues, []);
  });

  it('keeps aliases of the map form, adds the service name, drops ipv4_address, sorts by name', () => {
    const service = { networks: { front: { aliases: ['w1', 'w2'], ipv4_address: '10.9.0.5' }, back: null } };
    assert.deepEqual(convertServiceNetworks('web', service, networks, []), [
      { Target: 'st_back', Aliases: ['web'] },
      { Target: 'st_front', Aliases: ['w1', 'w2', 'web'] },
    ]);
  });

  it('uses external and named networks by name; host takes no alias', () => {
    const service = { networks: ['e1', 'e2', 'named', 'hostnet', 'default'] };
    assert.deepEqual(convertServiceNetworks('web', service, networks, []), [
      { Target: 'ext-one', Aliases: ['web'] },
      { Target: 'ext-two', Aliases: ['web'] },
      { Target: 'host' },
      { Target: 'named-net', Aliases: ['web'] },
      { Target: 'st_default', Aliases: ['web'] },
    ]);
  });

  it('refuses an undefined network at its place in the list', () => {
    const issues: ComposeIssue[] = [];
    assert.deepEqual(convertServiceNetworks('web', { networks: ['front', 'nonet'] }, networks, issues), [
      { Target: 'st_front', Aliases: ['web'] },
    ]);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].severity, 'error');
    assert.deepEqual(issues[0].path, ['services', 'web', 'networks', 1]);
    assert.match(issues[0].message, /services\.web\.networks: undefined network "nonet"/);
  });

  it('creates only the networks services use, overlay by default, with the stack label and only subnets of IPAM', () => {
    const section = declared({
      default: { labels: { d: '1' }, ipam: { config: [{ subnet: '10.11.0.0/24' }] } },
      front: { driver_opts: { 'com.docker.network.driver.mtu': 1400 }, attachable: true, labels: ['y=2'], ipam: { driver: 'default' } },
      unused: {},
      e1: { external: true },
      hostnet: { external: true, name: 'host' },
    });
    const used = [...serviceNetworkKeys({}), ...serviceNetworkKeys({ networks: ['front', 'e1', 'hostnet'] })];
    assert.deepEqual(convertStackNetworks(section, used), {
      create: [
        {
          key: 'default',
          create: {
            Name: 'st_default',
            Driver: 'overlay',
            Internal: false,
            Attachable: false,
            Labels: { d: '1', 'com.docker.stack.namespace': 'st' },
            IPAM: { Driver: '', Config: [{ Subnet: '10.11.0.0/24' }] },
          },
        },
        {
          key: 'front',
          create: {
            Name: 'st_front',
            Driver: 'overlay',
            Internal: false,
            Attachable: true,
            Labels: { y: '2', 'com.docker.stack.namespace': 'st' },
            Options: { 'com.docker.network.driver.mtu': '1400' },
            IPAM: { Driver: 'default' },
          },
        },
      ],
      // host is predefined: the CLI does not look it up.
      external: ['e1'],
    });
  });
});
