import { eq } from 'drizzle-orm';
import { enti } from '@/db/schema';
import { findActiveEnteBySlug, findActiveParent, findBackOfficeEnteBySlug, listActiveEnti } from '@/lib/enti/queries';
import { findActiveService, listActiveServices } from '@/lib/catalogue/queries';
import { DEMO_ENTI } from '@/db/seed/enti';
import { createTestDatabase, type TestDatabase, DATABASE_SETUP_MS } from '../support/test-db';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
}, DATABASE_SETUP_MS);

afterAll(async () => {
  await testDb.close();
});

const activeSlugs = DEMO_ENTI.filter((e) => e.adhesionStatus === 'attivo').map((e) => e.slug);

describe('tenant resolution', () => {
  it.each(activeSlugs)('resolves the active Ente %s', async (slug) => {
    const ente = await findActiveEnteBySlug(testDb.handle.db, slug);
    expect(ente?.slug).toBe(slug);
    expect(ente?.adhesionStatus).toBe('attivo');
  });

  it('does not resolve an Ente that is not active yet for citizens, but does for its back office', async () => {
    expect(await findActiveEnteBySlug(testDb.handle.db, 'pratolungo')).toBeUndefined();
    expect((await findBackOfficeEnteBySlug(testDb.handle.db, 'pratolungo'))?.slug).toBe('pratolungo');
  });

  it('serves citizens only with a partner, and gives a ceased Ente no back office', async () => {
    const db = testDb.handle.db;
    try {
      await db.update(enti).set({ partner: null }).where(eq(enti.slug, 'valmora'));
      expect(await findActiveEnteBySlug(db, 'valmora')).toBeUndefined();
      expect((await listActiveEnti(db)).map((e) => e.slug)).not.toContain('valmora');
      await db.update(enti).set({ adhesionStatus: 'cessato', partner: 'sandbox' }).where(eq(enti.slug, 'valmora'));
      expect(await findBackOfficeEnteBySlug(db, 'valmora')).toBeUndefined();
    } finally {
      await db.update(enti).set({ adhesionStatus: 'attivo', partner: 'sandbox' }).where(eq(enti.slug, 'valmora'));
    }
  });

  it('does not resolve an unknown slug', async () => {
    expect(await findActiveEnteBySlug(testDb.handle.db, 'comune-inesistente')).toBeUndefined();
  });

  it('lists only active Enti on the provincial home, with their parent', async () => {
    const list = await listActiveEnti(testDb.handle.db);
    expect(list.map((e) => e.slug).sort()).toEqual([...activeSlugs].sort());
    expect(list.find((e) => e.slug === 'castel-oglio')?.parentName).toBe('Unione dei Comuni delle Terre Basse');
    expect(list.find((e) => e.slug === 'comune-demo')?.serviceCount).toBe(9);
  });

  it('finds the Unione of a member Comune', async () => {
    const comune = await findActiveEnteBySlug(testDb.handle.db, 'castel-oglio');
    expect((await findActiveParent(testDb.handle.db, comune!))?.slug).toBe('unione-terre-basse');
  });
});

describe('catalogue queries are scoped by Ente', () => {
  it("lists only the Ente's own services", async () => {
    const demo = await findActiveEnteBySlug(testDb.handle.db, 'comune-demo');
    const unione = await findActiveEnteBySlug(testDb.handle.db, 'unione-terre-basse');
    const demoServices = await listActiveServices(testDb.handle.db, demo!.id);
    const unioneServices = await listActiveServices(testDb.handle.db, unione!.id);
    expect(demoServices.every((s) => s.enteId === demo!.id)).toBe(true);
    expect(unioneServices.map((s) => s.code).sort()).toEqual(['sanzioni-amministrative', 'sanzioni-cds', 'trasporto-scolastico']);
  });

  it("does not find another Ente's service by its code", async () => {
    const demo = await findActiveEnteBySlug(testDb.handle.db, 'comune-demo');
    const unione = await findActiveEnteBySlug(testDb.handle.db, 'unione-terre-basse');
    expect(await findActiveService(testDb.handle.db, demo!.id, 'lampade-votive')).toBeDefined();
    expect(await findActiveService(testDb.handle.db, unione!.id, 'lampade-votive')).toBeUndefined();
  });
});
