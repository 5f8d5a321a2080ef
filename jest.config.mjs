import nextJest from 'next/jest.js';

const createJestConfig = nextJest({ dir: './' });

/** @type {import('jest').Config} */
const config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/'],
  moduleNameMapper: { '^next/cache$': '<rootDir>/tests/support/next-cache.ts', '^@/(.*)$': '<rootDir>/$1' },
  // Each integration test file starts its own database, on PGlite from a migrated dump made once (pglite-template.ts).
  testTimeout: 60_000,
  globalSetup: '<rootDir>/tests/support/pglite-template.ts',
  globalTeardown: '<rootDir>/tests/support/pglite-template-teardown.ts',
  maxWorkers: 2,
};

// Auth.js, openid-client, next-intl and their dependencies ship only ES modules: compile them like our own code, so
// that tests can import the modules that build on them (the 'use server' actions, the login providers).
const ESM_PACKAGES = [
  'next-auth',
  '@auth/core',
  'jose',
  'oauth4webapi',
  'preact',
  'preact-render-to-string',
  '@panva/hkdf',
  'openid-client',
  // next-intl (the citizen pages' languages) and the ICU message formatting under it.
  'next-intl',
  'use-intl',
  'intl-messageformat',
  'icu-minify',
  '@formatjs',
  '@schummar/icu-type-parser',
];

export default async function jestConfig() {
  const resolved = await createJestConfig(config)();
  return {
    ...resolved,
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`, ...resolved.transformIgnorePatterns.slice(1)],
  };
}
