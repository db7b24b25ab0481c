import type { Config } from 'jest';

// ts-jest only transpiles (tsc -p tsconfig.json type-checks everything once, first).
const transform: Config['transform'] = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true, module: 'commonjs', moduleResolution: 'node', esModuleInterop: true, target: 'ES2022' } }],
};

const config: Config = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      restoreMocks: true,
      setupFilesAfterEnv: ['<rootDir>/tests/restoreEnvironment.ts'],
      transform,
      testMatch: [
        '<rootDir>/packages/*/tests/**/*.test.ts',
        '<rootDir>/services/*/tests/unit/**/*.test.ts',
        '<rootDir>/web/tests/unit/**/*.test.ts',
        '<rootDir>/tests/lint/**/*.test.ts',
      ],
    },
    {
      // Against the real local emulators and a real browser: one stack, started on free ports.
      displayName: 'system',
      testEnvironment: 'node',
      restoreMocks: true,
      setupFilesAfterEnv: ['<rootDir>/tests/system/timeout.ts', '<rootDir>/tests/restoreEnvironment.ts'],
      transform,
      testMatch: [
        '<rootDir>/services/*/tests/integration/**/*.test.ts',
        '<rootDir>/web/tests/e2e/**/*.test.ts',
        '<rootDir>/tests/deployment/**/*.test.ts',
        '<rootDir>/tests/system/**/*.test.ts',
      ],
      globalSetup: '<rootDir>/tests/system/globalSetup.mjs',
      globalTeardown: '<rootDir>/tests/system/globalTeardown.mjs',
    },
  ],
};

export default config;
