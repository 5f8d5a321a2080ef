import { readConfig } from '@/lib/config';
import { logger } from '@/lib/logger';
import { migrateDatabase, openDatabase, targetFromConfig, withBootstrapLock, type Database, type DatabaseHandle } from './client';
import { seedDemoData } from './seed';

export type { Database } from './client';

/**
 * Opens, migrates and (on an empty database, unless disabled) seeds. Used by the app, the scripts and
 * the tests alike, so that all of them see the same database in the same state.
 */
export async function bootstrapDatabase(handle: DatabaseHandle, options: { seed: boolean }): Promise<void> {
  await migrateDatabase(handle);
  if (!options.seed) return;
  const staffPassword = readConfig().DEMO_STAFF_PASSWORD;
  const seeded =
    handle.driver === 'postgres'
      ? await withBootstrapLock(handle.db, () => seedDemoData(handle.db, { staffPassword }))
      : await seedDemoData(handle.db, { staffPassword });
  if (seeded) logger.info({ driver: handle.driver }, 'database vuoto: caricati i dati dimostrativi');
}

// Kept on globalThis so that Next's dev-mode module reloads and its separate bundles share one pool.
const holder = globalThis as typeof globalThis & { __portaleDatabase?: Promise<DatabaseHandle> };

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
