// A service's volumes as ContainerSpec.Mounts (checked against CLI 28.2.2: the mounts
// `docker service inspect` shows after `docker stack deploy` of the same entries).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ComposeIssue } from '../../../src/compose/types';
import { convertMounts, declareVolumes, resolveBindSource } from '../../../src/compose/convertMounts';
import { fakeContext, WORKING_DIR } from './fakeContext';

const volumes = (section: Record<string, Record<string, unknown>>, issues: ComposeIssue[] = []) =>
  declareVolumes(new Map(Object.entries(section)), '3.9', issues);

describe('convertMounts', () => {
  const stackVolumes = volumes({
    data: { driver: 'local', driver_opts: { type: 'tmpfs', device: 'tmpfs' }, labels: { vl: 1 } },
    data2: { name: 'fixed-data2' },
    ext: { external: true },
  });
  const ctx = fakeContext();
  const stackLabel = { 'com.docker.stack.namespace': 'st' };

  it('converts short and long syntax as the CLI does', () => {
    const issues: ComposeIssue[] = [];
    const service = {
      volumes: [
        'data:/data',
        '/tmp:/hosttmp:ro',
        './rel:/rel:rw,z',
        '~/home:/home2:rslave',
        '/anon',
        'data2:/data2:nocopy',
        { type: 'tmpfs', target: '/tm', tmpfs: { size: 1000 } },
        { type: 'bind', source: '../x', target: '/x', read_only: true, consistency: 'cached', bind: { propagation: 'shared' } },
        { type: 'volume', source: 'data', target: '/v2', volume: { nocopy: true } },
        'ext:/ext',
        // Keys the CLI's types lack are dropped: create_host_path, subpath, tmpfs mode.
        { type: 'bind', source: '/tmp', target: '/b', bind: { create_host_path: true } },
        { type: 'volume', source: 'data2', target: '/v', volume: { subpath: 'sub' } },
        { type: 'tmpfs', target: '/t', tmpfs: { mode: 0o755 } },
      ],
      tmpfs: '/tmpshort',
    };
    const dataOptions = {
      Labels: { vl: '1', ...stackLabel },
      DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs' } },
    };
    assert.deepEqual(convertMounts('web', service, stackVolumes, ctx, issues), [
      { Type: 'volume', Source: 'st_data', Target: '/data', VolumeOptions: dataOptions },
      { Type: 'bind', Source: '/tmp', Target: '/hosttmp', ReadOnly: true },
      { Type: 'bind', Source: path.join(WORKING_DIR, 'rel'), Target: '/rel' },
      { Type: 'bind', Source: '/root/home', Target: '/home2', BindOptions: { Propagation: 'rslave' } },
      { Type: 'volume', Target: '/anon' },
      { Type: 'volume', Source: 'fixed-data2', Target: '/data2', VolumeOptions: { NoCopy: true, Labels: stackLabel } },
      { Type: 'tmpfs', Target: '/tm', TmpfsOptions: { SizeBytes: 1000 } },
      {
        Type: 'bind',
        Source: path.resolve(WORKING_DIR, '../x'),
        Target: '/x',
        ReadOnly: true,
        Consistency: 'cached',
        BindOptions: { Propagation: 'shared' },
      },
      { Type: 'volume', Source: 'st_data', Target: '/v2', VolumeOptions: { NoCopy: true, ...dataOptions } },
      { Type: 'volume', Source: 'ext', Target: '/ext', VolumeOptions: {} },
      { Type: 'bind', Source: '/tmp', Target: '/b', BindOptions: {} },
      { Type: 'volume', Source: 'fixed-data2', Target: '/v', VolumeOptions: { Labels: stackLabel } },
      { Type: 'tmpfs', Target: '/t', TmpfsOptions: {} },
    ]);
    assert.deepEqual(issues, []);
  });

  it('sends no mounts for a service without volumes', () => {
    assert.equal(convertMounts('web', {}, stackVolumes, ctx, []), undefined);
  });

  it('refuses what the CLI refuses, naming the entry', () => {
    const cases: [unknown, RegExp][] = [
      ['novol:/x', /undefined volume "novol"/],
      ['/a:/b:/c:ro', /too many colons/],
      ['data:/b:rshared', /bind options are incompatible with type volume/],
      ['/h:/b:nocopy', /volume options are incompatible with type bind/],
      [{ type: 'tmpfs', source: 'x', target: '/t' }, /tmpfs mount takes no source/],
      [{ type: 'bind', target: '/t' }, /bind mount needs a source/],
      [{ type: 'volume', source: 'data', target: '/t', tmpfs: { size: 1 } }, /tmpfs options are incompatible with type volume/],
      [{ type: 'cluster', source: 'data', target: '/t' }, /cluster volumes are not supported/],
    ];
    for (const [entry, message] of cases) {
      const issues: ComposeIssue[] = [];
      assert.equal(convertMounts('web', { volumes: ['/ok', entry] }, stackVolumes, ctx, issues)?.length, 1);
      assert.equal(issues.length, 1, String(message));
      assert.equal(issues[0].severity, 'error');
      assert.deepEqual(issues[0].path, ['services', 'web', 'volumes', 1]);
      assert.match(issues[0].message, /^services\.web\.volumes\.1: /);
      assert.match(issues[0].message, message);
    }
  });

  it('refuses an external volume with a driver, options or labels', () => {
    const issues: ComposeIssue[] = [];
    volumes({ v: { external: true, labels: { a: 'b' } } }, issues);
    assert.equal(issues.length, 1);
    assert.deepEqual(issues[0].path, ['volumes', 'v', 'labels']);
  });

  it('resolves bind sources from the working dir, ~ from HOME', () => {
    assert.equal(resolveBindSource('~/x', fakeContext({}, { HOME: '/home/u' })), '/home/u/x');
    // Without HOME the CLI keeps `~` and joins it like any relative path.
    assert.equal(resolveBindSource('~/x', fakeContext({}, {})), path.join(WORKING_DIR, '~/x'));
    assert.equal(resolveBindSource('./a/../b/', ctx), path.join(WORKING_DIR, 'b'));
    assert.equal(resolveBindSource('C:\\data', ctx), 'C:\\data');
  });
});
