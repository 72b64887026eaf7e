// Lint rules, including the two architectural lines: the pure core (src/model) and the
// Docker client (src/docker) never import `vscode`, and only src/docker imports dockerode.
// Two safety lines hold for all of src: no process is ever spawned (so no engine or user text
// can reach a shell), and no MarkdownString or trust flag (engine text is plain text only).
// A terminal is allowed only as a Pseudoterminal fed by the Engine's exec API (no process).
// The one exception is named below: src/registry/credentialHelper.ts runs docker credential
// helpers as the docker CLI does, with spawn only and never a shell.
import tseslint from 'typescript-eslint';

const noDockerode = { name: 'dockerode', message: 'Only src/docker talks to the engine; use SwarmClient.' };
const noVscode = { name: 'vscode', message: 'src/model, src/compose, src/deploy and src/docker stay free of the VS Code API.' };
const noShell = ['child_process', 'node:child_process'].map((name) => ({
  name,
  message: 'The extension spawns no process: engine and user text must never reach a shell. Use the Engine API.',
}));
const noFileSystem = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  message: 'src/compose and src/swarmObjects read no files themselves: the caller passes the bytes or readFile.',
}));
const plainTextOnly = [
  { selector: "Identifier[name='MarkdownString']", message: 'Engine text is shown as plain text: no MarkdownString.' },
  {
    // Reading whether the workspace is trusted (vscode.workspace.isTrusted) is not a trust flag.
    selector: "Identifier[name=/^(isTrusted|enableCommandUris|supportHtml|supportThemeIcons)$/]:not(MemberExpression[object.property.name='workspace'] > Identifier.property)",
    message: 'No trusted or command-enabled rendering of text in this extension.',
  },
  // The same names written as strings (vscode['MarkdownString'], { 'isTrusted': true }).
  {
    selector: "Literal[value=/^(MarkdownString|isTrusted|enableCommandUris|supportHtml|supportThemeIcons)$/]",
    message: 'No trusted or command-enabled rendering of text in this extension.',
  },
  // Other ways to a shell: a dynamic import or require of child_process, a terminal, a shell task.
  {
    selector: "ImportExpression[source.value=/child_process$/], CallExpression[callee.name='require'][arguments.0.value=/child_process$/]",
    message: 'The extension spawns no process: engine and user text must never reach a shell. Use the Engine API.',
  },
  {
    selector: "Identifier[name=/^(ShellExecution|ProcessExecution|sendText)$/], Literal[value=/^(ShellExecution|ProcessExecution|sendText|createTerminal)$/]",
    message: 'The extension spawns no process: engine and user text must never reach a shell. Use the Engine API.',
  },
  // The one terminal allowed: `window.createTerminal({ name, pty, … })`, a Pseudoterminal the
  // extension feeds from the Engine's exec API (a task's shell). Never a shell path, arguments,
  // environment or working directory (those start a process on the user's machine), never a
  // spread that could carry them, never the function passed around.
  {
    selector: [
      "Identifier[name='createTerminal']:not(MemberExpression[computed=false] > Identifier.property)",
      "MemberExpression[property.name='createTerminal']:not(CallExpression > MemberExpression.callee)",
      "CallExpression[callee.property.name='createTerminal']:not([arguments.length=1])",
      "CallExpression[callee.property.name='createTerminal'] > :not(ObjectExpression).arguments",
      "CallExpression[callee.property.name='createTerminal'] > ObjectExpression > :not(Property[computed=false][key.name=/^(name|pty|iconPath|color|isTransient|location)$/])",
      "CallExpression[callee.property.name='createTerminal'] > ObjectExpression:not(:has(> Property[key.name='pty']))",
    ].join(', '),
    message: 'The only terminal is a Pseudoterminal: createTerminal({ name, pty }) and nothing that starts a process (no shellPath, shellArgs, env, cwd or spread).',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '*.vsix'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': ['error', { paths: [noDockerode] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noDockerode, ...noShell] }],
      'no-restricted-syntax': ['error', ...plainTextOnly],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noDockerode, ...noShell] }] },
  },
  {
    // The compose conversion is pure: no VS Code, no engine, and no file system (the caller
    // passes readFile), so that it runs in plain mocha and in the diagnostics on every keystroke.
    // The secret, config, network and node-label rules (src/swarmObjects) are held the same way.
    files: ['src/compose/**/*.ts', 'src/swarmObjects/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode, noDockerode, ...noShell, ...noFileSystem] }],
    },
  },
  {
    // The deploy and a secret's or config's rotation decide and order; they reach the engine only
    // through SwarmClient and the user only through the Host, so they run in plain mocha.
    files: ['src/deploy/**/*.ts', 'src/rotation/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noDockerode, ...noShell] }] },
  },
  {
    // Live stats (issue 17): the arithmetic, the words, the polling and which tasks to read reach
    // the engine only through NodeEngines and the view through narrow interfaces: plain mocha runs them.
    // A task shell's command and wrapper (src/terminal/shellCommand.ts) are decided the same way.
    files: ['src/stats/**/*.ts', 'src/terminal/shellCommand.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noDockerode, ...noShell] }] },
  },
  {
    // Reaching other swarm nodes' engines decides and caches; only wiring.ts meets VS Code (the
    // connection's events, the setting), so the rest runs in plain mocha.
    files: ['src/nodeEngines/**/*.ts'],
    ignores: ['src/nodeEngines/wiring.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noDockerode, ...noShell] }] },
  },
  {
    files: ['src/docker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, ...noShell] }] },
  },
  {
    // The only file allowed a process: `docker-credential-<name> get`, by spawn (no exec, no shell).
    files: ['src/registry/credentialHelper.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode, noDockerode, noShell[0], { name: 'node:child_process', allowImportNames: ['spawn'], message: 'Credential helpers are started with spawn only (no exec, no shell).' }] }],
      'no-restricted-syntax': ['error', ...plainTextOnly, { selector: "Property[key.name='shell'][value.value!=false]", message: 'Credential helpers run without a shell.' }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
