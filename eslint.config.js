import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The layering DESIGN.md asks for, checked by a machine: the model and the
// engine never reach a screen, a framework or the worker; the UI asks the
// engine's face only.
const noScreen = {
  paths: [
    { name: 'react', message: 'src/model and src/engine stay free of React.' },
    { name: 'react-dom', message: 'src/model and src/engine stay free of React.' },
    { name: 'd3', message: 'src/model and src/engine stay free of d3.' },
    { name: 'comlink', message: 'the engine runs anywhere: no worker plumbing here.' },
  ],
  patterns: [
    { group: ['**/ui/**', '**/ui', '**/worker/**', '**/worker', '**/share/**', '**/cli/**'], message: 'the engine knows no screen, worker, share codec or CLI.' },
    { group: ['d3-*', 'monaco-*', 'zustand', 'zustand/*'], message: 'src/model and src/engine stay framework-free.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/model/**/*.ts', 'src/engine/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noScreen] },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noScreen, patterns: [...noScreen.patterns, { group: ['**/engine/**', '**/engine'], message: 'data flows one way: the model knows nothing of the engine.' }] }],
    },
  },
  {
    files: ['src/engine/cluster/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noScreen, patterns: [...noScreen.patterns, { group: ['**/datapath/**', '**/datapath', '**/observe/**', '**/observe'], message: 'data flows one way: the control plane knows nothing of the datapath.' }] }],
    },
  },
  {
    files: ['src/engine/datapath/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { ...noScreen, patterns: [...noScreen.patterns, { group: ['**/observe/**', '**/observe'], message: 'data flows one way: the datapath knows nothing of the observers.' }] }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/engine/cluster/**', '**/engine/cluster', '**/engine/datapath/**', '**/engine/datapath', '**/engine/observe/**', '**/engine/observe', '**/model/*', '!**/model/types'], message: 'the UI asks the engine\'s face (src/engine/index.ts) only.' },
      ] }],
    },
  },
);
