import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Layer boundaries are kept by the linter: core never sees electron, the renderer never sees Node or core. */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'better-sqlite3'];

export default tseslint.config(
  { ignores: ['build/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Rules that read the types: a promise nobody waits for, a switch that forgets a case, a check that cannot fail.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { project: ['./tsconfig.json', './tsconfig.app.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-condition': 'error',
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/handlers/**/*.ts', 'electron/web/**/*.ts', 'electron/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Core runs under plain Node: never import electron here.' }] }],
    },
  },
  {
    files: ['electron/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The contract is read by the renderer: no electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The contract is read by the renderer: no Node modules.' },
            { group: ['**/core/**', '**/main/**'], message: 'The contract depends on nothing but zod.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/rules/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Rules run in the renderer too: no electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'Rules run in the renderer too: no Node modules.' },
            {
              group: ['**/core/**', '**/main/**', '**/handlers/**', '**/web/**', '**/worker/**', '**/cli/**', '**/preload/**'],
              message: 'Rules import nothing but themselves.',
            },
            { group: ['**/api/**'], allowTypeImports: true, message: "Rules may name the contract's types, nothing else of it." },
          ],
        },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks only through the bridge.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node.' },
            {
              group: ['**/electron/core/**', '**/electron/main/**', '**/electron/handlers/**', '**/electron/web/**', '**/electron/preload/**'],
              message: 'The renderer imports only electron/api and electron/rules.',
            },
          ],
        },
      ],
    },
  },
);
