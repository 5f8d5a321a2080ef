import { and, eq } from 'drizzle-orm';
import { enti, services } from '@/db/schema';
import { loadSiteDirectory } from '@/lib/tenancy/site-directory';
import { findMissingInDirectory, findMissingResource } from '@/lib/tenancy/site-existence';
import { createTestDatabase, type TestDatabase, DATABASE_SETUP_MS } from '../support/test-db';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
}, DATABASE_SETUP_MS);

afterAll(async () => {
  await testDb.close();
});

const missing = (slug: string, pathname: string) => findMissingResource(testDb.handle.db, slug, pathname);

describe('findMissingResource (the middleware existence check)', () => {
  it('finds nothing missing for an active Ente and its active services', async () => {
    expect(await missing('comune-demo', '/')).toBeNull();
    expect(await missing('comune-demo', '/servizi/mensa')).toBeNull();
    expect(await missing('comune-demo', '/paga-avviso')).toBeNull();
    expect(await missing('unione-terre-basse', '/')).toBeNull();
  });

  it('reports an unknown Ente on every path, services included', async () => {
    for (const pathname of ['/', '/servizi/mensa', '/admin', '/paga-avviso']) {
      expect(await missing('comune-inesistente', pathname)).toBe('ente');
    }
  });

  it('reports the portal of an Ente whose adhesion is not active as not active yet, but leaves its back office alone', async () => {
    expect(await missing('pratolungo', '/')).toBe('non_attivo');
    expect(await missing('pratolungo', '/servizi/tari')).toBe('non_attivo');
    expect(await missing('pratolungo', '/paga-avviso')).toBe('non_attivo');
    expect(await missing('pratolungo', '/admin')).toBeNull();
    expect(await missing('pratolungo', '/admin/servizi')).toBeNull();
    expect(await missing('pratolungo', '/logo')).toBeNull();
    // The sign-in steps that lead to the back office; the citizens' login page is part of the portal.
    for (const step of ['/accedi/spid', '/accedi/cie', '/accedi/oidc', '/accedi/completa'])
      expect(await missing('pratolungo', step)).toBeNull();
    expect(await missing('pratolungo', '/accedi')).toBe('non_attivo');
    expect(await missing('pratolungo', '/administrator')).toBe('non_attivo');
  });

  it('tells a suspended, a partner-less and a ceased Ente apart', async () => {
    const db = testDb.handle.db;
    try {
      await db.update(enti).set({ adhesionStatus: 'sospeso' }).where(eq(enti.slug, 'valmora'));
      expect(await missing('valmora', '/')).toBe('sospeso');
      expect(await missing('valmora', '/admin')).toBeNull();
      await db.update(enti).set({ adhesionStatus: 'attivo', partner: null }).where(eq(enti.slug, 'valmora'));
      expect(await missing('valmora', '/')).toBe('non_attivo');
      await db.update(enti).set({ adhesionStatus: 'cessato' }).where(eq(enti.slug, 'valmora'));
      expect(await missing('valmora', '/')).toBe('cessato');
      expect(await missing('valmora', '/admin')).toBe('cessato');
    } finally {
      await db.update(enti).set({ adhesionStatus: 'attivo', partner: 'sandbox' }).where(eq(enti.slug, 'valmora'));
    }
  });

  it("does not find another Ente's service on this Ente's site", async () => {
    expect(await missing('comune-demo', '/servizi/tari')).toBeNull();
    expect(await missing('unione-terre-basse', '/servizi/tari')).toBe('servizio');
  });

  it('reports a service switched off by its Ente, and only on that Ente', async () => {
    const [valmora] = await testDb.handle.db.select().from(enti).where(eq(enti.slug, 'valmora'));
    await testDb.handle.db
      .update(services)
      .set({ active: false })
      .where(and(eq(services.enteId, valmora!.id), eq(services.code, 'mensa')));
    expect(await missing('valmora', '/servizi/mensa')).toBe('servizio');
    expect(await missing('comune-demo', '/servizi/mensa')).toBeNull();
  });

  it('reports malformed service codes as missing without failing the query', async () => {
    for (const segment of ['MENSA', "mensa'%20or%201=1--", '%00', 'x'.repeat(200), '%E0%A4%A', 'inesistente']) {
      expect(await missing('comune-demo', `/servizi/${segment}`)).toBe('servizio');
    }
  });

  it('leaves deeper paths and the catalogue itself to the router', async () => {
    expect(await missing('comune-demo', '/servizi')).toBeNull();
    expect(await missing('comune-demo', '/servizi/mensa/altro')).toBeNull();
  });
});

describe('findMissingInDirectory (the same check for the cached pages, from the site directory)', () => {
  it('answers exactly as the database does, for every kind of site and address', async () => {
    const db = testDb.handle.db;
    await db.update(enti).set({ adhesionStatus: 'sospeso' }).where(eq(enti.slug, 'castel-oglio'));
    try {
      const directory = await loadSiteDirectory(db);
      for (const slug of ['comune-demo', 'valmora', 'castel-oglio', 'pratolungo', 'unione-terre-basse', 'comune-inesistente']) {
        for (const pathname of ['/', '/servizi/mensa', '/servizi/tari', '/servizi/MENSA', '/servizi/inesistente', '/admin']) {
          expect([slug, pathname, await findMissingInDirectory(directory, slug, pathname)]).toEqual([
            slug,
            pathname,
            await findMissingResource(db, slug, pathname),
          ]);
        }
      }
    } finally {
      await db.update(enti).set({ adhesionStatus: 'attivo' }).where(eq(enti.slug, 'castel-oglio'));
    }
  });
});
