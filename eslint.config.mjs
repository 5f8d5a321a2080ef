import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlatCompat } from '@eslint/eslintrc';

const compat = new FlatCompat({ baseDirectory: dirname(fileURLToPath(import.meta.url)) });

const config = [
  { ignores: ['.next/**', '.cache-handler/**', 'node_modules/**', '.data/**', 'next-env.d.ts', 'db/migrations/**'] },
  ...compat.extends('next/core-web-vitals', 'next/typescript'),
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // lib/config.ts is the only reader of the environment (it opts out with a comment).
    files: ['app/**', 'lib/**', 'db/**', 'scripts/**', 'middleware.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Leggi la configurazione da lib/config.ts (readConfig), non da process.env.' },
      ],
    },
  },
  {
    // Pages, actions and routes call lib/<domain>/ use cases and queries; they never build SQL themselves.
    files: ['app/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@/db/schema', message: 'Le query stanno in lib/<dominio>/queries.ts.', allowTypeImports: true }],
          patterns: [{ group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Le query stanno in lib/<dominio>/queries.ts.' }],
        },
      ],
    },
  },
];

export default config;
