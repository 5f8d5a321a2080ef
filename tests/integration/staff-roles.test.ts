import { and, eq } from 'drizzle-orm';
import { auditLog, memberships, membershipServices, services, users } from '@/db/schema';
import { DEMO_CIT_STAFF, DEMO_ENTE_STAFF } from '@/db/seed/enti';
import { NO_ACCOUNT, decideCitAccess, decideEnteAccess, mayManageService, recordRefusal } from '@/lib/auth/access';
import { findStaffByFiscalCode, verifyCredentials, type EnteRole } from '@/lib/auth/users';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();

const EVERY_ENTE_ROLE = ['ente_admin', 'ente_operator', 'ente_viewer'] as const;
const enteIds: Record<string, string> = {};
const userIds: Record<string, string> = {};
const serviceIds: Record<string, string> = {};

const person = (fullName: string) => {
  const seeded = [...DEMO_ENTE_STAFF, ...DEMO_CIT_STAFF].find((p) => p.fullName === fullName);
  if (!seeded) throw new Error(fullName);
  return seeded;
};

beforeAll(async () => {
  for (const slug of ['comune-demo', 'valmora']) enteIds[slug] = (await findActiveEnteBySlug(db(), slug))!.id;
  for (const row of await db().select({ id: users.id, fiscalCode: users.fiscalCode }).from(users)) {
    if (row.fiscalCode) userIds[row.fiscalCode] = row.id;
  }
  for (const row of await db().select({ id: services.id, code: services.code, enteId: services.enteId }).from(services)) {
    serviceIds[
      `${row.enteId === enteIds.valmora ? 'valmora' : row.enteId === enteIds['comune-demo'] ? 'comune-demo' : 'altro'}/${row.code}`
    ] = row.id;
  }
  // A viewer, added by fiscal code only (no e-mail, no password), as staff signing in with SPID are.
  const [viewer] = await db().insert(users).values({ fullName: 'Vera Visconti', fiscalCode: 'VSCVRE90A41B157X' }).returning();
  await db().insert(memberships).values({ userId: viewer!.id, enteId: enteIds.valmora!, role: 'ente_viewer' });
  userIds.VSCVRE90A41B157X = viewer!.id;
});

const idOf = (fullName: string) => userIds[person(fullName).fiscalCode]!;

describe("decideEnteAccess: each role of Valmora's staff", () => {
  it.each<[string, EnteRole]>([
    ['Sara Bonetti', 'ente_admin'],
    ['Stefano Gatti', 'ente_operator'],
  ])('lets %s in as %s when the role is allowed, and refuses when it is not', async (name, role) => {
    const ente = enteIds.valmora!;
    expect(await decideEnteAccess(db(), idOf(name), ente, EVERY_ENTE_ROLE)).toMatchObject({ kind: 'ok', staff: { role, fullName: name } });
    expect(await decideEnteAccess(db(), idOf(name), ente, [role])).toMatchObject({ kind: 'ok' });
    const others = EVERY_ENTE_ROLE.filter((r) => r !== role);
    expect(await decideEnteAccess(db(), idOf(name), ente, others)).toEqual({ kind: 'forbidden' });
  });

  it('lets a viewer without e-mail in only where viewers are allowed', async () => {
    const viewer = userIds.VSCVRE90A41B157X!;
    expect(await decideEnteAccess(db(), viewer, enteIds.valmora!, EVERY_ENTE_ROLE)).toEqual({
      kind: 'ok',
      staff: { userId: viewer, fullName: 'Vera Visconti', email: null, role: 'ente_viewer', serviceIds: null },
    });
    expect(await decideEnteAccess(db(), viewer, enteIds.valmora!, ['ente_admin', 'ente_operator'])).toEqual({ kind: 'forbidden' });
  });

  it('refuses every other kind of person, whatever the roles allowed', async () => {
    for (const userId of [idOf('Paolo Ferri'), idOf('Giulia Ferrari'), idOf('Laura Bertoli'), idOf('Marco Zanardelli'), NO_ACCOUNT]) {
      expect(await decideEnteAccess(db(), userId, enteIds.valmora!, EVERY_ENTE_ROLE)).toEqual({ kind: 'forbidden' });
    }
  });

  it('asks for a login only when there is no user at all', async () => {
    expect(await decideEnteAccess(db(), undefined, enteIds.valmora!, EVERY_ENTE_ROLE)).toEqual({ kind: 'login' });
  });

  it('refuses with no role allowed at all', async () => {
    expect(await decideEnteAccess(db(), idOf('Sara Bonetti'), enteIds.valmora!, [])).toEqual({ kind: 'forbidden' });
  });

  it('refuses an Ente id that is not an Ente', async () => {
    expect(await decideEnteAccess(db(), idOf('Sara Bonetti'), NO_ACCOUNT, EVERY_ENTE_ROLE)).toEqual({ kind: 'forbidden' });
  });
});

describe('scoped operators', () => {
  it("gives Stefano only Valmora's school canteen and school bus, and Giulia every service of her Ente", async () => {
    const stefano = await decideEnteAccess(db(), idOf('Stefano Gatti'), enteIds.valmora!, ['ente_operator']);
    expect(stefano.kind).toBe('ok');
    if (stefano.kind !== 'ok') return;
    expect([...stefano.staff.serviceIds!].sort()).toEqual([serviceIds['valmora/mensa'], serviceIds['valmora/trasporto-scolastico']].sort());
    expect(mayManageService(stefano.staff, serviceIds['valmora/mensa']!)).toBe(true);
    const others = Object.entries(serviceIds).filter(([k]) => k.startsWith('valmora/') && !/mensa|trasporto-scolastico/.test(k));
    expect(others.length).toBeGreaterThan(0);
    for (const [, id] of others) expect(mayManageService(stefano.staff, id)).toBe(false);
    expect(mayManageService(stefano.staff, serviceIds['comune-demo/mensa']!)).toBe(false);

    const giulia = await decideEnteAccess(db(), idOf('Giulia Ferrari'), enteIds['comune-demo']!, ['ente_operator']);
    expect(giulia).toMatchObject({ kind: 'ok', staff: { serviceIds: null } });
    if (giulia.kind === 'ok') expect(mayManageService(giulia.staff, serviceIds['comune-demo/mensa']!)).toBe(true);
  });

  it('lets admins manage any service and viewers none', async () => {
    expect(mayManageService({ role: 'ente_admin', serviceIds: null }, serviceIds['valmora/mensa']!)).toBe(true);
    expect(mayManageService({ role: 'ente_admin', serviceIds: [] }, serviceIds['valmora/mensa']!)).toBe(true);
    expect(mayManageService({ role: 'ente_viewer', serviceIds: null }, serviceIds['valmora/mensa']!)).toBe(false);
    expect(mayManageService({ role: 'ente_viewer', serviceIds: [serviceIds['valmora/mensa']!] }, serviceIds['valmora/mensa']!)).toBe(false);
  });

  it('cannot be given a service of another Ente: the composite foreign key refuses it', async () => {
    await expect(
      db()
        .insert(membershipServices)
        .values({ userId: idOf('Stefano Gatti'), enteId: enteIds.valmora!, serviceId: serviceIds['comune-demo/mensa']! }),
    ).rejects.toThrow();
    // Nor by naming the other Ente: Stefano has no membership there.
    await expect(
      db()
        .insert(membershipServices)
        .values({ userId: idOf('Stefano Gatti'), enteId: enteIds['comune-demo']!, serviceId: serviceIds['comune-demo/mensa']! }),
    ).rejects.toThrow();
    const rows = await db()
      .select()
      .from(membershipServices)
      .where(eq(membershipServices.userId, idOf('Stefano Gatti')));
    expect(rows).toHaveLength(2);
  });

  it('loses the limits with the membership (cascade), so a new membership starts unlimited only by a new grant', async () => {
    const stefano = idOf('Stefano Gatti');
    await db()
      .delete(memberships)
      .where(and(eq(memberships.userId, stefano), eq(memberships.enteId, enteIds.valmora!)));
    expect(await db().select().from(membershipServices).where(eq(membershipServices.userId, stefano))).toEqual([]);
    expect(await decideEnteAccess(db(), stefano, enteIds.valmora!, EVERY_ENTE_ROLE)).toEqual({ kind: 'forbidden' });
    await db().insert(memberships).values({ userId: stefano, enteId: enteIds.valmora!, role: 'ente_operator' });
    await db()
      .insert(membershipServices)
      .values(
        ['valmora/mensa', 'valmora/trasporto-scolastico'].map((k) => ({
          userId: stefano,
          enteId: enteIds.valmora!,
          serviceId: serviceIds[k]!,
        })),
      );
  });
});

describe('disabled staff', () => {
  it('are refused at once in the Ente and in the CIT dashboard, and not found by fiscal code', async () => {
    const disable = (id: string, at: Date | null) => db().update(users).set({ disabledAt: at }).where(eq(users.id, id));
    const sara = idOf('Sara Bonetti');
    const laura = idOf('Laura Bertoli');
    await disable(sara, new Date());
    await disable(laura, new Date());
    try {
      expect(await decideEnteAccess(db(), sara, enteIds.valmora!, EVERY_ENTE_ROLE)).toEqual({ kind: 'forbidden' });
      expect(await decideCitAccess(db(), laura, ['cit_admin', 'cit_operator'])).toEqual({ kind: 'forbidden' });
      expect(await findStaffByFiscalCode(db(), person('Sara Bonetti').fiscalCode)).toBeUndefined();
      expect(await verifyCredentials(db(), person('Sara Bonetti').email, 'demo-pagamenti')).toBeUndefined();
    } finally {
      await disable(sara, null);
      await disable(laura, null);
    }
    expect(await decideEnteAccess(db(), sara, enteIds.valmora!, EVERY_ENTE_ROLE)).toMatchObject({ kind: 'ok' });
  });
});

describe('decideCitAccess', () => {
  it('tells CIT admins from operators, and refuses Ente staff, citizens and the nil account', async () => {
    expect(await decideCitAccess(db(), idOf('Laura Bertoli'), ['cit_admin'])).toMatchObject({ kind: 'ok', staff: { role: 'cit_admin' } });
    expect(await decideCitAccess(db(), idOf('Marco Zanardelli'), ['cit_admin'])).toEqual({ kind: 'forbidden' });
    expect(await decideCitAccess(db(), idOf('Marco Zanardelli'), ['cit_admin', 'cit_operator'])).toMatchObject({
      kind: 'ok',
      staff: { role: 'cit_operator' },
    });
    for (const userId of [idOf('Sara Bonetti'), userIds.VSCVRE90A41B157X!, NO_ACCOUNT]) {
      expect(await decideCitAccess(db(), userId, ['cit_admin', 'cit_operator'])).toEqual({ kind: 'forbidden' });
    }
    expect(await decideCitAccess(db(), undefined, ['cit_admin'])).toEqual({ kind: 'login' });
  });
});

describe('findStaffByFiscalCode', () => {
  it('finds seeded staff by the fiscal code SPID gives, whatever its case', async () => {
    const code = person('Giulia Ferrari').fiscalCode;
    expect(await findStaffByFiscalCode(db(), code)).toEqual({ id: idOf('Giulia Ferrari'), fullName: 'Giulia Ferrari' });
    expect(await findStaffByFiscalCode(db(), code.toLowerCase())).toEqual({ id: idOf('Giulia Ferrari'), fullName: 'Giulia Ferrari' });
  });

  it('finds staff without an e-mail, and nobody for a citizen or odd input', async () => {
    expect(await findStaffByFiscalCode(db(), 'VSCVRE90A41B157X')).toMatchObject({ fullName: 'Vera Visconti' });
    for (const code of [
      'RCCMNL83S18D969H',
      '',
      ' FRRGLI88B54B157Q',
      'TINIT-FRRGLI88B54B157Q',
      "' or 1=1 --",
      'x'.repeat(10_000),
      'FRRGLI88B54B157Q\u0000',
    ]) {
      expect(await findStaffByFiscalCode(db(), code)).toBeUndefined();
    }
  });

  it('keeps a staff account identified by e-mail or fiscal code, never neither, and fiscal codes in upper case', async () => {
    await expect(db().insert(users).values({ fullName: 'Nessuno' })).rejects.toThrow();
    await expect(db().insert(users).values({ fullName: 'Minuscolo', fiscalCode: 'rssmra80a01b157x' })).rejects.toThrow();
    await expect(
      db()
        .insert(users)
        .values({ fullName: 'Doppione', fiscalCode: person('Giulia Ferrari').fiscalCode }),
    ).rejects.toThrow();
  });

  it('finds nobody by e-mail and password who has no password (staff added by fiscal code)', async () => {
    await db().update(users).set({ email: 'vera@valmora.example.it' }).where(eq(users.id, userIds.VSCVRE90A41B157X!));
    expect(await verifyCredentials(db(), 'vera@valmora.example.it', 'qualunque-password')).toBeUndefined();
    expect(await verifyCredentials(db(), 'vera@valmora.example.it', '')).toBeUndefined();
  });
});

describe('recordRefusal', () => {
  it('writes who, what, when, from where and what was required', async () => {
    const before = new Date();
    await recordRefusal(db(), {
      enteId: enteIds.valmora!,
      userId: idOf('Paolo Ferri'),
      fiscalCode: person('Paolo Ferri').fiscalCode,
      what: 'GET /admin',
      required: ['ente_admin', 'ente_operator'],
      address: '203.0.113.9',
    });
    const [row] = await db()
      .select()
      .from(auditLog)
      // The demo seed has Paolo record a refund too: his refusals only.
      .where(and(eq(auditLog.actorUserId, idOf('Paolo Ferri')), eq(auditLog.action, 'accesso_negato')));
    expect(row).toMatchObject({
      enteId: enteIds.valmora,
      action: 'accesso_negato',
      targetType: 'risorsa',
      targetId: 'GET /admin',
      ip: '203.0.113.9',
      details: { what: 'GET /admin', required: ['ente_admin', 'ente_operator'], fiscalCode: person('Paolo Ferri').fiscalCode },
    });
    expect(row!.createdAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it('records a citizen (no account) and the CIT dashboard (no Ente)', async () => {
    await recordRefusal(db(), { enteId: null, fiscalCode: 'RCCMNL83S18D969H', what: 'GET /cit', required: ['cit_admin'], address: '::1' });
    const rows = await db().select().from(auditLog).where(eq(auditLog.targetId, 'GET /cit'));
    expect(rows).toEqual([
      expect.objectContaining({
        enteId: null,
        actorUserId: null,
        ip: '::1',
        details: expect.objectContaining({ fiscalCode: 'RCCMNL83S18D969H' }),
      }),
    ]);
  });

  it('stores a huge or odd request without failing, cut to the columns', async () => {
    const what = `GET /admin/${'x'.repeat(5000)}`;
    await recordRefusal(db(), { enteId: enteIds.valmora!, what, required: [], address: 'f'.repeat(300) });
    const [row] = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, what.slice(0, 64)));
    expect(row?.ip).toHaveLength(45);
    expect((row?.details as { what: string }).what).toBe(what);
  });
});
