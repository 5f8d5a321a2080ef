import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { bootstrapDatabase } from '@/db';

export interface TestDatabase {
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new throw-away
 * database on the server named by DATABASE_URL (dropped again on close), so files never share state.
 */
export async function createTestDatabase(options: { seed: boolean } = { seed: true }): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ dataDir: null });
    await bootstrapDatabase(handle, options);
    return { handle, close: () => handle.close() };
  }
  const name = `portale_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await bootstrapDatabase(handle, options);
  return {
    handle,
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
