import { asc, eq, sql } from 'drizzle-orm';
import { isValidIBAN } from 'ibantools';
import {
  adhesionEvents,
  anomalies,
  enti,
  jobs,
  memberships,
  positions,
  receipts,
  reportingFlows,
  refunds,
  reportingPayments,
  sandboxNotices,
  services,
  users,
} from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { amountRuleSchema } from '@/lib/catalogue/amount-rule';
import { formDefinitionSchema } from '@/lib/catalogue/form-definition';
import { DEMO_IDENTITIES } from '@/lib/auth/saml/demo-idp/identities';
import { isValidNumericFiscalCode } from '@/lib/pagopa/fiscal-code';
import { verifyReceiptChains } from '@/lib/payments/verify-chain';
import { createTestDatabase, type TestDatabase, DATABASE_SETUP_MS } from '../support/test-db';

// Taxonomy rows for Comuni listed in shared/reference/pagopa.md §5 (tassonomia v33).
const KNOWN_TAXONOMY = new Set([
  '9/0101100IM/',
  '9/0101101IM/',
  '9/0101109IM/',
  '9/0101102TS/',
  '9/0101107TS/',
  '9/0101106SA/',
  '9/0102106SA/',
  '9/0102105SA/',
  '9/0103100TS/',
  '9/0104103SP/',
  '9/0104100TS/',
  '9/0107100TS/',
  '9/0107101TS/',
  '9/0107102SP/',
  '9/0107106SP/',
  '9/0114100TS/',
]);

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
}, DATABASE_SETUP_MS);

afterAll(async () => {
  await testDb.close();
});

describe('demo seed', () => {
  it('creates a province with every kind of Ente and every CIT fee band', async () => {
    const rows = await testDb.handle.db.select().from(enti);
    const comuni = rows.filter((e) => e.kind === 'comune' && e.adhesionStatus === 'attivo');
    const populations = comuni.map((e) => e.population2013 ?? 0);
    expect(populations.some((p) => p <= 2000)).toBe(true);
    expect(populations.some((p) => p > 2000 && p <= 5000)).toBe(true);
    expect(populations.some((p) => p > 5000 && p <= 10000)).toBe(true);
    expect(populations.some((p) => p > 10000)).toBe(true);
    expect(rows.filter((e) => e.kind === 'unione')).toHaveLength(1);
    expect(rows.filter((e) => e.kind === 'comunita_montana')).toHaveLength(1);
    expect(rows.filter((e) => e.adhesionStatus !== 'attivo').map((e) => e.slug)).toEqual(['pratolungo']);
  });

  it('gives the Unione two member Comuni and the Comunità Montana at least one', async () => {
    const rows = await testDb.handle.db.select().from(enti);
    const unione = rows.find((e) => e.kind === 'unione')!;
    const cm = rows.find((e) => e.kind === 'comunita_montana')!;
    expect(rows.filter((e) => e.parentId === unione.id)).toHaveLength(2);
    expect(rows.filter((e) => e.parentId === cm.id).length).toBeGreaterThanOrEqual(1);
  });

  it("records each Ente's adhesion history, ending in its current state, and a CM sharing its referente", async () => {
    const db = testDb.handle.db;
    const rows = await db.select().from(enti);
    const events = await db.select().from(adhesionEvents).orderBy(asc(adhesionEvents.createdAt), asc(adhesionEvents.id));
    for (const ente of rows) {
      const own = events.filter((e) => e.enteId === ente.id);
      expect([ente.slug, own.at(-1)?.toStatus]).toEqual([ente.slug, ente.adhesionStatus]);
      own.forEach((e, i) => expect(e.fromStatus).toBe(i === 0 ? null : own[i - 1]!.toStatus));
    }
    expect(events.filter((e) => e.toStatus === 'sospeso').every((e) => e.reason)).toBe(true);
    const cm = rows.find((e) => e.kind === 'comunita_montana')!;
    expect(
      rows
        .filter((e) => e.sharedReferente)
        .map((e) => e.slug)
        .sort(),
    ).toEqual([cm, ...rows.filter((e) => e.parentId === cm.id)].map((e) => e.slug).sort());
  });

  it('uses valid codici fiscali, IBANs and distinct segregation codes', async () => {
    const rows = await testDb.handle.db.select().from(enti);
    for (const ente of rows) {
      expect(isValidNumericFiscalCode(ente.fiscalCode)).toBe(true);
      expect(isValidIBAN(ente.iban ?? '')).toBe(true);
      expect(ente.iban).toMatch(/^IT/);
    }
    expect(new Set(rows.map((e) => e.segregationCode)).size).toBe(rows.length);
  });

  it('gives each active Comune a realistic catalogue with real taxonomy codes and valid rules', async () => {
    const rows = await testDb.handle.db.select().from(services);
    for (const service of rows) {
      expect(KNOWN_TAXONOMY.has(service.taxonomyCode)).toBe(true);
      expect(amountRuleSchema.safeParse(service.amountRule).success).toBe(true);
      expect(formDefinitionSchema.safeParse(service.formDefinition).success).toBe(true);
    }
    const [demo] = await testDb.handle.db.select().from(enti).where(eq(enti.slug, 'comune-demo'));
    const demoCodes = rows.filter((s) => s.enteId === demo!.id).map((s) => s.code);
    for (const code of ['tari', 'mensa', 'trasporto-scolastico', 'diritti-segreteria', 'carta-identita', 'sanzioni-cds', 'canone-unico']) {
      expect(demoCodes).toContain(code);
    }
  });

  it('creates CIT staff and an administrator for each Ente', async () => {
    const staff = await testDb.handle.db.select().from(users);
    expect(staff.filter((u) => u.platformRole === 'cit_admin')).toHaveLength(1);
    const [{ n }] = (await testDb.handle.db.select({ n: sql<number>`count(distinct ${memberships.enteId})::int` }).from(memberships)) as [
      { n: number },
    ];
    const enteCount = (await testDb.handle.db.select().from(enti)).length;
    expect(n).toBe(enteCount);
  });

  it('gives the demo citizens positions registered with the sandbox, and Mario a receipt in the hash chain', async () => {
    const db = testDb.handle.db;
    const fiscalCode = (key: string) => DEMO_IDENTITIES.find((i) => i.key === key)!.fiscalNumber;
    const rows = await db
      .select({
        slug: enti.slug,
        debtor: positions.debtorFiscalCode,
        status: positions.status,
        registration: positions.registrationStatus,
        notice: positions.noticeNumber,
      })
      .from(positions)
      .innerJoin(enti, eq(enti.id, positions.enteId));
    const owed = (key: string, slug: string) => rows.filter((r) => r.debtor === fiscalCode(key) && r.slug === slug && r.status === 'valid');
    expect(owed('mario', 'comune-demo').length).toBeGreaterThanOrEqual(2);
    expect(owed('mario', 'valmora').length).toBeGreaterThanOrEqual(1);
    expect(owed('giulia', 'comune-demo')).toHaveLength(1);
    expect(rows.filter((r) => r.debtor === fiscalCode('anna'))).toEqual([]);
    expect(rows.every((r) => r.registration === 'registered')).toBe(true);
    expect(await db.select().from(sandboxNotices)).toHaveLength(rows.length);

    const paid = rows.filter((r) => r.status === 'paid');
    expect(paid).toEqual([expect.objectContaining({ slug: 'comune-demo', debtor: fiscalCode('mario') })]);
    const [receipt] = await db.select().from(receipts).orderBy(asc(receipts.seq));
    expect(receipt).toMatchObject({ noticeNumber: paid[0]!.notice, seq: 1, anomaly: null });
    expect((await verifyReceiptChains(db)).problems).toEqual([]);
    expect((await db.select().from(jobs)).every((j) => j.doneAt !== null)).toBe(true);
  });

  it('reports the paid demo position in a flusso di rendicontazione that also carries one unmatched payment', async () => {
    const db = testDb.handle.db;
    const [flow] = await db.select().from(reportingFlows);
    expect(flow).toMatchObject({ pspId: 'BCITITMM', source: 'fdr', supersededAt: null });
    const payments = await db.select().from(reportingPayments).where(eq(reportingPayments.flowRowId, flow!.id));
    expect(payments.filter((p) => p.positionId === null)).toEqual([expect.objectContaining({ iuv: '01999999999999999' })]);
    const [paid] = await db.select().from(positions).where(eq(positions.status, 'paid'));
    expect(paid!.reportedAt).toBeInstanceOf(Date);
    expect(payments.filter((p) => p.positionId === paid!.id).every((p) => p.receiptRowId !== null)).toBe(true);
  });

  it("keeps Mario's second payment of the same instalment as a flagged receipt and a refunded anomaly", async () => {
    const db = testDb.handle.db;
    const flagged = await db.select().from(receipts).where(eq(receipts.anomaly, 'not_payable'));
    expect(flagged).toEqual([expect.objectContaining({ seq: 2, pspName: 'Poste Italiane S.p.A.', originalFormat: 'json' })]);
    const [anomaly] = await db.select().from(anomalies).where(eq(anomalies.receiptRowId, flagged[0]!.id));
    expect(anomaly).toMatchObject({ kind: 'not_payable', resolvedAt: expect.any(Date) });
    const [refund] = await db.select().from(refunds).where(eq(refunds.anomalyId, anomaly!.id));
    expect(refund).toMatchObject({ method: 'bonifico', amountCents: flagged[0]!.amountCents });
    expect((await verifyReceiptChains(db)).problems).toEqual([]);
  });

  it('does nothing on a database that already has data', async () => {
    const before = (await testDb.handle.db.select().from(services)).length;
    expect(await seedDemoData(testDb.handle.db)).toBe(false);
    expect((await testDb.handle.db.select().from(services)).length).toBe(before);
  });

  it('refuses malformed rows through database constraints', async () => {
    const db = testDb.handle.db;
    await expect(
      db.insert(enti).values({ slug: 'Bad_Slug', name: 'x', kind: 'comune', fiscalCode: '00812300176', ipaCode: 'x1' }),
    ).rejects.toThrow();
    await expect(
      db.insert(enti).values({ slug: 'ok-slug', name: 'x', kind: 'comune', fiscalCode: '0081230017X', ipaCode: 'x2' }),
    ).rejects.toThrow();
  });
});
