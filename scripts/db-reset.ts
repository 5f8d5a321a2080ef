import './env';
import { rmSync } from 'node:fs';
import { bootstrapDatabase } from '@/db';
import { openDatabase, targetFromConfig } from '@/db/client';
import { invalidatePagesFromScript } from '@/lib/cache/script-invalidation';
import { pageChanges } from '@/lib/cache/tags';
import { readConfig } from '@/lib/config';
import { dropPortalSchema, isDemoDatabase } from '@/lib/setup/demo-database';

/**
 * `npm run db:reset`: the local demo from scratch. The embedded database's folder is deleted; a
 * PostgreSQL database is emptied only if it holds nothing but the demo (never a real installation).
 */
async function main() {
  const config = readConfig();
  const target = targetFromConfig(config);
  if ('dataDir' in target && target.dataDir) {
    rmSync(target.dataDir, { recursive: true, force: true });
  } else {
    const owner = await openDatabase({ url: config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL! });
    try {
      if (!(await isDemoDatabase(owner.db))) {
        console.error('db:reset: il database contiene dati che non sono quelli dimostrativi: non lo cancello.');
        process.exit(1);
      }
      await dropPortalSchema(owner.db);
    } finally {
      await owner.close();
    }
  }
  const handle = await openDatabase(target);
  try {
    await bootstrapDatabase(handle, { seed: true }, config);
    console.log(`Database dimostrativo ricreato (${handle.driver}).`);
    await invalidatePagesFromScript('db:reset', pageChanges.everything());
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
