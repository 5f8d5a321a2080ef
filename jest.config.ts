import nextJest from 'next/jest.js';
import type { Config } from 'jest';

const createJestConfig = nextJest({ dir: './' });

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
  // Each integration test file starts its own database; PGlite boots in a few seconds on a slow machine.
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default createJestConfig(config);
