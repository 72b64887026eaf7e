// parseVolumeSpec: the short syntax of a service volume, read as the CLI's loader reads it
// (checked against CLI 28.2.2).
import * as assert from 'node:assert/strict';
import { parseVolumeSpec } from '../../../src/compose/volumeSpec';

describe('parseVolumeSpec', () => {
  it('reads a named volume, a bind and an anonymous volume', () => {
    assert.deepEqual(parseVolumeSpec('data:/data'), { type: 'volume', source: 'data', target: '/data' });
    assert.deepEqual(parseVolumeSpec('/tmp:/hosttmp:ro'), { type: 'bind', source: '/tmp', target: '/hosttmp', read_only: true });
    assert.deepEqual(parseVolumeSpec('/anon'), { type: 'volume', target: '/anon' });
    assert.deepEqual(parseVolumeSpec('/a'), { type: 'volume', target: '/a' });
  });

  it('treats ./, ~ and drive letters as host paths', () => {
    assert.equal((parseVolumeSpec('./rel:/rel') as { type: string }).type, 'bind');
    assert.equal((parseVolumeSpec('~/home:/h') as { type: string }).type, 'bind');
    // The CLI keeps `a:` as the source (a drive letter), and makes it a bind.
    assert.deepEqual(parseVolumeSpec('a::/b'), { type: 'bind', source: 'a:', target: '/b' });
    assert.deepEqual(parseVolumeSpec('C:\\data:/data'), { type: 'bind', source: 'C:\\data', target: '/data' });
  });

  it('understands ro/rw, nocopy and propagations, and ignores other options such as z', () => {
    assert.deepEqual(parseVolumeSpec('./rel:/rel:rw,z'), { type: 'bind', source: './rel', target: '/rel', read_only: false });
    assert.deepEqual(parseVolumeSpec('~/h:/h:rslave'), { type: 'bind', source: '~/h', target: '/h', bind: { propagation: 'rslave' } });
    assert.deepEqual(parseVolumeSpec('dd:/d:nocopy,ro'), { type: 'volume', source: 'dd', target: '/d', volume: { nocopy: true }, read_only: true });
  });

  it('refuses too many colons and empty sections', () => {
    assert.match((parseVolumeSpec('/a:/b:/c:ro') as { error: string }).error, /too many colons/);
    assert.match((parseVolumeSpec('/a::/b') as { error: string }).error, /empty section/);
    assert.ok('error' in parseVolumeSpec(''));
  });
});
