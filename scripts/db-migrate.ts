import './env';
import { readConfig } from '@/lib/config';
import { migrateSchema } from '@/db';
import { openDatabase, targetFromConfig } from '@/db/client';

/** `npm run db:migrate`: applies the committed migrations to the configured database. */
async function main() {
  const config = readConfig();
  const handle = await openDatabase(targetFromConfig(config));
  try {
    await migrateSchema(handle, config);
    console.log(`Migrazioni applicate (${handle.driver}).`);
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
