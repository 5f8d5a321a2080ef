import { IMPORT_SEPARATOR } from './csv-format';

/** One line of the file: its fields, or why it could not be split into fields. */
export type CsvLine = { rowNumber: number; fields: string[] } | { rowNumber: number; problem: string; raw: string };

const BOM = [0xef, 0xbb, 0xbf];
const decoder = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');
// NUL and the other C0 controls but tab: PostgreSQL refuses NUL in text, and none belongs in a name or causale.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

/**
 * Reads the file line by line (row 1 is the header), never throwing on content: a line that is not UTF-8
 * or has an unclosed quote comes back as a problem of that row, and the next line is read as usual. A
 * quoted field may hold `;` and `""` but not a line break: each record is one line of the file.
 */
export function* readCsvLines(file: Uint8Array): Generator<CsvLine> {
  let start = BOM.every((b, i) => file[i] === b) ? BOM.length : 0;
  let rowNumber = 0;
  while (start < file.length) {
    let end = file.indexOf(0x0a, start);
    if (end === -1) end = file.length;
    const stop = end > start && file[end - 1] === 0x0d ? end - 1 : end;
    const bytes = file.subarray(start, stop);
    start = end + 1;
    rowNumber++;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      yield {
        rowNumber,
        problem: 'Codifica non valida: salva il file in UTF-8',
        raw: lenient.decode(bytes).replace(CONTROL_ALL, '\uFFFD'),
      };
      continue;
    }
    if (CONTROL.test(text)) {
      yield { rowNumber, problem: 'Caratteri di controllo non ammessi nella riga', raw: text.replace(CONTROL_ALL, '\uFFFD') };
      continue;
    }
    const fields = splitFields(text);
    yield fields ? { rowNumber, fields } : { rowNumber, problem: 'Virgolette non chiuse', raw: text };
  }
}

/** Splits one line on `;`, honouring quoted fields. Null when a quote is left open or text follows a closing quote. */
export function splitFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close === -1) return null;
        value += line.slice(i, close);
        if (line[close + 1] === '"') {
          value += '"';
          i = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      if (i < line.length && line[i] !== IMPORT_SEPARATOR) return null;
      fields.push(value);
    } else {
      const next = line.indexOf(IMPORT_SEPARATOR, i);
      fields.push(line.slice(i, next === -1 ? line.length : next));
      i = next === -1 ? line.length : next;
    }
    if (i >= line.length) return fields;
    i++; // past the separator
  }
}
