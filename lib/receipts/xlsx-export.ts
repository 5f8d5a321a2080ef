import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { EXPORT_COLUMNS } from './export-columns';
import type { ReceiptLine } from './queries';

const ROME = 'Europe/Rome';

/**
 * A spreadsheet has no time zones: it shows the clock it is given. The payment time as a Date whose UTC
 * fields are the Italian wall clock, so that Excel shows what an Italian clerk expects.
 */
export function romeWallClock(at: Date): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: ROME,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return new Date(Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!));
}

const NUM_FMT = { text: '@', euro: '#,##0.00', datetime: 'dd/mm/yyyy hh:mm' } as const;

async function writeWorkbook(lines: AsyncIterable<ReceiptLine>, output: PassThrough): Promise<void> {
  // Streaming writer: each committed row goes to the zip at once; nothing keeps the whole sheet in memory.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Ricevute', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((c, i) => ({ key: String(i), header: c.header, width: c.width, style: { numFmt: NUM_FMT[c.kind] } }));
  sheet.getRow(1).font = { bold: true };
  let written = 0;
  for await (const line of lines) {
    // The client went away: stop reading receipts (leaving the loop closes the query's generator).
    if (output.destroyed) return;
    sheet
      .addRow(
        EXPORT_COLUMNS.map((column) => {
          const value = column.value(line);
          if (value === null) return null;
          if (column.kind === 'euro') return (value as number) / 100;
          if (column.kind === 'datetime') return romeWallClock(value as Date);
          return value;
        }),
      )
      .commit();
    // The zip compresses on libuv's threads: give it a turn of the event loop now and then (PGlite answers
    // queries without one), then wait for the client before reading more receipts.
    if (++written % 100 === 0) await nextTurn();
    if (output.writableNeedDrain) await once(output, 'drain');
  }
  sheet.commit();
  await workbook.commit();
}

/** The export as an XLSX stream: amounts as numbers in euro, payment times as dates. */
export function receiptsXlsxStream(lines: AsyncIterable<ReceiptLine>): ReadableStream<Uint8Array> {
  const output = new PassThrough();
  writeWorkbook(lines, output).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}
