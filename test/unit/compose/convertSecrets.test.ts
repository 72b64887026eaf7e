// Secrets and configs: the specs a stack deploy creates and a service's references (checked
// against CLI 28.2.2: `docker secret inspect`, `docker config inspect`, `docker service inspect`).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ComposeIssue } from '../../../src/compose/types';
import { convertFileObjects, convertReferences, declareFileObjects, relativeToWorkingDir } from '../../../src/compose/convertSecrets';
import { fakeContext, WORKING_DIR } from './fakeContext';

const declare = <K extends 'secret' | 'config'>(kind: K, section: Record<string, Record<string, unknown>>, issues: ComposeIssue[] = []) =>
  declareFileObjects(kind, new Map(Object.entries(section)), '3.9', issues) as ReturnType<typeof declareFileObjects> & { kind: K };

const stackLabel = { 'com.docker.stack.namespace': 'st' };

describe('convertSecrets', () => {
  it('creates every secret and config that is not external, used or not, reading its file', () => {
    const ctx = fakeContext({ 'a.key': 's3cr3t', 'sub/app.conf': 'conf\n' });
    const issues: ComposeIssue[] = [];
    const secrets = declare('secret', {
      a: { file: './a.key' },
      b: { file: 'a.key', labels: { sl: '1' } },
      ext: { external: true },
      drv: { driver: 'vault', driver_opts: { o: 'p' }, labels: ['q=r'] },
    });
    assert.deepEqual(convertFileObjects(secrets, ctx, issues), [
      { key: 'a', spec: { Name: 'st_a', Labels: stackLabel, Data: 'czNjcjN0' }, file: 'a.key' },
      { key: 'b', spec: { Name: 'st_b', Labels: { sl: '1', ...stackLabel }, Data: 'czNjcjN0' }, file: 'a.key' },
      // A driver's secret reads no file and carries no data.
      { key: 'drv', spec: { Name: 'st_drv', Labels: { q: 'r', ...stackLabel }, Driver: { Name: 'vault', Options: { o: 'p' } } } },
    ]);
    const configs = declare('config', {
      c: { file: './sub/app.conf' },
      d: { file: 'sub/app.conf', name: 'fixed-d', template_driver: 'golang' },
    });
    assert.deepEqual(convertFileObjects(configs, ctx, issues), [
      { key: 'c', spec: { Name: 'st_c', Labels: stackLabel, Data: 'Y29uZgo=' }, file: path.join('sub', 'app.conf') },
      { key: 'd', spec: { Name: 'fixed-d', Labels: stackLabel, Data: 'Y29uZgo=', Templating: { Name: 'golang' } }, file: path.join('sub', 'app.conf') },
    ]);
    assert.deepEqual(issues, []);
    assert.deepEqual(ctx.reads, [path.join(WORKING_DIR, 'a.key'), path.join(WORKING_DIR, 'a.key'), path.join(WORKING_DIR, 'sub/app.conf'), path.join(WORKING_DIR, 'sub/app.conf')]);
  });

  it('reports a file that cannot be read at its file key, naming the file', () => {
    const issues: ComposeIssue[] = [];
    assert.deepEqual(convertFileObjects(declare('secret', { s: { file: './missing.txt' } }), fakeContext(), issues), []);
    assert.equal(issues.length, 1);
    assert.equal(issues[0].severity, 'error');
    assert.deepEqual(issues[0].path, ['secrets', 's', 'file']);
    assert.match(issues[0].message, /^secrets\.s\.file: cannot read "\.\/missing\.txt": ENOENT/);
  });

  it('refuses an empty file and one over the engine limit, which the engine would refuse', () => {
    const issues: ComposeIssue[] = [];
    const ctx = fakeContext({ empty: '', big: 'a'.repeat(512000), max: 'a'.repeat(511999) });
    const created = convertFileObjects(declare('secret', { e: { file: 'empty' }, b: { file: 'big' }, m: { file: 'max' } }), ctx, issues);
    assert.deepEqual(created.map((secret) => secret.key), ['m']);
    assert.deepEqual(issues.map((issue) => issue.path.join('.')), ['secrets.e.file', 'secrets.b.file']);
    assert.match(issues[0].message, /"empty" is empty/);
    // A config may be larger.
    assert.equal(convertFileObjects(declare('config', { b: { file: 'big' } }), ctx, []).length, 1);
  });

  it('refuses a secret with both a driver and a file', () => {
    const issues: ComposeIssue[] = [];
    convertFileObjects(declare('secret', { s: { file: 'x', driver: 'd' } }), fakeContext({ x: 'x' }), issues);
    assert.deepEqual(issues.map((issue) => issue.path), [['secrets', 's', 'file']]);
  });

  it('gives references the CLI defaults and sorts them by name', () => {
    const secrets = declare('secret', { a: { file: 'a' }, b: { file: 'b' }, ext: { external: true, name: 'other-ext' } });
    const service = {
      secrets: ['b', { source: 'a', target: '/run/bb', uid: '100', gid: '101', mode: 0o400 }, 'ext'],
    };
    assert.deepEqual(convertReferences('web', service, secrets, 'st', []), {
      references: [
        { File: { Name: 'ext', UID: '0', GID: '0', Mode: 0o444 }, SecretID: '', SecretName: 'other-ext' },
        { File: { Name: '/run/bb', UID: '100', GID: '101', Mode: 0o400 }, SecretID: '', SecretName: 'st_a' },
        { File: { Name: 'b', UID: '0', GID: '0', Mode: 0o444 }, SecretID: '', SecretName: 'st_b' },
      ],
      external: ['other-ext'],
    });
    const configs = declare('config', { c: { file: 'c' }, d: { file: 'c', name: 'fixed-d' } });
    // A config's target defaults to its key too (the engine mounts it at /<key>).
    assert.deepEqual(convertReferences('web', { configs: ['c', { source: 'd', target: '/etc/d.conf', mode: 0o440 }] }, configs, 'st', []).references, [
      { File: { Name: '/etc/d.conf', UID: '0', GID: '0', Mode: 0o440 }, ConfigID: '', ConfigName: 'fixed-d' },
      { File: { Name: 'c', UID: '0', GID: '0', Mode: 0o444 }, ConfigID: '', ConfigName: 'st_c' },
    ]);
  });

  it('refuses an undefined secret or config at its place', () => {
    const issues: ComposeIssue[] = [];
    convertReferences('web', { configs: [{ source: 'nocfg' }] }, declare('config', {}), 'st', issues);
    assert.equal(issues.length, 1);
    assert.deepEqual(issues[0].path, ['services', 'web', 'configs', 0]);
    assert.match(issues[0].message, /undefined config "nocfg"/);
  });

  it('shows read files relative to the working dir when inside it', () => {
    assert.equal(relativeToWorkingDir(path.join(WORKING_DIR, 'sub', 'f'), WORKING_DIR), path.join('sub', 'f'));
    assert.equal(relativeToWorkingDir(path.resolve('/elsewhere/f'), WORKING_DIR), path.resolve('/elsewhere/f'));
  });
});
