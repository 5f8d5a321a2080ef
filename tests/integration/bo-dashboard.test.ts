import { eq } from 'drizzle-orm';
import { anomalies, carts, jobs, services, type Ente } from '@/db/schema';
import { dashboardFigures, type DashboardFigures } from '@/lib/backoffice/dashboard';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { createPosition } from '@/lib/positions/create';
import { enteBySlug, receiptFor, startedCart } from '../support/payments';
import { serviceRef } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';

/*
 * The back office's home figures, measured as the difference this test makes to the seeded database at
 * a fixed instant, so that the demo data's own receipts do not matter.
 */
const { db } = withTestDatabase();
const NOW = new Date('2026-11-15T12:00:00Z');
const ALL = { serviceIds: null };
let valmora: Ente;
let scoped: { serviceIds: string[] };
const serviceId = new Map<string, string>();
let before: DashboardFigures;
let beforeScoped: DashboardFigures;

async function paid(code: string, cents: number, at: string, receiptId: string) {
  const position = await createPosition(db(), valmora, {
    channel: 'staff',
    service: await serviceRef(db(), serviceId.get(code)!),
    debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca' },
    causale: `Prova ${code}`,
    amountCents: cents,
    dueDate: null,
    taxonomyCode: '9/0104100TS/',
    iban: valmora.iban!,
    formData: {},
  });
  await recordReceipt(db(), valmora, 'sandbox', { ...receiptFor(valmora, position, receiptId), paymentDateTime: at });
}

const day = (f: DashboardFigures, d: string) => f.paymentsPerDay.find((p) => p.day === d)!;

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  for (const s of await db().select().from(services).where(eq(services.enteId, valmora.id))) serviceId.set(s.code, s.id);
  scoped = { serviceIds: [serviceId.get('mensa')!, serviceId.get('trasporto-scolastico')!] };
  before = await dashboardFigures(db(), valmora.id, ALL, NOW);
  beforeScoped = await dashboardFigures(db(), valmora.id, scoped, NOW);
  await paid('mensa', 1000, '2026-11-15T08:00:00Z', 'DASH-1'); // today
  await paid('mensa', 200, '2026-11-14T23:30:00Z', 'DASH-2'); // 00:30 of the 15th in Rome: today
  await paid('tari', 3000, '2026-11-02T10:00:00Z', 'DASH-3'); // this month
  await paid('trasporto-scolastico', 40000, '2026-03-01T10:00:00Z', 'DASH-4'); // this year
  await paid('tari', 50000, '2025-12-31T22:30:00Z', 'DASH-5'); // 23:30 of 31 December in Rome: last year
  const first = await startedCart(db(), valmora, new Date('2026-11-10T10:00:00Z'));
  await startedCart(db(), valmora, new Date('2026-11-11T10:00:00Z'));
  await db().update(carts).set({ status: 'paid' }).where(eq(carts.id, first.cartId));
  await db()
    .insert(anomalies)
    .values({ enteId: valmora.id, kind: 'unknown_notice', noticeNumber: '301000000000000000', receiptId: 'DASH-A' });
  await db()
    .insert(jobs)
    .values({ queue: 'positions.register', payload: { enteId: valmora.id, positionId: first.position.id }, deadAt: NOW });
});

describe('the back-office dashboard', () => {
  it('sums receipts by Italian day, month and year', async () => {
    const after = await dashboardFigures(db(), valmora.id, ALL, NOW);
    expect(after.collectedCents.today - before.collectedCents.today).toBe(1200);
    expect(after.collectedCents.month - before.collectedCents.month).toBe(4200);
    expect(after.collectedCents.year - before.collectedCents.year).toBe(44200);
    expect(after.paymentsPerDay).toHaveLength(90);
    expect(after.paymentsPerDay.at(-1)!.day).toBe('2026-11-15');
    expect(after.paymentsPerDay[0]!.day).toBe('2026-08-18');
    expect(day(after, '2026-11-15').count - day(before, '2026-11-15').count).toBe(2);
    expect(day(after, '2026-11-02').amountCents - day(before, '2026-11-02').amountCents).toBe(3000);
  });

  it('counts positions by status, started and paid carts, pending registrations, anomalies and dead jobs', async () => {
    const after = await dashboardFigures(db(), valmora.id, ALL, NOW);
    expect(after.positionsByStatus.paid - before.positionsByStatus.paid).toBe(5);
    expect(after.positionsByStatus.valid - before.positionsByStatus.valid).toBe(2);
    expect(after.carts.started - before.carts.started).toBe(2);
    expect(after.carts.paid - before.carts.paid).toBe(1);
    expect(after.unresolvedAnomalies! - before.unresolvedAnomalies!).toBe(1);
    expect(after.deadJobs! - before.deadJobs!).toBe(1);
    expect(after.pendingRegistrations).toBeGreaterThanOrEqual(before.pendingRegistrations + 5);
  });

  it("shows an operator limited to some services only their services' money and positions", async () => {
    const after = await dashboardFigures(db(), valmora.id, scoped, NOW);
    expect(after.collectedCents.today - beforeScoped.collectedCents.today).toBe(1200);
    expect(after.collectedCents.month - beforeScoped.collectedCents.month).toBe(1200);
    expect(after.collectedCents.year - beforeScoped.collectedCents.year).toBe(41200);
    expect(after.positionsByStatus.paid - beforeScoped.positionsByStatus.paid).toBe(3);
    // The carts hold positions of no service, the anomaly and the dead job belong to the whole Ente.
    expect(after.carts).toEqual(beforeScoped.carts);
    expect(after.unresolvedAnomalies).toBeUndefined();
    expect(after.deadJobs).toBeUndefined();
  });

  it("never counts another Ente's figures", async () => {
    const demo = await enteBySlug(db(), 'comune-demo');
    const other = await dashboardFigures(db(), demo.id, ALL, NOW);
    expect(day(other, '2026-11-15').count).toBe(0);
    expect(other.deadJobs).toBe(0);
  });
});
