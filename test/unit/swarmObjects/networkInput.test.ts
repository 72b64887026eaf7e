import * as assert from 'node:assert/strict';
import { formatCidr, overlaps, parseAddress, parseCidr } from '../../../src/swarmObjects/cidr';
import { validateGateway, validateNetworkInput, validateNetworkName, validateSubnet, type ExistingNetwork } from '../../../src/swarmObjects/networkInput';

const existing: ExistingNetwork[] = [
  { name: 'ingress', subnets: ['10.0.0.0/24'] },
  { name: 'shop_default', subnets: ['10.0.1.0/24', 'fd00:1::/64'] },
  { name: 'odd', subnets: ['not-a-subnet'] },
];

describe('cidr', () => {
  it('parses IPv4 and IPv6 addresses strictly', () => {
    assert.deepEqual(parseAddress('10.0.0.1'), { family: 4, value: 0x0a000001n });
    assert.deepEqual(parseAddress('::1'), { family: 6, value: 1n });
    assert.deepEqual(parseAddress('::ffff:10.0.0.1'), { family: 6, value: 0xffff0a000001n });
    for (const bad of ['10.0.0', '10.0.0.256', '010.0.0.1', '1::2::3', 'fe80::1%eth0', '1:2:3:4:5:6:7:8:9', 'x', '']) {
      assert.equal(parseAddress(bad), undefined, bad);
    }
  });
  it('formats IPv6 canonically', () => {
    const c = parseCidr('fd00:0:0:0:0:0:0:0/64');
    assert.ok(c);
    assert.equal(formatCidr(c), 'fd00::/64');
    assert.equal(formatCidr(parseCidr('2001:db8:0:1:0:0:0:1/128')!), '2001:db8:0:1::1/128');
  });
  it('finds overlap in either direction and never across families', () => {
    assert.equal(overlaps(parseCidr('10.0.0.0/8')!, parseCidr('10.5.0.0/16')!), true);
    assert.equal(overlaps(parseCidr('10.5.0.0/16')!, parseCidr('10.0.0.0/8')!), true);
    assert.equal(overlaps(parseCidr('10.0.0.0/24')!, parseCidr('10.0.1.0/24')!), false);
    assert.equal(overlaps(parseCidr('0.0.0.0/0')!, parseCidr('::/0')!), false);
  });
});

describe('validateNetworkName', () => {
  for (const good of ['backend', 'a_b', 'a--b', 'A9', 'x'.repeat(63)]) {
    it(`accepts ${good.length > 20 ? `${good.length} characters` : good}`, () => assert.deepEqual(validateNetworkName(good), { ok: true, value: good }));
  }
  for (const bad of ['', 'a.b', 'a-', '-a', 'my net', 'x'.repeat(64), 'bridge', 'Ingress', 'none']) {
    it(`refuses ${JSON.stringify(bad.length > 20 ? `${bad.length} characters` : bad)}`, () => {
      const r = validateNetworkName(bad);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.message, /network|name|Docker/);
    });
  }
  it('refuses a taken name without case and answers a long bad name at once', () => {
    assert.equal(validateNetworkName('Shop_Default', ['shop_default']).ok, false);
    const started = Date.now();
    assert.equal(validateNetworkName(`${'a'.repeat(60)}!`).ok, false);
    assert.ok(Date.now() - started < 100);
  });
});

describe('validateSubnet', () => {
  it('accepts a free subnet of either family', () => {
    assert.equal(validateSubnet('10.20.0.0/24', existing).ok, true);
    assert.equal(validateSubnet('fd00:2::/64', existing).ok, true);
  });
  it('refuses an overlap, naming the network and its subnet', () => {
    for (const [subnet, network, theirs] of [['10.0.0.128/25', 'ingress', '10.0.0.0/24'], ['10.0.0.0/16', 'ingress', '10.0.0.0/24'], ['fd00:1::/48', 'shop_default', 'fd00:1::/64']]) {
      const r = validateSubnet(subnet as string, existing);
      assert.equal(r.ok, false, subnet);
      if (!r.ok) assert.ok(r.message.includes(`overlaps ${theirs} of the network "${network}"`), r.message);
    }
  });
  it('refuses host bits with the canonical form, and non-CIDRs', () => {
    const r = validateSubnet('10.99.1.7/24');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /did you mean 10\.99\.1\.0\/24/);
    for (const bad of ['10.99.0.0/33', '10.99.0.0', 'fd00::/129', 'subnet', '10.99.0.0/024']) assert.equal(validateSubnet(bad).ok, false, bad);
  });
});

describe('validateGateway', () => {
  const subnet = parseCidr('10.20.0.0/24')!;
  it('accepts an address inside, refuses outside, other family, network and broadcast', () => {
    assert.deepEqual(validateGateway('10.20.0.1', subnet), { ok: true, value: '10.20.0.1' });
    for (const [bad, words] of [['10.21.0.1', 'not inside'], ['fd00::1', 'IPv6'], ['10.20.0.0', 'broadcast'], ['10.20.0.255', 'broadcast'], ['gw', 'not an IP']]) {
      const r = validateGateway(bad as string, subnet);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.ok(r.message.includes(words as string), r.message);
    }
  });
});

describe('validateNetworkInput', () => {
  it('builds the overlay create request', () => {
    const r = validateNetworkInput({ name: 'backend', attachable: true, subnet: '10.20.0.0/24', gateway: '10.20.0.1', labels: ['tier=db'] }, existing);
    assert.deepEqual(r, {
      ok: true,
      value: {
        Name: 'backend', CheckDuplicate: true, Driver: 'overlay', Attachable: true, Internal: false, EnableIPv6: false,
        IPAM: { Driver: 'default', Config: [{ Subnet: '10.20.0.0/24', Gateway: '10.20.0.1' }] }, Labels: { tier: 'db' },
      },
    });
  });
  it('leaves IPAM to the Engine without a subnet, and turns IPv6 on for an IPv6 subnet', () => {
    const plain = validateNetworkInput({ name: 'backend', internal: true });
    assert.ok(plain.ok && plain.value.IPAM === undefined && plain.value.Internal);
    const v6 = validateNetworkInput({ name: 'backend', subnet: 'fd00:20:0:0::/64' });
    assert.ok(v6.ok && v6.value.EnableIPv6 && v6.value.IPAM?.Config[0]?.Subnet === 'fd00:20::/64');
  });
  it('refuses a gateway without subnet, an overlapping subnet, a bad label, the swarm-internal label, a taken name', () => {
    for (const input of [
      { name: 'n', gateway: '10.0.0.1' },
      { name: 'n', subnet: '10.0.1.0/25' },
      { name: 'n', labels: ['tier'] },
      { name: 'n', labels: ['com.docker.swarm.internal=true'] },
      { name: 'SHOP_DEFAULT' },
    ]) assert.equal(validateNetworkInput(input, existing).ok, false, JSON.stringify(input));
  });
});
