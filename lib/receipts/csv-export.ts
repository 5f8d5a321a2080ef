import { formatDateTime } from '@/lib/format/date';
import { EXPORT_COLUMNS, type ExportColumn } from './export-columns';
import type { ReceiptLine } from './queries';

/*
 * The CSV for Italian spreadsheets: `;` between cells, a BOM so that Excel reads UTF-8, amounts in euro
 * with a decimal comma and no thousands separator ("1234,50", read as a number by an Italian Excel),
 * dates as 31/01/2027 14:05 Italian time.
 */

export const SEPARATOR = ';';
export const BOM = '\uFEFF';

/** Euro cents as `1234,50`. */
export function euroCell(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/**
 * One cell, quoted when needed. Text that a spreadsheet would run as a formula (starting with = + - @, or
 * a tab or carriage return that hides one) gets a leading apostrophe: a debtor's name is data, never code.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function cellOf(column: ExportColumn, line: ReceiptLine): string {
  const value = column.value(line);
  if (value === null) return '';
  if (column.kind === 'euro') return euroCell(value as number);
  if (column.kind === 'datetime') return formatDateTime(value as Date);
  return csvCell(String(value));
}

export function csvRow(line: ReceiptLine): string {
  return `${EXPORT_COLUMNS.map((column) => cellOf(column, line)).join(SEPARATOR)}\r\n`;
}

/** The export as a stream that reads the next receipt only when the client has taken the previous row. */
export function receiptsCsvStream(lines: AsyncIterable<ReceiptLine>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`${BOM}${EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(SEPARATOR)}\r\n`));
      },
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvRow(next.value)));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // One row at a time: the next page of receipts is read only when the client has taken this one's rows.
    { highWaterMark: 1 },
  );
}
