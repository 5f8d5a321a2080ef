import { sql } from 'drizzle-orm';
import { readConfig, type ServerConfig } from '@/lib/config';
import { rowsOf } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import {
  assertMigrated,
  migrateDatabase,
  openDatabase,
  targetFromConfig,
  withBootstrapLock,
  type Database,
  type DatabaseHandle,
} from './client';
import { seedDemoData } from './seed';

export type { Database } from './client';

/**
 * Opens, migrates and (on an empty database, unless disabled) seeds. Used by the app, the scripts and
 * the tests alike, so that all of them see the same database in the same state.
 */
export async function bootstrapDatabase(
  handle: DatabaseHandle,
  options: { seed: boolean },
  config: ServerConfig = readConfig(),
): Promise<void> {
  await migrateSchema(handle, config);
  if (!options.seed) return;
  const staffPassword = config.DEMO_STAFF_PASSWORD;
  const seeded =
    handle.driver === 'postgres'
      ? await withBootstrapLock(handle.db, () => seedDemoData(handle.db, { staffPassword }))
      : await seedDemoData(handle.db, { staffPassword });
  if (seeded) logger.info({ driver: handle.driver }, 'database vuoto: caricati i dati dimostrativi');
}

/**
 * Migrates the database of `handle`: through DATABASE_MIGRATION_URL (the schema owner) when it is set,
 * so that the application's own connection needs no DDL right, then grants DATABASE_APP_ROLE its rights.
 * Connected as DATABASE_APP_ROLE without the owner's URL (migrations run as a separate deploy step, so
 * the owner's password never reaches the app), it only checks that the database is up to date.
 */
export async function migrateSchema(handle: DatabaseHandle, config: ServerConfig = readConfig()): Promise<void> {
  const appRole = config.DATABASE_APP_ROLE;
  if (handle.driver === 'pglite') {
    await migrateDatabase(handle);
    return;
  }
  if (!config.DATABASE_MIGRATION_URL) {
    if (appRole && (await currentUser(handle.db)) === appRole) await assertMigrated(handle.db);
    else await migrateDatabase(handle, { appRole });
    return;
  }
  const owner = await openDatabase({ url: config.DATABASE_MIGRATION_URL });
  try {
    const [ownerDb, appDb] = await Promise.all([databaseName(owner.db), databaseName(handle.db)]);
    if (ownerDb !== appDb)
      throw new Error(`DATABASE_MIGRATION_URL punta al database ${ownerDb}, DATABASE_URL a ${appDb}: devono essere lo stesso`);
    await migrateDatabase(owner, { appRole });
  } finally {
    await owner.close();
  }
}

async function databaseName(db: Database): Promise<string> {
  return rowsOf<{ name: string }>(await db.execute(sql`select current_database() as "name"`))[0]!.name;
}

async function currentUser(db: Database): Promise<string> {
  return rowsOf<{ name: string }>(await db.execute(sql`select current_user as "name"`))[0]!.name;
}

// Kept on globalThis so that Next's dev-mode module reloads and its separate bundles share one pool.
const holder = globalThis as typeof globalThis & {
  __portaleDatabase?: Promise<DatabaseHandle>;
  __portaleReadDatabase?: Promise<DatabaseHandle>;
};

/** The process-wide database, ready to use. */
export async function getDb(): Promise<Database> {
  holder.__portaleDatabase ??= (async () => {
    const config = readConfig();
    const handle = await openDatabase(targetFromConfig(config));
    await bootstrapDatabase(handle, { seed: config.SEED_DEMO_DATA });
    return handle;
  })().catch((error: unknown) => {
    holder.__portaleDatabase = undefined;
    throw error;
  });
  return (await holder.__portaleDatabase).db;
}

/**
 * For reads that may be a few seconds behind: the back-office lists and the CIT's dashboards. The replica in
 * DATABASE_READ_URL when set (never migrated from here: it follows the primary), otherwise the primary.
 * Never for authorization (a revoked role counts at once), for what a person reads back right after
 * writing it, or for data a cached page is rebuilt from when it changes.
 */
export async function getReadDb(): Promise<Database> {
  const url = readConfig().DATABASE_READ_URL;
  if (!url) return getDb();
  holder.__portaleReadDatabase ??= openDatabase({ url }).catch((error: unknown) => {
    holder.__portaleReadDatabase = undefined;
    throw error;
  });
  return (await holder.__portaleReadDatabase).db;
}
