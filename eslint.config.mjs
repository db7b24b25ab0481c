import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '.serverless/', '.esbuild*/', '.local/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', performance: 'readonly', fetch: 'readonly', AbortSignal: 'readonly', URL: 'readonly', globalThis: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Services never import each other; the core imports nothing of ours.
      'no-restricted-imports': ['error', { patterns: ['../../*/src/*', '../../../*/src/*'] }],
    },
  },
  {
    files: ['web/src/**/*.ts'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', XMLHttpRequest: 'readonly', URL: 'readonly', Blob: 'readonly', File: 'readonly', FileReader: 'readonly', localStorage: 'readonly', sessionStorage: 'readonly', queueMicrotask: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
