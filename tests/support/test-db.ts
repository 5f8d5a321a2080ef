import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { bootstrapDatabase } from '@/db';
import { sequencerIdle } from '@/lib/receipts-pipeline/trigger';
import { TEMPLATE_ENV } from './pglite-template';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Environment that points a child process (a script) at this same database. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new throw-away
 * database on the server named by DATABASE_URL (dropped again on close), so files never share state.
 */
export async function createTestDatabase(options: { seed: boolean; onDisk?: boolean } = { seed: true }): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    // On disk only when a script must open it after this process closes it: PGlite is single-process.
    const dataDir = options.onDisk ? mkdtempSync(path.join(tmpdir(), 'portale-test-')) : null;
    const templateFile = process.env[TEMPLATE_ENV];
    const template = templateFile ? new Blob([readFileSync(templateFile)]) : undefined;
    const handle = await openDatabase({ dataDir, template });
    await bootstrapDatabase(handle, options);
    return {
      handle,
      env: dataDir ? { PGLITE_DATA_DIR: dataDir } : {},
      // Sequencer runs kicked by the endpoints under test finish first: they hold the database.
      close: () => sequencerIdle(handle.db).then(() => handle.close()),
    };
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
    env: { DATABASE_URL: url.toString() },
    async close() {
      await sequencerIdle(handle.db);
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * A fresh database for the calling test file, opened before its tests and closed after them. Register it
 * first: hooks registered later (e.g. loading Enti) run after it.
 */
/** Migrating and seeding a fresh PGlite takes seconds alone and over a minute when the two cores are shared. */
export const DATABASE_SETUP_MS = 180_000;

export function withTestDatabase(options: { seed: boolean; onDisk?: boolean } = { seed: true }) {
  let testDb: TestDatabase | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase(options);
  }, DATABASE_SETUP_MS);
  afterAll(async () => {
    await testDb?.close();
  });
  const current = () => {
    if (!testDb) throw new Error('database di test non ancora aperto');
    return testDb;
  };
  return { db: () => current().handle.db, testDb: current };
}

/**
 * Runs `work` on a test database that a child process (a script) also opens: on the server the test's own
 * connection; with PGlite, which is single-process, a connection opened for `work` and closed after it.
 */
export async function withDatabase<T>(testDb: TestDatabase, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  if (testDb.env.DATABASE_URL) return work(testDb.handle);
  const handle = await openDatabase({ dataDir: testDb.env.PGLITE_DATA_DIR! });
  try {
    return await work(handle);
  } finally {
    await handle.close();
  }
}
