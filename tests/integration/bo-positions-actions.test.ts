import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { auditLog, enti, jobs, memberships, positions, services, users, type Ente } from '@/db/schema';
import type { PortalSession } from '@/lib/auth/session';
import { authSecret } from '@/lib/config';
import { verifyLink } from '@/lib/documents/links';
import { createPosition } from '@/lib/positions/create';
import { findPositionDetail } from '@/lib/positions/history';
import { INVALIDATE_QUEUE } from '@/lib/positions/invalidate';
import { cancelPositionAction, createCounterPositionAction } from '@/lib/positions/staff-actions';
import { serviceRef } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';
import { CITIZEN_FISCAL_CODE, PERSONAS } from '../support/personas';

/*
 * Cancelling and creating positions at the counter, through the real action wrapper, session decoding and
 * database (only next/headers is injected, as in action-policies.test.ts).
 */
const mockRequest: { headers: Headers } = { headers: new Headers() };
jest.mock('next/headers', () => ({
  headers: async () => mockRequest.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;
const VIEWER_CF = 'VWRVWR80A01B157K';
let valmora: Ente;
let demo: Ente;
const ids = new Map<string, string>();

beforeAll(async () => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
  const rows = await db().select().from(enti);
  valmora = rows.find((e) => e.slug === 'valmora')!;
  demo = rows.find((e) => e.slug === 'comune-demo')!;
  for (const s of await db().select().from(services)) ids.set(`${rows.find((e) => e.id === s.enteId)!.slug}/${s.code}`, s.id);
  const [viewer] = await db().insert(users).values({ fullName: 'Vera Visconti', fiscalCode: VIEWER_CF }).returning();
  await db().insert(memberships).values({ userId: viewer!.id, enteId: valmora.id, role: 'ente_viewer' });
  for (const u of await db().select().from(users)) if (u.fiscalCode) ids.set(u.fiscalCode, u.id);
});

afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

const person = (start: string) => PERSONAS.find((p) => p.label.startsWith(start))!.fiscalCode!;
const SARA = () => person('Sara');
const STEFANO = () => person('Stefano');
const PAOLO = () => person('Paolo');

async function as<T>(slug: string, fiscalCode: string, run: () => Promise<T>): Promise<T> {
  const session: PortalSession = { userId: ids.get(fiscalCode), fiscalCode, name: 'x', method: 'spid', level: 2 };
  const token = await encode({ secret: authSecret(), salt: 'authjs.session-token', token: { sub: session.userId, ...session } });
  mockRequest.headers = new Headers({
    host: `${slug}.localhost:3000`,
    'x-forwarded-proto': 'http',
    'x-forwarded-for': '203.0.113.9',
    cookie: `authjs.session-token=${token}`,
  });
  return run();
}

async function position(ente: Ente, code: string) {
  return createPosition(db(), ente, {
    channel: 'staff',
    service: await serviceRef(db(), ids.get(`${ente.slug}/${code}`)!),
    debtor: { type: 'F', fiscalCode: CITIZEN_FISCAL_CODE, fullName: 'Mario Rossi' },
    causale: `Prova ${code}`,
    amountCents: 2500,
    dueDate: null,
    taxonomyCode: '9/0101101IM/',
    iban: 'IT60X0542811101000000123456',
    formData: {},
  });
}

const statusOf = async (id: string) => (await db().select().from(positions).where(eq(positions.id, id)))[0]!;
const REASON = 'Importo già versato allo sportello';

describe('cancelling a position', () => {
  it('records who, when and why, writes the audit log and shows it in the history', async () => {
    const p = await position(valmora, 'tari');
    const result = await as('valmora', SARA(), () => cancelPositionAction({ positionId: p.id, reason: REASON }));
    expect(result).toEqual({ ok: true, data: { status: 'cancelled', alreadyCancelled: false } });
    const row = await statusOf(p.id);
    expect(row).toMatchObject({ status: 'cancelled', cancelReason: REASON, cancelledBy: ids.get(SARA()) });
    expect(row.cancelledAt).toBeInstanceOf(Date);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'posizione_annullata'), eq(auditLog.targetId, p.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ enteId: valmora.id, actorUserId: ids.get(SARA()), ip: '203.0.113.9' });
    const detail = await findPositionDetail(db(), valmora.id, { serviceIds: null }, p.id);
    expect(detail!.history.map((e) => e.title)).toEqual(['Posizione creata', 'Posizione annullata']);
    expect(detail!.history[1]!.detail).toBe(`da Sara Bonetti: ${REASON}`);
  });

  it('is harmless when two cancels of the same position run at once or are replayed', async () => {
    const p = await position(valmora, 'tari');
    const results = await Promise.all([
      as('valmora', SARA(), () => cancelPositionAction({ positionId: p.id, reason: REASON })),
      as('valmora', SARA(), () => cancelPositionAction({ positionId: p.id, reason: 'Altro motivo, doppio clic' })),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.data.alreadyCancelled)).toHaveLength(1);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'posizione_annullata'), eq(auditLog.targetId, p.id)));
    expect(audit).toHaveLength(1);
    expect((await statusOf(p.id)).cancelReason).toBe((audit[0]!.details as { reason: string }).reason);
  });

  it('refuses a paid position with a clear message', async () => {
    const p = await position(valmora, 'tari');
    await db().update(positions).set({ status: 'paid', paidAt: new Date() }).where(eq(positions.id, p.id));
    const result = await as('valmora', SARA(), () => cancelPositionAction({ positionId: p.id, reason: REASON }));
    expect(result).toEqual({ ok: false, error: expect.stringContaining('già stata pagata') });
    expect((await statusOf(p.id)).status).toBe('paid');
  });

  it("refuses viewers, another Ente's position, and a scoped operator outside their services", async () => {
    const tari = await position(valmora, 'tari');
    const mensa = await position(valmora, 'mensa');
    const other = await position(demo, 'tari');
    expect(await as('valmora', VIEWER_CF, () => cancelPositionAction({ positionId: tari.id, reason: REASON }))).toEqual({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
    expect(await as('valmora', SARA(), () => cancelPositionAction({ positionId: other.id, reason: REASON }))).toEqual({
      ok: false,
      error: 'Posizione non trovata.',
    });
    expect(await as('comune-demo', SARA(), () => cancelPositionAction({ positionId: other.id, reason: REASON }))).toEqual({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
    expect(await as('valmora', STEFANO(), () => cancelPositionAction({ positionId: tari.id, reason: REASON }))).toEqual({
      ok: false,
      error: 'Posizione non trovata.',
    });
    expect(await as('valmora', STEFANO(), () => cancelPositionAction({ positionId: mensa.id, reason: REASON }))).toMatchObject({
      ok: true,
    });
    for (const p of [tari, other]) expect((await statusOf(p.id)).status).toBe('valid');
  });

  it("queues the partner's invalidation of a registered position with the cancellation, and nothing when refused", async () => {
    const registered = async (ente: Ente, code: string) => {
      const p = await position(ente, code);
      await db().update(positions).set({ registrationStatus: 'registered', registeredAt: new Date() }).where(eq(positions.id, p.id));
      return p;
    };
    const invalidations = async (id: string) =>
      db()
        .select()
        .from(jobs)
        .where(and(eq(jobs.queue, INVALIDATE_QUEUE), eq(jobs.singletonKey, id)));
    const tari = await registered(valmora, 'tari');
    const other = await registered(demo, 'tari');
    expect(await as('valmora', VIEWER_CF, () => cancelPositionAction({ positionId: tari.id, reason: REASON }))).toMatchObject({
      ok: false,
    });
    expect(await as('valmora', STEFANO(), () => cancelPositionAction({ positionId: tari.id, reason: REASON }))).toMatchObject({
      ok: false,
    });
    expect(await as('valmora', SARA(), () => cancelPositionAction({ positionId: other.id, reason: REASON }))).toMatchObject({ ok: false });
    for (const p of [tari, other]) expect(await invalidations(p.id)).toHaveLength(0);
    expect(await as('valmora', SARA(), () => cancelPositionAction({ positionId: tari.id, reason: REASON }))).toMatchObject({ ok: true });
    expect((await invalidations(tari.id)).map((j) => j.payload)).toEqual([{ enteId: valmora.id, positionId: tari.id }]);
  });

  it('requires a reason and a well-formed id', async () => {
    const p = await position(valmora, 'tari');
    const short = await as('valmora', SARA(), () => cancelPositionAction({ positionId: p.id, reason: '  ' }));
    expect(short).toMatchObject({ ok: false, fieldErrors: { reason: expect.stringContaining('motivo') } });
    const huge = await as('valmora', SARA(), () => cancelPositionAction({ positionId: p.id, reason: 'x'.repeat(100_000) }));
    expect(huge).toMatchObject({ ok: false, fieldErrors: { reason: expect.any(String) } });
    const odd = await as('valmora', SARA(), () => cancelPositionAction({ positionId: "1' or '1'='1", reason: REASON }));
    expect(odd).toMatchObject({ ok: false, fieldErrors: { positionId: expect.any(String) } });
    expect((await statusOf(p.id)).status).toBe('valid');
  });
});

const counterInput = (serviceCode: string, over: Record<string, string> = {}) => ({
  requestId: randomUUID(),
  serviceId: ids.get(`valmora/${serviceCode}`)!,
  debtorType: 'F' as const,
  debtorFiscalCode: CITIZEN_FISCAL_CODE.toLowerCase(),
  debtorName: 'Mario Rossi',
  debtorEmail: '',
  amount: '',
  quantity: '',
  causale: 'Diritti di segreteria pratica 12/2027',
  dueDate: '',
  ...over,
});

describe('creating a position at the counter', () => {
  it('creates it with the amount of the service rule and offers the signed avviso link at once', async () => {
    const result = await as('valmora', SARA(), () =>
      createCounterPositionAction(counterInput('diritti-segreteria', { amount: '16,00', dueDate: '2099-12-31' })),
    );
    if (!result.ok) throw new Error(result.error);
    const row = await statusOf(result.data.positionId);
    expect(row).toMatchObject({
      enteId: valmora.id,
      amountCents: 1600,
      debtorFiscalCode: CITIZEN_FISCAL_CODE,
      dueDate: '2099-12-31',
      status: 'valid',
    });
    const token = new URL(result.data.avvisoUrl, 'http://x').searchParams.get('t');
    expect(verifyLink('notice', valmora.id, row.noticeNumber, token)).toBe(true);
    const fixed = await as('valmora', SARA(), () => createCounterPositionAction(counterInput('trasporto-scolastico', { amount: '0,01' })));
    const fixedService = (
      await db()
        .select()
        .from(services)
        .where(eq(services.id, ids.get('valmora/trasporto-scolastico')!))
    )[0]!;
    expect(fixed.ok && (await statusOf(fixed.data.positionId)).amountCents).toBe((fixedService.amountRule as { cents: number }).cents);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, result.data.positionId));
    expect(audit.map((a) => a.action)).toEqual(['posizione_creata_sportello']);
  });

  it('creates one position for a doubled or replayed submission', async () => {
    const input = counterInput('mensa', { quantity: '4' });
    const results = await Promise.all([
      as('valmora', SARA(), () => createCounterPositionAction(input)),
      as('valmora', SARA(), () => createCounterPositionAction(input)),
    ]);
    const replay = await as('valmora', SARA(), () => createCounterPositionAction(input));
    const created = [...results, replay].map((r) => (r.ok ? r.data.positionId : r.error));
    expect(new Set(created).size).toBe(1);
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, created[0]!));
    expect(audit).toHaveLength(1);
    const missing = await as('valmora', SARA(), () => createCounterPositionAction({ ...input, requestId: '' }));
    expect(missing).toMatchObject({ ok: false, fieldErrors: { requestId: expect.any(String) } });
  });

  it('checks the amount against the rule, the fiscal code, the due date and the lengths', async () => {
    const outOfRange = await as('valmora', SARA(), () =>
      createCounterPositionAction(counterInput('diritti-segreteria', { amount: '999999' })),
    );
    expect(outOfRange).toMatchObject({ ok: false, fieldErrors: { amount: expect.stringContaining("L'importo deve essere tra") } });
    const noQuantity = await as('valmora', SARA(), () => createCounterPositionAction(counterInput('mensa', { quantity: '0' })));
    expect(noQuantity).toMatchObject({ ok: false, fieldErrors: { quantity: expect.any(String) } });
    const badCf = await as('valmora', SARA(), () =>
      createCounterPositionAction(counterInput('mensa', { debtorFiscalCode: 'RSSMRA80A01B157A', quantity: '3' })),
    );
    expect(badCf).toMatchObject({ ok: false, fieldErrors: { debtorFiscalCode: expect.any(String) } });
    const company = await as('valmora', SARA(), () =>
      createCounterPositionAction(counterInput('mensa', { debtorType: 'G', debtorFiscalCode: CITIZEN_FISCAL_CODE, quantity: '3' })),
    );
    expect(company).toMatchObject({ ok: false, fieldErrors: { debtorFiscalCode: expect.stringContaining('11 cifre') } });
    const past = await as('valmora', SARA(), () =>
      createCounterPositionAction(counterInput('mensa', { quantity: '3', dueDate: '2020-01-01' })),
    );
    expect(past).toMatchObject({ ok: false, fieldErrors: { dueDate: expect.any(String) } });
    const huge = await as('valmora', SARA(), () =>
      createCounterPositionAction(counterInput('mensa', { quantity: '3', causale: 'x'.repeat(10_000) })),
    );
    expect(huge).toMatchObject({ ok: false, fieldErrors: { causale: expect.any(String) } });
  });

  it("refuses viewers, another Ente's service and a scoped operator's other services", async () => {
    expect(await as('valmora', VIEWER_CF, () => createCounterPositionAction(counterInput('mensa', { quantity: '3' })))).toEqual({
      ok: false,
      error: 'Non hai i permessi per questa operazione.',
    });
    const foreign = { ...counterInput('mensa', { quantity: '3' }), serviceId: ids.get('comune-demo/mensa')! };
    expect(await as('comune-demo', PAOLO(), () => createCounterPositionAction(counterInput('mensa', { quantity: '3' })))).toMatchObject({
      ok: false,
      fieldErrors: { serviceId: expect.any(String) },
    });
    expect(await as('valmora', SARA(), () => createCounterPositionAction(foreign))).toMatchObject({
      ok: false,
      fieldErrors: { serviceId: expect.any(String) },
    });
    expect(await as('valmora', STEFANO(), () => createCounterPositionAction(counterInput('tari', { amount: '10' })))).toMatchObject({
      ok: false,
      fieldErrors: { serviceId: expect.any(String) },
    });
    expect(await as('valmora', STEFANO(), () => createCounterPositionAction(counterInput('mensa', { quantity: '2' })))).toMatchObject({
      ok: true,
    });
  });
});
