import { readConfig } from '@/lib/config';
import { migrateDatabase, openDatabase, targetFromConfig } from '@/db/client';

/** `npm run db:migrate`: applies the committed migrations to the configured database. */
async function main() {
  const config = readConfig();
  const handle = await openDatabase(targetFromConfig(config));
  try {
    await migrateDatabase(handle);
    console.log(`Migrazioni applicate (${handle.driver}).`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
