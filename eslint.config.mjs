// Lint rules, including the two architectural lines: the pure core (src/model) and the
// Docker client (src/docker) never import `vscode`, and only src/docker imports dockerode.
import tseslint from 'typescript-eslint';

const noDockerode = { name: 'dockerode', message: 'Only src/docker talks to the engine; use SwarmClient.' };
const noVscode = { name: 'vscode', message: 'src/model and src/docker stay free of the VS Code API.' };

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
    files: ['src/model/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, noDockerode] }] },
  },
  {
    files: ['src/docker/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
