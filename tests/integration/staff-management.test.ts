import { and, eq } from 'drizzle-orm';
import { auditLog, memberships, membershipServices, services, users } from '@/db/schema';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { inviteStaffMember, removeStaffMember, updateStaffMember } from '@/lib/staff/actions';
import { updateStaff } from '@/lib/staff/manage';
import { listStaff } from '@/lib/staff/queries';
import { actAs, staffSession, shareDatabaseWithActions } from '../support/acting-as';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const SARA = 'BNTSRA79S43B157V'; // admin of Valmora
const STEFANO = 'GTTSFN85A30B157O'; // operator of Valmora, limited to two services
const PAOLO = 'FRRPLA70H21B157M'; // admin of Comune Demo
const NEW_PERSON = 'VRDLGU75C12B157G';
const NOT_ALLOWED = 'Non hai i permessi per questa operazione.';

const sara = () => staffSession(db(), SARA);
const enteId = async (slug: string) => (await findActiveEnteBySlug(db(), slug))!.id;
const userIdOf = async (fiscalCode: string) => (await staffSession(db(), fiscalCode)).userId!;
const serviceId = async (slug: string, code: string) =>
  (
    await db()
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.enteId, await enteId(slug)), eq(services.code, code)))
  )[0]!.id;

describe('inviting staff', () => {
  it('creates the account of an unknown fiscal code, limits an operator to a service, and audits it', async () => {
    const mensa = await serviceId('valmora', 'mensa');
    const done = await actAs('valmora', await sara(), () =>
      inviteStaffMember({
        fiscalCode: ' vrdlgu75c12b157g ',
        fullName: 'Luigi Verdi',
        email: 'Luigi@Example.it',
        role: 'ente_operator',
        serviceIds: [mensa],
      }),
    );
    expect(done.ok).toBe(true);
    const member = (await listStaff(db(), await enteId('valmora'))).find((m) => m.fiscalCode === NEW_PERSON)!;
    expect(member).toMatchObject({
      fullName: 'Luigi Verdi',
      email: 'luigi@example.it',
      role: 'ente_operator',
      serviceIds: [mensa],
      lastLoginAt: null,
    });
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'personale_aggiunto'), eq(auditLog.targetId, member.userId)));
    expect(audit).toMatchObject({ enteId: await enteId('valmora'), actorUserId: await userIdOf(SARA), ip: '203.0.113.45' });
    // A replay (double submit) adds nothing.
    const again = await actAs('valmora', await sara(), () =>
      inviteStaffMember({ fiscalCode: NEW_PERSON, fullName: 'Luigi Verdi', role: 'ente_operator', serviceIds: [mensa] }),
    );
    expect(again).toEqual({ ok: false, error: expect.stringContaining('fa già parte del personale') });
  });

  it('adds an existing account (staff of another Ente) without touching its name', async () => {
    const done = await actAs('valmora', await sara(), () =>
      inviteStaffMember({ fiscalCode: PAOLO, fullName: 'Nome Cambiato', role: 'ente_viewer' }),
    );
    expect(done).toEqual({ ok: true, data: { userId: await userIdOf(PAOLO) } });
    const [paolo] = await db().select().from(users).where(eq(users.fiscalCode, PAOLO));
    expect(paolo!.fullName).toBe('Paolo Ferri');
    // His role at Comune Demo is untouched.
    const rows = await db().select().from(memberships).where(eq(memberships.userId, paolo!.id));
    expect(rows.map((r) => r.role).sort()).toEqual(['ente_admin', 'ente_viewer']);
  });

  it('refuses an invalid fiscal code, odd input and a service of another Ente', async () => {
    const session = await sara();
    for (const fiscalCode of ['VRDLGU75C12B157X', 'ABC', 'VRDLGU75C12B157\u0000', 'x'.repeat(100_000)]) {
      const result = await actAs('valmora', session, () => inviteStaffMember({ fiscalCode, fullName: 'Anna Neri', role: 'ente_viewer' }));
      expect(result).toMatchObject({ ok: false, fieldErrors: { fiscalCode: expect.any(String) } });
    }
    const nul = await actAs('valmora', session, () =>
      inviteStaffMember({ fiscalCode: 'NRENNA90L45B157O', fullName: 'Anna\u0000Neri', role: 'ente_viewer' }),
    );
    expect(nul).toMatchObject({ ok: false, fieldErrors: { fullName: expect.any(String) } });
    const badRole = await actAs('valmora', session, () =>
      inviteStaffMember({ fiscalCode: 'NRENNA90L45B157O', fullName: 'Anna Neri', role: 'cit_admin' as never }),
    );
    expect(badRole).toMatchObject({ ok: false, fieldErrors: { role: expect.any(String) } });
    const [demoService] = await db()
      .select({ id: services.id })
      .from(services)
      .where(eq(services.enteId, await enteId('comune-demo')));
    const foreign = await actAs('valmora', session, () =>
      inviteStaffMember({ fiscalCode: 'NRENNA90L45B157O', fullName: 'Anna Neri', role: 'ente_operator', serviceIds: [demoService!.id] }),
    );
    expect(foreign).toEqual({ ok: false, error: expect.stringContaining('servizi scelti') });
    expect((await db().select().from(users).where(eq(users.fiscalCode, 'NRENNA90L45B157O'))).length).toBe(0);
  });

  it('refuses operators and viewers, and strangers from another Ente', async () => {
    const input = { fiscalCode: 'BNCCRL82S60B157Y', fullName: 'Carla Bianchi', role: 'ente_admin' as const };
    expect(await actAs('valmora', await staffSession(db(), STEFANO), () => inviteStaffMember(input))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    // Paolo is a viewer at Valmora since the test above, and admin of Comune Demo only.
    expect(await actAs('valmora', await staffSession(db(), PAOLO), () => inviteStaffMember(input))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    const saraId = await userIdOf(SARA);
    expect(await actAs('valmora', await staffSession(db(), PAOLO), () => removeStaffMember({ userId: saraId }))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
  });
});

describe('changing and removing staff', () => {
  it("changes an operator's scope and role, audited before and after", async () => {
    const stefano = await userIdOf(STEFANO);
    const trasporto = await serviceId('valmora', 'trasporto-scolastico');
    const done = await actAs('valmora', await sara(), () =>
      updateStaffMember({ userId: stefano, role: 'ente_operator', serviceIds: [trasporto] }),
    );
    expect(done.ok).toBe(true);
    const scope = await db().select().from(membershipServices).where(eq(membershipServices.userId, stefano));
    expect(scope.map((s) => s.serviceId)).toEqual([trasporto]);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'personale_modificato'), eq(auditLog.targetId, stefano)));
    expect(audit!.details).toEqual({
      before: { role: 'ente_operator', serviceIds: expect.arrayContaining([trasporto]) },
      after: { role: 'ente_operator', serviceIds: [trasporto] },
    });
    expect((audit!.details as { before: { serviceIds: string[] } }).before.serviceIds).toHaveLength(2);
    // A viewer has no scope: the services are dropped with the role.
    await actAs('valmora', await sara(), () => updateStaffMember({ userId: stefano, role: 'ente_viewer', serviceIds: [trasporto] }));
    expect(await db().select().from(membershipServices).where(eq(membershipServices.userId, stefano))).toEqual([]);
  });

  it("cannot touch another Ente's staff through this Ente", async () => {
    const giulia = await userIdOf('FRRGLI88B54B157Q'); // operator of Comune Demo
    const attempts: (() => Promise<{ ok: boolean }>)[] = [
      () => updateStaffMember({ userId: giulia, role: 'ente_admin' }),
      () => removeStaffMember({ userId: giulia }),
      () => updateStaffMember({ userId: '00000000-0000-0000-0000-000000000000', role: 'ente_admin' }),
    ];
    for (const run of attempts) {
      expect(await actAs('valmora', await sara(), run)).toEqual({
        ok: false,
        error: expect.stringContaining('non fa parte del personale'),
      });
    }
    const [row] = await db().select().from(memberships).where(eq(memberships.userId, giulia));
    expect(row!.role).toBe('ente_operator');
    expect(await actAs('valmora', await sara(), () => removeStaffMember({ userId: 'not-a-uuid' }))).toMatchObject({
      ok: false,
      fieldErrors: { userId: expect.any(String) },
    });
  });

  it('keeps the last admin: she can neither demote nor remove herself, until there is another', async () => {
    const me = await userIdOf(SARA);
    const lastAdmin = { ok: false, error: expect.stringContaining('almeno un amministratore') };
    expect(await actAs('valmora', await sara(), () => updateStaffMember({ userId: me, role: 'ente_operator' }))).toEqual(lastAdmin);
    expect(await actAs('valmora', await sara(), () => removeStaffMember({ userId: me }))).toEqual(lastAdmin);
    const luigi = await userIdOf(NEW_PERSON);
    expect((await actAs('valmora', await sara(), () => updateStaffMember({ userId: luigi, role: 'ente_admin' }))).ok).toBe(true);
    expect((await actAs('valmora', await sara(), () => removeStaffMember({ userId: me }))).ok).toBe(true);
    // Removed: her session no longer opens Valmora's back office, while Luigi's does.
    expect(await actAs('valmora', await sara(), () => removeStaffMember({ userId: luigi }))).toEqual({ ok: false, error: NOT_ALLOWED });
    const luigiSession = await staffSession(db(), NEW_PERSON);
    expect(await actAs('valmora', luigiSession, () => removeStaffMember({ userId: luigi }))).toEqual(lastAdmin);
    const removal = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'personale_rimosso'), eq(auditLog.targetId, me)));
    expect(removal).toHaveLength(1);
    expect((await db().select().from(users).where(eq(users.id, me))).length).toBe(1);
  });

  it('lets only one of two admins demoting each other at the same moment win', async () => {
    const demo = await enteId('comune-demo');
    const paolo = await userIdOf(PAOLO);
    const paoloSession = await staffSession(db(), PAOLO);
    const invited = await actAs('comune-demo', paoloSession, () =>
      inviteStaffMember({ fiscalCode: 'BNCCRL82S60B157Y', fullName: 'Carla Bianchi', role: 'ente_admin' }),
    );
    if (!invited.ok) throw new Error(invited.error);
    const carla = invited.data.userId;
    const outcomes = await Promise.allSettled([
      updateStaff(db(), { enteId: demo, userId: paolo }, { userId: carla, role: 'ente_viewer', serviceIds: [] }),
      updateStaff(db(), { enteId: demo, userId: carla }, { userId: paolo, role: 'ente_viewer', serviceIds: [] }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const admins = (await listStaff(db(), demo)).filter((m) => m.role === 'ente_admin');
    expect(admins).toHaveLength(1);
  });
});
