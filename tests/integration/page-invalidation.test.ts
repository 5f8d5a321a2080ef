import { and, eq } from 'drizzle-orm';
import { enti, services, type Service } from '@/db/schema';
import { createServiceAction, moveServiceAction, setServiceActiveAction, updateServiceAction } from '@/lib/catalogue/actions';
import { listActiveServices } from '@/lib/catalogue/queries';
import { serviceFormValues } from '@/lib/catalogue/service-schema';
import { suspendEnte, reactivateEnte } from '@/lib/onboarding/actions';
import { updateProviderProfile } from '@/lib/provider/actions';
import { findProviderProfile } from '@/lib/provider/profile';
import type { ProviderProfileInput } from '@/lib/provider/schemas';
import { updateEnteProfile } from '@/lib/settings/actions';
import { siteDirectory } from '@/lib/tenancy/site-directory';
import { findMissingInDirectory } from '@/lib/tenancy/site-existence';
import { actAs, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { takeRevalidatedTags } from '../support/next-cache';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);

/*
 * Every change a citizen page shows revalidates its tags (lib/cache/tags.ts), through the real actions,
 * wrapper and database; a refused change revalidates nothing. The site directory, which answers the cached
 * pages' addresses without a query, follows the same revalidations.
 */
const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const VALMORA_ADMIN = 'BNTSRA79S43B157V';
const DEMO_ADMIN = 'FRRPLA70H21B157M';
const CIT_ADMIN = 'BRTLRA75C52B157G';
let valmora = '';

beforeAll(async () => {
  valmora = (await db().select({ id: enti.id }).from(enti).where(eq(enti.slug, 'valmora')))[0]!.id;
});

beforeEach(() => takeRevalidatedTags());

async function service(code: string): Promise<Service> {
  const [row] = await db()
    .select()
    .from(services)
    .where(and(eq(services.enteId, valmora), eq(services.code, code)));
  return row!;
}

const asValmoraAdmin = async <T>(work: () => Promise<T>) => actAs('valmora', await staffSession(db(), VALMORA_ADMIN), work);

describe('the catalogue', () => {
  it('a new service: its page, the home that lists it, the count on the provincial home; the directory knows its code', async () => {
    const before = await siteDirectory(db());
    expect(await findMissingInDirectory(before, 'valmora', '/servizi/centro-estivo')).toBe('servizio');
    const result = await asValmoraAdmin(() =>
      createServiceAction({
        ...serviceFormValues(),
        code: 'centro-estivo',
        title: 'Centro estivo',
        summary: 'Iscrizione al centro estivo comunale.',
        description: 'Il centro estivo accoglie bambini e ragazzi da giugno ad agosto.',
        category: 'Scuola e servizi educativi',
        taxonomyCode: '9/0107100TS/',
        amountRule: { kind: 'fixed', cents: 6000 },
        causaleTemplate: 'Centro estivo',
        iban: 'IT60 X054 2811 1010 0000 0123 456',
      }),
    );
    expect(result).toMatchObject({ ok: true });
    expect(takeRevalidatedTags().sort()).toEqual([`catalogue:${valmora}`, 'enti', `service:${valmora}:centro-estivo`]);
    expect(await findMissingInDirectory(await siteDirectory(db()), 'valmora', '/servizi/centro-estivo')).toBeNull();
  });

  it('an edit: the service page and the home, not the provincial home', async () => {
    const mensa = await service('mensa');
    const edited = { ...serviceFormValues(mensa), title: 'Mensa scolastica comunale' };
    expect(
      await asValmoraAdmin(() => updateServiceAction({ id: mensa.id, version: mensa.updatedAt.toISOString(), service: edited })),
    ).toMatchObject({ ok: true });
    expect(takeRevalidatedTags().sort()).toEqual([`catalogue:${valmora}`, `service:${valmora}:mensa`]);
  });

  it('switching a service off takes it off the directory too; reordering touches the home only', async () => {
    const mensa = await service('mensa');
    expect(await asValmoraAdmin(() => setServiceActiveAction({ id: mensa.id, active: false }))).toMatchObject({ ok: true });
    expect(takeRevalidatedTags().sort()).toEqual([`catalogue:${valmora}`, 'enti', `service:${valmora}:mensa`]);
    expect(await findMissingInDirectory(await siteDirectory(db()), 'valmora', '/servizi/mensa')).toBe('servizio');
    expect(await asValmoraAdmin(() => setServiceActiveAction({ id: mensa.id, active: true }))).toMatchObject({ ok: true });
    takeRevalidatedTags();

    // The first of a category with two services or more moves down.
    const all = await listActiveServices(db(), valmora);
    const moved = all.find(
      (s, i) => all.findIndex((o) => o.category === s.category) === i && all.filter((o) => o.category === s.category).length > 1,
    )!;
    const result = await asValmoraAdmin(() =>
      moveServiceAction({ id: moved.id, direction: 'down', version: moved.updatedAt.toISOString() }),
    );
    expect(result).toMatchObject({ ok: true });
    expect(takeRevalidatedTags()).toEqual([`catalogue:${valmora}`]);
  });

  it('a refused change revalidates nothing: another Ente’s admin, and no session', async () => {
    const mensa = await service('mensa');
    const edited = { ...serviceFormValues(mensa), title: 'Rubata' };
    const input = { id: mensa.id, version: mensa.updatedAt.toISOString(), service: edited };
    expect(await actAs('valmora', await staffSession(db(), DEMO_ADMIN), () => updateServiceAction(input))).toMatchObject({ ok: false });
    expect(await actAs('comune-demo', await staffSession(db(), DEMO_ADMIN), () => updateServiceAction(input))).toMatchObject({ ok: false });
    expect(await actAs('valmora', undefined, () => updateServiceAction(input))).toMatchObject({ ok: false });
    expect(takeRevalidatedTags()).toEqual([]);
    expect((await service('mensa')).title).not.toBe('Rubata');
  });
});

describe('the Ente and the provider', () => {
  it("the Ente's profile: its pages and the provincial home", async () => {
    const [row] = await db().select().from(enti).where(eq(enti.id, valmora));
    const result = await asValmoraAdmin(() => updateEnteProfile({ name: 'Comune di Valmora', ipaCode: row!.ipaCode, phone: '030 123456' }));
    expect(result).toMatchObject({ ok: true });
    expect(takeRevalidatedTags().sort()).toEqual([`ente:${valmora}`, 'enti']);
  });

  it('a suspension by the CIT: the pages, and the directory answers «sospeso» at once', async () => {
    const cit = await staffSession(db(), CIT_ADMIN);
    expect(await findMissingInDirectory(await siteDirectory(db()), 'valmora', '/')).toBeNull();
    expect(await actAs('', cit, () => suspendEnte({ enteId: valmora, reason: 'Verifica amministrativa' }))).toMatchObject({ ok: true });
    expect(takeRevalidatedTags().sort()).toEqual([`ente:${valmora}`, 'enti']);
    expect(await findMissingInDirectory(await siteDirectory(db()), 'valmora', '/')).toBe('sospeso');
    expect(await actAs('', cit, () => reactivateEnte({ enteId: valmora }))).toMatchObject({ ok: true });
    expect(await findMissingInDirectory(await siteDirectory(db()), 'valmora', '/servizi/trasporto-scolastico')).toBeNull();
  });

  it("the provider's identity: every page", async () => {
    const profile = (await findProviderProfile(db()))!;
    const cit = await staffSession(db(), CIT_ADMIN);
    const { updatedAt: _updatedAt, updatedBy: _updatedBy, isDemo: _isDemo, id: _id, ...fields } = profile;
    const input: ProviderProfileInput = { ...fields, officeHours: 'Lun-ven 9-12' };
    const result = await actAs('', cit, () => updateProviderProfile(input));
    expect(result).toMatchObject({ ok: true });
    expect(takeRevalidatedTags()).toEqual(['provider']);
  });
});
