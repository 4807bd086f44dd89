import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import anjungan from './.eslint/layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'tests/output/**', 'renderer/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { anjungan },
    rules: {
      'anjungan/layers': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Build tool configs run in Node, whatever folder they sit in.
    files: ['renderer/vite.config.ts', 'renderer/console.vite.config.ts'],
    rules: { 'anjungan/layers': 'off' },
  },
  {
    // Tests and benchmarks may print and may reach into every layer.
    files: ['tests/**'],
    rules: { 'no-console': 'off', 'anjungan/layers': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    // Plain JS: the CLI launcher and the benchmarks (which also run snippets inside the page).
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
