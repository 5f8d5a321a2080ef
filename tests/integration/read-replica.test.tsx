import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { bootstrapDatabase, getDb, getReadDb } from '@/db';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { enti, memberships, services, users } from '@/db/schema';
import { DEMO_CIT_STAFF } from '@/db/seed/enti';
import ReceiptsPage from '@/app/ente/[slug]/admin/(area)/ricevute/page';
import MonitoringPage from '@/app/provincia/cit/(area)/monitoraggio/page';
import { rowsOf } from '@/lib/jobs/queue';
import { actAs, actAsOnProvincia, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { renderPage } from '../support/render-page';
import { withTestDatabase } from '../support/test-db';

/*
 * DATABASE_READ_URL: the back-office lists and the CIT's dashboards read the replica; the guards (who may
 * see the page) and everything else read the primary. The "replica" is a copy of the primary
 * (CREATE DATABASE … TEMPLATE) that then drifts apart, so that each page shows which one it read.
 */
jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
jest.mock('next/navigation', () => ({
  ...jest.requireActual('next/navigation'),
  useRouter: () => ({ refresh: () => undefined, push: () => undefined, replace: () => undefined }),
}));

const serverUrl = process.env.DATABASE_URL;
const PAOLO = 'FRRPLA70H21B157M'; // admin of Comune Demo
const CIT_ADMIN = DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!.fiscalCode;

const receiptsPage = () => ReceiptsPage({ params: Promise.resolve({ slug: 'comune-demo' }), searchParams: Promise.resolve({}) });
const monitoringPage = () => MonitoringPage({ searchParams: Promise.resolve({}) });

describe('without DATABASE_READ_URL', () => {
  const { testDb } = withTestDatabase();
  shareDatabaseWithActions(() => testDb().handle);

  it('reads go to the primary', async () => {
    expect(await getReadDb()).toBe(await getDb());
  });
});

(serverUrl ? describe : describe.skip)('with DATABASE_READ_URL', () => {
  const admin = postgres(serverUrl ?? 'postgres://unused', { max: 1, onnotice: () => {} });
  const names = { primary: `portale_test_${randomBytes(6).toString('hex')}`, replica: `portale_test_${randomBytes(6).toString('hex')}` };
  const urlOf = (name: string) => Object.assign(new URL(serverUrl!), { pathname: `/${name}` }).toString();
  let primary: DatabaseHandle;
  let replica: DatabaseHandle;

  beforeAll(async () => {
    await admin.unsafe(`create database ${names.primary}`);
    const seeding = await openDatabase({ url: urlOf(names.primary) });
    await bootstrapDatabase(seeding, { seed: true });
    await seeding.close();
    // A copy needs its template without connections: the replica starts as the primary's exact copy.
    await admin.unsafe(`create database ${names.replica} template ${names.primary}`);
    primary = await openDatabase({ url: urlOf(names.primary) });
    replica = await openDatabase({ url: urlOf(names.replica) });
    (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(primary);
    process.env.DATABASE_READ_URL = urlOf(names.replica);
    // Drift: only the replica knows these names.
    await replica.db.update(services).set({ title: 'Mensa (dalla replica)' }).where(eq(services.code, 'mensa'));
    await replica.db.update(enti).set({ name: 'Comune di Valmora (dalla replica)' }).where(eq(enti.slug, 'valmora'));
  });

  afterAll(async () => {
    delete process.env.DATABASE_READ_URL;
    const holder = globalThis as { __portaleDatabase?: unknown; __portaleReadDatabase?: Promise<DatabaseHandle> };
    await (await holder.__portaleReadDatabase)?.close();
    holder.__portaleDatabase = undefined;
    holder.__portaleReadDatabase = undefined;
    await primary?.close();
    await replica?.close();
    for (const name of Object.values(names)) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('getReadDb reads the replica, getDb the primary', async () => {
    const current = async (db: typeof primary.db) =>
      rowsOf<{ name: string }>(await db.execute(sql`select current_database() as "name"`))[0]!.name;
    expect(await current(await getReadDb())).toBe(names.replica);
    expect(await current(await getDb())).toBe(names.primary);
  });

  it("the back office's receipts list and the CIT's monitoring read the replica", async () => {
    const paolo = await staffSession(primary.db, PAOLO);
    const receipts = await actAs('comune-demo', paolo, () => renderPage(receiptsPage));
    expect(receipts.status).toBe(200);
    expect(receipts.status === 200 && receipts.html).toContain('Mensa (dalla replica)');

    const monitoring = await actAsOnProvincia(await staffSession(primary.db, CIT_ADMIN), () => renderPage(monitoringPage));
    expect(monitoring.status).toBe(200);
    expect(monitoring.status === 200 && monitoring.html).toContain('Comune di Valmora (dalla replica)');
  });

  it('who may see the page is decided on the primary: a role revoked there counts at once', async () => {
    const paolo = await staffSession(primary.db, PAOLO);
    const [user] = await primary.db.select({ id: users.id }).from(users).where(eq(users.fiscalCode, PAOLO));
    const [demo] = await primary.db.select({ id: enti.id }).from(enti).where(eq(enti.slug, 'comune-demo'));
    const his = and(eq(memberships.userId, user!.id), eq(memberships.enteId, demo!.id));
    // Gone from the (lagging) replica only: nothing changes.
    await replica.db.delete(memberships).where(his);
    expect((await actAs('comune-demo', paolo, () => renderPage(receiptsPage))).status).toBe(200);
    // Gone from the primary, still on the replica: refused.
    await primary.db.delete(memberships).where(his);
    expect((await actAs('comune-demo', paolo, () => renderPage(receiptsPage))).status).toBe(403);
  });
});
