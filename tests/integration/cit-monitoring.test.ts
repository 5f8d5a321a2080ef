import { eq, inArray } from 'drizzle-orm';
import { anomalies, carts, jobs, partnerInbox, positions, publicQuestions, supportRequests, type Ente } from '@/db/schema';
import {
  citOverview,
  figuresPerEnte,
  paymentsPerDay,
  totalsOf,
  unattributedRejectedCallbacks,
  type EnteFigures,
} from '@/lib/cit/monitoring';
import { databaseHealth, errorRate, partnerHealth, queueHealth } from '@/lib/cit/health';
import { periodFilterSchema, periodOf } from '@/lib/cit/monitoring-period';
import { recordPartnerCall } from '@/lib/partners/call-stats';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { enteBySlug, newPosition, receiptFor, startedCart } from '../support/payments';
import { withTestDatabase } from '../support/test-db';

/*
 * The CIT's figures across Enti on known data. Period figures use a period of 2020 that the demo data
 * never reaches; the figures of "now" (pending, dead jobs, anomalies) are measured as the difference
 * this test makes to the seeded database.
 */
const { db } = withTestDatabase();
const PERIOD = { from: '2020-03-01', to: '2020-03-10' };
const NOW = new Date('2020-03-10T12:00:00Z');
let valmora: Ente;
let demo: Ente;
let before: { valmora: EnteFigures; overview: Awaited<ReturnType<typeof citOverview>> };

const figuresOf = async (ente: Ente) => (await figuresPerEnte(db(), PERIOD, ente.id))[0]!;

async function paidAt(at: string, cents: number, receiptId: string) {
  const position = await newPosition(db(), valmora, cents);
  await recordReceipt(db(), valmora, 'sandbox', { ...receiptFor(valmora, position, receiptId), paymentDateTime: at });
}

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  demo = await enteBySlug(db(), 'comune-demo');
  before = { valmora: await figuresOf(valmora), overview: await citOverview(db(), NOW) };

  // Italian days: 00:30 of 1 March and 23:30 of 10 March are in; 23:00 of 29 February and 00:10 of 11 March are not.
  await paidAt('2020-02-29T23:30:00Z', 1000, 'CIT-M-1');
  await paidAt('2020-03-10T10:00:00Z', 250, 'CIT-M-2');
  await paidAt('2020-03-10T22:30:00Z', 4000, 'CIT-M-3');
  await paidAt('2020-02-29T22:00:00Z', 7000, 'CIT-M-OUT-1');
  await paidAt('2020-03-10T23:10:00Z', 9000, 'CIT-M-OUT-2');

  const first = await startedCart(db(), valmora, new Date('2020-03-05T10:00:00Z'));
  const second = await startedCart(db(), valmora, new Date('2020-03-06T10:00:00Z'));
  await db()
    .update(carts)
    .set({ createdAt: new Date('2020-03-05T09:00:00Z') })
    .where(inArray(carts.id, [first.cartId, second.cartId]));
  await db().update(carts).set({ status: 'paid' }).where(eq(carts.id, first.cartId));

  // Positions the partner has not registered: one refused (an error), one stuck since the morning of NOW's day.
  const refused = await newPosition(db(), valmora);
  await db().update(positions).set({ registrationError: 'Partner non raggiungibile' }).where(eq(positions.id, refused.id));
  const stuck = await newPosition(db(), valmora);
  await db()
    .update(positions)
    .set({ createdAt: new Date('2020-03-10T09:00:00Z') })
    .where(eq(positions.id, stuck.id));

  await db()
    .insert(jobs)
    .values({ queue: 'positions.register', payload: { enteId: valmora.id, positionId: refused.id }, deadAt: NOW });
  await db()
    .insert(anomalies)
    .values([
      { enteId: valmora.id, kind: 'unknown_notice', noticeNumber: '301000000000000000', receiptId: 'CIT-A-1' },
      { enteId: valmora.id, kind: 'unknown_notice', noticeNumber: '301000000000000001', receiptId: 'CIT-A-2', resolvedAt: NOW },
    ]);
  const inbox = { partner: 'sandbox' as const, rawBody: Buffer.from('{}'), bodySha256: '0'.repeat(64), bodyBytes: 2 };
  await db()
    .insert(partnerInbox)
    .values([
      { ...inbox, enteId: valmora.id, verified: false, outcome: 'rejected', receivedAt: new Date('2020-03-02T10:00:00Z') },
      { ...inbox, enteId: valmora.id, verified: true, outcome: 'rejected', receivedAt: new Date('2020-03-03T10:00:00Z') },
      { ...inbox, enteId: valmora.id, verified: true, outcome: 'receipt_created', receivedAt: new Date('2020-03-03T10:00:00Z') },
      { ...inbox, enteId: valmora.id, verified: false, outcome: 'rejected', receivedAt: new Date('2020-04-01T10:00:00Z') },
      { ...inbox, enteId: null, verified: false, outcome: 'rejected', receivedAt: new Date('2020-03-04T10:00:00Z') },
    ]);
  await db()
    .insert(supportRequests)
    .values([
      { enteId: valmora.id, category: 'pagamenti', subject: 'Una ricevuta manca' },
      { enteId: valmora.id, category: 'altro', subject: 'Già risolta', status: 'chiusa', closedAt: NOW },
    ]);
  const question = {
    name: 'Anna Neri',
    email: 'anna@example.it',
    question: 'Come aderisce il mio Comune?',
    consentAt: NOW,
    consentVersion: '1',
  };
  await db()
    .insert(publicQuestions)
    .values([question, { ...question, status: 'risposta', answer: 'Con la delibera.' }]);
});

describe('the monitoring across Enti', () => {
  it("counts an Ente's payments, amounts and carts of the period by Italian day", async () => {
    const after = await figuresOf(valmora);
    expect(after.payments - before.valmora.payments).toBe(3);
    expect(after.amountCents - before.valmora.amountCents).toBe(5250);
    expect(after.cartsStarted - before.valmora.cartsStarted).toBe(2);
    expect(after.cartsPaid - before.valmora.cartsPaid).toBe(1);
    expect(after.rejectedCallbacks - before.valmora.rejectedCallbacks).toBe(2);
  });

  it('counts what is open now: pending registrations, partner errors, dead jobs, anomalies', async () => {
    const after = await figuresOf(valmora);
    // The five paid positions and the two left pending were never sent to the partner (the carts' were, at checkout).
    expect(after.pendingRegistrations - before.valmora.pendingRegistrations).toBe(7);
    expect(after.partnerErrors - before.valmora.partnerErrors).toBe(1);
    expect(after.deadJobs - before.valmora.deadJobs).toBe(1);
    expect(after.openAnomalies - before.valmora.openAnomalies).toBe(1);
  });

  it('gives one row per Ente by name, totals that add up, and no figure of one Ente to another', async () => {
    const rows = await figuresPerEnte(db(), PERIOD);
    expect(rows.map((r) => r.name)).toEqual([...rows.map((r) => r.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(rows.find((r) => r.enteId === demo.id)).toMatchObject({ payments: 0, amountCents: 0, cartsStarted: 0, rejectedCallbacks: 0 });
    const totals = totalsOf(rows);
    expect(totals.payments).toBe(rows.reduce((n, r) => n + r.payments, 0));
    expect(totals.amountCents).toBe(rows.reduce((n, r) => n + r.amountCents, 0));
    expect(await unattributedRejectedCallbacks(db(), PERIOD)).toBe(1);
  });

  it('gives every day of the period, the payments on their Italian day', async () => {
    const days = await paymentsPerDay(db(), PERIOD);
    expect(days.map((d) => d.day)).toEqual([
      '2020-03-01',
      '2020-03-02',
      '2020-03-03',
      '2020-03-04',
      '2020-03-05',
      '2020-03-06',
      '2020-03-07',
      '2020-03-08',
      '2020-03-09',
      '2020-03-10',
    ]);
    expect(days[0]).toEqual({ day: '2020-03-01', count: 1, amountCents: 1000 });
    expect(days[9]).toEqual({ day: '2020-03-10', count: 2, amountCents: 4250 });
    expect((await paymentsPerDay(db(), PERIOD, demo.id)).every((d) => d.count === 0 && d.amountCents === 0)).toBe(true);
  });

  it("sums today's and this month's payments and what needs attention for the home page", async () => {
    const after = await citOverview(db(), NOW);
    expect(after.today.payments - before.overview.today.payments).toBe(2);
    expect(after.today.amountCents - before.overview.today.amountCents).toBe(4250);
    expect(after.month.amountCents - before.overview.month.amountCents).toBe(5250);
    expect(after.attention.stuckRegistrations - before.overview.attention.stuckRegistrations).toBe(1);
    expect(after.attention.deadJobs - before.overview.attention.deadJobs).toBe(1);
    expect(after.attention.rejectedCallbacks - before.overview.attention.rejectedCallbacks).toBe(3);
    expect(after.attention.openAnomalies - before.overview.attention.openAnomalies).toBe(1);
    expect(after.attention.openSupportRequests - before.overview.attention.openSupportRequests).toBe(1);
    expect(after.attention.newQuestions - before.overview.attention.newQuestions).toBe(1);
    const enti = await figuresPerEnte(db(), PERIOD);
    expect(Object.values(after.entiByStatus).reduce((a, b) => a + b, 0)).toBe(enti.length);
  });
});

describe('the period filter', () => {
  const now = new Date('2026-11-27T10:00:00Z');

  it('defaults to the last 30 days up to today, and fills a missing end', () => {
    expect(periodOf({}, now)).toEqual({ from: '2026-10-29', to: '2026-11-27' });
    expect(periodOf({ al: '2026-02-10' }, now)).toEqual({ from: '2026-01-12', to: '2026-02-10' });
    expect(periodOf({ dal: '2026-11-01' }, now)).toEqual({ from: '2026-11-01', to: '2026-11-27' });
  });

  it('refuses a reversed or too long period and a day that does not exist', () => {
    expect(periodFilterSchema.safeParse({ dal: '2026-11-10', al: '2026-11-01' }).success).toBe(false);
    expect(periodFilterSchema.safeParse({ dal: '2024-01-01', al: '2026-01-01' }).success).toBe(false);
    expect(periodFilterSchema.safeParse({ dal: '2026-02-30' }).success).toBe(false);
    expect(periodFilterSchema.parse({ dal: '', al: '' })).toEqual({});
  });
});

describe('the health page', () => {
  it('times the database and compares the applied migrations with the committed ones', async () => {
    const health = await databaseHealth(db());
    expect(health.roundTripMs).toBeGreaterThanOrEqual(0);
    expect(health.appliedMigrations).toBe(health.knownMigrations);
    expect(health.knownMigrations).toBeGreaterThanOrEqual(12);
    expect(health.latestAppliedAt).toBeInstanceOf(Date);
  });

  it("counts each queue's jobs by state and measures the lag of the oldest ready one", async () => {
    const queue = 'prova.salute';
    const ago = (s: number) => new Date(Date.now() - s * 1000);
    await db()
      .insert(jobs)
      .values([
        { queue, payload: {}, runAt: ago(600) },
        { queue, payload: {}, runAt: ago(30) },
        { queue, payload: {}, runAt: ago(-3600) },
        { queue, payload: {}, runAt: ago(900), lockedUntil: ago(-60) },
        { queue, payload: {}, runAt: ago(900), deadAt: ago(10) },
        { queue, payload: {}, runAt: ago(900), doneAt: ago(10) },
      ]);
    const row = (await queueHealth(db())).find((q) => q.queue === queue);
    expect(row).toMatchObject({ ready: 2, scheduled: 1, running: 1, dead: 1 });
    expect(row!.oldestReadySeconds).toBeGreaterThanOrEqual(599);
    expect(row!.oldestReadySeconds).toBeLessThan(700);
  });

  it("gives every partner of the registry its calls' outcomes of the last 24 hours", async () => {
    const at = new Date();
    await recordPartnerCall(db(), { partner: 'unimatica', operation: 'registerPosition', at: new Date(at.getTime() - 120_000) });
    await recordPartnerCall(db(), { partner: 'unimatica', operation: 'startCheckout', at });
    await recordPartnerCall(db(), { partner: 'unimatica', operation: 'registerPosition', at, error: new Error('HTTP 503') });
    await recordPartnerCall(db(), {
      partner: 'unimatica',
      operation: 'registerPosition',
      at: new Date(at.getTime() - 26 * 3600_000),
      error: new Error('vecchio'),
    });
    const partners = await partnerHealth(db());
    expect(partners.map((p) => p.code).sort()).toEqual(['dedagroup', 'maggioli', 'nordcom_tim', 'sandbox', 'unimatica']);
    const unimatica = partners.find((p) => p.code === 'unimatica')!;
    expect(unimatica).toMatchObject({ ok: 2, errors: 1, lastError: 'Error: HTTP 503' });
    expect(unimatica.lastSuccessAt!.getTime()).toBe(at.getTime());
    expect(unimatica.lastErrorAt!.getTime()).toBe(at.getTime());
    expect(errorRate(unimatica)).toBe(33.3);
    expect(errorRate(partners.find((p) => p.code === 'dedagroup')!)).toBeNull();
  });
});
