import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { rowsOf } from '@/lib/jobs/queue';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** PGlite only: its data directory as a tarball, to start other databases from (`template`). */
  dump?: () => Promise<Blob>;
}

/** `template`: a dump of a PGlite data directory (`dumpDataDir`) to start a new database from, in memory or in an empty `dataDir`. */
/** `max`: connections of a PostgreSQL pool, 10 by default. */
export type DatabaseTarget = { url: string; max?: number } | { dataDir: string | null; template?: Blob };

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
    // A connection lost under a transaction no longer throws or stalls: patches/postgres+3.4.9.patch.
    const client = postgres(target.url, { max: target.max ?? 10, onnotice: () => {} });
    return { db: drizzle(client, { schema }), driver: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const options = target.template ? { loadDataDir: target.template } : undefined;
  const client = target.dataDir ? new PGlite(target.dataDir, options) : new PGlite(options);
  await client.waitReady;
  return { db: drizzle(client, { schema }), driver: 'pglite', close: () => client.close(), dump: () => client.dumpDataDir('none') };
}

/**
 * Applies the committed drizzle migrations. Safe to call from several instances at once. On PostgreSQL
 * with `appRole`, the handle must be the schema owner's: the application role then gets its grants.
 */
export async function migrateDatabase(handle: DatabaseHandle, options: { appRole?: string } = {}): Promise<void> {
  if (handle.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    // PGlite is single-connection and single-process: no lock needed, and no roles to separate.
    await migrate(handle.db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  await withBootstrapLock(handle.db, async () => {
    await migrate(handle.db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    if (options.appRole) await grantApplicationRole(handle.db, options.appRole);
  });
}

/**
 * Gives the application role exactly what the app needs, on every migrate so that new tables are
 * covered: data access on every table, but on `receipts` only SELECT and INSERT (design rule 12). It
 * owns nothing, so it can neither ALTER a table nor drop or disable the immutability triggers.
 */
export async function grantApplicationRole(db: Database, role: string): Promise<void> {
  const app = sql.identifier(role);
  await db.transaction(async (tx) => {
    // An owner of the database, of the schema or of any table in it (directly or through membership)
    // could drop or alter what the grants protect.
    const result = await tx.execute(sql`
      select r.rolsuper as "superuser",
        pg_has_role(r.oid, (select datdba from pg_database where datname = current_database()), 'MEMBER')
          or pg_has_role(r.oid, (select nspowner from pg_namespace where nspname = 'public'), 'MEMBER')
          or exists (select 1 from pg_class c where c.relnamespace = 'public'::regnamespace and pg_has_role(r.oid, c.relowner, 'MEMBER'))
          as "owner"
      from pg_roles r
      where r.rolname = ${role}`);
    const [found] = rowsOf<{ superuser: boolean; owner: boolean }>(result);
    if (!found) throw new Error(`DATABASE_APP_ROLE: il ruolo ${role} non esiste (crearlo come indicato nel README)`);
    if (found.superuser || found.owner) {
      throw new Error(
        `DATABASE_APP_ROLE: il ruolo ${role} è superutente o proprietario del database, dello schema o di sue tabelle, quindi potrebbe riscrivere le ricevute: serve un ruolo distinto`,
      );
    }
    // Revoke, then grant, in one transaction: the result is exact and running instances never see a gap.
    await tx.execute(sql`revoke all on all tables in schema public from ${app}`);
    await tx.execute(sql`revoke all on all sequences in schema public from ${app}`);
    await tx.execute(sql`grant usage on schema public to ${app}`);
    await tx.execute(sql`grant select, insert, update, delete on all tables in schema public to ${app}`);
    await tx.execute(sql`revoke update, delete on receipts from ${app}`);
    await tx.execute(sql`grant usage, select on all sequences in schema public to ${app}`);
    // Read-only on the migrations journal, so that an app started without the owner's URL can check it.
    await tx.execute(sql`grant usage on schema drizzle to ${app}`);
    await tx.execute(sql`grant select on drizzle.__drizzle_migrations to ${app}`);
  });
}

/**
 * For the application role, which may not migrate: refuses to go on when the database lacks a committed
 * migration, instead of failing later on a missing column.
 */
export async function assertMigrated(db: Database): Promise<void> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const files = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER });
  const latest = Math.max(...files.map((file) => file.folderMillis));
  let applied: number;
  try {
    const rows = rowsOf<{ latest: string | number | null }>(
      await db.execute(sql`select max(created_at) as "latest" from drizzle.__drizzle_migrations`),
    );
    applied = Number(rows[0]?.latest ?? 0);
  } catch (error) {
    throw new Error(
      "Il database non è stato migrato, o il ruolo dell'applicazione non può leggerne lo stato: eseguire `npm run db:migrate` con DATABASE_MIGRATION_URL",
      { cause: error },
    );
  }
  if (applied < latest)
    throw new Error("Il database non è aggiornato all'ultima migrazione: eseguire `npm run db:migrate` con DATABASE_MIGRATION_URL");
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
