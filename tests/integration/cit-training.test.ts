import { and, eq, isNotNull } from 'drizzle-orm';
import { adhesions, auditLog, enti, memberships, trainingRegistrations, trainingSessions, users } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import {
  cancelTrainingSession,
  recordTrainingAttendance,
  registerForTraining,
  scheduleTrainingSession,
  updateTrainingSession,
} from '@/lib/training/actions';
import { enteTrainingHistory, sessionForCit, upcomingSessionsForEnte } from '@/lib/training/queries';
import { registerToSession } from '@/lib/training/registrations';
import { recordAttendance } from '@/lib/training/sessions';
import { shareDatabaseWithActions, staffSession, type nextHeaders } from '../support/acting-as';
import { withTestDatabase, DATABASE_SETUP_MS } from '../support/test-db';

/*
 * Training on a real database (PGlite, or the server of DATABASE_URL): the CIT schedules, Ente admins register
 * within the seats (the last one under concurrency too), attendance completes the adhesion's training step.
 * Actions run through the real wrapper with only the request injected, on the provincial host or an Ente's.
 */
const mockRequest: { headers: Headers } = { headers: new Headers() };
jest.mock('next/headers', (): typeof nextHeaders => ({
  headers: async () => mockRequest.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }) as never,
}));
jest.mock('next/cache', () => ({ revalidatePath: () => undefined }));

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const LAURA = 'BRTLRA75C52B157G'; // cit_admin
const MARCO = 'ZNRMRC82P05B157W'; // cit_operator
const SARA = 'BNTSRA79S43B157V'; // ente_admin of valmora
const STEFANO = 'GTTSFN85A30B157O'; // ente_operator of valmora
const PAOLO = 'FRRPLA70H21B157M'; // ente_admin of comune-demo

const NOT_ALLOWED = 'Non hai i permessi per questa operazione.';
const NOT_HERE = 'Questa operazione non è disponibile su questo sito.';

/** Runs `work` as a browser on `slug`'s host (null: the provincial site) signed in as the staff member with `fiscalCode`. */
async function as<T>(slug: string | null, fiscalCode: string, work: () => Promise<T>): Promise<T> {
  const { encode } = await import('next-auth/jwt');
  const { authSecret } = await import('@/lib/config');
  const session = await staffSession(db(), fiscalCode);
  const token = await encode({ secret: authSecret(), salt: 'authjs.session-token', token: { sub: session.userId, ...session } });
  mockRequest.headers = new Headers({
    host: slug ? `${slug}.localhost:3000` : 'localhost:3000',
    'x-forwarded-proto': 'http',
    'x-forwarded-for': '203.0.113.46',
    cookie: `authjs.session-token=${token}`,
  });
  return work();
}

const future = (days: number) => new Date(Date.now() + days * 86_400_000);
/** `YYYY-MM-DDTHH:mm` in Italian time, as the form's datetime-local input sends it. */
const localInput = (date: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' }).format(date).replace(' ', 'T');

const form = (overrides: Record<string, unknown> = {}) => ({
  title: 'Primi passi con il portale',
  startsAt: localInput(future(10)),
  durationMinutes: 120,
  place: 'Sala CIT',
  link: '',
  seats: 2,
  notes: '',
  ...overrides,
});

async function idOf(fiscalCode: string) {
  return (await staffSession(db(), fiscalCode)).userId!;
}
async function enteIdOf(slug: string) {
  const [row] = await db().select({ id: enti.id }).from(enti).where(eq(enti.slug, slug));
  return row!.id;
}

/** A session inserted as it stands, for states the actions cannot reach at once (already started). */
async function insertSession(values: { startsAt: Date; seats?: number; cancelledAt?: Date }) {
  const [row] = await db()
    .insert(trainingSessions)
    .values({ title: 'Sessione di prova', durationMinutes: 60, place: 'Sala CIT', seats: 10, ...values })
    .returning({ id: trainingSessions.id });
  return row!.id;
}

async function auditOf(action: string, sessionId: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, sessionId)));
}

describe('scheduling by the CIT', () => {
  it('lets the CIT operator and admin schedule, edit and cancel, audited', async () => {
    const scheduled = await as(null, MARCO, () => scheduleTrainingSession(form()));
    if (!scheduled.ok) throw new Error(scheduled.error);
    const id = scheduled.data.id;
    expect(await auditOf('formazione_programmata', id)).toEqual([
      expect.objectContaining({ actorUserId: await idOf(MARCO), enteId: null }),
    ]);

    const edited = await as(null, LAURA, () =>
      updateTrainingSession({ id, session: form({ seats: 5, link: 'https://video.example.it/x' }) }),
    );
    expect(edited).toEqual({ ok: true, data: { saved: true } });
    const [row] = await db().select().from(trainingSessions).where(eq(trainingSessions.id, id));
    expect(row).toMatchObject({ seats: 5, link: 'https://video.example.it/x', place: 'Sala CIT' });
    expect(await auditOf('formazione_modificata', id)).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ before: expect.objectContaining({ seats: 2 }) }) }),
    ]);

    expect(await as(null, MARCO, () => cancelTrainingSession({ sessionId: id }))).toEqual({ ok: true, data: { cancelled: true } });
    expect(await as(null, MARCO, () => cancelTrainingSession({ sessionId: id }))).toEqual({
      ok: false,
      error: 'La sessione è già annullata.',
    });
    expect(await as(null, MARCO, () => updateTrainingSession({ id, session: form() }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/annullata/),
    });
    expect(await auditOf('formazione_annullata', id)).toHaveLength(1);
  });

  it('refuses a date in the past and a session with neither place nor link, field by field', async () => {
    const past = await as(null, MARCO, () => scheduleTrainingSession(form({ startsAt: localInput(future(-1)) })));
    expect(past).toMatchObject({ ok: false, fieldErrors: { startsAt: expect.stringMatching(/passata/) } });
    const nowhere = await as(null, MARCO, () => scheduleTrainingSession(form({ place: '' })));
    expect(nowhere).toMatchObject({ ok: false, fieldErrors: { place: expect.any(String) } });
  });

  it('refuses Ente staff and any other site', async () => {
    expect(await as(null, SARA, () => scheduleTrainingSession(form()))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await as('valmora', MARCO, () => scheduleTrainingSession(form()))).toEqual({ ok: false, error: NOT_HERE });
    expect(
      await as(null, SARA, () => recordTrainingAttendance({ sessionId: crypto.randomUUID(), userId: crypto.randomUUID(), present: true })),
    ).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
  });

  it('never lowers the seats below the people registered', async () => {
    const id = await insertSession({ startsAt: future(5), seats: 2 });
    await registerToSession(db(), { userId: await idOf(SARA), enteId: await enteIdOf('valmora') }, id);
    await registerToSession(db(), { userId: await idOf(PAOLO), enteId: await enteIdOf('comune-demo') }, id);
    const lowered = await as(null, MARCO, () => updateTrainingSession({ id, session: form({ seats: 1 }) }));
    expect(lowered).toMatchObject({ ok: false, fieldErrors: { seats: expect.stringMatching(/2 persone/) } });
  });
});

describe('registration by an Ente admin', () => {
  it('registers the signed-in admin for the Ente of the Host, within the seats, once', async () => {
    const id = await insertSession({ startsAt: future(7), seats: 1 });
    expect(await as('valmora', SARA, () => registerForTraining({ sessionId: id, enteId: 'altro' } as never))).toEqual({
      ok: true,
      data: { registered: true },
    });
    const [registration] = await db().select().from(trainingRegistrations).where(eq(trainingRegistrations.sessionId, id));
    expect(registration).toMatchObject({ userId: await idOf(SARA), enteId: await enteIdOf('valmora') });
    expect(await as('valmora', SARA, () => registerForTraining({ sessionId: id }))).toEqual({
      ok: false,
      error: 'Sei già iscritto a questa sessione.',
    });
    expect(await as('comune-demo', PAOLO, () => registerForTraining({ sessionId: id }))).toEqual({
      ok: false,
      error: 'I posti sono esauriti: scegli un’altra sessione.',
    });
    const [upcoming] = (await upcomingSessionsForEnte(db(), await enteIdOf('valmora'), await idOf(SARA))).filter(
      (s) => s.session.id === id,
    );
    expect(upcoming).toMatchObject({ seatsLeft: 0, registered: true });
    expect(await auditOf('formazione_iscrizione', id)).toEqual([expect.objectContaining({ enteId: await enteIdOf('valmora') })]);
  });

  it('refuses operators, staff of another Ente, the provincial site, cancelled and started sessions', async () => {
    const id = await insertSession({ startsAt: future(7) });
    expect(await as('valmora', STEFANO, () => registerForTraining({ sessionId: id }))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await as('valmora', PAOLO, () => registerForTraining({ sessionId: id }))).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(await as(null, SARA, () => registerForTraining({ sessionId: id }))).toEqual({ ok: false, error: NOT_HERE });
    const cancelled = await insertSession({ startsAt: future(7), cancelledAt: new Date() });
    expect(await as('valmora', SARA, () => registerForTraining({ sessionId: cancelled }))).toEqual({
      ok: false,
      error: 'La sessione è stata annullata.',
    });
    const started = await insertSession({ startsAt: future(-0.01) });
    expect(await as('valmora', SARA, () => registerForTraining({ sessionId: started }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/iniziata/),
    });
  });

  it('gives the last seat to exactly one of many asking at the same moment', async () => {
    const enteId = await enteIdOf('valmora');
    const people = await db()
      .insert(users)
      .values(Array.from({ length: 6 }, (_, i) => ({ fullName: `Persona ${i}`, email: `corsa${i}@valmora.example.it` })))
      .returning({ id: users.id });
    await db()
      .insert(memberships)
      .values(people.map((p) => ({ userId: p.id, enteId, role: 'ente_admin' as const })));
    for (const round of [1, 2, 3]) {
      const id = await insertSession({ startsAt: future(3), seats: 2 });
      await registerToSession(db(), { userId: people[0]!.id, enteId }, id);
      // Five people for the one seat left, each in its own transaction (own connections on a PostgreSQL server).
      const outcomes = await Promise.allSettled(people.slice(1).map((p) => registerToSession(db(), { userId: p.id, enteId }, id)));
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect([round, outcomes.filter((o) => o.status === 'fulfilled').length]).toEqual([round, 1]);
      for (const r of refused) expect(r.reason).toEqual(new ActionError('I posti sono esauriti: scegli un’altra sessione.'));
      const registered = await db().select().from(trainingRegistrations).where(eq(trainingRegistrations.sessionId, id));
      expect(registered).toHaveLength(2);
    }
  });
});

describe('attendance', () => {
  async function freshEnte(slug: string) {
    const enteId = await enteIdOf(slug);
    await db().delete(trainingRegistrations).where(eq(trainingRegistrations.enteId, enteId));
    await db().insert(adhesions).values({ enteId }).onConflictDoNothing();
    await db()
      .update(adhesions)
      .set({ referenteUserId: null, trainingCompletedAt: null, trainingSessionId: null })
      .where(eq(adhesions.enteId, enteId));
    return enteId;
  }
  const stepOf = async (enteId: string) => {
    const [row] = await db()
      .select({ completedAt: adhesions.trainingCompletedAt, sessionId: adhesions.trainingSessionId })
      .from(adhesions)
      .where(eq(adhesions.enteId, enteId));
    return row;
  };

  it('of any staff member completes the step while no referente is appointed; absent undoes it; audited', async () => {
    const enteId = await freshEnte('valmora');
    const startsAt = future(-1);
    const id = await insertSession({ startsAt });
    const sara = await idOf(SARA);
    await db().insert(trainingRegistrations).values({ sessionId: id, userId: sara, enteId });

    expect(await as(null, MARCO, () => recordTrainingAttendance({ sessionId: id, userId: sara, present: true }))).toEqual({
      ok: true,
      data: { stepCompleted: true },
    });
    expect(await stepOf(enteId)).toEqual({ completedAt: startsAt, sessionId: id });
    const [audit] = await auditOf('formazione_presenza', id);
    expect(audit).toMatchObject({ enteId, actorUserId: await idOf(MARCO), details: { userId: sara, present: true } });
    const detail = await sessionForCit(db(), id);
    expect(detail!.registrations).toEqual([expect.objectContaining({ userId: sara, attendance: 'presente', completesStep: true })]);
    expect((await enteTrainingHistory(db(), enteId)).step).toEqual({ completedAt: startsAt, title: 'Sessione di prova' });

    expect(await as(null, MARCO, () => recordTrainingAttendance({ sessionId: id, userId: sara, present: false }))).toEqual({
      ok: true,
      data: { stepCompleted: false },
    });
    expect(await stepOf(enteId)).toEqual({ completedAt: null, sessionId: null });
    expect((await sessionForCit(db(), id))!.registrations[0]!.attendance).toBe('assente');
  });

  it("of someone else does not complete it once a referente is appointed; the referente's does", async () => {
    const enteId = await freshEnte('comune-demo');
    const [paolo, giulia] = [await idOf(PAOLO), await idOf('FRRGLI88B54B157Q')];
    await db().update(adhesions).set({ referenteUserId: paolo }).where(eq(adhesions.enteId, enteId));
    const first = await insertSession({ startsAt: future(-20) });
    const second = await insertSession({ startsAt: future(-2) });
    await db()
      .insert(trainingRegistrations)
      .values([
        { sessionId: first, userId: giulia, enteId },
        { sessionId: second, userId: paolo, enteId },
      ]);
    await recordAttendance(db(), { userId: await idOf(LAURA) }, { sessionId: first, userId: giulia, present: true });
    expect(await stepOf(enteId)).toEqual({ completedAt: null, sessionId: null });
    await recordAttendance(db(), { userId: await idOf(LAURA) }, { sessionId: second, userId: paolo, present: true });
    expect(await stepOf(enteId)).toMatchObject({ sessionId: second });
  });

  it('is refused before the session starts, for a cancelled session, and for someone not registered', async () => {
    const enteId = await freshEnte('valmora');
    const sara = await idOf(SARA);
    const upcoming = await insertSession({ startsAt: future(2) });
    const cancelled = await insertSession({ startsAt: future(-1), cancelledAt: future(-3) });
    const held = await insertSession({ startsAt: future(-1) });
    await db()
      .insert(trainingRegistrations)
      .values([
        { sessionId: upcoming, userId: sara, enteId },
        { sessionId: cancelled, userId: sara, enteId },
      ]);
    const record = (sessionId: string) => as(null, MARCO, () => recordTrainingAttendance({ sessionId, userId: sara, present: true }));
    expect(await record(upcoming)).toMatchObject({ ok: false, error: expect.stringMatching(/dall’inizio/) });
    expect(await record(cancelled)).toMatchObject({ ok: false, error: expect.stringMatching(/annullata/) });
    expect(await record(held)).toMatchObject({ ok: false, error: expect.stringMatching(/non è iscritta/) });
    expect(await stepOf(enteId)).toEqual({ completedAt: null, sessionId: null });
  });
});

describe('the demo seed', () => {
  it(
    'holds a past session that completed the step of Comune Demo and Valmora, and sessions ahead with seats',
    async () => {
      // On its own database: the tests above rewrote the seeded adhesions.
      const { createTestDatabase } = await import('../support/test-db');
      const fresh = await createTestDatabase({ seed: true });
      try {
        const seeded = fresh.handle.db;
        const steps = await seeded
          .select({ slug: enti.slug, completedAt: adhesions.trainingCompletedAt })
          .from(adhesions)
          .innerJoin(enti, eq(enti.id, adhesions.enteId))
          .where(isNotNull(adhesions.trainingCompletedAt));
        expect(steps.map((s) => s.slug).sort()).toEqual(['comune-demo', 'valmora']);
        const [pratolungo] = await seeded.select({ id: enti.id }).from(enti).where(eq(enti.slug, 'pratolungo'));
        const [admin] = await seeded.select({ id: users.id }).from(users).where(eq(users.email, 'admin@pratolungo.example.it'));
        const ahead = await upcomingSessionsForEnte(seeded, pratolungo!.id, admin!.id);
        expect(ahead).toHaveLength(2);
        expect(ahead[0]).toMatchObject({ registered: true, seatsLeft: 29 });
      } finally {
        await fresh.close();
      }
    },
    DATABASE_SETUP_MS,
  );
});
