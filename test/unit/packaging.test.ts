// The .vsix holds only what runs: the bundle, media, manifest, README, CHANGELOG, LICENSE.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('packaging', () => {
  it('vsce ls lists exactly the files that run', function () {
    this.timeout(30_000);
    const out = execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
    const files = out.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    assert.deepEqual(files, ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/extension.js', 'media/swarm.svg', 'package.json']);
  });

  it('the bundle has no `debug` logger: DEBUG=modem cannot print a request\'s X-Registry-Auth header', function () {
    this.timeout(60_000);
    execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
    const bundle = readFileSync(join(root, 'dist', 'extension.js'), 'utf8');
    assert.doesNotMatch(bundle, /process\.env\.DEBUG/);
  });

  it('the manifest points at the bundle and names the view container and view', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.name, 'swarm-services');
    assert.equal(pkg.displayName, 'Swarm Services');
    assert.equal(pkg.main, './dist/extension.js');
    assert.match(pkg.engines.vscode, /^\^1\.\d+\.0$/);
    const minor = Number(/^\^1\.(\d+)/.exec(pkg.engines.vscode)![1]);
    assert.ok(minor <= 139, 'code-server 4.139 (VS Code 1.139) satisfies engines.vscode');
    const typesVersion = JSON.parse(readFileSync(join(root, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')).version as string;
    assert.ok(Number(typesVersion.split('.')[1]) <= minor, '@types/vscode is no newer than engines.vscode');
    assert.equal(pkg.contributes.viewsContainers.activitybar[0].id, 'dockerSwarm');
    assert.equal(pkg.contributes.views.dockerSwarm[0].id, 'dockerSwarm.services');
  });
});
