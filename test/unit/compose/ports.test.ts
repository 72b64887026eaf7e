import * as assert from 'node:assert/strict';
import { longPort, parseShortPort, sortPorts } from '../../../src/compose/ports';

const short = (spec: string) => {
  const r = parseShortPort(spec);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
};
const ingress = (TargetPort: number, PublishedPort?: number, Protocol: 'tcp' | 'udp' = 'tcp') => ({ Protocol, TargetPort, ...(PublishedPort ? { PublishedPort } : {}), PublishMode: 'ingress' as const });

// Expected PortConfigs are what CLI 28.2.2 sent for the same entries.
describe('ports', () => {
  it('expands the short syntax', () => {
    assert.deepEqual(short('80').ports, [ingress(80)]);
    assert.deepEqual(short('8083:83/tcp').ports, [ingress(83, 8083)]);
    assert.deepEqual(short('53:53/udp').ports, [ingress(53, 53, 'udp')]);
    assert.deepEqual(short('3000-3002:3000-3002').ports, [ingress(3000, 3000), ingress(3001, 3001), ingress(3002, 3002)]);
    assert.deepEqual(short('8090-8091:90').ports, [ingress(90, 8090), ingress(90, 8091)]);
  });
  it('visits a container range in string order, as the CLI does', () => {
    assert.deepEqual(short('8-10').ports.map((p) => p.TargetPort), [10, 8, 9]);
  });
  it('drops a host IP with a note, and an empty host port means unpublished', () => {
    assert.deepEqual(short('127.0.0.1:8080:80'), { ports: [ingress(80, 8080)], ignoredIp: '127.0.0.1' });
    assert.deepEqual(short('127.0.0.1::84'), { ports: [ingress(84)], ignoredIp: '127.0.0.1' });
    assert.deepEqual(short('0.0.0.0:81:81'), { ports: [ingress(81, 81)] });
    assert.deepEqual(short('[::1]:82:82').ignoredIp, '::1');
  });
  it('refuses what is not a port mapping', () => {
    for (const [spec, why] of [['abc', /not a port/], ['8080:80/xyz', /unknown protocol/], ['80-81:90-92', /different lengths/], ['1.2.3:80:80', /not an IP/], ['70000', /not a port/], ['10-5', /not a port/]] as const) {
      const r = parseShortPort(spec);
      assert.ok(!r.ok && why.test(r.error), `${spec}: ${r.ok ? 'parsed' : r.error}`);
    }
  });
  it('sends the long syntax as written (the Engine defaults protocol and mode)', () => {
    assert.deepEqual(longPort({ target: 81 }), { TargetPort: 81 });
    assert.deepEqual(longPort({ target: 90, published: 9090, protocol: 'tcp', mode: 'host' }), { Protocol: 'tcp', TargetPort: 90, PublishedPort: 9090, PublishMode: 'host' });
  });
  it('sorts by published port only, keeping the order of equal ones, and keeps duplicates', () => {
    const sorted = sortPorts([ingress(90), ingress(80), ingress(70, 70), ingress(91, 9000), ingress(92, 9000, 'udp'), ingress(70, 70)]);
    assert.deepEqual(sorted.map((p) => `${p.PublishedPort ?? 0}/${p.TargetPort}`), ['0/90', '0/80', '70/70', '70/70', '9000/91', '9000/92']);
  });
});
