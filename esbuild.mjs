// Builds the extension bundle (dist/extension.js: src/extension.ts with dockerode and all
// its dependencies, `vscode` external) and, with --tests, the extension-host test files
// (out/test/extension/*.js). Type checking is separate: `npm run typecheck`.
//
//   node esbuild.mjs [--production] [--watch] [--tests]
import * as esbuild from 'esbuild';
import { readdirSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/**
 * ssh2 tries `require('./crypto/build/Release/sshcrypto.node')` and cpu-features inside
 * try/catch and falls back to pure JS when they are missing. esbuild cannot bundle .node
 * files, so resolve those requests to a module that throws, which takes the same fallback.
 */
const nativeAddonsFallBack = {
  name: 'native-addons-fall-back',
  setup(build) {
    build.onResolve({ filter: /\.node$|^cpu-features$/ }, (args) => ({ path: args.path, namespace: 'missing-native' }));
    build.onLoad({ filter: /.*/, namespace: 'missing-native' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`native module ${args.path} is not bundled`)});`,
      loader: 'js',
    }));
  },
};

/**
 * dockerode loads BuildKit session support (gRPC + protobuf, ~380 KB bundled) for image
 * builds, which this extension never starts. Its two entry modules become stubs that
 * throw only if called.
 */
const noBuildkitSession = {
  name: 'no-buildkit-session',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
      /[\\/]dockerode[\\/]lib$/.test(args.resolveDir) ? { path: args.path, namespace: 'no-buildkit' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'no-buildkit' }, (args) => ({
      contents: `module.exports = function () { throw new Error(${JSON.stringify(`dockerode ${args.path} is not bundled: BuildKit is not used`)}); };
module.exports.followProgress = module.exports;`,
      loader: 'js',
    }));
  },
};

/**
 * docker-modem logs each request through the `debug` package when DEBUG names it, headers
 * included: an X-Registry-Auth value would reach the extension host's stderr. The bundle gets
 * a `debug` that logs nothing.
 */
const noDebugLogging = {
  name: 'no-debug-logging',
  setup(build) {
    build.onResolve({ filter: /^debug$/ }, (args) => ({ path: args.path, namespace: 'no-debug' }));
    build.onLoad({ filter: /.*/, namespace: 'no-debug' }, () => ({
      contents: `function create() { const log = function () {}; log.enabled = false; log.extend = create; return log; }
module.exports = create; module.exports.enable = function () {}; module.exports.disable = function () { return ''; }; module.exports.enabled = function () { return false; };`,
      loader: 'js',
    }));
  },
};

/**
 * More of dockerode's dependencies this extension never needs in its bundle: `tar-fs`
 * (with tar-stream and bl, ~23 KB) packs a build context for image builds, never started
 * here, and becomes a stub that throws only if called; `readable-stream` (~37 KB), a copy of
 * Node's streams for old Node versions, which docker-modem takes its Duplex from, becomes
 * Node's own `stream`.
 */
const noBuildContext = {
  name: 'no-build-context',
  setup(build) {
    build.onResolve({ filter: /^tar-fs$/ }, (args) => ({ path: args.path, namespace: 'no-tar' }));
    build.onLoad({ filter: /.*/, namespace: 'no-tar' }, () => ({
      contents: `module.exports.pack = function () { throw new Error('tar-fs is not bundled: image builds are not used'); };`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^readable-stream$/ }, (args) =>
      /[\\/]docker-modem[\\/]lib$/.test(args.resolveDir) ? { path: 'stream', external: true } : undefined);
    // docker-modem takes only ssh2's Client (for ssh:// endpoints); the package's index also
    // pulls in its SSH server and key generation, which nothing here runs.
    build.onResolve({ filter: /^ssh2$/ }, (args) =>
      /[\\/]docker-modem[\\/]lib$/.test(args.resolveDir) ? { path: 'ssh2-client', namespace: 'ssh2-client' } : undefined);
    build.onLoad({ filter: /.*/, namespace: 'ssh2-client' }, () => ({
      contents: `module.exports = { Client: require('ssh2/lib/client.js') };`,
      resolveDir: process.cwd(),
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  logLevel: 'info',
};

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  external: ['vscode'],
  minify: production,
  sourcesContent: false,
  plugins: [nativeAddonsFallBack, noBuildkitSession, noDebugLogging, noBuildContext],
  metafile: true,
};

const testEntries = tests
  ? readdirSync('test/extension').filter((f) => f.endsWith('.ts')).map((f) => `test/extension/${f}`)
  : [];
const extensionTests = {
  ...common,
  entryPoints: testEntries,
  outdir: 'out/test/extension',
  // Tests load the real extension through VS Code; only shared test helpers are bundled.
  packages: 'external',
  external: ['vscode'],
};

if (watch) {
  const ctx = await esbuild.context(extension);
  await ctx.watch();
} else {
  const result = await esbuild.build(extension);
  if (production) {
    const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    console.log(`bundle: ${(bytes / 1024).toFixed(0)} KB`);
    // The benchmark (scripts/bench) reads what the bundle is made of from this file.
    if (process.env.SWARM_BENCH_METAFILE) writeFileSync(process.env.SWARM_BENCH_METAFILE, JSON.stringify(result.metafile));
  }
  if (tests) await esbuild.build(extensionTests);
}
