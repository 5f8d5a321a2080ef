import { formatDateTime } from '@/lib/format/date';
import { csvCell, csvStream } from '@/lib/http/csv-stream';
import { EXPORT_COLUMNS, type ExportColumn } from './export-columns';
import type { ReceiptLine } from './queries';

/*
 * The receipts for Italian spreadsheets (lib/http/csv-stream.ts): amounts in euro with a decimal comma and
 * no thousands separator ("1234,50", read as a number by an Italian Excel), dates as 31/01/2027 14:05
 * Italian time.
 */

/** Euro cents as `1234,50`. */
export function euroCell(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

function cellOf(column: ExportColumn, line: ReceiptLine): string {
  const value = column.value(line);
  if (value === null) return '';
  if (column.kind === 'euro') return euroCell(value as number);
  if (column.kind === 'datetime') return formatDateTime(value as Date);
  return csvCell(String(value));
}

/** The export as a stream that reads the next receipt only when the client has taken the previous row. */
export function receiptsCsvStream(lines: AsyncIterable<ReceiptLine>): ReadableStream<Uint8Array> {
  return csvStream(
    EXPORT_COLUMNS.map((c) => c.header),
    lines,
    (line) => EXPORT_COLUMNS.map((column) => cellOf(column, line)),
  );
}
