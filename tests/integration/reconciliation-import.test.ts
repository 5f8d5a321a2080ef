import { and, eq } from 'drizzle-orm';
import { positions, reportingFlows, reportingPayments, type Ente } from '@/db/schema';
import { euroNumberToCents } from '@/lib/pagopa/euro-amount';
import { importGovpayRendicontazione, importReportingFlow, rematchUnmatchedPayments } from '@/lib/reconciliation/import';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { govpayRendicontazioneSchema } from '@/lib/reconciliation/schemas';
import { enteBySlug, newPosition, receiptFor } from '../support/payments';
import { flowOf, paidWithTransfers } from '../support/reconciliation';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();

let valmora: Ente;
let demo: Ente;

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  demo = await enteBySlug(db(), 'comune-demo');
});

async function reportedAt(positionId: string): Promise<Date | null> {
  const [row] = await db().select({ at: positions.reportedAt }).from(positions).where(eq(positions.id, positionId));
  return row!.at;
}

async function paymentsOf(flowRowId: string) {
  return db().select().from(reportingPayments).where(eq(reportingPayments.flowRowId, flowRowId)).orderBy(reportingPayments.paymentIndex);
}

describe('euro amounts from JSON numbers', () => {
  it('converts exactly, without float errors, and refuses more than two decimals', () => {
    expect(euroNumberToCents(45.01)).toBe(4501);
    expect(euroNumberToCents(0.29)).toBe(29);
    expect(euroNumberToCents(19.99)).toBe(1999);
    expect(euroNumberToCents(1234567.8)).toBe(123456780);
    expect(euroNumberToCents(0)).toBe(0);
    expect(euroNumberToCents(-3.5)).toBe(-350);
    for (const bad of [1.005, Number.NaN, Infinity, 1e-7, 1e25]) expect(() => euroNumberToCents(bad)).toThrow(RangeError);
  });
});

describe('importing a flow', () => {
  it('matches a payment to its receipt, marks the position reported, and a second import changes nothing', async () => {
    const { position, receiptRowId } = await paidWithTransfers(db(), valmora, [4501], 'REC-SINGLE');
    const flow = flowOf('2030-03-02BCITITMM-0001', [{ iuv: position.iuv, amountCents: 4501 }]);
    const first = await importReportingFlow(db(), valmora, flow, 'fdr');
    expect(first).toMatchObject({ kind: 'imported', payments: 1, superseded: false });
    const [payment] = await paymentsOf(first.flowRowId);
    expect(payment).toMatchObject({ positionId: position.id, receiptRowId, matchedAt: expect.any(Date), outcome: 'EXECUTED' });
    const at = await reportedAt(position.id);
    expect(at).toBeInstanceOf(Date);

    expect(await importReportingFlow(db(), valmora, flow, 'fdr')).toEqual({ kind: 'duplicate', flowRowId: first.flowRowId });
    expect(await paymentsOf(first.flowRowId)).toHaveLength(1);
    expect(await reportedAt(position.id)).toEqual(at);
  });

  it('does not duplicate a flow imported concurrently', async () => {
    const { position } = await paidWithTransfers(db(), valmora, [1000], 'REC-CONCURRENT');
    const flow = flowOf('2030-03-02BCITITMM-0002', [
      { iuv: position.iuv, amountCents: 1000 },
      { iuv: '99999999999999999', amountCents: 700 },
    ]);
    const results = await Promise.all([1, 2, 3, 4].map(() => importReportingFlow(db(), valmora, flow, 'fdr')));
    expect(results.filter((r) => r.kind === 'imported')).toHaveLength(1);
    expect(new Set(results.map((r) => r.flowRowId)).size).toBe(1);
    const rows = await db().select().from(reportingFlows).where(eq(reportingFlows.flowId, flow.flowId));
    expect(rows).toHaveLength(1);
    expect(await paymentsOf(rows[0]!.id)).toHaveLength(2);
  });

  it('lets a higher revision supersede the earlier one, whose payments no longer count', async () => {
    const a = await paidWithTransfers(db(), valmora, [500], 'REC-REV-A');
    const b = await paidWithTransfers(db(), valmora, [600], 'REC-REV-B');
    const id = '2030-03-02BCITITMM-0003';
    const rev1 = await importReportingFlow(
      db(),
      valmora,
      flowOf(id, [
        { iuv: a.position.iuv, amountCents: 500 },
        { iuv: b.position.iuv, amountCents: 600 },
      ]),
      'fdr',
    );
    expect(await reportedAt(a.position.id)).not.toBeNull();
    expect(await reportedAt(b.position.id)).not.toBeNull();

    // Revision 2 drops B's payment: B is no longer reported, A still is (by revision 2).
    const rev2 = await importReportingFlow(db(), valmora, flowOf(id, [{ iuv: a.position.iuv, amountCents: 500 }], { revision: 2 }), 'fdr');
    expect(rev2).toMatchObject({ kind: 'imported', superseded: false });
    const [old] = await db().select().from(reportingFlows).where(eq(reportingFlows.id, rev1.flowRowId));
    expect(old!.supersededAt).toBeInstanceOf(Date);
    expect(await reportedAt(a.position.id)).not.toBeNull();
    expect(await reportedAt(b.position.id)).toBeNull();

    // Revision 1 again is a duplicate; a late revision 1 of another flow after its revision 2 arrives superseded.
    expect((await importReportingFlow(db(), valmora, flowOf(id, []), 'fdr')).kind).toBe('duplicate');
    const other = '2030-03-02BCITITMM-0004';
    await importReportingFlow(db(), valmora, flowOf(other, [], { revision: 2 }), 'fdr');
    const late = await importReportingFlow(db(), valmora, flowOf(other, [{ iuv: b.position.iuv, amountCents: 600 }]), 'fdr');
    expect(late).toMatchObject({ kind: 'imported', superseded: true });
    expect(await reportedAt(b.position.id)).toBeNull();
  });

  it('reports a five-transfer receipt only when all five transfers are settled', async () => {
    const amounts = [1000, 200, 300, 400, 101];
    const { position } = await paidWithTransfers(db(), valmora, amounts, 'REC-FIVE');
    const part = (ids: number[]) => ids.map((i) => ({ iuv: position.iuv, idTransfer: i, amountCents: amounts[i - 1]! }));
    await importReportingFlow(db(), valmora, flowOf('2030-03-02BCITITMM-0005', part([1, 2, 3])), 'fdr');
    expect(await reportedAt(position.id)).toBeNull();
    // Another PSP's flow settles the other two (the Province's TEFA share, say).
    await importReportingFlow(db(), valmora, flowOf('2030-03-02UNCRITMM-0006', part([4, 5]), { pspId: 'UNCRITMM' }), 'fdr');
    expect(await reportedAt(position.id)).not.toBeNull();
  });

  it('records a REVOKED payment, matched, but never marks the position reported', async () => {
    const { position } = await paidWithTransfers(db(), valmora, [800], 'REC-REVOKED');
    const imported = await importReportingFlow(
      db(),
      valmora,
      flowOf('2030-03-02BCITITMM-0007', [{ iuv: position.iuv, amountCents: 800, outcome: 'REVOKED' }]),
      'fdr',
    );
    expect((await paymentsOf(imported.flowRowId))[0]).toMatchObject({
      outcome: 'REVOKED',
      positionId: position.id,
      matchedAt: expect.any(Date),
    });
    expect(await reportedAt(position.id)).toBeNull();
  });

  it("never matches another Ente's IUV, and keeps a wrong amount unmatched", async () => {
    const { position } = await paidWithTransfers(db(), valmora, [900], 'REC-OTHER-ENTE');
    const foreign = await importReportingFlow(
      db(),
      demo,
      flowOf('2030-03-02BCITITMM-0008', [{ iuv: position.iuv, amountCents: 900 }]),
      'fdr',
    );
    expect((await paymentsOf(foreign.flowRowId))[0]).toMatchObject({
      enteId: demo.id,
      positionId: null,
      receiptRowId: null,
      matchedAt: null,
    });
    expect(await reportedAt(position.id)).toBeNull();

    const wrong = await importReportingFlow(
      db(),
      valmora,
      flowOf('2030-03-02BCITITMM-0009', [{ iuv: position.iuv, amountCents: 901 }]),
      'fdr',
    );
    expect((await paymentsOf(wrong.flowRowId))[0]).toMatchObject({
      positionId: position.id,
      receiptRowId: expect.any(String),
      matchedAt: null,
    });
    expect(await reportedAt(position.id)).toBeNull();
  });

  it('matches a payment whose receipt arrived after its flow, on the periodic re-match', async () => {
    const position = await newPosition(db(), valmora, 3333);
    const imported = await importReportingFlow(
      db(),
      valmora,
      flowOf('2030-03-02BCITITMM-0011', [{ iuv: position.iuv, amountCents: 3333 }]),
      'fdr',
    );
    expect((await paymentsOf(imported.flowRowId))[0]).toMatchObject({ positionId: null });
    expect(await recordReceipt(db(), valmora, 'sandbox', receiptFor(valmora, position, 'REC-LATE'))).toMatchObject({
      kind: 'receipt_created',
    });
    expect(await rematchUnmatchedPayments(db())).toBeGreaterThanOrEqual(1);
    expect((await paymentsOf(imported.flowRowId))[0]).toMatchObject({ positionId: position.id, matchedAt: expect.any(Date) });
    expect(await reportedAt(position.id)).not.toBeNull();
  });

  it('refuses a flow it cannot store (repeated index, over-long id) before writing anything', async () => {
    const repeated = flowOf('2030-03-02BCITITMM-0010', [
      { iuv: '1', amountCents: 1, index: 1 },
      { iuv: '2', amountCents: 1, index: 1 },
    ]);
    await expect(importReportingFlow(db(), valmora, repeated, 'fdr')).rejects.toThrow(/ripetuti/);
    await expect(importReportingFlow(db(), valmora, flowOf('x'.repeat(36), []), 'fdr')).rejects.toThrow();
    expect(await db().select().from(reportingFlows).where(eq(reportingFlows.flowId, repeated.flowId))).toHaveLength(0);
  });
});

describe("GovPay's per-payment push", () => {
  const push = (over: Record<string, unknown>) =>
    govpayRendicontazioneSchema.parse({
      idDominio: valmora.fiscalCode,
      iur: 'IUR-GP-1',
      indice: 1,
      importo: 12.3,
      esito: 'ESEGUITO',
      data: '2030-04-01',
      idFlusso: '2030-04-02GOVPAY-0001',
      dataFlusso: '2030-04-02T10:00:00',
      trn: 'TRN-GP-0001',
      dataRegolamento: '2030-04-03',
      idPsp: 'BPPIITRRXXX',
      ...over,
    });

  it('builds the flow a payment at a time: totals grow, a repeat is a duplicate', async () => {
    const a = await paidWithTransfers(db(), valmora, [1230], 'REC-GP-A');
    const b = await paidWithTransfers(db(), valmora, [4501], 'REC-GP-B');
    const first = await importGovpayRendicontazione(db(), valmora, push({ iuv: a.position.iuv }));
    expect(first).toMatchObject({ kind: 'created', matched: true });
    expect(await importGovpayRendicontazione(db(), valmora, push({ iuv: a.position.iuv }))).toMatchObject({ kind: 'duplicate' });
    expect(await importGovpayRendicontazione(db(), valmora, push({ iuv: b.position.iuv, iur: 'IUR-GP-2', importo: 45.01 }))).toMatchObject({
      kind: 'created',
      matched: true,
    });
    const [flow] = await db().select().from(reportingFlows).where(eq(reportingFlows.id, first.flowRowId));
    // No offset in dataFlusso: Italian time (10:00 in April is 08:00 UTC).
    expect(flow).toMatchObject({ totPayments: 2, sumCents: 1230 + 4501, source: 'govpay', regulation: 'TRN-GP-0001' });
    expect(flow!.flowDate.toISOString()).toBe('2030-04-02T08:00:00.000Z');
    expect((await paymentsOf(first.flowRowId)).map((p) => p.paymentIndex)).toEqual([1, 2]);
    expect(await reportedAt(a.position.id)).not.toBeNull();
    expect(await reportedAt(b.position.id)).not.toBeNull();
  });

  it('maps the esito names and keeps a revoked payment from reporting', async () => {
    const c = await paidWithTransfers(db(), valmora, [250], 'REC-GP-C');
    const result = await importGovpayRendicontazione(
      db(),
      valmora,
      push({ iuv: c.position.iuv, iur: 'IUR-GP-3', importo: 2.5, esito: 'REVOCATO', idFlusso: '2030-04-02GOVPAY-0002' }),
    );
    const [row] = await db()
      .select()
      .from(reportingPayments)
      .where(and(eq(reportingPayments.flowRowId, result.flowRowId), eq(reportingPayments.iuv, c.position.iuv)));
    expect(row).toMatchObject({ outcome: 'REVOKED', amountCents: 250 });
    expect(await reportedAt(c.position.id)).toBeNull();
  });

  it('refuses a body for another Ente and malformed amounts', async () => {
    await expect(importGovpayRendicontazione(db(), demo, push({ iuv: '123' }))).rejects.toThrow(/altro Ente/);
    expect(govpayRendicontazioneSchema.safeParse({ ...push({ iuv: '1' }), importo: 1.005 }).success).toBe(false);
    expect(govpayRendicontazioneSchema.safeParse({ ...push({ iuv: '1' }), iuv: ['1'] }).success).toBe(false);
    expect(govpayRendicontazioneSchema.safeParse({ ...push({ iuv: '1' }), esito: 'FORSE' }).success).toBe(false);
  });
});
