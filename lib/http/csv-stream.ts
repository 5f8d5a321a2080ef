/*
 * CSV for Italian spreadsheets: `;` between cells and a BOM so that Excel reads UTF-8. Streamed: the
 * next line is read only when the client has taken the previous one.
 */

const SEPARATOR = ';';
const BOM = '\uFEFF';

/**
 * One cell, quoted when needed. Text that a spreadsheet would run as a formula (starting with = + - @, or
 * a tab or carriage return that hides one) gets a leading apostrophe: a name is data, never code.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A small CSV built at once (a report of a few hundred lines): header and rows, cells already escaped. */
export function csvText(header: readonly string[], rows: readonly string[][]): string {
  return `${BOM}${[header.map(csvCell), ...rows].map((cells) => `${cells.join(SEPARATOR)}\r\n`).join('')}`;
}

/** A header line and then one line per item of `lines`, each made of the cells `cells` gives (already escaped). */
export function csvStream<T>(header: readonly string[], lines: AsyncIterable<T>, cells: (line: T) => string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = lines[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`${BOM}${header.map(csvCell).join(SEPARATOR)}\r\n`));
      },
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(`${cells(next.value).join(SEPARATOR)}\r\n`));
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    // One line at a time: the next page of the query is read only when the client has taken this one's lines.
    { highWaterMark: 1 },
  );
}
