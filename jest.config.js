/**
 * Jest runs the TypeScript sources as native ESM (`node --experimental-vm-modules`), so ESM-only
 * dependencies such as `@middy/core` 7 and `p-retry` 9 load as they do in Lambda.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // Examples import the package by name, as users do.
    '^middy-ssm-env$': '<rootDir>/src/index.ts',
    '^middy-ssm-env/testing$': '<rootDir>/src/testing.ts',
    '^middy-ssm-env/policy$': '<rootDir>/src/policy.ts',
    // Sources import siblings as `./x.js` (NodeNext); map them back to the `.ts` files.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // The deployment examples bundle, synthesize and start processes: CPU-heavy on a 2-core machine, they would slow
  // the timing-sensitive unit tests beside them. `npm run examples` runs them on their own.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/examples/'],
  setupFiles: ['<rootDir>/__tests__/setup/env.ts'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup/secretLeakGuard.ts'],
  // A test that needs longer says so itself (the 10,000-parameter tree in middleware/edgeValues gives itself 60 s).
  testTimeout: 20000,
  collectCoverageFrom: ['src/**/*.ts'],
};
