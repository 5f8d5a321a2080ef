import { loadEnvConfig } from '@next/env';

/*
 * Imported first by every script: the same `.env*` files `next dev`/`next start` read (e.g.
 * `.env.production.local` with NODE_ENV=production), so a script sees the configuration the server sees.
 * Variables already in the environment win, as in Next.
 */
// eslint-disable-next-line no-restricted-properties -- which files to load depends on NODE_ENV itself
loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'production', { info: () => {}, error: console.error });
