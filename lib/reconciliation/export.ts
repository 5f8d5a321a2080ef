import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { csvCell, csvStream } from '@/lib/http/csv-stream';
import { problem } from '@/lib/http/problem';
import { euroCell } from '@/lib/receipts/csv-export';
import { romeWallClock } from '@/lib/receipts/xlsx-export';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { reconciliationExportSchema, type ReconciliationExportFilters } from './filters';
import { matchLabel, outcomeLabel } from './labels';
import { eachExportLine, type PaymentLine, type ReconciliationScope } from './queries';

type Kind = 'text' | 'euro' | 'date' | 'datetime';

interface Column {
  header: string;
  kind: Kind;
  width: number;
  value: (line: PaymentLine) => string | number | Date | null;
}

/** The reconciliation for accounting, one row per flow payment, the same columns in CSV and XLSX. */
export const RECONCILIATION_COLUMNS: readonly Column[] = [
  { header: 'Flusso', kind: 'text', width: 34, value: (l) => l.flowId },
  { header: 'PSP', kind: 'text', width: 28, value: (l) => l.pspName },
  { header: 'TRN (identificativo regolamento)', kind: 'text', width: 34, value: (l) => l.regulation },
  { header: 'Data regolamento', kind: 'date', width: 14, value: (l) => l.regulationDate },
  { header: 'IUV', kind: 'text', width: 20, value: (l) => l.iuv },
  { header: 'IUR', kind: 'text', width: 24, value: (l) => l.iur },
  { header: 'Trasferimento', kind: 'text', width: 8, value: (l) => String(l.idTransfer) },
  { header: 'Importo (€)', kind: 'euro', width: 12, value: (l) => l.amountCents },
  { header: 'Esito', kind: 'text', width: 18, value: (l) => outcomeLabel(l.outcome) },
  { header: 'Abbinamento', kind: 'text', width: 22, value: (l) => matchLabel(l) },
  { header: 'Codice avviso', kind: 'text', width: 20, value: (l) => l.noticeNumber },
  { header: 'Servizio', kind: 'text', width: 28, value: (l) => l.serviceTitle },
  { header: 'Debitore', kind: 'text', width: 28, value: (l) => l.debtorName },
  { header: 'Identificativo ricevuta', kind: 'text', width: 24, value: (l) => l.receiptId },
  { header: 'Data pagamento', kind: 'datetime', width: 17, value: (l) => l.paymentDateTime },
  { header: 'Data pagamento (flusso)', kind: 'date', width: 14, value: (l) => l.payDate },
];

function csvOf(column: Column, line: PaymentLine): string {
  const value = column.value(line);
  if (value === null) return '';
  if (column.kind === 'euro') return euroCell(value as number);
  if (column.kind === 'date') return formatDate(value as string);
  if (column.kind === 'datetime') return formatDateTime(value as Date);
  return csvCell(String(value));
}

export function reconciliationCsvStream(lines: AsyncIterable<PaymentLine>): ReadableStream<Uint8Array> {
  return csvStream(
    RECONCILIATION_COLUMNS.map((c) => c.header),
    lines,
    (line) => RECONCILIATION_COLUMNS.map((column) => csvOf(column, line)),
  );
}

const NUM_FMT: Record<Kind, string> = { text: '@', euro: '#,##0.00', date: 'dd/mm/yyyy', datetime: 'dd/mm/yyyy hh:mm' };

function xlsxOf(column: Column, line: PaymentLine): string | number | Date | null {
  const value = column.value(line);
  if (value === null) return null;
  if (column.kind === 'euro') return (value as number) / 100;
  // A day is a day: midnight UTC, which a spreadsheet (no time zones) shows as that very day.
  if (column.kind === 'date') return new Date(`${value as string}T00:00:00Z`);
  if (column.kind === 'datetime') return romeWallClock(value as Date);
  return value;
}

async function writeWorkbook(lines: AsyncIterable<PaymentLine>, output: PassThrough): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Riconciliazione', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = RECONCILIATION_COLUMNS.map((c, i) => ({
    key: String(i),
    header: c.header,
    width: c.width,
    style: { numFmt: NUM_FMT[c.kind] },
  }));
  sheet.getRow(1).font = { bold: true };
  let written = 0;
  for await (const line of lines) {
    if (output.destroyed) return;
    sheet.addRow(RECONCILIATION_COLUMNS.map((column) => xlsxOf(column, line))).commit();
    // As in the receipts' export: let the zip work now and then, and wait for a slow client.
    if (++written % 100 === 0) await nextTurn();
    if (output.writableNeedDrain) await once(output, 'drain');
  }
  sheet.commit();
  await workbook.commit();
}

export function reconciliationXlsxStream(lines: AsyncIterable<PaymentLine>): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  writeWorkbook(lines, output).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

function fileName(slug: string, filters: ReconciliationExportFilters, format: 'csv' | 'xlsx'): string {
  const what = filters.flusso ? `flusso-${filters.flusso.slice(0, 8)}` : [filters.dal ?? 'inizio', filters.al ?? 'oggi'].join('-');
  return `riconciliazione-${slug}-${what}.${format}`;
}

/** The accounting export of the reconciliation, streamed (the database is read a page at a time). */
export function reconciliationExportResponse(
  db: Database,
  ente: Pick<Ente, 'id' | 'slug'>,
  serviceIds: ReconciliationScope['serviceIds'],
  query: URLSearchParams,
  format: 'csv' | 'xlsx',
): Response {
  const parsed = reconciliationExportSchema.safeParse({
    flusso: query.get('flusso') ?? undefined,
    dal: query.get('dal') ?? undefined,
    al: query.get('al') ?? undefined,
  });
  if (!parsed.success) return problem(400, 'Alcuni filtri non sono corretti', undefined, { errors: fieldErrorsOf(parsed.error) });
  const lines = eachExportLine(db, { enteId: ente.id, serviceIds }, parsed.data);
  const body = format === 'csv' ? reconciliationCsvStream(lines) : reconciliationXlsxStream(lines);
  return new Response(body, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="${fileName(ente.slug, parsed.data, format)}"`,
      'cache-control': 'private, no-store',
    },
  });
}
