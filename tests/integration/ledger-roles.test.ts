import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { eq, sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { bootstrapDatabase, migrateSchema } from '@/db';
import { receipts } from '@/db/schema';
import { readConfig, type ServerConfig } from '@/lib/config';
import { rowsOf } from '@/lib/jobs/queue';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { enteBySlug, newPosition, receiptFor } from '../support/payments';

/**
 * The two roles of design rule 12 on a real server: the schema owner migrates, the application role
 * may only INSERT and SELECT receipts. PGlite has a single role, so this runs only with DATABASE_URL.
 */
const serverUrl = process.env.DATABASE_URL;
const describeOnPostgres = serverUrl ? describe : describe.skip;

const suffix = randomBytes(4).toString('hex');
const ownerRole = `ledger_owner_${suffix}`;
const appRole = `ledger_app_${suffix}`;
const tableOwnerRole = `ledger_tables_${suffix}`;
const dbName = `portale_ledger_${suffix}`;

let admin: postgres.Sql;
let app: DatabaseHandle;
let owner: DatabaseHandle;
let config: ServerConfig;

function urlFor(user: string): string {
  const url = new URL(serverUrl!);
  url.username = user;
  url.password = '';
  url.pathname = `/${dbName}`;
  return url.toString();
}

/** The server's refusal of a query (SQLSTATE and message), wherever the driver and drizzle put it. */
function refusal(error: unknown): string {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return `${code} ${e.message}`;
  }
  return String(error);
}

async function failureOf(statement: string): Promise<string> {
  try {
    await app.db.execute(sql.raw(statement));
    return 'riuscita';
  } catch (error) {
    return refusal(error);
  }
}

describeOnPostgres('application role on PostgreSQL (skipped on PGlite: it has a single role)', () => {
  beforeAll(async () => {
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${ownerRole} login`);
    await admin.unsafe(`create role ${appRole} login`);
    await admin.unsafe(`create role ${tableOwnerRole} login`);
    await admin.unsafe(`create database ${dbName} owner ${ownerRole}`);
    config = { ...readConfig(), DATABASE_URL: urlFor(appRole), DATABASE_MIGRATION_URL: urlFor(ownerRole), DATABASE_APP_ROLE: appRole };
    app = await openDatabase({ url: urlFor(appRole) });
    owner = await openDatabase({ url: urlFor(ownerRole) });
    // As at app start: migrations through the owner's URL, demo data through the app's own connection.
    await bootstrapDatabase(app, { seed: true }, config);
  });

  afterAll(async () => {
    await app?.close();
    await owner?.close();
    if (!admin) return;
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    for (const role of [appRole, tableOwnerRole, ownerRole]) {
      await admin.unsafe(`drop owned by ${role}`).catch(() => undefined);
      await admin.unsafe(`drop role if exists ${role}`);
    }
    await admin.end();
  });

  it('lets the app do its normal work: create a position, record a receipt, read it back', async () => {
    const ente = await enteBySlug(app.db, 'valmora');
    const position = await newPosition(app.db, ente, 4200);
    const outcome = await recordReceipt(app.db, ente, 'sandbox', receiptFor(ente, position, 'ROLE-1'));
    expect(outcome.kind).toBe('receipt_created');
    const rows = await app.db.select({ receiptId: receipts.receiptId }).from(receipts).where(eq(receipts.enteId, ente.id));
    expect(rows).toEqual([{ receiptId: 'ROLE-1' }]);
    expect((await verifyReceiptChains(app.db)).problems).toEqual([]);
  });

  it.each([
    ['UPDATE', 'update receipts set amount_cents = 1'],
    ['DELETE', 'delete from receipts'],
    ['TRUNCATE', 'truncate receipts'],
    ['ALTER TABLE', 'alter table receipts add column note text'],
    ['DISABLE TRIGGER', 'alter table receipts disable trigger receipts_no_update_delete'],
    ['DISABLE TRIGGER ALL', 'alter table receipts disable trigger all'],
    ['DROP TRIGGER', 'drop trigger receipts_no_update_delete on receipts'],
    [
      'replace the trigger function',
      "create or replace function receipts_reject_change() returns trigger language plpgsql as 'begin return new; end'",
    ],
    ['DROP TABLE', 'drop table receipts cascade'],
    ['DDL on another table', 'alter table positions add column note text'],
    ['CREATE TABLE', 'create table public.rogue (id int)'],
    ['forging the migrations journal', "insert into drizzle.__drizzle_migrations (hash, created_at) values ('x', 0)"],
  ])('refuses %s to the application role', async (_label, statement) => {
    const refused = await failureOf(statement);
    // Refused for lack of privilege, before any trigger could run: the role itself cannot do it.
    expect(refused).toMatch(/^42501 (permission denied|must be owner)/);
  });

  it('keeps the receipts and both triggers after the attacks', async () => {
    // ROLE-1, and the demo seed's at comune-demo: a paid instalment (db/seed/citizens.ts) and the same one paid
    // again, flagged (db/seed/anomalies.ts).
    const rows = await app.db.select({ amountCents: receipts.amountCents }).from(receipts).orderBy(receipts.amountCents);
    expect(rows).toEqual([{ amountCents: 4200 }, { amountCents: 9850 }, { amountCents: 9850 }]);
    const triggers = await owner.db.execute(sql`
      select tgname from pg_trigger where tgrelid = 'receipts'::regclass and not tgisinternal and tgenabled = 'O' order by tgname`);
    expect(rowsOf<{ tgname: string }>(triggers).map((t) => t.tgname)).toEqual(['receipts_no_truncate', 'receipts_no_update_delete']);
  });

  it('grants again on every migrate: a new table is covered, receipts stay insert/select only', async () => {
    await owner.db.execute(sql`create table ledger_probe (id int primary key)`);
    expect(await failureOf('insert into ledger_probe values (1)')).toMatch(/^42501 permission denied/);
    await migrateSchema(app, config);
    expect(await failureOf('insert into ledger_probe values (1)')).toBe('riuscita');
    const privileges = await owner.db.execute(sql`
      select p as "privilege", has_table_privilege(${appRole}, 'receipts', p) as "granted"
      from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p`);
    expect(Object.fromEntries(rowsOf<{ privilege: string; granted: boolean }>(privileges).map((r) => [r.privilege, r.granted]))).toEqual({
      SELECT: true,
      INSERT: true,
      UPDATE: false,
      DELETE: false,
      TRUNCATE: false,
      REFERENCES: false,
      TRIGGER: false,
    });
  });

  it('refuses an application role that owns the database or a table, is superuser, does not exist, or a migration URL for another database', async () => {
    await expect(migrateSchema(app, { ...config, DATABASE_APP_ROLE: ownerRole })).rejects.toThrow(
      /proprietario del database, dello schema o di sue tabelle/,
    );
    // Owning a single table is enough to drop it: ledger_probe (created above) is handed over as superuser.
    const superuserOnDb = postgres(urlFor(new URL(serverUrl!).username), { max: 1, onnotice: () => {} });
    await superuserOnDb.unsafe(`alter table ledger_probe owner to ${tableOwnerRole}`);
    await superuserOnDb.end();
    await expect(migrateSchema(app, { ...config, DATABASE_APP_ROLE: tableOwnerRole })).rejects.toThrow(/di sue tabelle/);
    const superuser = rowsOf<{ name: string }>(await admin.unsafe('select current_user as name'))[0]!.name;
    await expect(migrateSchema(app, { ...config, DATABASE_APP_ROLE: superuser })).rejects.toThrow(/è superutente/);
    await expect(migrateSchema(app, { ...config, DATABASE_APP_ROLE: `ledger_nobody_${suffix}` })).rejects.toThrow(/non esiste/);
    await expect(migrateSchema(app, { ...config, DATABASE_MIGRATION_URL: serverUrl })).rejects.toThrow(/devono essere lo stesso/);
  });

  it('starts as the app role without the owner URL: it checks the migrations instead of running them', async () => {
    const appOnly = { ...config, DATABASE_MIGRATION_URL: undefined };
    // Migrating would need CREATE on the database, which the app role lacks: resolving proves it only checked.
    await expect(migrateSchema(app, appOnly)).resolves.toBeUndefined();
    await owner.db.execute(
      sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
    );
    await expect(migrateSchema(app, appOnly)).rejects.toThrow(/non è aggiornato.*npm run db:migrate/);
    await expect(bootstrapDatabase(app, { seed: false }, appOnly)).rejects.toThrow(/non è aggiornato/);
  });
});
