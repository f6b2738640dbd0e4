import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.*', '**/.*', 'dist/**', 'dist-firefox/**', 'node_modules/**', 'test-artifacts/**', 'devnet/metadata/*.scale', '.devnet-state/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser, ...globals.node, ...globals.webextensions } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Money must not be parsed through floats: user amounts go through src/amount.ts.
      'no-restricted-globals': ['error', { name: 'parseFloat', message: 'Amounts are bigint rao: use parseAmount from src/amount.ts' }],
      'no-console': ['error', { allow: ['error', 'warn', 'info', 'log'] }],
    },
  },
  {
    // Pure domain code: no browser extension APIs.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'webextension-polyfill', message: 'src/ is pure: browser APIs belong in background/ or popup/' }] }],
    },
  },
);
