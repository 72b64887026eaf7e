import * as assert from 'node:assert/strict';
import { constraintNode, explainConstraints, type ConstraintNode } from '../../../src/swarmObjects/constraints';

const nodes: ConstraintNode[] = [
  { id: 'n1', hostname: 'alpha', role: 'manager', labels: { zone: 'eu', ssd: 'true' }, ip: '192.168.1.10' },
  { id: 'n2', hostname: 'beta', role: 'worker', labels: { zone: 'us' }, ip: '192.168.2.10' },
  { id: 'n3', hostname: 'gamma', role: 'worker', labels: { zone: 'asia', gpu: 'yes' }, availability: 'drain' },
];

const unsatisfied = (constraints: string[], on = nodes) => explainConstraints(constraints, on).unsatisfied.map((u) => u.constraint);

describe('explainConstraints', () => {
  it('finds nothing wrong when some node meets every constraint', () => {
    assert.deepEqual(explainConstraints(['node.labels.zone==eu', 'node.role==manager', 'node.hostname!=beta'], nodes), { unsatisfied: [], ignored: [], noNodeMeetsAll: false });
  });
  it('names a label value no node has, with the values the nodes have', () => {
    const r = explainConstraints(['node.labels.zone==mars', 'node.role==worker'], nodes);
    assert.deepEqual(r.unsatisfied.map((u) => u.constraint), ['node.labels.zone==mars']);
    assert.match(r.unsatisfied[0]!.reason, /label "zone" equal to "mars".*"eu", "us", "asia"/);
  });
  it('compares values without case and label names with case, and reads a missing label as empty', () => {
    assert.deepEqual(unsatisfied(['node.labels.zone==EU', 'NODE.ROLE==Manager']), []);
    assert.deepEqual(unsatisfied(['node.labels.Zone==eu']), ['node.labels.Zone==eu']);
    assert.deepEqual(unsatisfied(['node.labels.ssd!=true']), []); // beta has no ssd label
    assert.deepEqual(unsatisfied(['node.labels.zone!=eu'], [nodes[0]!]), ['node.labels.zone!=eu']);
  });
  it('does not count drained or down nodes, and says so', () => {
    const r = explainConstraints(['node.labels.gpu==yes'], nodes);
    assert.equal(r.unsatisfied.length, 1);
    assert.match(r.unsatisfied[0]!.reason, /only gamma meets it/);
    assert.deepEqual(unsatisfied(['node.hostname==beta'], [{ ...nodes[1]!, state: 'down' }]), ['node.hostname==beta']);
  });
  it('checks node.id, node.hostname, node.ip (address and CIDR)', () => {
    assert.deepEqual(unsatisfied(['node.id==n2', 'node.hostname==beta', 'node.ip==192.168.2.10', 'node.ip==192.168.2.0/24']), []);
    assert.deepEqual(unsatisfied(['node.id==zz', 'node.ip==10.0.0.0/8', 'node.ip==bogus']), ['node.id==zz', 'node.ip==10.0.0.0/8', 'node.ip==bogus']);
    assert.deepEqual(unsatisfied(['node.ip!=192.168.1.0/24']), []);
  });
  it('ignores engine.labels with a note, and reports unknown keys and unreadable constraints', () => {
    const r = explainConstraints(['engine.labels.storage==ssd', 'node.colour==red', 'zone=eu', 'a!==b'], nodes);
    assert.deepEqual(r.ignored.map((i) => i.constraint), ['engine.labels.storage==ssd']);
    assert.match(r.ignored[0]!.note, /not checked/);
    assert.deepEqual(r.unsatisfied.map((u) => u.constraint), ['node.colour==red', 'zone=eu', 'a!==b']);
    assert.match(r.unsatisfied[0]!.reason, /does not know the key/);
  });
  it('says when each constraint is met somewhere but no node meets all', () => {
    const r = explainConstraints(['node.labels.zone==eu', 'node.role==worker'], nodes);
    assert.deepEqual(r.unsatisfied, []);
    assert.equal(r.noNodeMeetsAll, true);
  });
});

describe('constraintNode', () => {
  it('reads the Engine node fields', () => {
    assert.deepEqual(
      constraintNode({
        ID: 'n1',
        Description: { Hostname: 'alpha', Platform: { OS: 'linux', Architecture: 'x86_64' } } as never,
        Spec: { Role: 'worker', Availability: 'active', Labels: { zone: 'eu' } } as never,
        Status: { State: 'ready', Addr: '10.1.1.1' },
      }),
      { id: 'n1', hostname: 'alpha', role: 'worker', labels: { zone: 'eu' }, ip: '10.1.1.1', os: 'linux', arch: 'x86_64', availability: 'active', state: 'ready' },
    );
  });
});
