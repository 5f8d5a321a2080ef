import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { positions, services, users, type Ente, type Position, type Service } from '@/db/schema';
import { listAnomalies } from '@/lib/anomalies/queries';
import { handleApiRequest } from '@/lib/api/http';
import { createApiKey } from '@/lib/api/keys';
import { putPosition } from '@/lib/api/position-endpoints';
import type { PortalSession } from '@/lib/auth/session';
import { updateServiceAction } from '@/lib/catalogue/actions';
import { serviceFormValues } from '@/lib/catalogue/service-schema';
import { findOwedPositions } from '@/lib/citizen/queries';
import { renderNotice } from '@/lib/documents/pool/notice-pool';
import { renderPositionNotice, renderStoredReceipt } from '@/lib/documents/position-documents';
import { renderReceiptPdf } from '@/lib/documents/receipt-pdf';
import { createImport, runImport } from '@/lib/imports/run-import';
import { payService } from '@/lib/payments/actions';
import { recordReceipt } from '@/lib/payments/record-receipt';
import { findPositionDetail } from '@/lib/positions/history';
import { noticeView } from '@/lib/positions/lookup';
import { positionFiltersSchema } from '@/lib/positions/staff-filters';
import { createCounterPositionAction } from '@/lib/positions/staff-actions';
import { listPositions } from '@/lib/positions/staff-list';
import { receiptsExportResponse } from '@/lib/receipts/export-response';
import { findReceiptForStaff, searchReceipts } from '@/lib/receipts/queries';
import { actAs } from '../support/action-request';
import { enteBySlug, receiptFor } from '../support/payments';
import { CITIZEN_FISCAL_CODE } from '../support/personas';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/action-request').nextHeaders);
// The renderers (the avvisi threads, and the receipt's @react-pdf, ESM-only, which this jest setup does not load)
// are replaced by recorders, and what they are asked to draw is checked (as in api-v1.test.ts).
jest.mock('@/lib/documents/pool/notice-pool', () => ({
  renderNotice: jest.fn(async () => Buffer.from('%PDF-avviso')),
}));
jest.mock('@/lib/documents/receipt-pdf', () => ({
  renderReceiptPdf: jest.fn(async () => Buffer.from('%PDF-ricevuta')),
}));

/*
 * Issue 8: changing a service never changes positions already created. Positions are made through
 * every path (citizen form, counter, API, import, seed), the service is renamed and repriced through
 * the editor's action, and what each old position shows (avviso, ricevuta, lists, exports, citizen
 * area, anomalies) is still what it was issued with, while a new position gets the new service.
 */

const { testDb } = withTestDatabase();
const db = () => testDb().handle.db;
const DEMO = 'comune-demo.localhost:3000';
const OLD_TITLE = 'Diritti di segreteria';
const NEW_TITLE = 'Diritti di istruttoria';
const NEW_IBAN = 'IT60X0542811101000000123456';
const ALL = { serviceIds: null };
let demo: Ente;
let service: Service;
let paolo: PortalSession; // admin of Comune Demo
let apiKey: string;

beforeAll(async () => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
  demo = await enteBySlug(db(), 'comune-demo');
  service = (
    await db()
      .select()
      .from(services)
      .where(and(eq(services.enteId, demo.id), eq(services.code, 'diritti-segreteria')))
  )[0]!;
  const [admin] = await db().select().from(users).where(eq(users.fiscalCode, 'FRRPLA70H21B157M'));
  paolo = { userId: admin!.id, fiscalCode: admin!.fiscalCode!, name: admin!.fullName, method: 'spid', level: 2 };
  apiKey = (await createApiKey(db(), { enteId: demo.id, label: 'Gestionale pratiche', createdBy: null })).key;
});

afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

const byCausale = async (causale: string): Promise<Position> =>
  (
    await db()
      .select()
      .from(positions)
      .where(and(eq(positions.enteId, demo.id), eq(positions.causale, causale)))
  )[0]!;

function citizenPays(riferimento: string, amount: string) {
  return actAs(DEMO, undefined, () =>
    payService({
      code: 'diritti-segreteria',
      values: {
        fields: { pratica: 'SCIA', riferimento },
        debtorFiscalCode: CITIZEN_FISCAL_CODE,
        debtorName: 'Mario Rossi',
        debtorEmail: '',
        amount,
        quantity: '',
      },
    }),
  );
}

function apiPut(externalId: string, body: Record<string, unknown>) {
  const request = new Request(`https://comune-demo.pagamenti.test/api/v1/positions/${externalId}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return handleApiRequest(request, { db: db(), ente: demo, now: new Date() }, 'positions', (context) =>
    putPosition(request, context, externalId),
  );
}

const apiBody = (amountCents: number) => ({
  serviceCode: 'diritti-segreteria',
  amountCents,
  causale: 'Pratica API 12',
  debtor: { type: 'F', fiscalCode: CITIZEN_FISCAL_CODE, name: 'Mario Rossi' },
});

/** The service as the editor's form sends it, renamed, repriced, with a new causale template, taxonomy and IBAN. */
async function changeService() {
  const [current] = await db().select().from(services).where(eq(services.id, service.id));
  const result = await actAs(DEMO, paolo, () =>
    updateServiceAction({
      id: service.id,
      version: current!.updatedAt.toISOString(),
      service: {
        ...serviceFormValues(current!),
        title: NEW_TITLE,
        causaleTemplate: 'Istruttoria - {pratica} {riferimento}',
        amountRule: { kind: 'fixed', cents: 9999 },
        taxonomyCode: '9/0107100TS/',
        iban: NEW_IBAN,
      },
    }),
  );
  expect(result).toMatchObject({ ok: true });
}

async function csvExport(): Promise<string> {
  return receiptsExportResponse(db(), demo, null, new URLSearchParams(), 'csv').text();
}

async function xlsxServiceCells(): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await receiptsExportResponse(db(), demo, null, new URLSearchParams(), 'xlsx').arrayBuffer());
  const sheet = workbook.getWorksheet('Ricevute')!;
  const column = (sheet.getRow(1).values as unknown[]).indexOf('Servizio');
  const cells: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) cells.push(String(row.getCell(column).value ?? ''));
  });
  return cells;
}

describe('a position keeps the service it was issued with', () => {
  const issued: Position[] = [];
  let paidReceiptRowId: string;

  it('copies the service title on every path that creates a position', async () => {
    // The seed: every seeded position of a service carries its title.
    const seeded = await db()
      .select({ title: positions.serviceTitle, current: services.title })
      .from(positions)
      .innerJoin(services, eq(services.id, positions.serviceId));
    expect(seeded.length).toBeGreaterThan(0);
    for (const row of seeded) expect(row.title).toBe(row.current);

    // The citizen's service form.
    expect(await citizenPays('P-1', '12,50')).toMatchObject({ ok: true });
    issued.push(await byCausale('Diritti di segreteria - SCIA P-1'));

    // The counter.
    const counter = await actAs(DEMO, paolo, () =>
      createCounterPositionAction({
        requestId: randomUUID(),
        serviceId: service.id,
        debtorType: 'F',
        debtorFiscalCode: CITIZEN_FISCAL_CODE,
        debtorName: 'Mario Rossi',
        debtorEmail: '',
        amount: '30,00',
        quantity: '',
        causale: 'Pratica allo sportello 7',
        dueDate: '',
      }),
    );
    expect(counter).toMatchObject({ ok: true });
    issued.push(await byCausale('Pratica allo sportello 7'));

    // The API.
    expect((await apiPut('PRATICA-12', apiBody(4000))).status).toBe(201);
    issued.push(await byCausale('Pratica API 12'));

    // The bulk import.
    const csv = [
      'id_esterno;tipo_debitore;codice_fiscale;nominativo;email;servizio;causale;importo;scadenza',
      `PRATICA-13;F;${CITIZEN_FISCAL_CODE};Mario Rossi;;diritti-segreteria;Pratica importata 13;55,00;`,
    ].join('\n');
    const importId = await createImport(db(), { enteId: demo.id, createdBy: null, filename: 'pratiche.csv', file: Buffer.from(csv) });
    expect(await runImport(db(), importId)).toMatchObject({ loaded: 1, rejected: 0 });
    issued.push(await byCausale('Pratica importata 13'));

    expect(issued.map((p) => [p.serviceId, p.serviceTitle, p.taxonomyCode, p.iban])).toEqual(
      issued.map(() => [service.id, OLD_TITLE, service.taxonomyCode, demo.iban]),
    );
    expect(issued.map((p) => p.amountCents)).toEqual([1250, 3000, 4000, 5500]);

    // One is paid; another is paid with the wrong amount and becomes an anomaly.
    const outcome = await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, issued[0]!, 'RIC-SNAPSHOT-1'));
    expect(outcome.kind).toBe('receipt_created');
    paidReceiptRowId = (outcome as { receiptRowId: string }).receiptRowId;
    await recordReceipt(db(), demo, 'sandbox', receiptFor(demo, issued[1]!, 'RIC-SNAPSHOT-2', 100));
  });

  it('changing the service through the editor leaves every issued position, document, list and export as it was', async () => {
    const before = await db().select().from(positions).where(eq(positions.enteId, demo.id)).orderBy(asc(positions.id));
    await changeService();
    expect(await db().select().from(positions).where(eq(positions.enteId, demo.id)).orderBy(asc(positions.id))).toEqual(before);

    // The avviso and the notice lookup.
    for (const position of issued) {
      const [current] = await db().select().from(positions).where(eq(positions.id, position.id));
      await renderPositionNotice(db(), demo, current!);
      expect(jest.mocked(renderNotice).mock.lastCall![0]).toMatchObject({
        subject: position.causale,
        amountCents: position.amountCents,
        noticeNumber: position.noticeNumber,
      });
      expect((await noticeView(db(), current!)).title).toBe(OLD_TITLE);
    }

    // The ricevuta, its data and the receipts list.
    const receipt = (await findReceiptForStaff(db(), { enteId: demo.id, serviceIds: null }, paidReceiptRowId))!;
    expect(receipt.serviceTitle).toBe(OLD_TITLE);
    await renderStoredReceipt(db(), demo, receipt);
    expect(jest.mocked(renderReceiptPdf).mock.lastCall![0]).toMatchObject({ serviceTitle: OLD_TITLE });
    const lines = (await searchReceipts(db(), { enteId: demo.id, serviceIds: null }, {}, { limit: 100 })).lines;
    expect(lines.find((l) => l.id === paidReceiptRowId)).toMatchObject({ serviceTitle: OLD_TITLE, taxonomyCode: service.taxonomyCode });

    // The accounting exports.
    const csv = await csvExport();
    expect(csv).toContain(OLD_TITLE);
    expect(csv).not.toContain(NEW_TITLE);
    const cells = await xlsxServiceCells();
    expect(cells).toContain(OLD_TITLE);
    expect(cells).not.toContain(NEW_TITLE);

    // The back office's list and detail.
    const listed = await listPositions(db(), demo.id, ALL, positionFiltersSchema.parse({ servizio: service.id }));
    expect(listed.rows.map((r) => r.serviceTitle)).toEqual(listed.rows.map(() => OLD_TITLE));
    expect(listed.rows.length).toBeGreaterThanOrEqual(issued.length);
    const detail = (await findPositionDetail(db(), demo.id, ALL, issued[2]!.id))!;
    expect(detail.serviceTitle).toBe(OLD_TITLE);
    expect(detail.position).toMatchObject({ taxonomyCode: service.taxonomyCode, iban: demo.iban, amountCents: 4000 });

    // «I miei pagamenti» and the anomalies.
    const owed = await findOwedPositions(db(), demo.id, CITIZEN_FISCAL_CODE);
    for (const position of issued.slice(1)) expect(owed.find((o) => o.id === position.id)?.serviceTitle).toBe(OLD_TITLE);
    const anomalies = await listAnomalies(db(), { enteId: demo.id, serviceIds: null }, { state: 'aperte', limit: 50 });
    expect(anomalies.lines.find((a) => a.receiptId === 'RIC-SNAPSHOT-2')).toMatchObject({ serviceTitle: OLD_TITLE });
  });

  it('gives a new position the service as it is now', async () => {
    expect(await citizenPays('P-2', '12,50')).toMatchObject({ ok: true });
    const created = await byCausale('Istruttoria - SCIA P-2');
    expect(created).toMatchObject({ serviceTitle: NEW_TITLE, amountCents: 9999, taxonomyCode: '9/0107100TS/', iban: NEW_IBAN });
    const listed = await listPositions(db(), demo.id, ALL, positionFiltersSchema.parse({ servizio: service.id }));
    expect(listed.rows.find((r) => r.id === created.id)?.serviceTitle).toBe(NEW_TITLE);
    expect(listed.rows.find((r) => r.id === issued[0]!.id)?.serviceTitle).toBe(OLD_TITLE);
  });

  it('keeps an API position on a replay, and re-issues it with the service as it is now when the Ente changes it', async () => {
    const replay = await apiPut('PRATICA-12', apiBody(4000));
    expect(replay.status).toBe(200);
    expect(await byCausale('Pratica API 12')).toMatchObject({ serviceTitle: OLD_TITLE, amountCents: 4000, iban: demo.iban });
    // The new rule is a fixed 99,99 €: the changed position must follow it, and takes the new title and accounting.
    expect((await apiPut('PRATICA-12', apiBody(9999))).status).toBe(200);
    expect(await byCausale('Pratica API 12')).toMatchObject({ serviceTitle: NEW_TITLE, amountCents: 9999, iban: NEW_IBAN });
  });

  it('falls back to the current title only for a position written without one', async () => {
    // As an instance predating the column would write it during a rolling deploy.
    await db().update(positions).set({ serviceTitle: null }).where(eq(positions.id, issued[3]!.id));
    const listed = await listPositions(db(), demo.id, ALL, positionFiltersSchema.parse({ servizio: service.id }));
    expect(listed.rows.find((r) => r.id === issued[3]!.id)?.serviceTitle).toBe(NEW_TITLE);
    const [row] = await db().select().from(positions).where(eq(positions.id, issued[3]!.id));
    expect((await noticeView(db(), row!)).title).toBe(NEW_TITLE);
    const withTitle = await db()
      .select()
      .from(positions)
      .where(and(eq(positions.enteId, demo.id), isNotNull(positions.serviceTitle)));
    expect(withTitle.length).toBeGreaterThan(0);
  });
});
