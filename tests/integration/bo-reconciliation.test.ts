import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { renderToStaticMarkup } from 'react-dom/server';
import { memberships, positions, users, type Ente } from '@/db/schema';
import type { PortalSession } from '@/lib/auth/session';
import { RECONCILIATION_COLUMNS, reconciliationExportResponse } from '@/lib/reconciliation/export';
import { importReportingFlow } from '@/lib/reconciliation/import';
import {
  findFlow,
  flowPayments,
  listFlows,
  paymentAnomalies,
  unreportedPositions,
  type ReconciliationScope,
} from '@/lib/reconciliation/queries';
import FlowPage from '@/app/ente/[slug]/admin/(area)/riconciliazione/[id]/page';
import AnomaliesPage from '@/app/ente/[slug]/admin/(area)/riconciliazione/anomalie/page';
import ReconciliationPage from '@/app/ente/[slug]/admin/(area)/riconciliazione/page';
import PositionPage from '@/app/ente/[slug]/admin/(area)/posizioni/[id]/page';
import ReceiptPage from '@/app/ente/[slug]/admin/(area)/ricevute/[id]/page';
import { actAs, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { enteBySlug } from '../support/payments';
import { flowOf, paidWithTransfers } from '../support/reconciliation';
import { paidReceipt, serviceIdOf } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;
shareDatabaseWithActions(() => testDb().handle);

let valmora: Ente;
let demo: Ente;
let all: ReconciliationScope;
let stefanoScope: ReconciliationScope;
const flows: Record<string, string> = {};
const ids: Record<string, string> = {};
const sessions: Record<string, PortalSession> = {};

const EVIL = { type: 'F' as const, fiscalCode: 'VRDLCU75C12B157P', fullName: '=HYPERLINK("http://evil.example","clic")' };

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  demo = await enteBySlug(db(), 'comune-demo');
  const mensa = await serviceIdOf(db(), valmora.id, 'mensa');
  const tari = await serviceIdOf(db(), valmora.id, 'tari');
  all = { enteId: valmora.id, serviceIds: null };
  stefanoScope = { enteId: valmora.id, serviceIds: [mensa, await serviceIdOf(db(), valmora.id, 'trasporto-scolastico')] };

  const mensaPaid = await paidReceipt(db(), valmora, {
    serviceId: mensa,
    receiptId: 'RIC-MENSA',
    paidAt: '2030-02-01T10:00:00Z',
    amountCents: 4501,
    debtor: EVIL,
  });
  const tariPaid = await paidReceipt(db(), valmora, {
    serviceId: tari,
    receiptId: 'RIC-TARI',
    paidAt: '2030-02-02T10:00:00Z',
    amountCents: 12000,
  });
  const tariLate = await paidReceipt(db(), valmora, {
    serviceId: tari,
    receiptId: 'RIC-TARI-2',
    paidAt: '2030-02-03T10:00:00Z',
    amountCents: 500,
  });
  const recent = await paidWithTransfers(db(), valmora, [700], 'RIC-RECENTE');
  ids.mensaPosition = mensaPaid.position.id;
  ids.mensaReceipt = mensaPaid.id;
  ids.tariLate = tariLate.position.id;
  ids.recent = recent.position.id;
  // Paid long ago and never in a flow, or paid yesterday.
  await db()
    .update(positions)
    .set({ paidAt: new Date(Date.now() - 40 * 86_400_000) })
    .where(eq(positions.id, tariLate.position.id));
  await db()
    .update(positions)
    .set({ paidAt: new Date(Date.now() - 86_400_000) })
    .where(eq(positions.id, recent.position.id));

  flows.first = (
    await importReportingFlow(
      db(),
      valmora,
      flowOf(
        '2030-02-05BCITITMM-R001',
        [
          { iuv: mensaPaid.position.iuv, amountCents: 4501 },
          { iuv: tariPaid.position.iuv, amountCents: 11999 },
          { iuv: '01888888888888888', amountCents: 300 },
        ],
        { flowDate: '2030-02-05T08:00:00Z', regulationDate: '2030-02-06' },
      ),
      'fdr',
    )
  ).flowRowId;
  flows.second = (
    await importReportingFlow(
      db(),
      valmora,
      flowOf('2030-02-07UNCRITMM-R002', [{ iuv: '01777777777777777', amountCents: 100 }], {
        pspId: 'UNCRITMM',
        flowDate: '2030-02-07T08:00:00Z',
        regulationDate: '2030-02-08',
      }),
      'fdr',
    )
  ).flowRowId;
  flows.demo = (
    await importReportingFlow(db(), demo, flowOf('2030-02-07BCITITMM-D001', [{ iuv: '01666666666666666', amountCents: 100 }]), 'fdr')
  ).flowRowId;

  sessions.sara = await staffSession(db(), 'BNTSRA79S43B157V');
  sessions.stefano = await staffSession(db(), 'GTTSFN85A30B157O');
  sessions.paolo = await staffSession(db(), 'FRRPLA70H21B157M');
  const [viewer] = await db().insert(users).values({ fullName: 'Vera Visore', fiscalCode: 'VSRVRE80A41B157X' }).returning();
  await db().insert(memberships).values({ userId: viewer!.id, enteId: valmora.id, role: 'ente_viewer' });
  sessions.vera = await staffSession(db(), 'VSRVRE80A41B157X');
});

describe('the reconciliation queries', () => {
  it("lists the Ente's flows newest first with what matched, by keyset, never another Ente's", async () => {
    const page = await listFlows(db(), all, { limit: 10 });
    expect(page.lines.map((f) => f.id)).toEqual([flows.second, flows.first]);
    expect(page.lines[1]).toMatchObject({
      payments: 3,
      sumCents: 4501 + 11999 + 300,
      matched: 1,
      unmatched: 1,
      mismatched: 1,
      regulationDate: '2030-02-06',
    });
    const first = await listFlows(db(), all, { limit: 1 });
    expect(first.lines.map((f) => f.id)).toEqual([flows.second]);
    expect((await listFlows(db(), all, { limit: 1, after: first.nextCursor! })).lines.map((f) => f.id)).toEqual([flows.first]);
    for (const forged of ['%%', Buffer.from("2030-01-01 00:00:00+00|' or 1=1 --").toString('base64url'), 'x'.repeat(5000)]) {
      expect((await listFlows(db(), all, { limit: 1, after: forged })).lines.map((f) => f.id)).toEqual([flows.second]);
    }
    expect(await findFlow(db(), all, flows.demo!)).toBeUndefined();
  });

  it('shows an operator limited to some services only flows and payments of theirs', async () => {
    const page = await listFlows(db(), stefanoScope, { limit: 10 });
    expect(page.lines.map((f) => [f.id, f.payments, f.sumCents, f.unmatched])).toEqual([[flows.first, 1, 4501, 0]]);
    expect(await findFlow(db(), stefanoScope, flows.second!)).toBeUndefined();
    const payments = await flowPayments(db(), stefanoScope, flows.first!, { limit: 10 });
    expect(payments.lines.map((p) => p.receiptRowId)).toEqual([ids.mensaReceipt]);
    expect(await listFlows(db(), { ...stefanoScope, serviceIds: [] }, { limit: 10 })).toEqual({ lines: [], nextCursor: null });
  });

  it("pages a flow's payments in their order, each with what it matched", async () => {
    const one = await flowPayments(db(), all, flows.first!, { limit: 2 });
    expect(one.lines.map((p) => [p.paymentIndex, p.matched, p.positionId !== null])).toEqual([
      [1, true, true],
      [2, false, true],
    ]);
    expect(one.lines[0]).toMatchObject({ receiptId: 'RIC-MENSA', debtorName: EVIL.fullName, serviceTitle: expect.any(String) });
    const two = await flowPayments(db(), all, flows.first!, { limit: 2, after: one.nextCursor! });
    expect(two).toMatchObject({ lines: [{ paymentIndex: 3, positionId: null }], nextCursor: null });
    // Another Ente's flow id through this Ente's scope gives nothing.
    expect((await flowPayments(db(), all, flows.demo!, { limit: 10 })).lines).toEqual([]);
  });

  it('lists unmatched payments, amount mismatches and receipts never reported after the grace days', async () => {
    const unmatched = await paymentAnomalies(db(), all, 'unmatched', { limit: 10 });
    expect(unmatched.lines.map((p) => p.iuv)).toEqual(['01777777777777777', '01888888888888888']);
    const paged = await paymentAnomalies(db(), all, 'unmatched', { limit: 1 });
    expect((await paymentAnomalies(db(), all, 'unmatched', { limit: 1, after: paged.nextCursor! })).lines.map((p) => p.iuv)).toEqual([
      '01888888888888888',
    ]);
    expect((await paymentAnomalies(db(), stefanoScope, 'unmatched', { limit: 10 })).lines).toEqual([]);
    const mismatched = await paymentAnomalies(db(), all, 'mismatched', { limit: 10 });
    expect(mismatched.lines.map((p) => [p.amountCents, p.receiptId])).toEqual([[11999, 'RIC-TARI']]);
    expect((await paymentAnomalies(db(), stefanoScope, 'mismatched', { limit: 10 })).lines).toEqual([]);

    const late = await unreportedPositions(db(), all, 10, { limit: 10 });
    expect(late.lines.map((l) => l.id)).toContain(ids.tariLate);
    expect(late.lines.map((l) => l.id)).not.toContain(ids.recent);
    expect(late.lines.map((l) => l.id)).not.toContain(ids.mensaPosition);
    expect((await unreportedPositions(db(), stefanoScope, 10, { limit: 10 })).lines.map((l) => l.id)).not.toContain(ids.tariLate);
    expect((await unreportedPositions(db(), all, 0, { limit: 10 })).lines.map((l) => l.id)).toContain(ids.recent);
  });
});

async function csvOf(response: Response): Promise<string[][]> {
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return bytes
    .subarray(3)
    .toString('utf8')
    .split('\r\n')
    .filter(Boolean)
    .map((line) =>
      line.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((cell) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell)),
    );
}

describe('the accounting export', () => {
  it('writes one CSV row per payment of the current flows, formulas defused', async () => {
    const response = reconciliationExportResponse(db(), valmora, null, new URLSearchParams({ dal: '2030-02-01', al: '2030-02-28' }), 'csv');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="riconciliazione-valmora-2030-02-01-2030-02-28.csv"');
    const rows = await csvOf(response);
    expect(rows[0]).toEqual(RECONCILIATION_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(1 + 4);
    const mensa = rows.find((r) => r[13] === 'RIC-MENSA')!;
    expect(mensa.slice(0, 10)).toEqual([
      '2030-02-05BCITITMM-R001',
      'Intesa Sanpaolo S.p.A.',
      'TRNTITMM-R001',
      '06/02/2030',
      mensa[4],
      mensa[5],
      '1',
      '45,01',
      'Eseguito',
      'Abbinato',
    ]);
    expect(mensa[12]).toBe(`'${EVIL.fullName}`);
    expect(rows.filter((r) => r[9] === 'Nessuna ricevuta')).toHaveLength(2);
    // One flow only; an operator limited to some services only theirs.
    expect(
      await csvOf(reconciliationExportResponse(db(), valmora, null, new URLSearchParams({ flusso: flows.second! }), 'csv')),
    ).toHaveLength(2);
    expect(await csvOf(reconciliationExportResponse(db(), valmora, stefanoScope.serviceIds, new URLSearchParams(), 'csv'))).toHaveLength(2);
    // Another Ente's flow id exports nothing of it.
    expect(
      await csvOf(reconciliationExportResponse(db(), valmora, null, new URLSearchParams({ flusso: flows.demo! }), 'csv')),
    ).toHaveLength(1);
  });

  it('writes the same as XLSX, amounts as numbers and days as dates', async () => {
    const response = reconciliationExportResponse(db(), valmora, null, new URLSearchParams({ flusso: flows.first! }), 'xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet('Riconciliazione')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...RECONCILIATION_COLUMNS.map((c) => c.header)]);
    expect(sheet.rowCount).toBe(4);
    const row = sheet.getRow(2);
    expect(row.getCell(8).value).toBe(45.01);
    expect(row.getCell(4).value).toEqual(new Date('2030-02-06T00:00:00Z'));
    expect(row.getCell(14).value).toBe('RIC-MENSA');
  });

  it('refuses odd filters with 400', async () => {
    for (const bad of [{ flusso: 'non-un-uuid' }, { dal: '2030-02-30' }, { dal: '2030-03-01', al: '2030-02-01' }] as Record<
      string,
      string
    >[]) {
      expect(reconciliationExportResponse(db(), valmora, null, new URLSearchParams(bad), 'csv').status).toBe(400);
    }
  });
});

const params = (id?: string) => Promise.resolve({ slug: 'valmora', ...(id ? { id } : {}) }) as Promise<{ slug: string; id: string }>;
const noQuery = Promise.resolve({});
const html = async (element: Promise<React.ReactElement>) => renderToStaticMarkup(await element);
const digestOf = (error: unknown) => (error as { digest?: string }).digest ?? String(error);

describe('the reconciliation pages', () => {
  it.each(['sara', 'stefano', 'vera'])('render for %s (admin, limited operator, viewer)', async (who) => {
    await actAs('valmora', sessions[who], async () => {
      const list = await html(ReconciliationPage({ params: params(), searchParams: noQuery }));
      expect(list).toContain('2030-02-05BCITITMM-R001');
      expect(list.includes('2030-02-07UNCRITMM-R002')).toBe(who !== 'stefano');
      const detail = await html(FlowPage({ params: params(flows.first), searchParams: noQuery }));
      expect(detail).toContain('2030-02-05BCITITMM-R001');
      expect(detail).toContain('Abbinato');
      const anomalies = await html(AnomaliesPage({ params: params(), searchParams: Promise.resolve({ vista: 'non-abbinati' }) }));
      expect(anomalies.includes('01888888888888888')).toBe(who !== 'stefano');
      const late = await html(AnomaliesPage({ params: params(), searchParams: Promise.resolve({ vista: 'non-rendicontati' }) }));
      expect(late).toContain('Ricevute non rendicontate');
    });
  });

  it('show «Rendicontato il» on a reported position and its receipt, not on others', async () => {
    await actAs('valmora', sessions.sara, async () => {
      expect(await html(PositionPage({ params: params(ids.mensaPosition) }))).toContain('Rendicontato il');
      expect(await html(ReceiptPage({ params: params(ids.mensaReceipt) }))).toContain('Rendicontato il');
      expect(await html(PositionPage({ params: params(ids.tariLate) }))).not.toContain('Rendicontato il');
    });
  });

  it("answers 404 for another Ente's flow and a malformed id, 403 to another Ente's staff", async () => {
    await actAs('valmora', sessions.sara, async () => {
      await expect(FlowPage({ params: params(flows.demo), searchParams: noQuery }).catch(digestOf)).resolves.toBe(
        'NEXT_HTTP_ERROR_FALLBACK;404',
      );
      await expect(FlowPage({ params: params('nope'), searchParams: noQuery }).catch(digestOf)).resolves.toBe(
        'NEXT_HTTP_ERROR_FALLBACK;404',
      );
    });
    await actAs('valmora', sessions.stefano, async () => {
      await expect(FlowPage({ params: params(flows.second), searchParams: noQuery }).catch(digestOf)).resolves.toBe(
        'NEXT_HTTP_ERROR_FALLBACK;404',
      );
    });
    // Outside a Next server forbidden() throws its own complaint instead of the 403 digest: either says the guard refused.
    const refused = /NEXT_HTTP_ERROR_FALLBACK;403|`forbidden\(\)`/;
    await actAs('valmora', sessions.paolo, async () => {
      await expect(ReconciliationPage({ params: params(), searchParams: noQuery }).catch(digestOf)).resolves.toMatch(refused);
      await expect(FlowPage({ params: params(flows.first), searchParams: noQuery }).catch(digestOf)).resolves.toMatch(refused);
      await expect(AnomaliesPage({ params: params(), searchParams: noQuery }).catch(digestOf)).resolves.toMatch(refused);
    });
    await actAs('valmora', undefined, async () => {
      await expect(ReconciliationPage({ params: params(), searchParams: noQuery }).catch(digestOf)).resolves.toMatch(/^NEXT_REDIRECT/);
    });
  });
});
