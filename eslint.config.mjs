import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '.serverless/', '.esbuild*/', '.local/', 'coverage/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
        FormData: 'readonly',
        Blob: 'readonly',
        AbortSignal: 'readonly',
        URL: 'readonly',
        globalThis: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
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
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        XMLHttpRequest: 'readonly',
        URL: 'readonly',
        Blob: 'readonly',
        File: 'readonly',
        FileReader: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // --- House rules on imports (STYLE.md), enforced by folder. tests/lint/importRules.test.ts
  // proves that each one fires.
  ...importRules(),
);

/**
 * Who may import whom. A later block for the same files replaces an earlier one's options, so each
 * folder gets one complete list.
 */
function importRules() {
  const services = {
    regex: '^@image-pipeline/(uploader|processor|result|deleter)(/.*)?$',
    message: 'Services never import each other (nor does anything else import a service).',
  };
  const sdk = { group: ['@aws-sdk/*'], message: 'The AWS SDK belongs in adapters/, handlers and the kit’s client factory.' };
  const fs = { group: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'], message: 'The core reads no files: only its CLI and file source do.' };
  const ours = { group: ['@image-pipeline/*'], message: 'The metadata core imports nothing of ours.' };
  // The page takes only types from the core and the kit, save the core's browser-safe magic-byte table.
  // The page takes only types from the core and the kit, save their browser-safe entries: the core's
  // magic-byte table and privacy tag lists, the kit's upload lifecycle (isFinal, the batch size).
  const coreValues = {
    regex: '^@image-pipeline/(metadata(?!/(detect|redact)$)|service-kit(?!/upload$))(/.*)?$',
    allowTypeImports: true,
    message: 'The page imports only types from the core and the kit (import type), save their browser-safe entries.',
  };
  const rule = (...patterns) => ({ 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });
  // Any relative path that climbs out of its workspace into another (../../processor/src/…, or from
  // the core ../../../services/processor/src/…), however deep the importing file sits.
  const crossRelative = {
    regex: '^(\\.\\./)+((services|packages)/[^/]+/|web/|[^/.][^/]*/src/)',
    message: 'Cross-workspace imports go through the package name.',
  };
  return [
    { files: ['services/*/src/**/*.ts'], rules: rule(services, sdk, crossRelative) },
    { files: ['services/*/src/adapters/**/*.ts', 'services/*/src/handler.ts'], rules: rule(services, crossRelative) },
    { files: ['packages/service-kit/src/**/*.ts'], rules: rule(services, sdk, crossRelative) },
    {
      files: ['packages/service-kit/src/awsClients.ts', 'packages/service-kit/src/uploadItem.ts', 'packages/service-kit/src/eventPublishers.ts'],
      rules: rule(services, crossRelative),
    },
    { files: ['packages/metadata/src/**/*.ts'], rules: rule(ours, sdk, fs, crossRelative) },
    { files: ['packages/metadata/src/cli.ts', 'packages/metadata/src/readers/fileByteSource.ts'], rules: rule(ours, sdk, crossRelative) },
    { files: ['web/src/**/*.ts'], rules: rule(coreValues, services, sdk, crossRelative) },
  ];
}
