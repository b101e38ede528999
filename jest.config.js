// Two projects: fast unit tests of pure parts (with toolkit modules stubbed at the boundary), and
// end-to-end tests that run the bundled action against the real bench from scripts/e2e-env.sh.
const shared = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] }
}

export default {
  globalSetup: '<rootDir>/__tests__/helpers/scratch-setup.mjs',
  globalTeardown: '<rootDir>/__tests__/helpers/scratch-teardown.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      slowTestThreshold: 120
    }
  ]
}
