import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { dataDir: string | null };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

/** Any fixed 64-bit number: serialises migrations and seeding across app instances sharing one server. */
const BOOTSTRAP_LOCK_KEY = 726_410_553_001;

/**
 * Opens the database: postgres-js when a URL is given, otherwise an embedded PGlite stored in
 * `dataDir` (or in memory when null). Both are driven through the same drizzle API.
 */
export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if ('url' in target) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { settledSocket } = await import('./settled-socket');
    // `socket` is a documented option missing from the driver's types: see settled-socket.ts.
    const options = { max: 10, onnotice: () => {}, socket: settledSocket };
    const client = postgres(target.url, options);
    return { db: drizzle(client, { schema }), driver: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const client = target.dataDir ? new PGlite(target.dataDir) : new PGlite();
  await client.waitReady;
  return { db: drizzle(client, { schema }), driver: 'pglite', close: () => client.close() };
}

/** Applies the committed drizzle migrations. Safe to call from several instances at once. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    // PGlite is single-connection and single-process: no lock needed.
    await migrate(handle.db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  await withBootstrapLock(handle.db, () =>
    migrate(handle.db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER }),
  );
}

/**
 * Runs `work` holding a transaction-scoped advisory lock, so that concurrent app instances bootstrap
 * one after the other. The work itself runs on the pool: it must be idempotent, and is.
 */
export async function withBootstrapLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`);
    return work();
  });
}

export function targetFromConfig(config: { DATABASE_URL?: string; PGLITE_DATA_DIR: string }): DatabaseTarget {
  return config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: path.resolve(config.PGLITE_DATA_DIR) };
}

/** For the load balancer probe: does the database answer? */
export async function pingDatabase(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
