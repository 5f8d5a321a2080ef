import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/db/client';
import { bootstrapDatabase } from '@/db';

/*
 * Jest's global set-up: one migrated, empty PGlite for the whole run, dumped to a file that every test file's
 * fresh in-memory database starts from (tests/support/test-db.ts). Creating a PGlite (its initdb) and migrating
 * it took five to ten seconds per test file; loading the dump takes about one. The seed is not in it: demo data
 * carries times relative to now, which must be those of the test that reads them.
 */

/** Where the dump is, for the test files (set here, inherited by Jest's workers). */
export const TEMPLATE_ENV = 'PORTALE_TEST_PGLITE_TEMPLATE';

export default async function createPgliteTemplate(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const handle = await openDatabase({ dataDir: null });
  await bootstrapDatabase(handle, { seed: false });
  const dump = await handle.dump!();
  await handle.close();
  const dir = mkdtempSync(path.join(tmpdir(), 'portale-pglite-template-'));
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env[TEMPLATE_ENV] = file;
}

/** For Jest's global tear-down (pglite-template-teardown.ts). */
export function removePgliteTemplate(): void {
  const file = process.env[TEMPLATE_ENV];
  if (file) rmSync(path.dirname(file), { recursive: true, force: true });
}
