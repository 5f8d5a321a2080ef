import ExcelJS from 'exceljs';
import type { Ente } from '@/db/schema';
import { EXPORT_COLUMNS } from '@/lib/receipts/export-columns';
import { receiptsCsvStream } from '@/lib/receipts/csv-export';
import { receiptsExportResponse } from '@/lib/receipts/export-response';
import { receiptsXlsxStream } from '@/lib/receipts/xlsx-export';
import { receiptFiltersSchema } from '@/lib/receipts/filters';
import { eachReceiptLine, findReceiptForStaff, searchReceipts, type ReceiptScope } from '@/lib/receipts/queries';
import { enteBySlug } from '../support/payments';
import { bulkReceipts, paidReceipt, serviceIdOf } from '../support/receipts';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();

let valmora: Ente;
let demo: Ente;
let all: ReceiptScope;
let stefano: ReceiptScope;
const ids: Record<string, string> = {};
const notices: Record<string, string> = {};

const ANNA = { type: 'F' as const, fiscalCode: 'BNCNNA80A41B157K', fullName: 'Anna Bianchi' };
const LUCA = { type: 'F' as const, fiscalCode: 'VRDLCU75C12B157P', fullName: '=HYPERLINK("http://evil.example","clic")' };

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  demo = await enteBySlug(db(), 'comune-demo');
  const mensa = await serviceIdOf(db(), valmora.id, 'mensa');
  const trasporto = await serviceIdOf(db(), valmora.id, 'trasporto-scolastico');
  const tari = await serviceIdOf(db(), valmora.id, 'tari');
  all = { enteId: valmora.id, serviceIds: null };
  stefano = { enteId: valmora.id, serviceIds: [mensa, trasporto] };
  // Days in Italy: 23:30 UTC on 10 January is already 11 January in Rome.
  const made = [
    ['mensa-1', mensa, '2030-01-09T10:00:00Z', ANNA, ANNA],
    ['mensa-2', mensa, '2030-01-10T23:30:00Z', ANNA, LUCA],
    ['trasporto-1', trasporto, '2030-01-12T08:00:00Z', LUCA, LUCA],
    ['tari-1', tari, '2030-01-13T09:15:00Z', ANNA, ANNA],
    ['senza-servizio', null, '2030-01-14T09:15:00Z', ANNA, ANNA],
  ] as const;
  for (const [key, serviceId, paidAt, debtor, payer] of made) {
    const { id, position } = await paidReceipt(db(), valmora, {
      serviceId,
      receiptId: `RIC-${key}`,
      paidAt,
      debtor,
      payer,
      amountCents: 123_456,
    });
    ids[key] = id;
    notices[key] = position.noticeNumber;
  }
  ids.altroEnte = (await paidReceipt(db(), demo, { serviceId: null, receiptId: 'RIC-demo', paidAt: '2030-01-12T08:00:00Z' })).id;
});

const filters = (input: Record<string, string>) => receiptFiltersSchema.parse(input);
const receiptIdsOf = async (scope: ReceiptScope, input: Record<string, string>) =>
  (await searchReceipts(db(), scope, filters({ dal: '2030-01-01', al: '2030-01-31', ...input }), { limit: 100 })).lines.map(
    (l) => l.receiptId,
  );

describe('the receipts list', () => {
  it('filters by Italian days, notice, IUV, receipt id, debtor or payer and service, newest first', async () => {
    expect(await receiptIdsOf(all, {})).toEqual(['RIC-senza-servizio', 'RIC-tari-1', 'RIC-trasporto-1', 'RIC-mensa-2', 'RIC-mensa-1']);
    expect(await receiptIdsOf(all, { dal: '2030-01-11', al: '2030-01-11' })).toEqual(['RIC-mensa-2']);
    expect(await receiptIdsOf(all, { dal: '2030-01-10', al: '2030-01-10' })).toEqual([]);
    expect(await receiptIdsOf(all, { avviso: notices['tari-1']!.replace(/(\d{4})/g, '$1 ') })).toEqual(['RIC-tari-1']);
    expect(await receiptIdsOf(all, { iuv: notices['mensa-1']!.slice(1) })).toEqual(['RIC-mensa-1']);
    expect(await receiptIdsOf(all, { ricevuta: 'RIC-trasporto-1' })).toEqual(['RIC-trasporto-1']);
    expect(await receiptIdsOf(all, { cf: LUCA.fiscalCode.toLowerCase() })).toEqual(['RIC-trasporto-1', 'RIC-mensa-2']);
    expect(await receiptIdsOf(all, { servizio: stefano.serviceIds![1]! })).toEqual(['RIC-trasporto-1']);
  });

  it('pages by keyset without losing or repeating a receipt, and ignores a forged cursor', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await searchReceipts(db(), all, filters({ dal: '2030-01-01', al: '2030-01-31' }), { after, limit: 2 });
      seen.push(...page.lines.map((l) => l.receiptId));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen).toEqual(await receiptIdsOf(all, {}));
    const first = await searchReceipts(db(), all, {}, { limit: 2 });
    for (const bad of ['%%%', Buffer.from("2030-01-01 00:00:00+00|' or 1=1 --").toString('base64url'), 'x'.repeat(5000)]) {
      expect(await searchReceipts(db(), all, {}, { after: bad, limit: 2 })).toEqual(first);
    }
  });

  it('shows an operator limited to some services only their receipts', async () => {
    expect(await receiptIdsOf(stefano, {})).toEqual(['RIC-trasporto-1', 'RIC-mensa-2', 'RIC-mensa-1']);
    expect(await receiptIdsOf(stefano, { servizio: await serviceIdOf(db(), valmora.id, 'tari') })).toEqual([]);
    expect(await receiptIdsOf({ ...stefano, serviceIds: [] }, {})).toEqual([]);
  });

  it("opens a receipt of the Ente, and not another Ente's or one outside the operator's services", async () => {
    const found = await findReceiptForStaff(db(), all, ids['mensa-1']!);
    expect(found).toMatchObject({ receipt: { receiptId: 'RIC-mensa-1' }, serviceTitle: expect.any(String) });
    expect(await findReceiptForStaff(db(), all, ids.altroEnte!)).toBeUndefined();
    expect(await findReceiptForStaff(db(), stefano, ids['tari-1']!)).toBeUndefined();
    expect(await findReceiptForStaff(db(), stefano, ids['mensa-1']!)).toBeDefined();
  });

  it('refuses odd filters with Italian messages', () => {
    for (const bad of [
      { dal: '2030-02-30' },
      { dal: '2030-02-01', al: '2030-01-01' },
      { avviso: '123' },
      { iuv: "1' or '1'='1" },
      { cf: 'x'.repeat(41) },
      { servizio: 'non-un-uuid' },
      { ricevuta: 'a b' },
    ]) {
      const parsed = receiptFiltersSchema.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.message).toMatch(/[a-zà-ù]/);
    }
    expect(receiptFiltersSchema.parse({ dal: '', avviso: '  ', servizio: '' })).toEqual({});
  });
});

const query = (input: Record<string, string>) => new URLSearchParams({ dal: '2030-01-01', al: '2030-01-31', ...input });

async function csvOf(response: Response): Promise<string[][]> {
  const bytes = Buffer.from(await response.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
  return bytes
    .subarray(3)
    .toString('utf8')
    .split('\r\n')
    .filter(Boolean)
    .map((line) =>
      line.split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((cell) => (cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell)),
    );
}

async function xlsxOf(response: Response): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook.getWorksheet('Ricevute')!;
}

describe('the accounting exports', () => {
  it('writes every column in CSV, amounts with a decimal comma, Italian dates, formulas defused', async () => {
    const response = receiptsExportResponse(db(), valmora, null, query({}), 'csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="ricevute-valmora-2030-01-01-2030-01-31.csv"');
    const rows = await csvOf(response);
    expect(rows[0]).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    expect(rows).toHaveLength(6);
    const mensa2 = rows.find((r) => r[2] === 'RIC-mensa-2')!;
    expect(mensa2).toEqual([
      notices['mensa-2'],
      notices['mensa-2']!.slice(1),
      'RIC-mensa-2',
      'Anna Bianchi',
      ANNA.fiscalCode,
      `'${LUCA.fullName}`,
      LUCA.fiscalCode,
      'Mensa scolastica',
      '9/0104100TS/',
      '1234,56',
      '1,50',
      'Intesa Sanpaolo S.p.A.',
      '11/01/2030 00:30',
      '',
      '',
      '',
      '1',
      // Anomalia: none, it paid its position.
      '',
    ]);
  });

  it('writes every column in XLSX, amounts and dates as numbers', async () => {
    const response = receiptsExportResponse(db(), valmora, null, query({}), 'xlsx');
    expect(response.headers.get('content-disposition')).toContain('.xlsx"');
    const sheet = await xlsxOf(response);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    expect(sheet.rowCount).toBe(6);
    const row = [2, 3, 4, 5, 6].map((n) => sheet.getRow(n)).find((r) => r.getCell(3).value === 'RIC-mensa-2')!;
    expect(row.getCell(6).value).toBe(LUCA.fullName); // a string cell, never a formula
    expect(row.getCell(10).value).toBe(1234.56);
    expect(row.getCell(11).value).toBe(1.5);
    expect(row.getCell(13).value).toEqual(new Date('2030-01-11T00:30:00Z')); // the Italian wall clock
  });

  it("gives an operator limited to some services only their services' receipts, in both formats", async () => {
    const csv = await csvOf(receiptsExportResponse(db(), valmora, stefano.serviceIds, query({}), 'csv'));
    expect(
      csv
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(['RIC-mensa-1', 'RIC-mensa-2', 'RIC-trasporto-1']);
    const tari = await serviceIdOf(db(), valmora.id, 'tari');
    expect(await csvOf(receiptsExportResponse(db(), valmora, stefano.serviceIds, query({ servizio: tari }), 'csv'))).toHaveLength(1);
    const sheet = await xlsxOf(receiptsExportResponse(db(), valmora, stefano.serviceIds, query({}), 'xlsx'));
    expect(sheet.rowCount).toBe(4);
  });

  it('answers invalid filters with problem+json', async () => {
    const response = receiptsExportResponse(db(), valmora, null, new URLSearchParams({ dal: 'ieri' }), 'xlsx');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ errors: { dal: expect.any(String) } });
  });
});

describe('a large export', () => {
  const COUNT = 10_000;
  beforeAll(async () => {
    await bulkReceipts(db(), demo, COUNT, '2031-03-01');
  }, 120_000);

  async function chunksOf(body: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
    return chunks;
  }

  /** The export's receipts, counting how many have been read from the database so far. */
  function counted() {
    const state = { read: 0 };
    async function* lines() {
      for await (const line of eachReceiptLine(db(), { enteId: demo.id, serviceIds: null }, filters({ dal: '2031-03-01' }))) {
        state.read++;
        yield line;
      }
    }
    return { state, lines: lines() };
  }

  it('streams the CSV row by row, reading the database only as the client takes rows', async () => {
    const { state, lines: source } = counted();
    const reader = receiptsCsvStream(source).getReader();
    await reader.read();
    await reader.read();
    // Two chunks taken: one page of receipts read at most, not the ten thousand.
    expect(state.read).toBeLessThanOrEqual(500);
    await reader.cancel();

    const response = receiptsExportResponse(db(), demo, null, new URLSearchParams({ dal: '2031-03-01' }), 'csv');
    const chunks = await chunksOf(response.body!);
    expect(chunks.length).toBeGreaterThan(COUNT);
    const lines = Buffer.concat(chunks).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(COUNT + 1);
    expect(new Set(lines.slice(1).map((l) => l.split(';')[2])).size).toBe(COUNT);
  }, 120_000);

  it('streams the XLSX in many chunks, and it opens with every row', async () => {
    const { state, lines: source } = counted();
    const reader = receiptsXlsxStream(source).getReader();
    await reader.read();
    // The first bytes leave before the last receipt is read: the workbook is never whole in memory.
    expect(state.read).toBeLessThan(COUNT);
    await reader.cancel();

    const response = receiptsExportResponse(db(), demo, null, new URLSearchParams({ dal: '2031-03-01' }), 'xlsx');
    const chunks = await chunksOf(response.body!);
    expect(chunks.length).toBeGreaterThan(10);
    const sheet = await xlsxOf(new Response(Buffer.concat(chunks)));
    expect(sheet.rowCount).toBe(COUNT + 1);
    expect(sheet.getRow(2).getCell(14).value).toMatch(/^EXT-\d+$/);
  }, 120_000);
});
