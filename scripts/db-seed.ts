import './env';
import { readConfig } from '@/lib/config';
import { openDatabase, targetFromConfig } from '@/db/client';
import { bootstrapDatabase } from '@/db';
import { invalidatePagesFromScript } from '@/lib/cache/script-invalidation';
import { pageChanges } from '@/lib/cache/tags';

/** `npm run db:seed`: migrates, then loads the demo province if the database is empty. */
async function main() {
  const config = readConfig();
  const handle = await openDatabase(targetFromConfig(config));
  try {
    await bootstrapDatabase(handle, { seed: true });
    console.log(`Database pronto (${handle.driver}).`);
    await invalidatePagesFromScript('db:seed', pageChanges.everything());
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
